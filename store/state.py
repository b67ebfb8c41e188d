"""Fetching and scheduling state: per-source health and leases, the HTTP cache for
conditional GET, list items already seen, and a log of checks (for `monitor status`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.db import UTCDateTime, utcnow


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
