"""Answers kept until the store changes: a page asked again comes from memory, with an
ETag (304 for a client that holds it), and any commit to the store (the daemon beside the
server, or another process) makes the next answer new."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from monitor.config import Config
from monitor.demo.servers import load_notices, notice_page
from monitor.web.app import create_app
from monitor.web.cache import ResponseCache, charge, kept
from monitor.web.respond import etag_of
from monitor.web.server import Background, start_background
from scrapers.notice import read_notice
from store import listing
from store.db import open_engine, session_scope
from store.ingest import ingest
from store.state import SourceState
from tests.web.helpers import HOSTILE_GROUP, hostile_record

PAGES = ["/", "/groups/1", "/groups?q=放管服", "/api/changes", "/api/groups/1/history", "/feeds/changes.atom"]


def ingest_demo(engine: Engine, notices: list[Any]) -> None:
    for notice in notices:
        data = notice_page(notice).encode("utf-8")
        url = f"https://www.qinghai.gov.cn{notice.path}"
        ingest(engine, read_notice(data, url=url), raw=data, url=url)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store with the demo's notices but the last one (ingested by the tests)."""
    path = tmp_path / "cache.db"
    engine = open_engine(f"sqlite:///{path}")
    ingest_demo(engine, load_notices()[:-1])
    engine.dispose()
    return path


@pytest.fixture
def engine(store_path: Path) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{store_path}")
    yield engine
    engine.dispose()


@pytest.fixture
def web(engine: Engine, tmp_path: Path) -> Iterator[httpx.Client]:
    server: Background = start_background(Config(), engine, host="127.0.0.1", port=0)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The store reads of the changes and body pages, as they happen."""
    calls: list[str] = []
    for name in ("changes", "group_and_history"):
        real = getattr(listing, name)

        def counting(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(listing, name, counting)
    return calls


def test_an_answer_asked_again_comes_from_memory(web: httpx.Client, counted: list[str]) -> None:
    first = web.get("/")
    assert first.status_code == 200 and counted == ["changes"]
    again = web.get("/")
    assert again.text == first.text and counted == ["changes"]  # not read again
    assert again.headers["etag"] == first.headers["etag"]
    assert "content-security-policy" in again.headers  # the guard's headers on kept answers too


@pytest.mark.parametrize("path", PAGES)
def test_a_client_holding_the_answer_gets_304(web: httpx.Client, path: str) -> None:
    first = web.get(path)
    assert first.status_code == 200 and first.headers["etag"]
    for _ in range(2):  # made, then kept: both say 304 to the same tag
        again = web.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == first.headers["etag"]
    other = web.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_a_commit_by_another_process_renews_every_answer(
    web: httpx.Client, store_path: Path, counted: list[str]
) -> None:
    before = {path: web.get(path) for path in PAGES}
    last = load_notices()[-1]
    assert last.doc_number not in before["/"].text
    daemon = open_engine(f"sqlite:///{store_path}")  # another engine: as the daemon's process
    try:
        ingest_demo(daemon, [last])
    finally:
        daemon.dispose()
    counted.clear()
    after = {path: web.get(path) for path in PAGES}
    assert counted == ["changes", "group_and_history", "changes", "changes"]  # made anew
    for path in PAGES:
        assert after[path].status_code == 200
        assert after[path].headers["etag"] != before[path].headers["etag"], path
    assert last.doc_number in after["/"].text and last.doc_number in after["/groups/1"].text
    stale = web.get("/", headers={"If-None-Match": before["/"].headers["etag"]})
    assert stale.status_code == 200  # the old tag no longer matches


def test_a_commit_through_the_servers_own_engine_renews_the_answers(
    web: httpx.Client, engine: Engine
) -> None:
    """`monitor run --serve`: the daemon ingests through the engine the web view reads."""
    before = web.get("/").text
    assert "安全生产委员会" not in before
    ingest(engine, hostile_record(), url="https://example.gov.cn/1.html")
    after = web.get("/").text
    assert "安全生产委员会" in after and HOSTILE_GROUP not in after  # new, and escaped


def test_errors_and_live_pages_are_made_each_time(web: httpx.Client, counted: list[str]) -> None:
    for path in ("/sources", "/api/status", "/changes.csv", "/login", "/docs", "/static/style.css"):
        assert not kept(path), path
    for _ in range(2):
        assert web.get("/groups/999999").status_code == 404
    assert counted == ["group_and_history", "group_and_history"]


async def test_no_version_keeps_nothing() -> None:
    """Where the store has no cheap data version (PostgreSQL), every answer is made."""
    made = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal made
        made += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x"})

    cache = ResponseCache(app, version=lambda: None)
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
    for _ in range(2):
        await cache(scope, None, send)  # type: ignore[arg-type]
    assert made == 2 and not cache.answers


def request(
    path: str, query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers or []}


async def discard(message: Any) -> None:
    pass


async def answer_400_bytes(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"x" * 400})


async def test_kept_answers_stay_within_their_bytes() -> None:
    probe = ResponseCache(answer_400_bytes, version=lambda: 1)
    await probe(request("/groups/1"), None, discard)  # type: ignore[arg-type]
    one = probe.size  # what one such answer is charged: more than its 400 bytes of body
    assert one > 400
    cache = ResponseCache(answer_400_bytes, version=lambda: 1, max_bytes=2 * one + 10)
    for path in ["/groups/1", "/groups/2", "/groups/1", "/groups/3", "/groups/4"]:
        await cache(request(path), None, discard)  # type: ignore[arg-type]
    assert cache.size == sum(charge(key, a) for key, (a, _) in cache.answers.items()) <= cache.max_bytes
    assert [key[2] for key in cache.answers] == ["/groups/3", "/groups/4"]  # the oldest went first


async def test_each_query_is_an_answer_of_its_own() -> None:
    """`?_=N` (the benchmark's cold mode, a browser's cache buster) is never served what
    another query made."""
    made = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal made
        made += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["query_string"]})

    cache = ResponseCache(app, version=lambda: 1)
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    for query in (b"_=1", b"_=2", b"_=1"):
        await cache(request("/groups/1", query), None, send)  # type: ignore[arg-type]
    assert made == 2
    assert [m["body"] for m in sent if m["type"] == "http.response.body"] == [b"_=1", b"_=2", b"_=1"]


async def test_distinct_queries_are_charged_what_they_use_and_counted() -> None:
    """A crawler, or `?_=timestamp`, asks for many cheap distinct answers (`[]`): each is
    charged what Python keeps for it, and the number kept is bounded too."""
    body = b"[]"
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", b"2"),
        (b"cache-control", b"no-cache"),
    ]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    host = [(b"host", b"127.0.0.1:8080")]
    cache = ResponseCache(app, version=lambda: 1)
    await cache(request("/api/groups", b"search=warm"), None, discard)  # type: ignore[arg-type]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(2000):
            await cache(request("/api/groups", f"search=x{n:08d}".encode(), host), None, discard)  # type: ignore[arg-type]
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(cache.answers) == 2001
    assert used <= cache.size  # what is charged covers what is used

    capped = ResponseCache(app, version=lambda: 1, max_answers=100)
    for n in range(300):
        await capped(request("/api/groups", f"search={n}".encode()), None, discard)  # type: ignore[arg-type]
    assert len(capped.answers) == 100
    assert [key[3] for key in capped.answers][:1] == [b"search=200"]  # the least recent went
    assert capped.size == sum(cost for _, cost in capped.answers.values())


async def test_a_conditional_get_that_misses_is_kept() -> None:
    """Feed readers always send the tag they hold: the first such request (nothing kept yet)
    is made in full, kept, and answered 304; later ones come from memory."""
    made: list[bytes | None] = []
    body = b"<feed/>"

    async def app(scope: Any, receive: Any, send: Any) -> None:  # as respond.conditional answers
        made.append(dict(scope["headers"]).get(b"if-none-match"))
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"etag", etag_of(body).encode())]}
        )
        await send({"type": "http.response.body", "body": body})

    cache = ResponseCache(app, version=lambda: 1)
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    held = [(b"if-none-match", etag_of(body).encode())]
    for _ in range(5):
        await cache(request("/feeds/changes.atom", headers=held), None, send)  # type: ignore[arg-type]
    assert made == [None]  # made once, without the client's condition
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [304] * 5
    await cache(request("/feeds/changes.atom"), None, send)  # type: ignore[arg-type]
    assert sent[-1]["body"] == body and len(made) == 1


def test_a_poll_with_its_tag_on_a_cold_cache_reads_the_store_once(
    web: httpx.Client, store_path: Path, counted: list[str]
) -> None:
    """A commit that leaves a page as it was empties the cache; the feed reader's next
    conditional poll makes the page once, gets 304, and the polls after it read nothing."""
    for path in ("/", "/feeds/changes.atom"):
        tag = web.get(path).headers["etag"]
        other = open_engine(f"sqlite:///{store_path}")  # another process's commit
        try:
            with session_scope(other) as session:
                session.add(SourceState(source=f"poll{path}", last_outcome="ok"))
        finally:
            other.dispose()
        counted.clear()
        for _ in range(3):
            again = web.get(path, headers={"If-None-Match": tag})
            assert again.status_code == 304 and again.headers["etag"] == tag
        assert counted == ["changes"], path


async def test_an_answer_made_twice_at_once_is_kept_once() -> None:
    release = asyncio.Event()
    started = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal started
        started += 1
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * 100})

    cache = ResponseCache(app, version=lambda: 1)
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
    both = asyncio.gather(cache(scope, None, send), cache(scope, None, send))  # type: ignore[arg-type]
    while started < 2:
        await asyncio.sleep(0)
    release.set()
    await both
    assert len(cache.answers) == 1
    assert cache.size == sum(charge(key, a) for key, (a, _) in cache.answers.items())
    assert [m["body"] for m in sent if m["type"] == "http.response.body"] == [b"x" * 100] * 2


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "sqlite:///file:web?mode=memory&uri=true", "sqlite:///file::memory:"],
)
def test_an_in_memory_store_keeps_nothing(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)  # no connection: only its URL is read
    version = listing.DataVersion(engine)
    assert version.read() is None  # its data version would be this connection's own
    version.close()
    engine.dispose()


def test_a_store_file_named_memory_is_kept_as_any_other(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'memory-store.db'}")
    version = listing.DataVersion(engine)
    try:
        assert isinstance(version.read(), int)
    finally:
        version.close()
        engine.dispose()


def test_an_app_dropped_without_its_shutdown_closes_its_connection(engine: Engine) -> None:
    """Built and used with no lifespan (no shutdown runs): the data version's connection
    goes with the application, not with the process."""
    app = create_app(Config(), engine)

    async def ask(app: FastAPI) -> int:
        transport = httpx.ASGITransport(app=app)  # runs no lifespan
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (await client.get("/")).status_code

    before = set(threading.enumerate())
    assert asyncio.run(ask(app)) == 200  # its own loop, over once answered
    for worker in set(threading.enumerate()) - before:  # the loop's worker threads, told to end
        worker.join()  # (until then one may still hold the last request, and so the app)
    connection = app.state.data_version._connection
    assert connection is not None
    del app
    gc.collect()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        connection.execute("select 1")


def test_a_data_version_never_read_opens_nothing(engine: Engine) -> None:
    app = create_app(Config(), engine)
    assert app.state.data_version._connection is None
