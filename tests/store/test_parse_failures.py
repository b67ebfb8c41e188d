"""A parse that raises during a check: logged with the page's URL, counted (`monitor status`),
never stored as an empty record, the page kept; a later reparse stores it.

The portal is a real HTTP server on 127.0.0.1 serving two real notice pages (saved portal
pages from tests/data/notices). The parser bug is simulated by wrapping the parse the
page workers call so that it raises for one of them: a parser defect has no cheap real form.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

import monitor.pagework
from monitor.config import Config, config_from_dict
from monitor.pipeline import Runtime, check_source
from monitor.reparse import reparse
from scrapers.extract import Page
from scrapers.notice import parse_page
from store.db import open_engine, session_scope
from store.reparse import ParseFailure, failure_counts
from store.state import SeenItem
from store.tables import Notice
from tests.conftest import DATA, run_cli
from tests.servers import HTTPServer, Reply

NOTICES = DATA / "notices"
PAGES = {
    "/n0.html": (
        "温州市人民政府办公室关于成立温州市营商环境优化提升工作专班的通知",
        "004_wenzhou_yingshang_zhuanban.html",
    ),
    "/n1.html": (
        "江西省人民政府办公厅关于调整江西省推动长江经济带发展领导小组组成人员的通知",
        "028_jiangxi_changjiang_html_meta.html",
    ),
}
BROKEN = "江西省推动长江经济带发展领导小组"  # the page whose parse raises


def list_page() -> str:
    rows = "".join(
        f'<li><a href="{path}" title="{title}">{title}</a><span>2024-03-0{i + 1}</span></li>'
        for i, (path, (title, _)) in enumerate(PAGES.items())
    )
    return f"<html><head><meta charset='utf-8'></head><body><ul>{rows}</ul></body></html>"


def flaky_parse(page: Page, **kwargs: Any) -> Any:
    if BROKEN in page.text:
        raise ValueError("parser bug: list index out of range")
    return parse_page(page, **kwargs)


class InProcess:
    """The page pool run in this process, so that the wrapped parse is the one that runs (a
    worker process imports the real one)."""

    async def run(self, fn: Any, *args: Any) -> Any:
        return fn(*args)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    with HTTPServer() as s:
        s.route("/robots.txt", Reply(404, ""))
        s.route("/list.html", Reply(200, list_page(), {"Content-Type": "text/html; charset=utf-8"}))
        for path, (_, name) in PAGES.items():
            s.route(path, Reply(200, (NOTICES / name).read_bytes(), {"Content-Type": "text/html"}))
        yield s


def config_for(url: str) -> Config:
    source = {"name": "city", "list_urls": [url], "min_delay": 0, "backoff": 0.01, "timeout": 5}
    return config_from_dict({"sources": [source]})


@pytest.fixture
async def checked(
    server: HTTPServer, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Config]:
    """One check of the portal with the broken parser."""
    monkeypatch.setattr(monitor.pagework, "parse_page", flaky_parse)
    config = config_for(server.url + "/list.html")
    runtime = Runtime.create(config, engine)
    runtime.pages = InProcess()  # type: ignore[assignment]
    with caplog.at_level(logging.ERROR, logger="monitor.reparse"):
        result = await check_source(runtime, config.sources[0])
    await runtime.aclose()
    monkeypatch.undo()
    assert result.outcome == "ok" and result.matched == 2 and result.new_notices == 1
    yield config


async def test_a_parse_that_raises_is_logged_counted_and_kept(
    checked: Config, engine: Engine, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    broken_url = server.url + "/n1.html"
    [logged] = [r for r in caplog.get_records("setup") if r.levelno == logging.ERROR]  # during the check
    assert broken_url in logged.getMessage() and "parser bug" in logged.getMessage()
    with Session(engine) as s:
        notices = s.exec(select(Notice)).all()
        [failure] = s.exec(select(ParseFailure)).all()
        seen = {i.url: i.notice_id for i in s.exec(select(SeenItem)).all()}
        assert failure_counts(s) == {"open": 1, "total": 1}
    assert [n.url for n in notices] == [server.url + "/n0.html"]  # no empty record stored for n1
    assert failure.url == broken_url and failure.source == "city" and "ValueError" in failure.error
    assert seen[broken_url] is None  # seen: the next poll does not fetch it again and again


async def test_monitor_status_shows_the_count(
    checked: Config, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{db_url}"\n')
    done = run_cli("--config", str(config), "status", "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["parse_failures"] == {"open": 1, "total": 1}
    table = run_cli("--config", str(config), "status")
    assert "parse failures: 1 page(s) waiting for `monitor reparse`" in table.stdout.decode()


async def test_a_later_reparse_stores_the_page(checked: Config, engine: Engine, server: HTTPServer) -> None:
    summary = reparse(engine, checked)  # the parser works again
    [recovered] = summary.recovered
    assert recovered["url"] == server.url + "/n1.html"
    assert summary.notices == 1 and summary.unchanged == 1  # n0, parsed the same
    assert {e["type"] for e in summary.appeared} == {"group_established"}
    with session_scope(engine) as s:
        stored = s.get(Notice, recovered["notice_id"])
        assert stored is not None and stored.source == "city"
        assert stored.record["groups"][0]["name"] == BROKEN
        assert failure_counts(s) == {"open": 0, "total": 1}
    again = reparse(engine, checked)
    assert again.recovered == [] and again.notices == 2 and again.unchanged == 2


async def test_a_page_that_still_fails_stays_counted(
    checked: Config, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def still_broken(raw: bytes, url: str | None, source: Any) -> Any:
        raise ValueError("parser bug again")

    summary = reparse(engine, checked, parse=still_broken)
    assert [f["error"] for f in summary.failed] == ["ValueError: parser bug again"] * 2
    with session_scope(engine) as s:
        [failure] = s.exec(select(ParseFailure)).all()
        assert failure.attempts == 2 and failure_counts(s) == {"open": 1, "total": 1}
        # the notice that parsed before keeps its record
        assert len(s.exec(select(Notice)).all()) == 1
