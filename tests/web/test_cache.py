"""Answers kept until the store changes: a page asked again comes from memory, with an
ETag (304 for a client that holds it), and any commit to the store (the daemon beside the
server, or another process) makes the next answer new."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from monitor.config import Config
from monitor.demo.servers import load_notices, notice_page
from monitor.web.cache import ResponseCache, kept
from monitor.web.server import Background, start_background
from scrapers.notice import read_notice
from store import listing
from store.db import open_engine
from store.ingest import ingest
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


async def test_kept_answers_stay_within_their_bytes() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * 400})

    cache = ResponseCache(app, version=lambda: 1, max_bytes=1000)

    async def send(message: Any) -> None:
        pass

    for path in ["/groups/1", "/groups/2", "/groups/1", "/groups/3", "/groups/4"]:
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
        await cache(scope, None, send)  # type: ignore[arg-type]
    assert cache.size == sum(len(a.body) for a in cache.answers.values()) <= 1000
    assert [key[2] for key in cache.answers] == ["/groups/3", "/groups/4"]  # the oldest went first


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
    assert len(cache.answers) == 1 and cache.size == 100
    assert [m["body"] for m in sent if m["type"] == "http.response.body"] == [b"x" * 100] * 2
