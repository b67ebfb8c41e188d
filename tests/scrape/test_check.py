"""check_source against real servers and the real database: outcomes stored as states,
consecutive failures, items counted and not fetched, a failed notice page tried again."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.config import Config, config_from_dict
from monitor.pipeline import Runtime, check_all, check_source
from store.db import open_engine
from store.state import CheckLog, HttpCache, SeenItem, SourceState
from tests.servers import HTTPServer, Reply

HTML = {"Content-Type": "text/html; charset=utf-8"}
RUISHU = "<html><head><meta r='m'><script>$_ts=window['$_ts'];$_ts.nsd=1;</script></head></html>"
OTHER_NEWS = [
    "安平市人民政府关于做好2024年春季农业生产工作的通知",
    "安平市人民政府办公室关于印发安平市冬季供暖保障方案的通知",
    "关于召开全市安全生产委员会全体会议的通知",
]


def list_page(titles: list[str], prefix: str = "/n") -> str:
    rows = "".join(
        f'<li><a href="{prefix}{i}.html" title="{t}">{t[:10]}…</a><span>2024-03-{i + 1:02d}</span></li>'
        for i, t in enumerate(titles)
    )
    return f"<html><head><meta charset='utf-8'></head><body><ul>{rows}</ul></body></html>"


def config_for(url: str, **source: Any) -> Config:
    base = {
        "name": "city",
        "region": "安平市",
        "list_urls": [url],
        "min_delay": 0,
        "backoff": 0.01,
        "timeout": 2,
    }
    return config_from_dict({"sources": [{**base, **source}]})


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def shared_server() -> Iterator[HTTPServer]:
    with HTTPServer() as s:
        yield s


@pytest.fixture
def server(shared_server: HTTPServer) -> HTTPServer:
    shared_server.routes.clear()
    shared_server.requests.clear()
    shared_server.route("/robots.txt", Reply(404, ""))
    return shared_server


@pytest.fixture
async def runtime_for(engine: Engine) -> AsyncIterator[Any]:
    made: list[Runtime] = []

    def make(config: Config) -> Runtime:
        made.append(Runtime.create(config, engine))
        return made[-1]

    yield make
    for runtime in made:
        await runtime.aclose()


def state_of(engine: Engine, name: str = "city") -> SourceState:
    with Session(engine) as session:
        state = session.get(SourceState, name)
        assert state is not None
        return state


def rows(engine: Engine, model: Any) -> list[Any]:
    with Session(engine) as session:
        return list(session.exec(select(model)).all())


async def test_failures_are_counted_until_a_check_succeeds(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    server.route(
        "/list.html", [Reply(412, RUISHU), Reply(412, RUISHU), Reply(200, list_page(OTHER_NEWS), HTML)]
    )
    config = config_for(server.url + "/list.html")
    runtime = runtime_for(config)
    first = await check_source(runtime, config.sources[0])
    assert first.outcome == "challenge" and "412" in (first.error or "")
    since = state_of(engine).failing_since
    await check_source(runtime, config.sources[0])
    state = state_of(engine)
    assert state.last_outcome == "challenge" and state.consecutive_failures == 2
    assert state.failing_since == since and state.baseline_done is False and state.last_ok_at is None
    recovered = await check_source(runtime, config.sources[0])
    assert recovered.outcome == "ok"
    state = state_of(engine)
    assert state.consecutive_failures == 0 and state.failing_since is None and state.last_error is None
    assert state.last_ok_at is not None and state.baseline_done is True
    assert [log.outcome for log in rows(engine, CheckLog)] == ["challenge", "challenge", "ok"]


def _stalls() -> Reply:
    return Reply(200, list_page(OTHER_NEWS), HTML, delay=3)


@pytest.mark.parametrize(
    ("reply", "outcome"),
    [
        (Reply(521, "<script>document.cookie='__jsl_clearance=1587;max-age=3600'</script>"), "challenge"),
        (Reply(200, "<html><script>eval(function(p,a,c,k,e,d){})</script></html>", HTML), "challenge"),
        (Reply(403, "Forbidden"), "blocked"),
        (Reply(404, "Not Found"), "not_found"),
        (Reply(500, "Internal Server Error"), "server_error"),
        (Reply(302, "", {"Location": "/list.html", "Set-Cookie": "wzws=1"}), "challenge"),
        (Reply(302, "", {"Location": "http://127.0.0.2/"}), "bad_redirect"),
        (Reply(200, b"\x00\x01\x02\x03" * 1000, {"Content-Type": "text/html"}), "bad_encoding"),
        (_stalls(), "timeout"),
    ],
)
async def test_outcomes_of_a_list_page(
    server: HTTPServer, engine: Engine, runtime_for: Any, reply: Reply, outcome: str
) -> None:
    server.route("/list.html", reply)
    config = config_for(server.url + "/list.html", timeout=0.5, retries=1)
    result = await check_source(runtime_for(config), config.sources[0])
    assert result.outcome == outcome
    assert state_of(engine).last_outcome == outcome
    assert rows(engine, SeenItem) == []


async def test_robots_txt_disallowing_the_list(server: HTTPServer, engine: Engine, runtime_for: Any) -> None:
    server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /\n"))
    server.route("/list.html", Reply(200, list_page(OTHER_NEWS), HTML))
    config = config_for(server.url + "/list.html")
    result = await check_source(runtime_for(config), config.sources[0])
    assert result.outcome == "disallowed" and server.hits("/list.html") == 0
    opted_out = config_for(server.url + "/list.html", robots=False)
    assert (await check_source(runtime_for(opted_out), opted_out.sources[0])).outcome == "ok"


async def test_unmatched_items_are_counted_and_not_fetched(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    server.route("/list.html", Reply(200, list_page(OTHER_NEWS), {**HTML, "ETag": '"a"'}))
    config = config_for(server.url + "/list.html")
    result = await check_source(runtime_for(config), config.sources[0])
    assert (result.outcome, result.items, result.matched, result.details) == ("ok", 3, 0, 0)
    assert [r.path for r in server.requests] == ["/robots.txt", "/list.html"]
    assert sorted(i.title for i in rows(engine, SeenItem)) == sorted(OTHER_NEWS)
    assert not any(i.matched for i in rows(engine, SeenItem))
    [cache] = rows(engine, HttpCache)
    assert cache.etag == '"a"' and cache.content_hash


async def test_an_unchanged_list_page_is_not_parsed_again(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    server.route("/list.html", Reply(200, list_page(OTHER_NEWS), HTML))  # no ETag: the hash decides
    config = config_for(server.url + "/list.html")
    runtime = runtime_for(config)
    await check_source(runtime, config.sources[0])
    again = await check_source(runtime, config.sources[0])
    assert (again.outcome, again.items) == ("unchanged", 0)
    assert state_of(engine).consecutive_failures == 0


async def test_a_challenged_notice_page_is_tried_again_next_check(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    titles = ["安平市人民政府办公室关于调整安平市安全生产委员会组成人员的通知", *OTHER_NEWS]
    server.route("/list.html", Reply(200, list_page(titles), HTML))
    server.route("/n0.html", Reply(412, RUISHU))
    config = config_for(server.url + "/list.html")
    runtime = runtime_for(config)
    first = await check_source(runtime, config.sources[0])
    assert (first.outcome, first.matched, first.new_notices) == ("challenge", 1, 0)
    assert "/n0.html" in (first.error or "")
    assert {i.title for i in rows(engine, SeenItem)} == set(OTHER_NEWS)  # not the failed one
    assert rows(engine, HttpCache) == []  # so the same list page is read again
    second = await check_source(runtime, config.sources[0])
    assert second.outcome == "challenge" and server.hits("/n0.html") == 2
    assert second.items == 1  # the others are known


async def test_check_all_batches_state_of_many_sources(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    server.route("/a.html", Reply(200, list_page(OTHER_NEWS[:1], "/a"), HTML))
    server.route("/b.html", Reply(403, "no"))
    base = {"min_delay": 0, "backoff": 0.01}
    config = config_from_dict(
        {
            "sources": [
                {"name": "a", "list_urls": [server.url + "/a.html"], **base},
                {"name": "b", "list_urls": [server.url + "/b.html"], **base},
            ]
        }
    )
    results = await check_all(runtime_for(config), config.sources)
    assert [(r.source, r.outcome) for r in results] == [("a", "ok"), ("b", "blocked")]
    assert state_of(engine, "a").last_outcome == "ok"
    assert state_of(engine, "b").consecutive_failures == 1
    assert len(rows(engine, CheckLog)) == 2


NOTICE = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
    "<div class='content'><p>各有关单位：</p><p>经研究，决定调整{title}。</p>"
    "<p>组长：周德安　副市长</p><p>安平市人民政府办公室</p><p>2024年3月{day}日</p></div></body></html>"
)


async def test_a_check_fetches_at_most_max_notices_per_check(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    bodies = ["安全生产委员会", "防汛抗旱指挥部", "森林防灭火指挥部"]
    titles = [f"安平市人民政府办公室关于调整安平市{b}组成人员的通知" for b in bodies]
    server.route("/list.html", Reply(200, list_page(titles), HTML))
    for i, title in enumerate(titles):
        server.route(f"/n{i}.html", Reply(200, NOTICE.format(title=title, day=i + 1), HTML))
    config = config_for(server.url + "/list.html", max_notices_per_check=2)
    runtime = runtime_for(config)
    first = await check_source(runtime, config.sources[0])
    assert (first.outcome, first.details, first.new_notices, first.deferred) == ("ok", 2, 2, 1)
    assert len(rows(engine, SeenItem)) == 2  # the third is not marked seen: it waits
    second = await check_source(runtime, config.sources[0])
    assert (second.details, second.new_notices, second.deferred) == (1, 1, 0)
    assert sorted(r.path for r in server.requests if r.path.startswith("/n")) == [
        "/n0.html",
        "/n1.html",
        "/n2.html",
    ]  # each notice fetched once


async def test_one_off_checks_queue_health_alerts_as_the_daemon_does(
    server: HTTPServer, engine: Engine, runtime_for: Any
) -> None:
    """`monitor check` and `backfill` run the daemon's after-check step: the state written
    with the source-health alert after `failure_threshold` failures in a row, once."""
    from store import outbox

    server.route("/list.html", Reply(403, "no"))
    source = {"name": "city", "list_urls": [server.url + "/list.html"], "min_delay": 0, "backoff": 0.01}
    config = config_from_dict(
        {
            "scheduler": {"failure_threshold": 2},
            "sources": [source],
            "alerts": {"webhooks": [{"url": "http://127.0.0.1:9/hook"}]},
        }
    )
    runtime = runtime_for(config)
    for _ in range(3):
        await check_source(runtime, config.sources[0])
    assert state_of(engine).health_alerted  # decided in the transaction that wrote the state
    with Session(engine) as session:
        alerts = session.exec(select(outbox.Alert)).all()
    assert [a.event_id.split(":")[:3] for a in alerts] == [["health", "city", "failing"]]
