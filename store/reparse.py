"""What `monitor reparse` needs from the store: the stored pages to read again, a way to
replace a notice's record and re-derive its groups, and the pages whose parse raised.

A reparse keeps a notice's `sha256` and `record_hash`. The record hash is the notice's
key in event ids (store.diff.event_id) and in the order of same-day notices, so a change
that the new record still yields keeps its id and is not alerted again. Events that no
longer follow are marked inactive (kept: an id once reported is never reported again);
events never stored before are returned for the caller to alert, or not.

The store does not parse (it imports nothing of `scrapers`): the caller parses the raw
bytes and hands the record here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, LargeBinary, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from store import identity
from store.db import UTCDateTime, utcnow
from store.derive import rebuild_group
from store.ingest import Route, compress, decompress, enqueue_alerts, link_bodies, record_columns, write
from store.links import apply_decisions
from store.records import NoticeRecord
from store.schema import table_of
from store.tables import ChangeEvent, Notice, NoticeGroup


class ParseFailure(SQLModel, table=True):
    """A fetched page whose parse raised: kept (raw bytes) for a later reparse, counted by
    `monitor status`. One row per page content; `notice_id` is set once a parse stores it."""

    __tablename__ = "parse_failure"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True)  # of the raw bytes
    url: str | None = None
    source: str | None = None
    raw_zst: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    error: str  # the exception, one line
    parser_version: str | None = None  # of the last parse that raised
    attempts: int = 1
    observed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)  # first fetched
    failed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)  # the last attempt
    notice_id: int | None = None  # the notice a later parse stored (None: still failing)


NOTICE, LINK, FAILURE = table_of(Notice), table_of(NoticeGroup), table_of(ParseFailure)
EVENT = table_of(ChangeEvent)


@dataclass
class StoredNotice:
    id: int
    url: str | None
    source: str | None
    title: str | None
    region: str | None
    effective: date
    observed_at: datetime
    parser_version: str | None
    has_raw: bool


@dataclass
class FailedPage:
    id: int
    url: str | None
    source: str | None
    observed_at: datetime
    attempts: int
    error: str


@dataclass
class Replaced:
    """What replacing one notice's record did."""

    changed: bool  # the record differs from the stored one
    groups: set[int] = field(default_factory=set)  # the groups re-derived
    events: list[dict[str, Any]] = field(default_factory=list)  # events never stored before


# ---- reading what is stored ------------------------------------------------------------


def stored_notices(
    session: Session, *, source: str | None = None, since: date | None = None, group_id: int | None = None
) -> list[StoredNotice]:
    """The stored notices (oldest first), of one source, effective on or after SINCE, about
    one group: any of these filters."""
    query = select(
        NOTICE.c.id,
        NOTICE.c.url,
        NOTICE.c.source,
        NOTICE.c.title,
        NOTICE.c.region,
        NOTICE.c.effective,
        NOTICE.c.observed_at,
        NOTICE.c.parser_version,
        NOTICE.c.raw_zst.is_not(None).label("has_raw"),
    ).order_by(NOTICE.c.effective, NOTICE.c.id)
    if source is not None:
        query = query.where(NOTICE.c.source == source)
    if since is not None:
        query = query.where(NOTICE.c.effective >= since)
    if group_id is not None:
        query = query.where(NOTICE.c.id.in_(select(LINK.c.notice_id).where(LINK.c.group_id == group_id)))
    return [StoredNotice(**row._mapping) for row in session.connection().execute(query)]


def raw_page(session: Session, notice_id: int) -> bytes | None:
    blob = session.connection().execute(select(NOTICE.c.raw_zst).where(NOTICE.c.id == notice_id)).scalar()
    return decompress(blob) if blob is not None else None


def groups_of(session: Session, notice_ids: list[int]) -> set[int]:
    """The groups the notices are about now."""
    found: set[int] = set()
    for start in range(0, len(notice_ids), 1000):  # bounded IN lists
        chunk = notice_ids[start : start + 1000]
        query = select(LINK.c.group_id).where(LINK.c.notice_id.in_(chunk)).distinct()
        found |= set(session.connection().execute(query).scalars())
    return found


def active_events(session: Session, group_ids: set[int]) -> dict[str, dict[str, Any]]:
    """The active change events of the groups, by id."""
    ids = sorted(group_ids)
    events: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 1000):
        query = select(EVENT.c.id, EVENT.c.payload).where(
            EVENT.c.group_id.in_(ids[start : start + 1000]), EVENT.c.active.is_(True)
        )
        events.update((row.id, row.payload) for row in session.connection().execute(query))
    return events


# ---- replacing a record ----------------------------------------------------------------


def replace_record(
    engine: Engine,
    notice_id: int,
    record: NoticeRecord,
    *,
    parser_version: str | None,
    route: Route | None = None,
    alert: bool = False,
) -> Replaced:
    """Give a stored notice a new parse of its page and re-derive every group it was or is
    now about, in one transaction. Alerts (with ALERT and a ROUTE) only events never
    stored before."""
    return write(
        engine,
        lambda session: _replace(session, notice_id, record, parser_version, route if alert else None),
        f"cannot reparse notice {notice_id}",
    )


def _replace(
    session: Session, notice_id: int, record: NoticeRecord, parser_version: str | None, route: Route | None
) -> Replaced:
    conn = session.connection()
    query = select(NOTICE.c.record, NOTICE.c.observed_at, NOTICE.c.list_date).where(NOTICE.c.id == notice_id)
    row = conn.execute(query).one()
    columns = record_columns(record, row.observed_at, row.list_date, parser_version)
    if columns["record"] == row.record:
        conn.execute(update(NOTICE).where(NOTICE.c.id == notice_id).values(parser_version=parser_version))
        return Replaced(changed=False)
    before = set(conn.execute(select(LINK.c.group_id).where(LINK.c.notice_id == notice_id)).scalars())
    conn.execute(update(NOTICE).where(NOTICE.c.id == notice_id).values(**columns))
    conn.execute(delete(LINK).where(LINK.c.notice_id == notice_id))
    groups = link_bodies(session, notice_id, record)
    groups |= apply_decisions(session)  # a person's link or unlink of a name the new record uses
    groups = {identity.follow(session, g) for g in groups | before}
    events: list[dict[str, Any]] = []
    for group_id in sorted(groups):
        events += rebuild_group(session, group_id, full=True)  # one left with no notice is cleared
    if route is not None:
        enqueue_alerts(session, events, route, notice_id)
    return Replaced(changed=True, groups=groups | before, events=events)


# ---- pages whose parse raised ----------------------------------------------------------


def record_failure(
    engine: Engine,
    raw: bytes,
    *,
    url: str | None,
    source: str | None,
    error: str,
    parser_version: str | None,
    observed_at: datetime | None = None,
) -> int:
    """Keep a page whose parse raised (once per content; a repeat counts an attempt)."""
    sha = hashlib.sha256(raw).hexdigest()

    def work(session: Session) -> int:
        conn = session.connection()
        found = conn.execute(select(FAILURE.c.id).where(FAILURE.c.sha256 == sha)).scalar()
        now = utcnow()
        if found is not None:
            again = {"error": error, "parser_version": parser_version, "failed_at": now, "notice_id": None}
            conn.execute(
                update(FAILURE).where(FAILURE.c.id == found).values(attempts=FAILURE.c.attempts + 1, **again)
            )
            return int(found)
        values: dict[str, Any] = {
            "sha256": sha,
            "url": url,
            "source": source,
            "raw_zst": compress(raw),
            "error": error,
            "parser_version": parser_version,
            "attempts": 1,
            "observed_at": observed_at or now,
            "failed_at": now,
        }
        return int(conn.execute(insert(FAILURE).returning(FAILURE.c.id), values).scalar_one())

    return write(engine, work, "cannot record a parse failure")


def failure_counts(session: Session) -> dict[str, int]:
    """`open`: pages no parse has stored yet; `total`: every page whose parse ever raised."""
    row = (
        session.connection()
        .execute(select(func.count(), func.count().filter(FAILURE.c.notice_id.is_(None))))
        .one()
    )
    return {"open": int(row[1]), "total": int(row[0])}


def open_failures(
    session: Session, *, source: str | None = None, since: date | None = None
) -> list[FailedPage]:
    """Pages still waiting for a parse that does not raise, oldest first."""
    query = (
        select(
            FAILURE.c.id,
            FAILURE.c.url,
            FAILURE.c.source,
            FAILURE.c.observed_at,
            FAILURE.c.attempts,
            FAILURE.c.error,
        )
        .where(FAILURE.c.notice_id.is_(None))
        .order_by(FAILURE.c.id)
    )
    if source is not None:
        query = query.where(FAILURE.c.source == source)
    rows = [FailedPage(**row._mapping) for row in session.connection().execute(query)]
    if since is not None:  # by the day it was fetched: the page gave no date we could read
        rows = [r for r in rows if r.observed_at.date() >= since]
    return rows


def failure_raw(session: Session, failure_id: int) -> bytes:
    blob = (
        session.connection().execute(select(FAILURE.c.raw_zst).where(FAILURE.c.id == failure_id)).scalar_one()
    )
    return decompress(blob)


def failure_stored(engine: Engine, failure_id: int, notice_id: int) -> None:
    """A later parse stored the page as NOTICE_ID: no longer an open failure."""
    write(
        engine,
        lambda s: s.connection().execute(
            update(FAILURE).where(FAILURE.c.id == failure_id).values(notice_id=notice_id)
        ),
        "cannot record a parsed page",
    )
