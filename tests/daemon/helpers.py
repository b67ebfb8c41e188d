"""Shared bits of the daemon tests: events, configs, outbox rows."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts.worker import SAMPLE_EVENT
from monitor.config import Config, config_from_dict
from store import outbox
from store.db import session_scope


def event(n: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE_EVENT)
    data.pop("test")
    data["id"] = f"ev-{n}"
    data.update(changes)
    return data


def alerts_config(
    *, smtp_port: int | None = None, hooks: list[dict[str, Any]] | None = None, **extra: Any
) -> Config:
    alerts: dict[str, Any] = {"retry_base": "0.2s", "retry_max_delay": "1s", **extra}
    if smtp_port:
        alerts["email"] = {
            "host": "127.0.0.1",
            "port": smtp_port,
            "to": ["analyst@example.org"],
            "timeout": 5,
        }
    alerts["webhooks"] = hooks or []
    return config_from_dict({"alerts": alerts})


def add_alerts(
    engine: Engine, events: list[dict[str, Any]], channels: list[str], batch: str | None = None
) -> None:
    with session_scope(engine) as session:
        for e in events:
            outbox.enqueue(session, e["id"], e, channels, batch=batch)


def alert_rows(engine: Engine) -> list[outbox.Alert]:
    with Session(engine) as session:
        return list(session.exec(select(outbox.Alert).order_by(outbox.Alert.id)).all())


def valid_signature(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


async def until(condition: Callable[[], Any], what: str = "a condition", timeout: float = 60.0) -> None:
    """Wait on the event loop until `condition()` holds. The timeout is a safety net far above
    any expected wait (a loaded machine only makes the wait longer), not a measure."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
