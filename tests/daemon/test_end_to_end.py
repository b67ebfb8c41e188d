"""The whole path with the real pipeline: a new notice on a portal on 127.0.0.1 → a signed
webhook POST and an email on a real aiosmtpd server within one poll; and `monitor demo`."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from monitor.config import config_from_dict
from monitor.daemon import Daemon
from monitor.demo.servers import DemoPortal, MailReceiver, WebhookReceiver, load_notices
from store.db import open_engine
from store.state import SourceState
from tests.conftest import run_cli

SECRET = "e2e-secret"


async def wait_until(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for an event; the timeout is a safety net, not a measure."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def test_new_notice_alerts_by_webhook_and_email_within_one_poll(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("E2E_SECRET", SECRET)
    portal = DemoPortal(load_notices(), initial=1, step=0)  # only the 2019 notice is up
    hook = WebhookReceiver(SECRET, lambda _: None)
    mail = MailReceiver(lambda _: None)
    interval = 1.5
    config = config_from_dict(
        {
            "store": {"url": db_url},
            "scheduler": {"interval": interval, "jitter": 0},
            "sources": [{"name": "qinghai", "list_urls": [portal.url + "/zfwj/"], "min_delay": 0}],
            "alerts": {
                "email": {"host": "127.0.0.1", "port": mail.port, "to": ["a@example.org"]},
                "webhooks": [{"url": hook.url, "secret_env": "E2E_SECRET"}],
            },
        }
    )
    engine = open_engine(db_url)
    daemon = Daemon(config, engine)
    results: list[Any] = []
    daemon.on_check = results.append
    task = asyncio.create_task(daemon.run())
    try:

        def baseline_stored() -> bool:
            with Session(engine) as session:
                state = session.get(SourceState, "qinghai")
                return state is not None and state.baseline_done

        await wait_until(baseline_stored)  # the baseline: stored, not alerted
        await wait_until(lambda: len(results) >= 2)  # a check after it, and its delivery round
        assert not hook.received and not mail.messages
        portal.initial = 3  # the Chongqing notice and the Qinghai personnel change go up
        published = len(results)
        await wait_until(lambda: hook.received and mail.messages)
        after = results[published:]
    finally:
        daemon.stop()
        await asyncio.wait_for(task, 30)
        portal.close()
        hook.close()
        mail.close()
        engine.dispose()
    # within one poll: the check in hand when the notices went up may have missed them, the next found them
    assert any(r.events for r in after[:2]), [(r.outcome, len(r.events)) for r in after]
    changed = [e for e in hook.events if e["type"] == "holder_changed" and e["role"] == "组长"]
    assert changed and changed[0]["before"]["person"] == "王予波" and changed[0]["after"]["person"] == "刘宁"
    assert set(hook.received.values()) == {1}  # signed (the receiver checks) and once each
    # one email per notice: the Chongqing group's establishment, the Qinghai change
    bodies = [m.get_body(("plain",)).get_content() for m in mail.messages]
    assert len(mail.messages) == 2 and sum("组长 王予波 → 刘宁" in b for b in bodies) == 1
    assert all("协调小组" in m["Subject"] for m in mail.messages)


def test_demo_runs_offline_and_prints_the_history(tmp_path: Path) -> None:
    result = run_cli("demo", "--step", "1", "--dir", str(tmp_path), timeout=90)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "webhook ✓ signed  【变动】省政府推进政府职能转变和“放管服”改革协调小组：组长 王予波 → 刘宁" in out
    assert "email   ✉ to analyst@example.org" in out
    assert "【更名】" in out and "none delivered twice" in out
    history = out.split("=== History of", 1)[1]
    assert "v1  2019-02-14" in history and "省政府优化营商环境和“放管服”改革协调小组" in history
    assert (tmp_path / "demo.db").exists()
