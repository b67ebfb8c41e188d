"""The daemon's scheduling, leases, health alerts and stop, with the check injected
(tests/daemon/fakes.py writes real rows) and real receivers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts.worker import AlertWorker
from monitor.config import Config, config_from_dict
from monitor.daemon import Daemon
from store.db import open_engine
from store.leases import LeaseError
from store.state import SourceState
from tests.daemon.fakes import FakeCheck
from tests.daemon.helpers import alert_rows
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


async def run_for(seconds: float, *daemons: Daemon) -> None:
    tasks = [asyncio.create_task(d.run()) for d in daemons]
    await asyncio.sleep(seconds)
    for d in daemons:
        d.stop()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)


def posted_ids(hook: HTTPServer) -> Counter[str]:
    return Counter(r.headers["X-Monitor-Event-Id"] for r in hook.requests if r.method == "POST")


async def test_polls_on_schedule_and_delivers_each_event_once(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(url_of(engine), hook.url + "/hook")
        fake = FakeCheck(config, engine)
        daemon = Daemon(config, engine, check=fake)
        await run_for(3.2, daemon)
        per_source = Counter(c[0] for c in fake.calls)
        assert set(per_source) == {"s0", "s1"} and all(3 <= n <= 5 for n in per_source.values()), per_source
        assert posted_ids(hook) == {"s0-1": 1, "s1-1": 1}
    with Session(engine) as session:
        states = session.exec(select(SourceState)).all()
        assert all(s.lease_owner is None and s.next_run_at for s in states)


async def test_health_alert_once_when_failing_and_once_on_recovery(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(
            engine.url.render_as_string(hide_password=False), hook.url + "/hook", sources=1
        )
        plan = ["unchanged", "timeout", "challenge", "challenge", "challenge", "unchanged"]
        fake = FakeCheck(config, engine, outcomes={"s0": plan})
        await run_for(6.6, Daemon(config, engine, check=fake))
        bodies = [json.loads(r.body) for r in hook.requests if r.method == "POST"]
    kinds = [b["type"] for b in bodies]
    assert kinds == ["source_failing", "source_recovered"], kinds
    assert bodies[0]["id"].startswith("health:s0:failing:") and bodies[0]["outcome"] == "challenge"
    assert "failing since" in bodies[0]["message"]


async def test_stop_finishes_the_check_in_hand(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        config = daemon_config(
            engine.url.render_as_string(hide_password=False), hook.url + "/hook", sources=1
        )
        fake = FakeCheck(config, engine, delay=1.5)
        daemon = Daemon(config, engine, check=fake)
        task = asyncio.create_task(daemon.run())
        await asyncio.sleep(0.5)  # the first check is sleeping inside
        daemon.stop()
        await asyncio.wait_for(task, timeout=10)
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
    await asyncio.sleep(0.3)
    with pytest.raises(LeaseError, match="already running on this SQLite store"):
        await Daemon(config, engine, check=fake).run()
    first.stop()
    await asyncio.wait_for(task, timeout=10)
    engine.dispose()


async def test_two_daemons_on_postgresql_share_the_work(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several daemons share one store on PostgreSQL only")
    with HTTPServer() as hook:
        hook.route("/hook", Reply(200))
        engines = [open_engine(db_url), open_engine(db_url)]
        config = daemon_config(db_url, hook.url + "/hook", sources=6, interval="2s", jitter=0.25)
        fake = FakeCheck(config, engines[0], new_event=lambda source, n: True)  # an event every check
        daemons = [Daemon(config, e, check=fake.bound(f"d{i}"), owner=f"d{i}") for i, e in enumerate(engines)]
        await run_for(5.3, *daemons)
        # Alerts of the checks that ended just before the stop may still be pending (on a busy
        # machine): one more delivery round sends those, and must not resend any.
        worker = AlertWorker(config, engines[0], "final")
        await worker.run_once()
        await worker.close()
        received = posted_ids(hook)
        for e in engines:
            e.dispose()
    owners = Counter(c[2] for c in fake.calls)
    assert set(owners) == {"d0", "d1"}, owners  # both did some (jitter decides who is first)
    for name in {c[0] for c in fake.calls}:
        times = sorted(t for s, t, _ in fake.calls if s == name)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert 2 <= len(times) <= 3 and all(g > 0.9 for g in gaps), (name, gaps)  # once per interval
    assert received and set(received.values()) == {1}  # every alert delivered exactly once
    assert len(received) == len(fake.calls)


async def test_refreshes_the_planner_statistics_hourly(engine: Engine) -> None:
    config = daemon_config(url_of(engine), "http://127.0.0.1:9/hook")
    daemon = Daemon(config, engine, check=FakeCheck(config, engine))
    job = daemon._schedule().get_job("optimize")
    assert job is not None and job.trigger.interval.total_seconds() == 3600
    await daemon._optimize_job()  # runs in a worker thread, against the real database
