"""How long the store keeps what only operations need: the log of checks and the alerts
already delivered. Notices, versions and events are history and are never pruned."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from store import outbox
from store.db import utcnow
from store.state import CheckLog


def prune(session: Session, keep: float, now: datetime | None = None) -> dict[str, int]:
    """Delete check_log rows and delivered alerts older than `keep` seconds; returns how many
    of each. Runs in the caller's transaction."""
    before = (now or utcnow()) - timedelta(seconds=keep)
    query = delete(CheckLog).where(col(CheckLog.started_at) < before)
    checks = int(session.exec(query).rowcount or 0)
    return {"check_log": checks, "alerts": outbox.prune_delivered(session, before)}
