"""The daemon as a real subprocess (`python -m monitor --config … run`): SIGKILL before
delivery loses nothing and doubles nothing; SIGTERM during a check exits 0 with the store
consistent; a second daemon on one SQLite file refuses; `monitor status` reports failures."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from monitor.alerts.worker import AlertWorker
from monitor.demo.servers import DemoPortal, WebhookReceiver, load_notices
from store import outbox
from store.db import open_engine
from store.state import CheckLog, SourceState
from tests.conftest import run_cli
from tests.daemon.helpers import add_alerts, alert_rows, alerts_config, event
from tests.daemon.process import DaemonProcess, write_config
from tests.servers import HTTPServer, Reply, free_port


def config_file(tmp_path: Path, db: str, **sections: Any) -> Path:
    data: dict[str, Any] = {
        "store": {"url": db},
        "scheduler": {"interval": "2s", "jitter": 0, "delivery_interval": "0.5s"},
        **sections,
    }
    return write_config(tmp_path / "config.toml", data)


def test_sigkill_before_delivery_then_restart_delivers_each_alert_once(
    tmp_path: Path, sqlite_url: str
) -> None:
    port = free_port()  # the receiver is down at first: delivery cannot happen
    alerts = {
        "webhooks": [{"url": f"http://127.0.0.1:{port}/hook"}],
        "retry_base": "0.3s",
        "retry_max_delay": "1s",
    }
    config = config_file(tmp_path, sqlite_url, alerts=alerts)
    engine = open_engine(sqlite_url)
    add_alerts(engine, [event(n) for n in range(5)], ["webhook:0"])  # events written, alerts pending
    with DaemonProcess(config) as first:
        first.wait_for(lambda: all(a.attempts >= 1 for a in alert_rows(engine)), what="a failed delivery try")
        first.kill()  # SIGKILL: no chance to clean up
    assert {a.status for a in alert_rows(engine)} == {outbox.PENDING}
    with HTTPServer(port=port) as hook:
        hook.route("/hook", Reply(200))
        with DaemonProcess(config) as second:
            second.wait_for(
                lambda: {a.status for a in alert_rows(engine)} == {outbox.DELIVERED}, what="delivery"
            )
            code, took = second.terminate()
        received = Counter(r.headers["X-Monitor-Event-Id"] for r in hook.requests if r.method == "POST")
    assert received == {f"ev-{n}": 1 for n in range(5)}
    assert code == 0 and took < 10
    engine.dispose()


def test_sigterm_during_a_check_exits_cleanly(tmp_path: Path, sqlite_url: str) -> None:
    with HTTPServer() as portal:
        portal.route("/robots.txt", Reply(404))
        portal.route("/list/", Reply(200, "<html><body><ul></ul></body></html>", delay=2.0))
        source = {"name": "slow", "list_urls": [portal.url + "/list/"], "min_delay": 0}
        config = config_file(tmp_path, sqlite_url, sources=[source])
        with DaemonProcess(config) as daemon:
            daemon.wait_for(lambda: portal.hits("/list/") >= 1, what="the check to start")
            code, took = daemon.terminate()
    assert code == 0, daemon.log
    assert took < 10
    assert "Traceback" not in daemon.log
    engine = open_engine(sqlite_url)
    with Session(engine) as session:
        state = session.get(SourceState, "slow")
        logs = session.exec(select(CheckLog)).all()
    assert state is not None and state.lease_owner is None  # lease given back
    assert state.last_check_at is not None and len(logs) == 1  # the check in hand was finished
    engine.dispose()


def test_second_daemon_on_one_sqlite_file_refuses(tmp_path: Path, sqlite_url: str) -> None:
    config = config_file(tmp_path, sqlite_url)
    with DaemonProcess(config) as first:
        first.wait_log("started")
        second = run_cli("--config", str(config), "run", timeout=30)
        assert first.terminate()[0] == 0
    assert second.returncode == 1
    err = second.stderr.decode()
    assert "another daemon" in err and "already running on this SQLite store" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


async def test_status_reports_failed_alerts_and_sources(tmp_path: Path, sqlite_url: str) -> None:
    with HTTPServer() as hook:
        hook.route("/gone", Reply(410, "gone"))
        hooks = [{"url": hook.url + "/gone"}]
        engine = open_engine(sqlite_url)
        add_alerts(engine, [event(1)], ["webhook:0"])
        worker = AlertWorker(alerts_config(hooks=hooks), engine, "test")
        await worker.run_once()
        await worker.close()
    source = {"name": "qinghai", "list_urls": ["http://127.0.0.1:9/list/"]}
    config = config_file(tmp_path, sqlite_url, sources=[source])
    result = run_cli("--config", str(config), "status", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["alerts"]["failed"] == 1 and "HTTP 410" in data["alerts"]["failures"][0]["error"]
    assert data["sources"][0]["source"] == "qinghai" and data["sources"][0]["last_check"] is None
    table = run_cli("--config", str(config), "status")
    assert table.returncode == 0
    text = table.stdout.decode()
    assert "qinghai" in text and "1 failed" in text and "HTTP 410" in text
    engine.dispose()


def test_two_daemon_processes_on_postgresql_share_sources_and_alerts(tmp_path: Path, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several daemons share one store on PostgreSQL only")
    portal = DemoPortal(load_notices(), initial=2, step=0)
    hook = WebhookReceiver("pg-secret", lambda _: None)
    try:
        sources = [
            {"name": f"mirror{i}", "list_urls": [portal.url + "/zfwj/"], "min_delay": 0} for i in range(4)
        ]  # four sources listing the same notices: the store keeps each notice once
        config = config_file(
            tmp_path,
            db_url,
            sources=sources,
            alerts={"webhooks": [{"url": hook.url, "secret_env": "PG_SECRET"}]},
        )
        text = config.read_text(encoding="utf-8").replace(
            "jitter = 0", "jitter = 0.2\nalert_on_baseline = true"
        )
        config.write_text(text, encoding="utf-8")
        env = {"PG_SECRET": "pg-secret"}
        engine = open_engine(db_url)

        def checks_logged() -> int:
            with Session(engine) as session:
                return len(session.exec(select(CheckLog)).all())

        def baselines_done() -> bool:
            with Session(engine) as session:
                states = session.exec(select(SourceState)).all()
                return len(states) == len(sources) and all(s.baseline_done for s in states)

        with DaemonProcess(config, env=env) as one, DaemonProcess(config, env=env) as two:
            one.wait_log("started")
            two.wait_log("started")
            one.wait_for(baselines_done, what="every source's baseline")
            portal.initial = 3  # a personnel change goes up
            one.wait_for(lambda: any(e["type"] == "holder_changed" for e in hook.events), what="the change")
            seen = checks_logged()
            one.wait_for(lambda: checks_logged() >= seen + len(sources), what="a round of checks after it")
            assert one.terminate()[0] == 0 and two.terminate()[0] == 0
        engine.dispose()
    finally:
        portal.close()
        hook.close()
    assert hook.events and set(hook.received.values()) == {1}, hook.received  # each alert once
    engine = open_engine(db_url)
    with Session(engine) as session:
        logs = session.exec(select(CheckLog).order_by(CheckLog.started_at)).all()  # type: ignore[arg-type]
    engine.dispose()
    checked_by = {
        line.split("check source=")[1].split()[0]
        for daemon in (one, two)
        for line in daemon.lines
        if "check source=" in line
    }  # which daemon takes which source is up to the leases; together they check every one
    assert checked_by == {s["name"] for s in sources}, checked_by
    for name in (s["name"] for s in sources):
        times = [log.started_at for log in logs if log.source == name]
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
        assert times and all(g > 1.0 for g in gaps), (name, gaps)  # once per 2 s interval
