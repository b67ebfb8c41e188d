"""Fetching and scheduling state: per-source health and leases, the HTTP cache for
conditional GET, list items already seen, and a log of checks (for `monitor status`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import UniqueConstraint, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

from store.db import UTCDateTime, utcnow
from store.schema import table_of


class SourceState(SQLModel, table=True):
    __tablename__ = "source_state"

    source: str = Field(primary_key=True)
    last_check_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_outcome: str | None = None  # ok, unchanged, challenge, blocked, not_found, ...
    last_error: str | None = None
    last_ok_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    consecutive_failures: int = 0
    failing_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    health_alerted: bool = False  # a "failing" alert went out and no "recovered" yet
    baseline_done: bool = False  # the first check (baseline) has been stored
    next_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_owner: str | None = None  # the daemon holding this source's check
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HttpCache(SQLModel, table=True):
    __tablename__ = "http_cache"

    url: str = Field(primary_key=True)
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    status: int | None = None
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SeenItem(SQLModel, table=True):
    __tablename__ = "seen_item"
    __table_args__ = (UniqueConstraint("source", "url", name="uq_seen_item_source_url"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    url: str = Field(index=True)
    title: str | None = None
    date: str | None = None
    matched: bool = False  # passed the title filter (its page was fetched)
    notice_id: int | None = None  # the stored notice, when one was made
    first_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CheckLog(SQLModel, table=True):
    __tablename__ = "check_log"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    duration: float = 0.0
    outcome: str = "ok"
    items: int = 0
    matched: int = 0
    new_notices: int = 0
    events: int = 0
    error: str | None = None


class NoticeAttachment(SQLModel, table=True):
    """A document attached to a notice page (.pdf .doc .docx .wps .xls .xlsx)."""

    __tablename__ = "notice_attachment"
    __table_args__ = (UniqueConstraint("page_url", "url", name="uq_notice_attachment_page_url"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    page_url: str = Field(index=True)  # the notice page that links it
    url: str
    name: str | None = None
    notice_id: int | None = None
    read: bool = False  # its text was parsed with the notice ("成员名单见附件")
    first_seen: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# ---------------------------------------------------------------------------------------------
# The one API for source_state: every read and write of the table goes through these, in
# SQLAlchemy Core on the caller's connection (so they join the caller's transaction).

_STATE = table_of(SourceState)
_DEFAULTS = {"consecutive_failures": 0, "health_alerted": False, "baseline_done": False}
# the columns a check writes; health_alerted and the lease columns have their own calls
CHECK_COLUMNS = (
    "last_check_at",
    "last_outcome",
    "last_error",
    "last_ok_at",
    "consecutive_failures",
    "failing_since",
    "baseline_done",
)


def _insert(conn: Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(_STATE)
    from sqlalchemy.dialects import sqlite  # the same API

    return sqlite.insert(_STATE)


def ensure_sources(conn: Connection, names: list[str]) -> None:
    """Create the missing rows of these sources; daemons starting together may race to
    create the same row, so the insert skips rows that exist (ON CONFLICT DO NOTHING)."""
    if names:
        rows = [{"source": name, **_DEFAULTS} for name in names]
        conn.execute(_insert(conn).on_conflict_do_nothing(index_elements=["source"]), rows)


def read_states(conn: Connection, names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The rows of these sources (all rows when `names` is None), as dicts by source."""
    query = select(_STATE)
    found: dict[str, dict[str, Any]] = {}
    chunks = [None] if names is None else [names[i : i + 500] for i in range(0, len(names), 500)]
    for chunk in chunks:
        where = query if chunk is None else query.where(_STATE.c.source.in_(chunk))
        for row in conn.execute(where).mappings():
            found[row["source"]] = dict(row)
    return found


def write_checks(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Upsert what checks found (CHECK_COLUMNS, and `next_run_at` when a row has it)."""
    for with_next in (True, False):
        chosen = [r for r in rows if ("next_run_at" in r) == with_next]
        if not chosen:
            continue
        columns = (*CHECK_COLUMNS, "next_run_at") if with_next else CHECK_COLUMNS
        values = [{**_DEFAULTS, **r} for r in chosen]
        stmt = _insert(conn)
        stmt = stmt.on_conflict_do_update(
            index_elements=["source"], set_={c: stmt.excluded[c] for c in columns}
        )
        conn.execute(stmt, values)


def set_health_alerted(conn: Connection, source: str, alerted: bool) -> None:
    conn.execute(update(_STATE).where(_STATE.c.source == source).values(health_alerted=alerted))


def due_times(conn: Connection) -> dict[str, datetime | None]:
    return {source: due for source, due in conn.execute(select(_STATE.c.source, _STATE.c.next_run_at))}


def clear_leases(conn: Connection) -> None:
    """Drop every lease (the SQLite daemon, sole user of its file, clears a killed one's)."""
    conn.execute(
        update(_STATE).where(_STATE.c.lease_owner.is_not(None)).values(lease_owner=None, lease_until=None)
    )


def claim_lease(
    conn: Connection, source: str, owner: str, *, hold: float, slack: float = 0.0, now: datetime | None = None
) -> bool:
    """Take the lease on `source` for `hold` seconds if it is due (within `slack` seconds)
    and no other daemon holds it: the row is taken FOR UPDATE SKIP LOCKED (PostgreSQL;
    SQLite serialises writers). The caller commits to make the lease visible."""
    now = now or utcnow()
    query = select(_STATE).where(_STATE.c.source == source).with_for_update(skip_locked=True)
    row = conn.execute(query).mappings().first()
    if row is None:
        return False  # missing, or another daemon holds it locked
    lease_until = _aware(row["lease_until"])
    if row["lease_owner"] not in (None, owner) and lease_until and lease_until > now:
        return False
    due = _aware(row["next_run_at"])
    if due and due > now + timedelta(seconds=slack):
        return False  # another daemon checked it during this interval
    conn.execute(
        update(_STATE)
        .where(_STATE.c.source == source)
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=hold))
    )
    return True


def renew_lease(conn: Connection, source: str, owner: str, *, hold: float) -> bool:
    """Extend this owner's lease (a long check); False when it is no longer ours."""
    result = conn.execute(
        update(_STATE)
        .where(_STATE.c.source == source, _STATE.c.lease_owner == owner)
        .values(lease_until=utcnow() + timedelta(seconds=hold))
    )
    return bool(result.rowcount)


def release_lease(conn: Connection, source: str, owner: str | None, *, next_run_at: datetime) -> None:
    """Give this owner's lease back (if it holds it) and say when the source is next due."""
    conn.execute(update(_STATE).where(_STATE.c.source == source).values(next_run_at=next_run_at))
    if owner is not None:
        conn.execute(
            update(_STATE)
            .where(_STATE.c.source == source, _STATE.c.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def _aware(value: datetime | None) -> datetime | None:
    """Core reads through UTCDateTime already give aware datetimes; SQLite text may not."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
