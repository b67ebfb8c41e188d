"""The alert outbox (DESIGN rule 7): one row per change event and channel, written in the
transaction that writes the event; a worker in `monitor.alerts` delivers and marks them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, delete, func, or_, update
from sqlmodel import Field, Session, SQLModel, col, select

from store.db import UTCDateTime, utcnow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class Alert(SQLModel, table=True):
    __tablename__ = "alert"
    __table_args__ = (UniqueConstraint("event_id", "channel", name="uq_alert_event_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True)  # the change event's stable id (CONTRACT §2)
    channel: str  # a channel key from config: "email", "webhook:<name or index>"
    batch: str | None = None  # alerts of one notice's events go out together by email
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default=PENDING, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str | None = None
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    requeued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # `alerts retry`


def enqueue(
    session: Session,
    event_id: str,
    payload: dict[str, Any],
    channels: Iterable[str],
    *,
    batch: str | None = None,
) -> int:
    """Add a pending alert for each channel not already holding this event; returns how many.

    Called inside the caller's transaction, so alerts commit (or roll back) with the event.
    """
    wanted = set(channels)
    if not wanted:
        return 0
    existing = set(session.exec(select(col(Alert.channel)).where(col(Alert.event_id) == event_id)))
    added = 0
    for channel in sorted(wanted - existing):
        session.add(Alert(event_id=event_id, channel=channel, payload=payload, batch=batch))
        added += 1
    return added


# --- delivery side: claims, outcomes, backoff, stats -------------------------------------


def claim(
    session: Session,
    owner: str,
    *,
    limit: int = 100,
    hold: float = 120.0,
    now: datetime | None = None,
    channels: Iterable[str] | None = None,
) -> list[Alert]:
    """Take up to `limit` due pending alerts for `owner` for `hold` seconds, in one transaction;
    only those of `channels` when given (the others wait: a channel gone from the config, or
    one whose deliveries are still under way).

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several daemons claim at once without taking
    the same row; SQLite serialises writers, so the plain transaction suffices there. A claim
    left by a crashed daemon expires after `hold` seconds and the row is claimed again.
    """
    now = now or utcnow()
    wanted = None if channels is None else sorted(set(channels))
    if wanted == []:
        return []
    query = (
        select(Alert)
        .where(col(Alert.status) == PENDING, col(Alert.next_attempt_at) <= now)
        .where(or_(col(Alert.claimed_until).is_(None), col(Alert.claimed_until) < now))
        .order_by(col(Alert.batch), col(Alert.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if wanted is not None:
        query = query.where(col(Alert.channel).in_(wanted))
    rows = list(session.exec(query))
    rows += _rest_of_batches(session, rows, now, wanted)  # a notice's email goes out whole
    until = now + timedelta(seconds=hold)
    for row in rows:
        row.claimed_by, row.claimed_until = owner, until
        session.add(row)
    return rows


def _rest_of_batches(
    session: Session, rows: list[Alert], now: datetime, channels: list[str] | None
) -> list[Alert]:
    """Rows of the (batch, channel) pairs `rows` started that the limit cut off."""
    started = {(row.batch, row.channel) for row in rows if row.batch}
    if not started:
        return []
    query = (
        select(Alert)
        .where(col(Alert.status) == PENDING, col(Alert.batch).in_({b for b, _ in started}))
        .where(col(Alert.id).not_in([row.id for row in rows]))
        .where(col(Alert.channel).in_({c for _, c in started}))
        .where(or_(col(Alert.claimed_until).is_(None), col(Alert.claimed_until) < now))
        .with_for_update(skip_locked=True)
    )
    more = session.exec(query)
    return [row for row in more if (row.batch, row.channel) in started]


def _mine(session: Session, alert_id: int, owner: str) -> Alert | None:
    row = session.get(Alert, alert_id, with_for_update=True)
    if row is None or row.status != PENDING or row.claimed_by != owner:
        return None  # the claim expired and another daemon took it over
    return row


def mark_delivered(session: Session, alert_id: int, owner: str) -> bool:
    row = _mine(session, alert_id, owner)
    if row is None:
        return False
    row.status, row.delivered_at = DELIVERED, utcnow()
    row.attempts += 1
    row.claimed_by = row.claimed_until = None
    row.last_error = None
    session.add(row)
    return True


def backoff_delay(attempts: int, base: float, cap: float) -> float:
    """Seconds to wait after the `attempts`-th failed try: base, 2·base, 4·base … up to cap."""
    return float(min(cap, base * 2 ** max(0, attempts - 1)))


def mark_failed(
    session: Session,
    alert_id: int,
    owner: str,
    error: str,
    *,
    permanent: bool,
    base: float = 30.0,
    cap: float = 3600.0,
    give_up_after: float = 86400.0,
) -> str | None:
    """Record a failed try: retry later with exponential backoff, or fail for good when the
    error is permanent or the alert is older than `give_up_after`. Returns the new status."""
    row = _mine(session, alert_id, owner)
    if row is None:
        return None
    now = utcnow()
    row.attempts += 1
    row.last_error = error[:1000]
    row.claimed_by = row.claimed_until = None
    delay = backoff_delay(row.attempts, base, cap)
    retry_at = now + timedelta(seconds=delay)
    window_start = row.requeued_at or row.created_at
    if permanent or (retry_at - window_start).total_seconds() > give_up_after:
        row.status = FAILED
    else:
        row.next_attempt_at = retry_at
    session.add(row)
    return row.status


def requeue_failed(session: Session, channel: str | None = None, now: datetime | None = None) -> int:
    """Put failed alerts (of one channel, or all) back in the queue for a fresh round of tries:
    due now, backoff and retry window started again. Returns how many."""
    now = now or utcnow()
    query = update(Alert).where(col(Alert.status) == FAILED)
    if channel is not None:
        query = query.where(col(Alert.channel) == channel)
    values = {"status": PENDING, "attempts": 0, "next_attempt_at": now, "requeued_at": now}
    result = session.exec(query.values(**values))
    return int(result.rowcount or 0)


def claim_owners(session: Session) -> list[str]:
    """Who holds claims on pending alerts now."""
    claimed_by = col(Alert.claimed_by)
    query = select(claimed_by).where(col(Alert.status) == PENDING, claimed_by.is_not(None))
    return sorted({owner for owner in session.exec(query.distinct()) if owner is not None})


def release_claims(session: Session, owners: Iterable[str]) -> int:
    """Drop the claims of these owners (processes known to be gone): their alerts are due
    again at once instead of when the claims expire."""
    owners = sorted(set(owners))
    if not owners:
        return 0
    query = update(Alert).where(col(Alert.status) == PENDING, col(Alert.claimed_by).in_(owners))
    result = session.exec(query.values(claimed_by=None, claimed_until=None))
    return int(result.rowcount or 0)


def prune_delivered(session: Session, before: datetime) -> int:
    """Delete alerts delivered before `before` (their events stay in the store)."""
    query = delete(Alert).where(col(Alert.status) == DELIVERED, col(Alert.delivered_at) < before)
    return int(session.exec(query).rowcount or 0)


def stats(
    session: Session, *, since: datetime | None = None, channels: Iterable[str] | None = None
) -> dict[str, Any]:
    """Counts for `monitor status`: pending, failed (with the latest errors), delivered since;
    with the configured `channels`, the pending alerts of channels no longer configured
    (they wait until the channel is back)."""
    since = since or utcnow() - timedelta(days=1)
    count, status = func.count(col(Alert.id)), col(Alert.status)
    pending = session.scalar(select(count).where(status == PENDING))
    failed = session.scalar(select(count).where(status == FAILED))
    delivered = session.scalar(select(count).where(status == DELIVERED, col(Alert.delivered_at) >= since))
    retrying = session.scalar(select(count).where(status == PENDING, col(Alert.attempts) > 0))
    recent_failures = session.exec(
        select(Alert).where(status == FAILED).order_by(col(Alert.id).desc()).limit(10)
    )
    data: dict[str, Any] = {
        "pending": pending,
        "retrying": retrying,
        "failed": failed,
        "delivered_last_day": delivered,
        "failures": [
            {"event_id": a.event_id, "channel": a.channel, "attempts": a.attempts, "error": a.last_error}
            for a in recent_failures
        ],
    }
    if channels is not None:
        channel = col(Alert.channel)
        by_channel = session.exec(
            select(channel, count)
            .where(status == PENDING, channel.not_in(sorted(set(channels))))
            .group_by(channel)
            .order_by(channel)
        ).all()
        data["unconfigured"] = [{"channel": channel, "pending": n} for channel, n in by_channel]
    return data
