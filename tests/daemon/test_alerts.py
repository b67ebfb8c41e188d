"""The outbox worker against real receivers on 127.0.0.1: a webhook HTTP server and aiosmtpd."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from monitor.alerts.worker import AlertWorker, send_samples
from monitor.config import ConfigError, config_from_dict
from store import outbox
from store.db import open_engine, session_scope, utcnow
from tests.conftest import run_cli
from tests.daemon.helpers import add_alerts, alert_rows, alerts_config, event, valid_signature
from tests.daemon.process import write_config
from tests.servers import HTTPServer, Reply, SMTPServer, free_port


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


async def drain(worker: AlertWorker, rounds: int = 20, pause: float = 0.25) -> None:
    """Run the worker until nothing is pending (retries wait for their backoff)."""
    for _ in range(rounds):
        await worker.run_once()
        with session_scope(worker.engine) as session:
            if outbox.stats(session)["pending"] == 0:
                return
        await asyncio.sleep(pause)


async def test_webhook_signed_and_email_batched(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    with HTTPServer() as hook, SMTPServer() as smtp:
        hook.route("/hook", Reply(204))
        config = alerts_config(
            smtp_port=smtp.port, hooks=[{"url": hook.url + "/hook", "secret_env": "HOOK_SECRET"}]
        )
        events = [event(1), event(2, group="<script>alert(1)</script>小组", type="member_added")]
        add_alerts(engine, events, ["email", "webhook:0"], batch="notice-1")
        worker = AlertWorker(config, engine, "test")
        report = await worker.run_once()
        await worker.close()
        assert report.delivered == 4 and report.failed == 0
        posts = [r for r in hook.requests if r.method == "POST"]
        assert sorted(r.headers["X-Monitor-Event-Id"] for r in posts) == ["ev-1", "ev-2"]
        for post in posts:
            assert post.headers["Content-Type"] == "application/json"
            assert valid_signature("s3cret", post.body, post.headers["X-Monitor-Signature-256"])
            assert json.loads(post.body)["id"] == post.headers["X-Monitor-Event-Id"]
        assert len(smtp.messages) == 1  # one notice's events: one message
        message = smtp.messages[0]
        assert message["Subject"].startswith(
            "【变动】省政府推进政府职能转变和“放管服”改革协调小组：组长 王予波 → 刘宁"
        )
        assert message["Message-ID"].startswith("<") and "ev-1" in message["X-Monitor-Event-Ids"]
        html = message.get_body(("html",)).get_content()
        assert "&lt;script&gt;" in html and "<script>" not in html
        assert "王予波" in message.get_body(("plain",)).get_content()
    assert {a.status for a in alert_rows(engine)} == {outbox.DELIVERED}


async def test_webhook_500_429_200_delivered_once_and_410_failed(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/flaky", [Reply(500), Reply(429), Reply(200)])
        hook.route("/gone", Reply(410, "gone"))
        config = alerts_config(
            hooks=[{"url": hook.url + "/flaky", "name": "flaky"}, {"url": hook.url + "/gone"}]
        )
        add_alerts(engine, [event(1)], ["webhook:flaky", "webhook:1"])
        worker = AlertWorker(config, engine, "test")
        await drain(worker)
        await worker.close()
        assert hook.hits("/flaky") == 3
        assert hook.hits("/gone") == 1
    rows = {a.channel: a for a in alert_rows(engine)}
    assert rows["webhook:flaky"].status == outbox.DELIVERED and rows["webhook:flaky"].attempts == 3
    assert rows["webhook:1"].status == outbox.FAILED and "HTTP 410" in (rows["webhook:1"].last_error or "")
    with session_scope(engine) as session:
        stats = outbox.stats(session)
    assert stats["failed"] == 1 and stats["delivered_last_day"] == 1 and stats["pending"] == 0


async def test_webhook_timeout_is_retried(engine: Engine) -> None:
    with HTTPServer() as hook:
        hook.route("/slow", [Reply(200, delay=1.5), Reply(200)])
        config = alerts_config(hooks=[{"url": hook.url + "/slow", "timeout": 0.5}])
        add_alerts(engine, [event(1)], ["webhook:0"])
        worker = AlertWorker(config, engine, "test")
        first = await worker.run_once()
        assert first.retrying == 1 and "timeout" in first.errors[0]
        await drain(worker)
        await worker.close()
    assert alert_rows(engine)[0].status == outbox.DELIVERED


async def test_smtp_down_then_up_delivers_once(engine: Engine) -> None:
    port = free_port()
    config = alerts_config(smtp_port=port)
    add_alerts(engine, [event(1)], ["email"])
    worker = AlertWorker(config, engine, "test")
    report = await worker.run_once()
    assert report.retrying == 1 and "unreachable" in report.errors[0]
    row = alert_rows(engine)[0]
    assert row.status == outbox.PENDING and row.attempts == 1
    with SMTPServer(port=port) as smtp:
        await drain(worker)
        await worker.close()
        assert len(smtp.messages) == 1
    assert alert_rows(engine)[0].status == outbox.DELIVERED


async def test_gives_up_after_retry_window(engine: Engine) -> None:
    config = alerts_config(hooks=[{"url": f"http://127.0.0.1:{free_port()}/down"}], retry_for="0.5s")
    add_alerts(engine, [event(1)], ["webhook:0"])
    worker = AlertWorker(config, engine, "test")
    await drain(worker, rounds=10)
    await worker.close()
    row = alert_rows(engine)[0]
    assert row.status == outbox.FAILED and row.attempts >= 1


def test_a_claim_takes_whole_batches(engine: Engine) -> None:
    add_alerts(engine, [event(n) for n in range(3)], ["email"], batch="notice:1")
    add_alerts(engine, [event(n) for n in range(3, 5)], ["email"], batch="notice:2")
    with session_scope(engine) as session:
        rows = outbox.claim(session, "a", limit=2)
    assert sorted(r.event_id for r in rows) == ["ev-0", "ev-1", "ev-2"]


def test_claims_do_not_overlap(engine: Engine) -> None:
    add_alerts(engine, [event(n) for n in range(5)], ["webhook:0"])
    with session_scope(engine) as session:
        first = outbox.claim(session, "a", limit=3)
    with session_scope(engine) as session:
        second = outbox.claim(session, "b", limit=10)
        assert not outbox.mark_delivered(session, first[0].id or 0, "b")  # not b's claim
    assert len(first) == 3 and len(second) == 2
    assert not {a.id for a in first} & {a.id for a in second}


def _chat_reply(kind: str) -> Any:
    def handler(request: Any) -> Reply:
        body = json.loads(request.body)
        received[kind] = (request.path, body)
        return Reply(200, json.dumps({"code" if kind == "feishu" else "errcode": 0}))

    return handler


received: dict[str, Any] = {}


async def test_chat_robots_signed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROBOT_SECRET", "SECabc")
    with HTTPServer() as chat:
        for kind in ("dingtalk", "wecom", "feishu"):
            chat.route(f"/{kind}", _chat_reply(kind))
        chat.route("/bad", Reply(200, json.dumps({"errcode": 310000, "errmsg": "sign not match"})))
        hooks = [
            {"url": f"{chat.url}/{kind}?access_token=t", "type": kind, "secret_env": "ROBOT_SECRET"}
            for kind in ("dingtalk", "wecom", "feishu")
        ] + [{"url": chat.url + "/bad", "type": "dingtalk", "name": "bad"}]
        results = dict(await send_samples(alerts_config(hooks=hooks)))
    assert results["webhook:0"] is None and results["webhook:1"] is None and results["webhook:2"] is None
    assert "310000" in (results["webhook:bad"] or "")
    path, body = received["dingtalk"]
    assert "timestamp=" in path and "&sign=" in path and "access_token=t" in path
    assert "组长 王予波 → 刘宁" in body["markdown"]["text"]
    assert "王予波" in received["wecom"][1]["markdown"]["content"]
    feishu = received["feishu"][1]
    assert feishu["sign"] and feishu["timestamp"] and abs(int(feishu["timestamp"]) - time.time()) < 60
    assert feishu["msg_type"] == "text" and "刘宁" in feishu["content"]["text"]


def test_unknown_webhook_type_fails_at_load() -> None:
    with pytest.raises(ConfigError, match=r"unknown webhook type 'slack'.*dingtalk, feishu, json, wecom"):
        config_from_dict({"alerts": {"webhooks": [{"url": "http://x", "type": "slack"}]}})


async def test_a_channel_gone_from_the_config_keeps_its_alerts_pending(
    engine: Engine, tmp_path: Path, db_url: str
) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", Reply(204))
        add_alerts(engine, [event(1), event(2)], ["webhook:old", "webhook:0"])
        worker = AlertWorker(alerts_config(hooks=[{"url": hook.url + "/hook"}]), engine, "test")
        report = await worker.run_once()
        await worker.close()
    assert report.delivered == 2 and report.failed == 0
    rows = {(a.event_id, a.channel): a for a in alert_rows(engine)}
    assert rows["ev-1", "webhook:old"].status == outbox.PENDING and rows["ev-1", "webhook:old"].attempts == 0
    config = write_config(
        tmp_path / "c.toml", {"store": {"url": db_url}, "alerts": {"webhooks": [{"url": hook.url}]}}
    )
    result = run_cli("--config", str(config), "status")
    assert result.returncode == 0, result.stderr
    assert "waiting: 2 for webhook:old, which is not in the config" in result.stdout.decode()
    data = json.loads(run_cli("--config", str(config), "status", "--json").stdout)
    assert data["alerts"]["unconfigured"] == [{"channel": "webhook:old", "pending": 2}]


async def test_alerts_retry_requeues_failed_alerts(engine: Engine, tmp_path: Path, db_url: str) -> None:
    with HTTPServer() as hook:
        hook.route("/a", [Reply(410), Reply(204)])
        hook.route("/b", [Reply(410), Reply(204)])
        hooks = [{"url": hook.url + "/a", "name": "a"}, {"url": hook.url + "/b", "name": "b"}]
        add_alerts(engine, [event(1)], ["webhook:a", "webhook:b"])
        worker = AlertWorker(alerts_config(hooks=hooks), engine, "test")
        assert (await worker.run_once()).failed == 2
        config = write_config(tmp_path / "c.toml", {"store": {"url": db_url}, "alerts": {"webhooks": hooks}})
        result = run_cli("--config", str(config), "alerts", "retry", "--channel", "a")
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().strip() == "1 failed alert(s) requeued for webhook:a"
        assert (await worker.run_once()).delivered == 1
        result = run_cli("--config", str(config), "alerts", "retry", "--json")
        assert json.loads(result.stdout) == {"requeued": 1, "channel": None}
        assert (await worker.run_once()).delivered == 1
        await worker.close()
    assert {a.status for a in alert_rows(engine)} == {outbox.DELIVERED}
    assert run_cli("--config", str(config), "alerts", "retry", "--channel", "nosuch").returncode == 2


def test_a_requeued_alert_gets_a_fresh_retry_window(engine: Engine) -> None:
    add_alerts(engine, [event(1)], ["webhook:0"])
    with session_scope(engine) as session:
        [row] = outbox.claim(session, "a")
        old = utcnow() - timedelta(days=3)
        row.created_at = old
        session.add(row)
    with session_scope(engine) as session:  # a 3-day-old alert fails for good at once
        assert outbox.mark_failed(session, row.id or 0, "a", "down", permanent=False) == outbox.FAILED
    with session_scope(engine) as session:
        assert outbox.requeue_failed(session) == 1
    with session_scope(engine) as session:
        [again] = outbox.claim(session, "a")
        assert again.attempts == 0
        assert outbox.mark_failed(session, again.id or 0, "a", "down", permanent=False) == outbox.PENDING


async def test_claims_of_a_stopped_process_are_released_at_start(engine: Engine) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_owner = f"{socket.gethostname()}:{int(gone.stdout)}:abc123"
    live_owner = f"{socket.gethostname()}:{os.getppid()}:def456"  # pytest's parent: alive
    add_alerts(engine, [event(1)], ["webhook:0"])
    add_alerts(engine, [event(2)], ["webhook:0"])
    with session_scope(engine) as session:
        [first] = outbox.claim(session, dead_owner, limit=1, hold=3600)
        [second] = outbox.claim(session, live_owner, limit=1, hold=3600)
    with HTTPServer() as hook:
        hook.route("/hook", Reply(204))
        worker = AlertWorker(alerts_config(hooks=[{"url": hook.url + "/hook"}]), engine, "new")
        report = await worker.run_once()
        await worker.close()
    assert report.delivered == 1  # not after the claim's hour
    rows = {a.id: a for a in alert_rows(engine)}
    assert rows[first.id].status == outbox.DELIVERED
    assert rows[second.id].status == outbox.PENDING and rows[second.id].claimed_by == live_owner


def test_old_check_logs_and_delivered_alerts_are_pruned(engine: Engine) -> None:
    from monitor.alerts.housekeeping import prune_history
    from store.state import CheckLog

    config = config_from_dict({"store": {"keep_history": "30d"}})
    long_ago = utcnow() - timedelta(days=31)
    add_alerts(engine, [event(n) for n in range(4)], ["webhook:0"])
    with session_scope(engine) as session:
        session.add(CheckLog(source="a", started_at=long_ago))
        session.add(CheckLog(source="a"))
        rows = outbox.claim(session, "me")
    with session_scope(engine) as session:
        for row in rows[:3]:
            outbox.mark_delivered(session, row.id or 0, "me")
    with session_scope(engine) as session:
        for row in rows[:2]:
            stored = session.get(outbox.Alert, row.id)
            assert stored is not None
            stored.delivered_at = long_ago
            session.add(stored)
    assert prune_history(engine, config) == {"check_log": 1, "alerts": 2}
    assert sorted(a.event_id for a in alert_rows(engine)) == ["ev-2", "ev-3"]  # recent, and pending
    with session_scope(engine) as session:
        assert [c.started_at > long_ago for c in session.exec(select(CheckLog)).all()] == [True]


async def test_one_log_line_per_alert_per_change_of_state(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with HTTPServer() as hook:
        hook.route("/hook", [Reply(503), Reply(503), Reply(503), Reply(204)])
        add_alerts(engine, [event(1)], ["webhook:0"])
        worker = AlertWorker(alerts_config(hooks=[{"url": hook.url + "/hook"}]), engine, "test")
        with caplog.at_level(logging.INFO, logger="monitor.alerts"):
            await drain(worker)
        await worker.close()
        assert hook.hits("/hook") == 4
    lines = [r.getMessage() for r in caplog.records if r.name == "monitor.alerts"]
    assert [line.split(" channel=")[0] for line in lines] == ["alert retrying", "alert delivered"], lines
