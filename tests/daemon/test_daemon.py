"""The daemon's scheduling, leases, health alerts and stop, with the check injected
(tests/daemon/fakes.py writes real rows) and real receivers on 127.0.0.1. The tests wait on
what happened (checks made, alerts received), never on how long something takes."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts.worker import AlertWorker
from monitor.config import Config, config_from_dict
from monitor.daemon import Daemon, sqlite_path
from store.db import open_engine
from store.leases import LeaseError
from store.state import SourceState
from tests.daemon.fakes import FakeCheck
from tests.daemon.helpers import alert_rows, until
from tests.servers import HTTPServer, Reply


def daemon_config(url: str, hook: str, *, sources: int = 2, **scheduler: Any) -> Config:
    return config_from_dict(
        {
            "store": {"url": url},
            "scheduler": {"interval": "1s", "jitter": 0, "delivery_interval": "0.5s", **scheduler},
            "sources": [{"name": f"s{i}", "list_urls": [f"http://127.0.0.1:9/{i}"]} for i in range(sources)],
            "alerts": {"webhooks": [{"url": hook}], "retry_base": "0.2s"},
        }
    )


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


async def run_until(condition: Callable[[], Any], *daemons: Daemon, what: str = "the daemons") -> None:
    """Run the daemons until `condition()` holds, then stop them (they finish what is in hand)."""
    tasks = [asyncio.create_task(d.run()) for d in daemons]
    try:
        await until(lambda: condition() or any(t.done() for t in tasks), what)
    finally:
        for d in daemons:
            d.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)


def posted_ids(hook: HTTPServer) -> Counter[str]:
    return Counter(r.headers["X-Monitor-Event-Id"] for r in hook.requests if r.method == "POST")


def checks_of(fake: FakeCheck, name: str) -> list[float]:
    return [t for s, t, _ in fake.calls if s == name]


async def test_polls_on_schedule_and_delivers_each_event_once(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(url_of(engine), hook.url + "/hook")
        fake = FakeCheck(config, engine)
        daemon = Daemon(config, engine, check=fake)
        await run_until(
            lambda: all(len(checks_of(fake, s)) >= 3 for s in ("s0", "s1")) and len(posted_ids(hook)) == 2,
            daemon,
        )
        assert posted_ids(hook) == {"s0-1": 1, "s1-1": 1}
    for name in ("s0", "s1"):  # once per interval: a run made late may be followed early,
        gaps = [b - a for a, b in itertools.pairwise(checks_of(fake, name))]  # within the slack
        assert all(g > 0.45 for g in gaps), (name, gaps)  # (interval / 2), never closer
    with Session(engine) as session:
        states = session.exec(select(SourceState)).all()
        assert all(s.lease_owner is None and s.next_run_at for s in states)


async def test_health_alert_once_when_failing_and_once_on_recovery(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(url_of(engine), hook.url + "/hook", sources=1)
        plan = ["unchanged", "timeout", "challenge", "challenge", "challenge", "unchanged"]
        fake = FakeCheck(config, engine, outcomes={"s0": plan})
        daemon = Daemon(config, engine, check=fake)

        def bodies() -> list[dict[str, Any]]:
            return [json.loads(r.body) for r in hook.requests if r.method == "POST"]

        await run_until(lambda: len(fake.calls) >= len(plan) + 1 and len(bodies()) >= 2, daemon)
    kinds = [b["type"] for b in bodies()]
    assert kinds == ["source_failing", "source_recovered"], kinds
    assert bodies()[0]["id"].startswith("health:s0:failing:") and bodies()[0]["outcome"] == "challenge"
    assert "failing since" in bodies()[0]["message"]


async def test_stop_finishes_the_check_in_hand(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(url_of(engine), hook.url + "/hook", sources=1)
        fake = FakeCheck(config, engine, gate=asyncio.Event())
        daemon = Daemon(config, engine, check=fake)
        task = asyncio.create_task(daemon.run())
        await asyncio.wait_for(fake.entered.wait(), 30)  # the first check is inside
        daemon.stop()
        for _ in range(20):
            await asyncio.sleep(0)
        assert not task.done()  # waiting for the check in hand
        assert fake.gate is not None
        fake.gate.set()
        await asyncio.wait_for(task, timeout=30)
    assert len(fake.calls) == 1
    with Session(engine) as session:
        state = session.get(SourceState, "s0")
        assert state is not None and state.last_outcome == "ok" and state.lease_owner is None
    assert [a.event_id for a in alert_rows(engine)] == ["s0-1"]  # written, with its alert row


async def test_second_daemon_on_one_sqlite_file_refuses(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    config = daemon_config(sqlite_url, "http://127.0.0.1:9/hook", sources=1)
    fake = FakeCheck(config, engine)
    first = Daemon(config, engine, check=fake)
    task = asyncio.create_task(first.run())
    await until(lambda: fake.calls, "the first daemon's first check")
    with pytest.raises(LeaseError, match="already running on this SQLite store"):
        await Daemon(config, engine, check=fake).run()
    first.stop()
    await asyncio.wait_for(task, timeout=30)
    engine.dispose()


def test_the_sqlite_lock_follows_symlinks(tmp_path: Any) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    engine = open_engine(f"sqlite:///{tmp_path / 'link' / 'monitor.db'}")
    assert sqlite_path(engine) == str(real / "monitor.db")  # one lock file for both paths
    engine.dispose()
    uri = open_engine(f"sqlite:///file:{tmp_path / 'link' / 'monitor.db'}?mode=ro&uri=true")
    assert sqlite_path(uri) == str(real / "monitor.db")  # not a "file:" folder in the working directory
    uri.dispose()


async def test_two_daemons_on_postgresql_share_the_work(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several daemons share one store on PostgreSQL only")
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        engines = [open_engine(db_url), open_engine(db_url)]
        config = daemon_config(db_url, hook.url + "/hook", sources=6, interval="2s", jitter=0.25)
        fake = FakeCheck(config, engines[0], new_event=lambda source, n: True)  # an event every check
        daemons = [Daemon(config, e, check=fake.bound(f"d{i}"), owner=f"d{i}") for i, e in enumerate(engines)]
        names = [s.name for s in config.sources]
        await run_until(lambda: all(len(checks_of(fake, n)) >= 2 for n in names), *daemons)
        # Alerts of the checks that ended just before the stop may still be pending: one
        # more delivery round sends those, and must not resend any.
        worker = AlertWorker(config, engines[0], "final")
        await worker.run_once()
        await worker.close()
        received = posted_ids(hook)
        for e in engines:
            e.dispose()
    for name in names:  # one daemon per interval: never two checks of a source closer than that
        gaps = [b - a for a, b in itertools.pairwise(checks_of(fake, name))]
        assert all(g > 0.9 for g in gaps), (name, gaps)  # interval − slack (2 s − 1 s)
    assert received and set(received.values()) == {1}  # every alert delivered exactly once
    assert len(received) == len(fake.calls)


async def test_a_long_check_keeps_its_lease(db_url: str) -> None:
    """A check longer than the lease renews it: the other daemon never takes the source."""
    if not db_url.startswith("postgresql"):
        pytest.skip("leases are for several daemons, on PostgreSQL")
    engines = [open_engine(db_url), open_engine(db_url)]
    config = daemon_config(db_url, "http://127.0.0.1:9/hook", sources=1, lease="2s")
    slow = FakeCheck(config, engines[0], gate=asyncio.Event())
    other = FakeCheck(config, engines[1])
    first = Daemon(config, engines[0], check=slow.bound("first"), owner="first")
    second = Daemon(config, engines[1], check=other.bound("second"), owner="second")
    tried: list[bool] = []
    claim = second._claim

    def counted_claim(*args: Any) -> bool:
        tried.append(claim(*args))
        return tried[-1]

    second._claim = counted_claim  # type: ignore[method-assign]
    one = asyncio.create_task(first.run())
    await asyncio.wait_for(slow.entered.wait(), 30)
    two = asyncio.create_task(second.run())
    await until(lambda: len(tried) >= 5, "five tries of the second daemon (over two leases)")
    assert not any(tried) and not other.calls
    assert slow.gate is not None
    slow.gate.set()
    first.stop()
    second.stop()
    await asyncio.wait_for(asyncio.gather(one, two), 30)
    for e in engines:
        e.dispose()


async def test_refreshes_the_planner_statistics_hourly(engine: Engine) -> None:
    config = daemon_config(url_of(engine), "http://127.0.0.1:9/hook")
    daemon = Daemon(config, engine, check=FakeCheck(config, engine))
    job = daemon._schedule({}).get_job("optimize")
    assert job is not None and job.trigger.interval.total_seconds() == 3600
    await daemon._optimize_job()  # runs in a worker thread, against the real database
