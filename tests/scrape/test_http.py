"""The fetcher against real servers on 127.0.0.1: outcomes, limits, redirects, robots,
conditional GET, retries and politeness."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from scrapers import http
from scrapers.http import Conditional, Fetcher, FetchError, FetchPolicy, allowed_hosts_for
from tests.servers import HTTPServer, Reply, Request

UA = "monitor-test/1.0 (+https://example.org/contact)"
HTML = "text/html; charset=utf-8"
PAGE = "<html><body><ul><li><a href='/a.html'>关于成立某领导小组的通知</a> 2024-01-01</li></ul>" + "x" * 3000


@pytest.fixture(scope="module")
def shared_server() -> Iterator[HTTPServer]:
    with HTTPServer() as s:  # one server for the module: shutting one down takes 0.5 s
        yield s


@pytest.fixture
def server(shared_server: HTTPServer) -> HTTPServer:
    shared_server.routes.clear()
    shared_server.requests.clear()
    shared_server.route("/robots.txt", Reply(404, "no robots"))
    return shared_server


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(user_agent=UA, concurrency=8) as f:
        yield f


def policy(**kw: object) -> FetchPolicy:
    base: dict[str, object] = {"min_delay": 0.0, "backoff": 0.01, "timeout": 5.0, "retries": 2}
    return FetchPolicy(**{**base, **kw})  # type: ignore[arg-type]


async def test_ok_page_has_body_charset_and_user_agent(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/list.html", Reply(200, PAGE, {"Content-Type": "text/html; charset=GBK", "ETag": '"v1"'}))
    result = await fetcher.fetch(server.url + "/list.html", policy())
    assert result.outcome == http.OK and result.status == 200
    assert result.body == PAGE.encode() and result.charset == "GBK" and result.etag == '"v1"'
    assert server.requests[-1].headers["User-Agent"] == UA


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        (Reply(412, "<html><meta r='m'><script>$_ts=window['$_ts'];</script></html>"), http.CHALLENGE),
        (Reply(521, "<script>document.cookie='__jsl_clearance=1'</script>"), http.CHALLENGE),
        (Reply(200, "<html><script>var a=1;eval(a)</script></html>", {"Content-Type": HTML}), http.CHALLENGE),
        (Reply(403, "Forbidden"), http.BLOCKED),
        (Reply(406, "Not Acceptable"), http.BLOCKED),
        (Reply(404, "gone"), http.NOT_FOUND),
        (Reply(400, "bad"), http.HTTP_ERROR),
    ],
)
async def test_error_and_challenge_pages_are_outcomes_never_content(
    server: HTTPServer, fetcher: Fetcher, reply: Reply, outcome: str
) -> None:
    server.route("/p", reply)
    result = await fetcher.fetch(server.url + "/p", policy())
    assert result.outcome == outcome
    assert result.body == b""  # never handed on as content
    assert server.hits("/p") == 1  # a 4xx or a challenge is not retried


async def test_small_real_page_with_script_is_not_a_challenge(server: HTTPServer, fetcher: Fetcher) -> None:
    body = (
        "<html><script>var x;</script><body><p>关于调整安平市安全生产委员会组成人员的通知</p></body></html>"
    )
    server.route("/p", Reply(200, body, {"Content-Type": HTML}))
    assert (await fetcher.fetch(server.url + "/p", policy())).outcome == http.OK


async def test_server_error_is_retried_until_it_recovers(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/p", [Reply(500, "oops"), Reply(503, "busy"), Reply(200, PAGE, {"Content-Type": HTML})])
    result = await fetcher.fetch(server.url + "/p", policy())
    assert result.outcome == http.OK and result.attempts == 3 and server.hits("/p") == 3


async def test_server_error_gives_up_after_the_retries(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/p", Reply(502, "bad gateway"))
    result = await fetcher.fetch(server.url + "/p", policy(retries=1))
    assert result.outcome == http.SERVER_ERROR and server.hits("/p") == 2


async def test_429_waits_as_long_as_retry_after_says(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/p", [Reply(429, "slow down", {"Retry-After": "1"}), Reply(200, PAGE)])
    start = time.monotonic()
    result = await fetcher.fetch(server.url + "/p", policy())
    assert result.outcome == http.OK
    assert time.monotonic() - start >= 0.95


async def test_a_stalled_server_times_out(server: HTTPServer, fetcher: Fetcher) -> None:
    gate = threading.Event()  # the server answers only after the test is done

    def stalled(request: Request) -> Reply:
        gate.wait(30)
        return Reply(200, PAGE)

    server.route("/p", stalled)
    try:
        result = await fetcher.fetch(server.url + "/p", policy(timeout=0.3, retries=1))
        assert result.outcome == http.TIMEOUT and not gate.is_set()  # gave up while it stalled
        assert server.hits("/p") == 2
    finally:
        gate.set()


async def test_a_body_that_stalls_hits_the_read_timeout(server: HTTPServer, fetcher: Fetcher) -> None:
    gate = threading.Event()  # the rest of the body comes only after the test is done

    def stalling() -> Iterator[bytes]:
        yield b"<html><body>" + b"x" * 1000
        gate.wait(30)
        yield b"</body></html>"

    server.route("/p", Reply(200, headers={"Content-Type": HTML}, chunks=stalling))
    try:
        result = await fetcher.fetch(server.url + "/p", policy(timeout=30, read_timeout=0.3, retries=0))
        assert result.outcome == http.TIMEOUT and not gate.is_set()  # the read timeout, not the total
    finally:
        gate.set()


def _fifty_megabytes() -> Iterator[bytes]:
    chunk = b"<p>" + b"x" * (1024 * 1024 - 3)
    for _ in range(50):
        yield chunk


async def test_a_50_mb_streamed_page_is_cut_at_the_cap(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/big", Reply(200, headers={"Content-Type": HTML}, chunks=_fifty_megabytes))
    result = await fetcher.fetch(server.url + "/big", policy())
    assert result.outcome == http.TOO_LARGE and result.body == b""
    assert server.hits("/big") == 1


async def test_a_declared_length_over_the_cap_is_refused_before_reading(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    server.route("/big", Reply(200, b"x" * 200_000))
    result = await fetcher.fetch(server.url + "/big", policy(max_bytes=100_000))
    assert result.outcome == http.TOO_LARGE


async def test_a_page_over_what_extraction_reads_is_too_large_whatever_max_bytes_says(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    def eleven_megabytes() -> Iterator[bytes]:
        yield from [b"<p>" + b"x" * (1024 * 1024 - 3)] * 11

    server.route("/big", Reply(200, headers={"Content-Type": HTML}, chunks=eleven_megabytes))
    result = await fetcher.fetch(server.url + "/big", policy(max_bytes=50 * 1024 * 1024))
    assert result.outcome == http.TOO_LARGE and result.body == b""


async def test_redirect_within_the_host_is_followed(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/old", Reply(301, "", {"Location": "/new/"}))
    server.route("/new/", Reply(200, PAGE))
    result = await fetcher.fetch(server.url + "/old", policy())
    assert result.outcome == http.OK and result.final_url == server.url + "/new/"


async def test_a_redirect_loop_stops(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route("/a", Reply(302, "", {"Location": "/b"}))
    server.route("/b", Reply(302, "", {"Location": "/a"}))
    result = await fetcher.fetch(server.url + "/a", policy())
    assert result.outcome == http.BAD_REDIRECT and "loop" in (result.error or "")
    assert len(server.requests) <= 1 + http.MAX_REDIRECTS + 1  # robots + hops


async def test_too_many_redirects_stop_at_five(server: HTTPServer, fetcher: Fetcher) -> None:
    for n in range(10):
        server.route(f"/r{n}", Reply(302, "", {"Location": f"/r{n + 1}"}))
    result = await fetcher.fetch(server.url + "/r0", policy())
    assert result.outcome == http.BAD_REDIRECT
    assert sum(server.hits(f"/r{n}") for n in range(10)) == http.MAX_REDIRECTS + 1


async def test_a_redirect_loop_that_sets_a_cookie_is_a_challenge(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    server.route("/p", Reply(302, "", {"Location": "/p", "Set-Cookie": "wzws_cid=abc; path=/"}))
    result = await fetcher.fetch(server.url + "/p", policy())
    assert result.outcome == http.CHALLENGE


async def test_a_cookie_redirect_that_then_serves_the_page_is_fine(
    server: HTTPServer, fetcher: Fetcher
) -> None:
    def handler(request: Request) -> Reply:
        if "visited=1" in request.headers.get("Cookie", ""):
            return Reply(200, PAGE, {"Content-Type": HTML})
        return Reply(302, "", {"Location": "/p", "Set-Cookie": "visited=1; Path=/"})

    server.route("/p", handler)
    assert (await fetcher.fetch(server.url + "/p", policy())).outcome == http.OK


async def test_redirect_to_another_host_or_scheme_is_refused(server: HTTPServer, fetcher: Fetcher) -> None:
    with HTTPServer(host="127.0.0.2") as other:
        other.route("/", Reply(200, PAGE))
        server.route("/away", Reply(302, "", {"Location": other.url + "/"}))
        server.route("/ftp", Reply(302, "", {"Location": "ftp://127.0.0.1/x"}))
        away = await fetcher.fetch(server.url + "/away", policy())
        assert away.outcome == http.BAD_REDIRECT and "127.0.0.2" in (away.error or "")
        assert other.requests == []
        assert (await fetcher.fetch(server.url + "/ftp", policy())).outcome == http.BAD_REDIRECT
        allowed = policy(allowed_hosts=allowed_hosts_for([server.url], [f"127.0.0.2:{other.port}"]))
        assert (await fetcher.fetch(server.url + "/away", allowed)).outcome == http.OK


async def test_another_port_of_an_allowed_host_is_another_host(server: HTTPServer, fetcher: Fetcher) -> None:
    with HTTPServer() as admin:  # 127.0.0.1 too, on another port
        admin.route("/robots.txt", Reply(404, ""))
        admin.route("/admin", Reply(200, PAGE))
        server.route("/away", Reply(302, "", {"Location": admin.url + "/admin"}))
        away = await fetcher.fetch(server.url + "/away", policy())
        assert away.outcome == http.BAD_REDIRECT and str(admin.port) in (away.error or "")
        own = policy(allowed_hosts=allowed_hosts_for([server.url]))
        linked = await fetcher.fetch(admin.url + "/admin", own)
        assert linked.outcome == http.DISALLOWED  # a list link to it is not followed either
        assert admin.requests == []


def test_www_and_bare_hosts_are_twins_and_default_ports_cover_both_schemes() -> None:
    both = {"http://www.gov.cn:80", "http://gov.cn:80", "https://www.gov.cn:443", "https://gov.cn:443"}
    assert allowed_hosts_for(["http://www.gov.cn/a"]) == both
    assert allowed_hosts_for(["https://gov.cn:443/a"]) == both
    assert allowed_hosts_for([], ["gov.cn"]) == both
    assert allowed_hosts_for(["http://sc.gov.cn:8080/a"]) == {
        "http://sc.gov.cn:8080",
        "http://www.sc.gov.cn:8080",
    }
    assert http.is_allowed("https://www.gov.cn/x", allowed_hosts_for(["http://gov.cn/"]))
    assert not http.is_allowed("http://gov.cn:8080/x", allowed_hosts_for(["http://gov.cn/"]))
    assert not http.is_allowed("https://sc.gov.cn/x", allowed_hosts_for(["http://sc.gov.cn:8080/"]))


async def test_non_http_urls_are_refused(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError):
        await fetcher.fetch("file:///etc/passwd", policy())


async def test_robots_txt_is_honoured_and_cached_and_a_source_may_opt_out(fetcher: Fetcher) -> None:
    with HTTPServer() as server:
        server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /private/\n"))
        server.route("/private/a.html", Reply(200, PAGE))
        server.route("/public/a.html", Reply(200, PAGE))
        denied = await fetcher.fetch(server.url + "/private/a.html", policy())
        assert denied.outcome == http.DISALLOWED and server.hits("/private/a.html") == 0
        assert (await fetcher.fetch(server.url + "/public/a.html", policy())).outcome == http.OK
        assert server.hits("/robots.txt") == 1  # cached per host
        opted_out = await fetcher.fetch(server.url + "/private/a.html", policy(robots=False))
        assert opted_out.outcome == http.OK


@pytest.mark.parametrize("robots", [Reply(503, "busy"), Reply(412, "<script>$_ts=1</script>"), Reply(502)])
async def test_an_unreachable_robots_txt_is_asked_once_per_cycle(fetcher: Fetcher, robots: Reply) -> None:
    with HTTPServer() as server:
        server.route("/robots.txt", robots)
        server.route("/a.html", Reply(200, PAGE))
        for _ in range(5):
            assert (await fetcher.fetch(server.url + "/a.html", policy())).outcome == http.OK
        assert server.hits("/robots.txt") == 1 and server.hits("/a.html") == 5


async def test_robots_txt_that_times_out_is_asked_once_per_cycle(fetcher: Fetcher) -> None:
    release = threading.Event()

    def never_answers(request: Request) -> Reply:
        release.wait(30)  # until the test ends: robots.txt always times out
        return Reply(200, "User-agent: *\nDisallow: /\n")

    with HTTPServer() as server:
        server.route("/robots.txt", never_answers)
        server.route("/a.html", Reply(200, PAGE))
        try:
            for _ in range(3):
                assert (await fetcher.fetch(server.url + "/a.html", policy(timeout=1.0))).outcome == http.OK
        finally:
            release.set()
        assert server.hits("/robots.txt") == 1


async def test_robots_txt_opt_out(fetcher: Fetcher) -> None:
    with HTTPServer() as server:
        server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /private/\n"))
        server.route("/private/a.html", Reply(200, PAGE))
        opted_out = await fetcher.fetch(server.url + "/private/a.html", policy(robots=False))
        assert opted_out.outcome == http.OK


async def test_conditional_get_and_content_hash_mark_unchanged(server: HTTPServer, fetcher: Fetcher) -> None:
    def etagged(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(304, "")
        return Reply(200, PAGE, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})

    server.route("/etag", etagged)
    server.route("/plain", Reply(200, PAGE))
    first = await fetcher.fetch(server.url + "/etag", policy())
    known = Conditional(first.etag, first.last_modified, first.content_hash)
    again = await fetcher.fetch(server.url + "/etag", policy(), cached=known)
    assert again.outcome == http.UNCHANGED and again.status == 304
    assert server.requests[-1].headers["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    plain = await fetcher.fetch(server.url + "/plain", policy())
    same = await fetcher.fetch(
        server.url + "/plain", policy(), cached=Conditional(content_hash=plain.content_hash)
    )
    assert same.outcome == http.UNCHANGED and same.status == 200


async def test_one_request_at_a_time_per_host_with_the_min_delay(fetcher: Fetcher) -> None:
    with HTTPServer() as server, HTTPServer(host="127.0.0.3") as other:
        for s in (server, other):
            s.route("/robots.txt", Reply(404, ""))
            s.route("/p", Reply(200, PAGE, delay=0.1))
        arrivals: list[tuple[str, float]] = []  # (host, when), in order of arrival
        for s in (server, other):
            s.route(
                "/p",
                lambda r, s=s: arrivals.append((s.host, time.monotonic())) or Reply(200, PAGE, delay=0.1),
            )
        urls = [server.url + "/p"] * 3 + [other.url + "/p"] * 3
        await asyncio.gather(*(fetcher.fetch(u, policy(min_delay=0.2)) for u in urls))
        for s in (server, other):
            times = [t for host, t in arrivals if host == s.host]
            assert len(times) == 3
            # min_delay apart (a loaded machine only makes the gaps longer)
            assert all(b - a >= 0.19 for a, b in itertools.pairwise(times)), times
        hosts = [host for host, _ in arrivals]
        assert hosts.index(other.host) < len(hosts) - 1 - hosts[::-1].index(server.host)  # side by side


async def test_gzip_bodies_are_decoded(server: HTTPServer, fetcher: Fetcher) -> None:
    server.route(
        "/gz", Reply(200, gzip.compress(PAGE.encode()), {"Content-Encoding": "gzip", "Content-Type": HTML})
    )
    result = await fetcher.fetch(server.url + "/gz", policy())
    assert result.outcome == http.OK and result.body == PAGE.encode()
    assert "gzip" in server.requests[-1].headers["Accept-Encoding"]


def _one_answer_per_connection(listener: socket.socket, answered: list[int]) -> None:
    """Answers one request per connection, then drops it silently (no Connection: close):
    the client's idle keep-alive connection is dead when it next uses it."""
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            body = b"<html><body>" + b"x" * 3000 + b"</body></html>"
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
            )
            answered.append(1)
            time.sleep(0.05)


async def test_a_keep_alive_connection_the_server_dropped_is_replaced(fetcher: Fetcher) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    answered: list[int] = []
    threading.Thread(target=_one_answer_per_connection, args=(listener, answered), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/p"
    try:
        for _ in range(3):
            result = await fetcher.fetch(url, policy(robots=False, retries=0))
            assert result.outcome == http.OK
            await asyncio.sleep(0.1)
        assert len(answered) == 3
    finally:
        listener.close()
