"""A light HTTP/1.1 transport for the shared httpx.AsyncClient.

Why: on the poll path (a conditional GET answered 304, thousands of hosts) httpcore's pool
and anyio cost about 1 ms of CPU per request and scan every pooled connection on each one.
This transport speaks plain HTTP/1.1 over asyncio streams, keeps idle connections in a dict
keyed by origin, and lets httpx do the rest (headers, cookies, content decoding). It covers
what portals use: GET/HEAD, Content-Length, chunked and read-to-close bodies, keep-alive,
TLS. Whole-request timeouts are the Fetcher's; connect timeouts are applied here.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections import OrderedDict
from collections.abc import AsyncIterator

import httpx

_CHUNK = 64 * 1024
_MAX_HEAD = 64 * 1024
_NO_BODY = frozenset({204, 304})

Key = tuple[str, str, int]
Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class _Body(httpx.AsyncByteStream):
    """A response body read from the connection; the connection goes back to the pool only
    when the body was read to its end and both sides allow keep-alive."""

    def __init__(self, transport: LightTransport, key: Key, conn: Conn, length: int | None, chunked: bool,
                 reusable: bool, read_timeout: float | None) -> None:  # fmt: skip
        self.transport, self.key, self.conn = transport, key, conn
        self.length, self.chunked, self.reusable = length, chunked, reusable
        self.read_timeout = read_timeout
        self.done = length == 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._read()
        while True:  # each piece of the body must come within the read timeout
            try:
                async with asyncio.timeout(self.read_timeout):
                    chunk = await anext(chunks)
            except StopAsyncIteration:
                return
            except TimeoutError as e:
                raise httpx.ReadTimeout("the body stalled") from e
            yield chunk

    async def _read(self) -> AsyncIterator[bytes]:
        reader = self.conn[0]
        try:
            if self.chunked:
                async for chunk in self._chunks(reader):
                    yield chunk
            elif self.length is not None:
                left = self.length
                while left > 0:
                    data = await reader.read(min(left, _CHUNK))
                    if not data:
                        raise httpx.RemoteProtocolError("connection closed before the end of the body")
                    left -= len(data)
                    yield data
            else:  # no length: the body ends when the server closes
                self.reusable = False
                while data := await reader.read(_CHUNK):
                    yield data
            self.done = True
        except (OSError, asyncio.IncompleteReadError) as e:
            raise httpx.ReadError(f"reading the body: {e}") from e

    @staticmethod
    async def _chunks(reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
        while True:
            line = await reader.readuntil(b"\r\n")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError as e:
                raise httpx.RemoteProtocolError(f"bad chunk size {line[:20]!r}") from e
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                return
            yield await reader.readexactly(size)
            await reader.readexactly(2)

    async def aclose(self) -> None:
        if self.done and self.reusable:
            self.transport._release(self.key, self.conn)
        else:
            _close(self.conn)


def _close(conn: Conn) -> None:
    with contextlib.suppress(OSError, RuntimeError):
        conn[1].close()


class LightTransport(httpx.AsyncBaseTransport):
    def __init__(self, *, verify: bool | ssl.SSLContext = True, max_idle: int = 4096) -> None:
        if isinstance(verify, ssl.SSLContext):
            self._ssl = verify
        else:
            self._ssl = ssl.create_default_context()
            if not verify:
                self._ssl.check_hostname = False
                self._ssl.verify_mode = ssl.CERT_NONE
        self._idle: OrderedDict[Key, list[Conn]] = OrderedDict()
        self._idle_count = 0
        self._max_idle = max_idle

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported scheme {scheme!r}")
        port = url.port or (443 if scheme == "https" else 80)
        key: Key = (scheme, url.host, port)
        head = self._head(request, await request.aread())
        conn = self._take(key)
        if conn is not None:
            try:  # an idle connection the server may have closed meanwhile: one fresh try
                return await self._exchange(request, key, conn, head)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                pass
        conn = await self._connect(request, key)
        return await self._exchange(request, key, conn, head)

    @staticmethod
    def _head(request: httpx.Request, body: bytes) -> bytes:
        target = request.url.raw_path.decode("ascii")
        lines = [f"{request.method} {target} HTTP/1.1".encode("ascii")]
        lines.extend(name + b": " + value for name, value in request.headers.raw)
        return b"\r\n".join(lines) + b"\r\n\r\n" + body

    async def _connect(self, request: httpx.Request, key: Key) -> Conn:
        scheme, host, port = key
        timeouts = request.extensions.get("timeout", {})
        try:
            async with asyncio.timeout(timeouts.get("connect")):
                if scheme == "https":
                    return await asyncio.open_connection(host, port, ssl=self._ssl, server_hostname=host,
                                                         limit=_MAX_HEAD)  # fmt: skip
                return await asyncio.open_connection(host, port, limit=_MAX_HEAD)
        except TimeoutError as e:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out") from e
        except (OSError, ssl.SSLError) as e:
            raise httpx.ConnectError(f"cannot connect to {host}:{port}: {e}") from e

    async def _exchange(self, request: httpx.Request, key: Key, conn: Conn, head: bytes) -> httpx.Response:
        reader, writer = conn
        try:
            writer.write(head)
            await writer.drain()
        except (OSError, RuntimeError) as e:
            _close(conn)
            raise httpx.WriteError(f"sending the request: {e}") from e
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            async with asyncio.timeout(read_timeout):
                while True:
                    status, version, reason, headers = self._parse(await reader.readuntil(b"\r\n\r\n"))
                    if status >= 200 or status == 101:
                        break  # 1xx interim answers are skipped
        except TimeoutError as e:
            _close(conn)
            raise httpx.ReadTimeout("no response headers in time") from e
        except asyncio.LimitOverrunError as e:
            _close(conn)
            raise httpx.RemoteProtocolError("response headers too large") from e
        except (asyncio.IncompleteReadError, OSError) as e:
            _close(conn)
            raise httpx.RemoteProtocolError(f"no response: {e}") from e
        fields = {name.lower(): value for name, value in headers}
        connection = fields.get(b"connection", b"").lower()
        reusable = b"close" not in connection and (version == b"HTTP/1.1" or b"keep-alive" in connection)
        chunked = b"chunked" in fields.get(b"transfer-encoding", b"").lower()
        length: int | None = None
        if request.method == "HEAD" or status in _NO_BODY or 100 <= status < 200:
            length = 0
        elif not chunked and b"content-length" in fields:
            try:
                length = int(fields[b"content-length"])
            except ValueError as e:
                _close(conn)
                raise httpx.RemoteProtocolError("bad Content-Length") from e
        stream = _Body(self, key, conn, length, chunked, reusable, read_timeout)
        return httpx.Response(
            status,
            headers=headers,
            stream=stream,
            extensions={"http_version": version, "reason_phrase": reason},
        )

    @staticmethod
    def _parse(block: bytes) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
        lines = block[:-4].split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
            raise httpx.RemoteProtocolError(f"bad status line {lines[0][:40]!r}")
        headers: list[tuple[bytes, bytes]] = []
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if sep:
                headers.append((name.strip(), value.strip()))
        return int(parts[1]), parts[0], parts[2] if len(parts) > 2 else b"", headers

    def _take(self, key: Key) -> Conn | None:
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            self._idle_count -= 1
            if not conn[0].at_eof() and not conn[1].is_closing():
                return conn
            _close(conn)
        return None

    def _release(self, key: Key, conn: Conn) -> None:
        self._idle.setdefault(key, []).append(conn)
        self._idle.move_to_end(key)
        self._idle_count += 1
        while self._idle_count > self._max_idle:  # drop the longest-unused origin's connections
            _, conns = self._idle.popitem(last=False)
            for old in conns:
                _close(old)
            self._idle_count -= len(conns)

    async def aclose(self) -> None:
        for conns in self._idle.values():
            for conn in conns:
                _close(conn)
        self._idle.clear()
        self._idle_count = 0
