"""The light transport (h11) against raw servers on 127.0.0.1 that say exactly what a test
needs: TLS (trustme), keep-alive, chunked and close-delimited bodies, a huge chunk, a bad
status line, proxies."""

from __future__ import annotations

import asyncio
import ssl
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import trustme

from scrapers import http
from scrapers.http import Fetcher, FetchPolicy
from scrapers.transport import LightTransport

UA = "monitor-test/1.0 (+https://example.org/contact)"
PAGE = b"<html><body><p>" + "关于成立某领导小组的通知".encode() * 50 + b"</p></body></html>"
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, bytes], Awaitable[bool]]


def ok(body: bytes = PAGE, extra: bytes = b"") -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n%s\r\n" % (len(body), extra)
    return head + body


class RawServer:
    """An asyncio server: `handler(reader, writer, request_head)` answers one request and
    returns whether the connection stays open. Counts connections; `closed` is set each
    time a client closes its end."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler, self.tls = handler, tls
        self.connections = 0
        self.heads: list[bytes] = []
        self.closed = asyncio.Event()

    async def __aenter__(self) -> RawServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.tls)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.heads.append(head)
                if not await self.handler(reader, writer, head):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            self.closed.set()  # the client closed its end
        except asyncio.CancelledError:
            pass  # the test ended with this connection open
        finally:
            writer.close()


def answer(reply: bytes, keep: bool = True) -> Handler:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
        writer.write(reply)
        await writer.drain()
        return keep

    return handler


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=LightTransport(trust_env=False)) as c:
        yield c


def policy(**kw: object) -> FetchPolicy:
    base: dict[str, object] = {"min_delay": 0.0, "timeout": 20.0, "retries": 0, "robots": False}
    return FetchPolicy(**{**base, **kw})  # type: ignore[arg-type]


async def test_keep_alive_reuses_one_connection(client: httpx.AsyncClient) -> None:
    async with RawServer(answer(ok())) as server:
        for _ in range(3):
            response = await client.get(server.url + "/p")
            assert response.content == PAGE
        assert server.connections == 1


async def test_without_reuse_each_request_opens_a_connection() -> None:
    """The control for the test above: it counts what it claims to."""
    async with RawServer(answer(ok())) as server:
        async with httpx.AsyncClient(transport=LightTransport(max_idle=0, trust_env=False)) as client:
            for _ in range(3):
                assert (await client.get(server.url + "/p")).content == PAGE
        assert server.connections == 3


async def test_connection_close_is_honoured(client: httpx.AsyncClient) -> None:
    async with RawServer(answer(ok(extra=b"Connection: close\r\n"), keep=False)) as server:
        for _ in range(2):
            assert (await client.get(server.url + "/p")).content == PAGE
        assert server.connections == 2


async def test_chunked_body_with_extensions_and_trailers(client: httpx.AsyncClient) -> None:
    parts = [PAGE[:100], PAGE[100:101], PAGE[101:]]
    body = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\nX-Trailer: 1\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    async with RawServer(answer(head + body)) as server:
        for _ in range(2):  # and the connection is reused after the trailers
            assert (await client.get(server.url + "/p")).content == PAGE
        assert server.connections == 1


async def test_close_delimited_body(client: httpx.AsyncClient) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"  # no length: ends at close
    async with RawServer(answer(head + PAGE, keep=False)) as server:
        for _ in range(2):
            assert (await client.get(server.url + "/p")).content == PAGE
        assert server.connections == 2


async def test_a_400_mb_chunk_stays_bounded_in_memory() -> None:
    block = b"x" * (1024 * 1024)

    async def huge_chunk(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (400 * len(block)))
        for _ in range(400):  # until the client hangs up
            writer.write(block)
            await writer.drain()
        return False

    async with RawServer(huge_chunk) as server, Fetcher(user_agent=UA, trust_env=False) as fetcher:
        tracemalloc.start()
        try:
            result = await fetcher.fetch(server.url + "/big", policy())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.outcome == http.TOO_LARGE
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


async def test_a_bad_status_line_closes_the_connection(client: httpx.AsyncClient) -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
        writer.write(b"HTTP/1.1 OK 200 garbage\r\nX: y\r\n\r\n")
        await writer.drain()
        await reader.readexactly(1)  # raises IncompleteReadError once the client closes
        return False

    async with RawServer(garbage) as server:
        with pytest.raises(httpx.RemoteProtocolError) as caught:
            await client.get(server.url + "/p")
        # Closed by the transport, not by the garbage collector: the error (and its
        # traceback, which a caller may keep to log) still exists here.
        await asyncio.wait_for(server.closed.wait(), 30)  # times out if the socket was left open
        assert caught.value is not None


async def test_bad_status_line_is_a_connection_error_outcome() -> None:
    server = RawServer(answer(b"SPAM\r\n\r\n", keep=False))
    async with server, Fetcher(user_agent=UA, trust_env=False) as fetcher:
        result = await fetcher.fetch(server.url + "/p", policy())
    assert result.outcome == http.CONNECTION_ERROR


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


def client_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


async def test_https_against_a_local_tls_server(ca: trustme.CA) -> None:
    async with RawServer(answer(ok()), tls=server_tls(ca)) as server:
        transport = LightTransport(verify=client_tls(ca), trust_env=False)
        async with httpx.AsyncClient(transport=transport) as client:
            for _ in range(2):
                assert (await client.get(server.url + "/p")).content == PAGE
        assert server.connections == 1


async def test_https_verifies_certificates_against_certifi_by_default(
    ca: trustme.CA, client: httpx.AsyncClient
) -> None:
    async with RawServer(answer(ok()), tls=server_tls(ca)) as server:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(server.url + "/p")


class Proxy(RawServer):
    """A forward proxy: absolute-form requests are answered by itself (and kept in
    `heads`); CONNECT opens a tunnel to the asked port on 127.0.0.1."""

    def __init__(self) -> None:
        super().__init__(self._proxy)
        self.tunnels = 0

    async def _proxy(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
        if not head.startswith(b"CONNECT "):
            writer.write(ok(b"from the proxy"))
            await writer.drain()
            return True
        port = int(head.split(b" ")[1].rsplit(b":", 1)[1])
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        self.tunnels += 1
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)
        return False


async def test_http_through_a_proxy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    async with Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "localhost")
        async with httpx.AsyncClient(transport=LightTransport()) as client:
            response = await client.get("http://portal.example:8123/list.html")
        assert response.content == b"from the proxy"
        assert proxy.heads[0].startswith(b"GET http://portal.example:8123/list.html HTTP/1.1")
        monkeypatch.setenv("NO_PROXY", "portal.example")
        async with RawServer(answer(ok())) as direct:
            with pytest.raises(httpx.ConnectError):  # not through the proxy: the name does not resolve
                async with httpx.AsyncClient(transport=LightTransport()) as client:
                    await client.get("http://portal.example:8123/list.html")
            assert direct.connections == 0


async def test_https_through_a_configured_proxy_tunnel(ca: trustme.CA) -> None:
    async with RawServer(answer(ok()), tls=server_tls(ca)) as origin, Proxy() as proxy:
        transport = LightTransport(verify=client_tls(ca), proxy=proxy.url, trust_env=False)
        async with httpx.AsyncClient(transport=transport) as client:
            for _ in range(2):
                assert (await client.get(origin.url + "/p")).content == PAGE
        assert proxy.tunnels == 1 and origin.connections == 1
        assert proxy.heads[0].startswith(b"CONNECT 127.0.0.1:%d HTTP/1.1" % origin.port)


async def test_unread_empty_bodies_keep_the_connection() -> None:
    """The poll path: a 304 (or a redirect) whose body nobody reads still leaves the
    connection reusable."""

    async def not_modified(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> bool:
        if b"if-none-match" in head.lower():
            writer.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')
        else:
            writer.write(ok(extra=b'ETag: "v1"\r\n'))
        await writer.drain()
        return True

    server = RawServer(not_modified)
    async with server, Fetcher(user_agent=UA, trust_env=False) as fetcher:
        first = await fetcher.fetch(server.url + "/p", policy())
        known = http.Conditional(etag=first.etag)
        for _ in range(3):
            assert (await fetcher.fetch(server.url + "/p", policy(), cached=known)).outcome == http.UNCHANGED
    assert server.connections == 1


async def test_loopback_never_goes_through_an_environment_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    async with Proxy() as proxy, RawServer(answer(ok())) as direct:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with httpx.AsyncClient(transport=LightTransport()) as client:
            assert (await client.get(direct.url + "/p")).content == PAGE
        assert proxy.heads == [] and direct.connections == 1


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "proxy:3128", "http://"])
def test_a_proxy_that_is_not_an_http_url_is_a_config_error(proxy: str) -> None:
    from monitor.config import ConfigError, config_from_dict

    with pytest.raises(ConfigError, match=r"scheduler\.proxy"):
        config_from_dict({"scheduler": {"proxy": proxy}, "sources": []})
    assert config_from_dict({"scheduler": {"proxy": "http://u:p@proxy:3128"}}).scheduler.proxy
