"""The alert outbox (DESIGN rule 7): one row per change event and channel, written in the
transaction that writes the event; a worker in `monitor.alerts` delivers and marks them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, select
from sqlmodel import Field, Session, SQLModel

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
    existing = set(
        session.exec(  # type: ignore[call-overload]
            select(Alert.channel).where(Alert.event_id == event_id)
        ).scalars()
    )
    added = 0
    for channel in sorted(wanted - existing):
        session.add(Alert(event_id=event_id, channel=channel, payload=payload, batch=batch))
        added += 1
    return added
