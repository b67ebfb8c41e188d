"""A light HTTP/1.1 transport for the shared httpx.AsyncClient, on h11.

Why: on the poll path (a conditional GET answered 304, thousands of hosts) httpcore's pool
and anyio cost about 1 ms of CPU per request and scan every pooled connection on each one.
This transport lets h11 (the HTTP/1.1 state machine under httpcore) do the protocol and
keeps only the plumbing: asyncio streams, idle connections in a dict keyed by origin, TLS
with certifi's CA bundle (as httpx does), HTTP proxies (CONNECT for https). httpx does the
rest (headers, cookies). Whole-request timeouts are the Fetcher's; connect and read
timeouts are applied here.

Memory is bounded by what is read, never by what a server declares: the body is handed on
in pieces of at most _CHUNK bytes as they arrive (h11 never waits for a whole chunk). A
connection is closed on every path except a body read to its end that both sides let live.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ssl
import urllib.request
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import certifi
import h11
import httpx

_CHUNK = 64 * 1024
_MAX_HEAD = 64 * 1024  # response headers larger than this are refused

Key = tuple[str, str, int]  # scheme, host, port of the origin


@dataclass(eq=False)
class _Conn:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    h11: h11.Connection

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self.writer.close()

    def usable(self) -> bool:
        return self.h11.our_state is h11.IDLE and not self.reader.at_eof() and not self.writer.is_closing()

    async def next_event(self, read_timeout: float | None) -> object:
        """The next h11 event, reading from the socket as h11 asks (each read within the timeout)."""
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as e:
                raise httpx.RemoteProtocolError(str(e)) from e
            if event is not h11.NEED_DATA:
                return event
            try:
                async with asyncio.timeout(read_timeout):
                    data = await self.reader.read(_CHUNK)
            except TimeoutError as e:
                raise httpx.ReadTimeout("the server stalled") from e
            except OSError as e:
                raise httpx.ReadError(f"reading: {e}") from e
            self.h11.receive_data(data)  # b"" = the peer closed: h11 turns it into an event or error


class _Body(httpx.AsyncByteStream):
    """A response body read from the connection; the connection goes back to the pool only
    when the body was read to its end and both sides allow keep-alive."""

    def __init__(self, transport: LightTransport, key: Key, conn: _Conn, read_timeout: float | None) -> None:
        self.transport, self.key, self.conn = transport, key, conn
        self.read_timeout = read_timeout
        self.done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while not self.done:
            event = await self.conn.next_event(self.read_timeout)
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                self.done = True
            elif event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError("connection closed before the end of the body")

    def _finish_buffered(self) -> None:
        """A body nobody read (a 304, a redirect, an empty body) may already be complete in
        h11's buffer: finishing it without I/O keeps the connection for the next request."""
        try:
            while True:
                event = self.conn.h11.next_event()
                if isinstance(event, h11.EndOfMessage):
                    self.done = True
                    return
                if not isinstance(event, h11.Data):  # NEED_DATA, closed: the rest is unread
                    return
        except h11.ProtocolError:
            return

    async def aclose(self) -> None:
        conn = self.conn
        if not self.done:
            self._finish_buffered()
        if self.done and conn.h11.our_state is h11.DONE and conn.h11.their_state is h11.DONE:
            conn.h11.start_next_cycle()
            self.transport._release(self.key, conn)
        else:
            conn.close()


def environment_proxies() -> dict[str, str]:
    """HTTP_PROXY / HTTPS_PROXY / ALL_PROXY from the environment (lower or upper case)."""
    found = urllib.request.getproxies_environment()
    return {scheme: found.get(scheme) or found.get("all", "") for scheme in ("http", "https")}


class LightTransport(httpx.AsyncBaseTransport):
    """`proxy`: one proxy URL for http and https (a config key); None reads HTTP(S)_PROXY,
    ALL_PROXY and NO_PROXY from the environment when `trust_env`."""

    def __init__(
        self,
        *,
        verify: bool | ssl.SSLContext = True,
        max_idle: int = 4096,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        if isinstance(verify, ssl.SSLContext):
            self._ssl = verify
        elif verify:
            self._ssl = ssl.create_default_context(cafile=certifi.where())
        else:
            self._ssl = ssl.create_default_context()
            self._ssl.check_hostname = False
            self._ssl.verify_mode = ssl.CERT_NONE
        self._idle: OrderedDict[Key, list[_Conn]] = OrderedDict()
        self._idle_count = 0
        self._max_idle = max_idle
        self._closed = False
        self._env_proxies = not proxy and trust_env
        self._proxies: dict[str, str] = {}
        if proxy:
            self._proxies = {"http": proxy, "https": proxy}
        elif trust_env:
            self._proxies = environment_proxies()

    def proxy_for(self, scheme: str, host: str) -> httpx.URL | None:
        url = self._proxies.get(scheme)
        if not url or (self._env_proxies and _bypass(host)):
            return None
        return httpx.URL(url if "://" in url else "http://" + url)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {scheme!r}")
        key: Key = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        proxy = self.proxy_for(scheme, url.host)
        body = await request.aread()
        conn = self._take(key)
        if conn is not None:
            try:  # an idle connection the server may have closed meanwhile: one fresh try
                return await self._exchange(request, key, conn, body, proxy)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                pass
        conn = await self._connect(request, key, proxy)
        return await self._exchange(request, key, conn, body, proxy)

    async def _connect(self, request: httpx.Request, key: Key, proxy: httpx.URL | None) -> _Conn:
        scheme, host, port = key
        timeouts = request.extensions.get("timeout", {})
        where = f"{host}:{port}" + (f" through the proxy {proxy.host}:{proxy.port}" if proxy else "")
        conn: _Conn | None = None
        try:
            async with asyncio.timeout(timeouts.get("connect")):
                if proxy is None:
                    return await self._open(host, port, host if scheme == "https" else None)
                proxy_tls = proxy.host if proxy.scheme == "https" else None
                conn = await self._open(proxy.host, proxy.port or (443 if proxy_tls else 80), proxy_tls)
                if scheme == "https":
                    await self._tunnel(conn, proxy, host, port, timeouts.get("read"))
                return conn
        except BaseException as e:  # cancelled too: a half-made tunnel is closed
            if conn is not None:
                conn.close()
            if isinstance(e, TimeoutError):
                raise httpx.ConnectTimeout(f"connecting to {where} timed out") from e
            if isinstance(e, (OSError, ssl.SSLError)) or (
                isinstance(e, httpx.TransportError) and not isinstance(e, httpx.ProxyError)
            ):
                raise httpx.ConnectError(f"cannot connect to {where}: {e}") from e
            raise

    async def _open(self, host: str, port: int, tls_host: str | None) -> _Conn:
        """A connection to host:port, with TLS for `tls_host` when given."""
        reader, writer = await asyncio.open_connection(
            host, port, limit=_MAX_HEAD, ssl=self._ssl if tls_host else None, server_hostname=tls_host
        )
        return _Conn(reader, writer, h11.Connection(h11.CLIENT, _MAX_HEAD))

    async def _tunnel(
        self, conn: _Conn, proxy: httpx.URL, host: str, port: int, read_timeout: float | None
    ) -> None:
        """CONNECT host:port through the proxy, then TLS with the origin over the tunnel."""
        target = f"{host}:{port}".encode()
        headers = [(b"Host", target)]
        if proxy.userinfo:
            headers.append((b"Proxy-Authorization", _basic(proxy)))
        conn.writer.write(conn.h11.send(h11.Request(method="CONNECT", target=target, headers=headers)) or b"")
        conn.writer.write(conn.h11.send(h11.EndOfMessage()) or b"")
        await conn.writer.drain()
        event = await conn.next_event(read_timeout)
        while isinstance(event, h11.InformationalResponse):
            event = await conn.next_event(read_timeout)
        if not isinstance(event, h11.Response) or not 200 <= event.status_code < 300:
            status = getattr(event, "status_code", "no answer")
            raise httpx.ProxyError(f"the proxy refused CONNECT {host}:{port} ({status})")
        await conn.writer.start_tls(self._ssl, server_hostname=host)
        conn.h11 = h11.Connection(h11.CLIENT, _MAX_HEAD)  # a fresh HTTP connection inside the tunnel

    async def _exchange(
        self, request: httpx.Request, key: Key, conn: _Conn, body: bytes, proxy: httpx.URL | None
    ) -> httpx.Response:
        """Send the request and read the response head; the connection is closed on any error."""
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            url = request.url
            # An http URL through a proxy is asked for in absolute form; https goes through a tunnel.
            target = url.raw_path
            if proxy is not None and key[0] == "http":
                target = url.scheme.encode() + b"://" + url.netloc + target
            headers = list(request.headers.raw)
            if proxy is not None and key[0] == "http" and proxy.userinfo:
                headers.append((b"Proxy-Authorization", _basic(proxy)))
            data = conn.h11.send(h11.Request(method=request.method, target=target, headers=headers))
            data = data or b""
            if body:
                data += conn.h11.send(h11.Data(data=body)) or b""
            data += conn.h11.send(h11.EndOfMessage()) or b""
            try:
                conn.writer.write(data)
                await conn.writer.drain()
            except (OSError, RuntimeError) as e:
                raise httpx.WriteError(f"sending the request: {e}") from e
            event = await conn.next_event(read_timeout)
            while isinstance(event, h11.InformationalResponse):  # 1xx interim answers are skipped
                event = await conn.next_event(read_timeout)
            if not isinstance(event, h11.Response):
                raise httpx.RemoteProtocolError(f"no response: {event!r}"[:200])
        except h11.LocalProtocolError as e:
            conn.close()
            raise httpx.LocalProtocolError(str(e)) from e
        except BaseException:
            conn.close()
            raise
        return httpx.Response(
            event.status_code,
            headers=event.headers.raw_items(),
            stream=_Body(self, key, conn, read_timeout),
            extensions={"http_version": b"HTTP/" + event.http_version, "reason_phrase": event.reason},
        )

    def _take(self, key: Key) -> _Conn | None:
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            self._idle_count -= 1
            if conn.usable():
                return conn
            conn.close()
        return None

    def _release(self, key: Key, conn: _Conn) -> None:
        if self._max_idle <= 0 or self._closed:  # a body finished after aclose(): not kept
            conn.close()
            return
        self._idle.setdefault(key, []).append(conn)
        self._idle.move_to_end(key)
        self._idle_count += 1
        while self._idle_count > self._max_idle:  # drop the longest-unused origin's connections
            _, conns = self._idle.popitem(last=False)
            for old in conns:
                old.close()
            self._idle_count -= len(conns)

    async def aclose(self) -> None:
        self._closed = True
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()
        self._idle_count = 0


def _basic(proxy: httpx.URL) -> bytes:
    user, _, password = proxy.userinfo.partition(b":")
    return b"Basic " + base64.b64encode(user + b":" + password)


def _bypass(host: str) -> bool:
    """Loopback always goes direct (no proxy can reach this machine's 127.0.0.1); other hosts
    when NO_PROXY names them (urllib's reading of it, as httpx's)."""
    if host == "localhost" or host.startswith("127.") or host in ("::1", "[::1]"):
        return True
    # typeshed leaves out this undocumented function of urllib.request
    bypass: Callable[[str], bool] = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    return bypass(host)
