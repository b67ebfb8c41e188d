"""Tables of the versioned store.

Stored facts: `notice` (raw bytes, compressed, and the parse output) and `notice_group`
(which group each body of a notice is about) with the group identities (`grp`,
`group_name`, `group_alias`, `group_suggestion`).

Derived, rebuildable from the facts: `version` (one per notice per group, with the §1
composition), `post_span` (who held which post from when to when, for `person`) and
`change_event` (CONTRACT §2 events; rows are kept, not deleted, so an id once reported is
never reported again: a re-derivation that drops an event marks it inactive).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.db import UTCDateTime, utcnow


class Notice(SQLModel, table=True):
    __tablename__ = "notice"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True)  # of the raw bytes (of the record JSON when no bytes)
    record_hash: str = Field(unique=True)  # of the canonical parse output: same content, same notice
    doc_number: str | None = Field(default=None, index=True)
    title: str | None = None
    url: str | None = None
    region: str | None = None
    source: str | None = None
    effective: date  # notice date, else publication date, else list-page date, else first fetched
    # Which of those `effective` is (date, published, list, fetched); null on rows stored
    # before it was kept.
    date_source: str | None = None
    list_date: date | None = None  # the date the source's list page gave the notice
    observed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    raw_zst: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    record: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    parser_version: str | None = None  # scrapers.parse.PARSER_VERSION of `record` (None: not parsed here)


class Grp(SQLModel, table=True):
    """A leading or coordinating body; its id is kept for life (through renames and merges)."""

    __tablename__ = "grp"

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(default="", index=True)  # "" when the notices name no region
    name: str  # the current name (name of the latest version)
    merged_into: int | None = Field(default=None)  # a 合并 notice folded this group into another
    absorbed_into: int | None = Field(default=None)  # identity union: this id now means that group
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupName(SQLModel, table=True):
    """Every name a group has had, normalised; one name belongs to one group per region."""

    __tablename__ = "group_name"
    __table_args__ = (
        UniqueConstraint("region", "norm", name="uq_group_name_region_norm"),
        Index("ix_group_name_region_core", "region", "core"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="grp.id", index=True)
    region: str = ""
    norm: str = Field(index=True)
    # The name without the issuer's prefix (国务院/全国/国家, the region, its 人民政府):
    # names that share it are one body when only one group of the region has it.
    core: str | None = None
    name: str = Field(index=True)  # as first written
    kind: str = "name"  # name (seen as the group's name) or former (the old name of a 更名)


class GroupAlias(SQLModel, table=True):
    """Short names (以下简称…); used for matching only when one group in the region has it."""

    __tablename__ = "group_alias"
    __table_args__ = (UniqueConstraint("group_id", "norm", name="uq_group_alias_group_norm"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="grp.id", index=True)
    region: str = Field(default="", index=True)
    norm: str = Field(index=True)


class GroupSuggestion(SQLModel, table=True):
    """A fuzzy identity candidate, for a human to confirm: never merged automatically."""

    __tablename__ = "group_suggestion"
    __table_args__ = (UniqueConstraint("group_id", "candidate_id", name="uq_group_suggestion_pair"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="grp.id", index=True)
    candidate_id: int = Field(foreign_key="grp.id")
    score: float
    reason: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupDecision(SQLModel, table=True):
    """A person's decision that two names are one body (linked) or not (unlinked).

    Kept by name, not by id, so that every rebuild (and a reparse that re-resolves
    identities) applies it again."""

    __tablename__ = "group_decision"
    __table_args__ = (
        UniqueConstraint("old_region", "old_norm", "new_region", "new_norm", name="uq_group_decision_pair"),
    )

    id: int | None = Field(default=None, primary_key=True)
    old_region: str = ""
    old_norm: str
    old_name: str
    new_region: str = ""
    new_norm: str
    new_name: str
    linked: bool  # true: one body (link); false: two bodies (unlink)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NoticeGroup(SQLModel, table=True):
    """A body of a notice (the name it is written under there) and the group it is about."""

    __tablename__ = "notice_group"
    __table_args__ = (UniqueConstraint("notice_id", "body", name="uq_notice_group_body"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id")  # indexed by uq_notice_group_body
    group_id: int = Field(foreign_key="grp.id", index=True)
    body: str


class Version(SQLModel, table=True):
    __tablename__ = "version"
    __table_args__ = (
        UniqueConstraint("group_id", "seq", name="uq_version_group_seq"),
        Index("ix_version_group_effective", "group_id", "effective"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="grp.id")
    seq: int  # 1, 2, … in effective order
    notice_id: int = Field(foreign_key="notice.id")
    effective: date
    name: str
    abolished: bool = False
    groups: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))  # §1 shape
    date_source: str | None = None  # which date `effective` is (see Notice.date_source)


class PostSpan(SQLModel, table=True):
    """One holder in one role of a (sub-)group with one title, over consecutive versions."""

    __tablename__ = "post_span"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="grp.id", index=True)
    key: str  # sub-group|role|holder|title: what makes one span
    subgroup: str | None = None
    role: str
    person: str | None = Field(default=None, index=True)
    unit: str | None = None
    title: str | None = None
    start: date
    end: date | None = None  # the effective date of the version that no longer has it


class ChangeEvent(SQLModel, table=True):
    __tablename__ = "change_event"
    # `changes` reads this index in its output order (no sort step, however many events).
    __table_args__ = (Index("ix_change_event_order", "active", "effective", "group_id", "seq", "position"),)

    id: str = Field(primary_key=True)  # stable hash of the change (see store.diff.event_id)
    group_id: int = Field(foreign_key="grp.id", index=True)
    type: str
    effective: date
    seq: int  # the version of the group that introduced it
    position: int  # position within that version's events
    notice_id: int = Field(foreign_key="notice.id")
    region: str = ""
    active: bool = True  # false when a re-derivation no longer yields it (kept: never re-alerted)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StoreMeta(SQLModel, table=True):
    """Facts about the store itself, by key: `derivation`, the DERIVATION_VERSION
    (store.derive) its derived tables were built by (no row: before it was kept)."""

    __tablename__ = "store_meta"

    key: str = Field(primary_key=True)
    value: str
