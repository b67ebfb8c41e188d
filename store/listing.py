"""Read queries of the web view that `store.query` does not answer: changes filtered and
paged (newest first), group search by any name, alias or region, a group's detail and
timeline, the difference of any two versions, a stored notice, and the sources' state.

Like `store.query`, each returns plain data; shapes shared with the CLI come from there.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from store import query
from store.diff import Body, Composition, diff
from store.ingest import decompress
from store.tables import (
    ChangeEvent,
    GroupAlias,
    GroupName,
    GroupSuggestion,
    Grp,
    Notice,
    NoticeGroup,
    Version,
)


@dataclass
class ListedEvent:
    """A change event (CONTRACT §2 payload) and the notice that brought it."""

    event: dict[str, Any]
    notice_id: int


def changes(session: Session, *, newest_first: bool = False, **filters: Any) -> list[ListedEvent]:
    """`query.changes` with each event's notice: oldest first as the CLI prints them, or
    newest first for the web's pages and feeds."""
    rows = query.change_rows(session, newest_first=newest_first, **filters)
    return [ListedEvent(payload, notice_id) for payload, notice_id in rows]


def regions(session: Session) -> list[str]:
    """Every region some group belongs to (for the filters' choices)."""
    region = col(Grp.region)
    stmt = select(region).where(region != "").distinct().order_by(region)
    return list(session.connection().execute(stmt).scalars())


def search_groups(
    session: Session, *, text: str | None = None, region: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Groups (the `monitor groups --json` shape) found as `query.groups` finds them, one page."""
    return query.groups(session, region=region, search=text, limit=limit, offset=offset)


def suggestions_among(session: Session, ids: list[int], limit: int = 100) -> list[dict[str, Any]]:
    """The identity suggestions (as `query.suggestions` gives them) that involve any of IDS,
    in one statement: a page shows those of its groups, not the whole store's."""
    if not ids:
        return []
    candidate = aliased(Grp)
    rows = session.connection().execute(
        select(
            col(GroupSuggestion.group_id),
            col(Grp.name),
            col(GroupSuggestion.candidate_id),
            col(candidate.name),
            col(GroupSuggestion.score),
            col(GroupSuggestion.reason),
        )
        .join(Grp, col(Grp.id) == col(GroupSuggestion.group_id))
        .join(candidate, col(candidate.id) == col(GroupSuggestion.candidate_id))
        .where(or_(col(GroupSuggestion.group_id).in_(ids), col(GroupSuggestion.candidate_id).in_(ids)))
        .order_by(col(GroupSuggestion.id))
        .limit(limit)
    )
    keys = ("group_id", "group", "candidate_id", "candidate", "score", "reason")
    return [dict(zip(keys, row, strict=True)) for row in rows]


_GROUP_ROW = select(col(Grp.region), col(Grp.merged_into)).where(col(Grp.id) == bindparam("gid"))
_GROUP_NAMES = (
    select(col(GroupName.name)).where(col(GroupName.group_id) == bindparam("gid")).order_by(col(GroupName.id))
)
_GROUP_ALIASES = (
    select(col(GroupAlias.norm))
    .where(col(GroupAlias.group_id) == bindparam("gid"))
    .order_by(col(GroupAlias.id))
)


def group_detail(session: Session, ref: str) -> dict[str, Any]:
    """`/api/groups/{GROUP}`: id, current name, all names, aliases, region, status and the
    current version (the §3 version object)."""
    return group_and_history(session, ref)[0]


def group_and_history(session: Session, ref: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The group's detail and its history (`query.history`), read once for a page that
    shows both, with prepared statements: a body page must answer in milliseconds."""
    group = query.find_group(session, ref)
    conn = session.connection()
    region, merged_into = conn.execute(_GROUP_ROW, {"gid": group.id}).one()
    versions = query.history(session, str(group.id))
    # The status rule of query.describe_groups: merged, else abolished by the last version.
    abolished = bool(versions and versions[-1].get("abolished"))
    detail = {
        "id": group.id,
        "name": group.name,
        "names": list(dict.fromkeys(conn.execute(_GROUP_NAMES, {"gid": group.id}).scalars())),
        "aliases": list(conn.execute(_GROUP_ALIASES, {"gid": group.id}).scalars()),
        "region": region or None,
        "status": "merged" if merged_into else "abolished" if abolished else "active",
        "merged_into": merged_into,
        "versions": len(versions),
        "current": versions[-1] if versions else None,
    }
    return detail, versions


_TIMELINE_EVENTS = (
    select(col(ChangeEvent.seq), col(ChangeEvent.payload))
    .where(col(ChangeEvent.group_id) == bindparam("gid"), col(ChangeEvent.active).is_(True))
    .order_by(col(ChangeEvent.seq), col(ChangeEvent.position))
)
_VERSION_NOTICES = select(col(Version.seq), col(Version.notice_id)).where(
    col(Version.group_id) == bindparam("gid")
)


def timeline(session: Session, group_id: int) -> dict[int, dict[str, Any]]:
    """Per version number: the id of its notice and the change events it brought."""
    conn = session.connection()
    result: dict[int, dict[str, Any]] = {
        seq: {"notice_id": notice_id, "events": []}
        for seq, notice_id in conn.execute(_VERSION_NOTICES, {"gid": group_id})
    }
    for seq, payload in conn.execute(_TIMELINE_EVENTS, {"gid": group_id}):
        result.setdefault(seq, {"notice_id": None, "events": []})["events"].append(payload)
    return result


def compare(
    versions: list[dict[str, Any]], region: str | None, first: int, second: int
) -> list[dict[str, Any]]:
    """The change events from version FIRST to version SECOND of one group's history (any
    two, either order), computed on records as the store computes its own events."""
    by_number = {v["version"]: v for v in versions}
    for number in (first, second):
        if number not in by_number:
            raise query.QueryError(f"no version {number} (versions 1 to {len(versions)})")
    a, b = by_number[first], by_number[second]
    before = Composition(a["name"], bool(a.get("abolished")), a["groups"])
    after = Composition(b["name"], bool(b.get("abolished")), b["groups"])
    if not before.groups or not after.groups:
        return []
    return diff(before, after, Body(name=after.name, region=region))


def notice(session: Session, notice_id: int) -> dict[str, Any]:
    """A stored notice: its fields, the raw page bytes (decompressed; None when it was
    stored from a record) and the groups it speaks about."""
    row = session.get(Notice, notice_id)
    if row is None:
        raise query.QueryError(f"no notice with id {notice_id}")
    groups = session.connection().execute(
        select(col(Grp.id), col(Grp.name))
        .join(NoticeGroup, col(NoticeGroup.group_id) == col(Grp.id))
        .where(col(NoticeGroup.notice_id) == notice_id)
        .order_by(col(Grp.id))
    )
    record = row.record or {}
    return {
        "id": row.id,
        "title": row.title,
        "doc_number": row.doc_number,
        "url": row.url,
        "date": record.get("date"),
        "effective": row.effective.isoformat(),
        "issuer": record.get("issuer"),
        "region": row.region,
        "source": row.source,
        "observed_at": row.observed_at.isoformat(timespec="seconds"),
        "raw": decompress(row.raw_zst) if row.raw_zst else None,
        "groups": [{"id": gid, "name": name} for gid, name in groups],
    }


def in_memory(url: URL) -> bool:
    """Whether a SQLite URL names an in-memory database: `sqlite://`, `sqlite:///:memory:`,
    or a URI with `mode=memory` (`sqlite:///file:name?mode=memory&uri=true`)."""
    database = url.database or ""
    return (
        database in ("", ":memory:")
        or database.startswith("file::memory:")
        or url.query.get("mode") == "memory"
        or "mode=memory" in database
    )


class DataVersion:
    """A value that changes whenever anyone commits to the store, read in microseconds so
    that a web request can ask it before every answer: SQLite's `PRAGMA data_version` on a
    connection of its own (it changes when any other connection, of this process or
    another, commits). None where no such value is cheap (PostgreSQL, an in-memory
    SQLite store): nothing is then kept on the strength of it.

    The connection is opened at the first read and closed by `close()`, or else when this
    object is collected (an application dropped without its shutdown) or at exit."""

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self._closed = False
        self._connect: Callable[[], Any] | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._connection_error: type[Exception] = engine.dialect.loaded_dbapi.Error
        if engine.dialect.name == "sqlite" and not in_memory(engine.url):
            args, options = engine.dialect.create_connect_args(engine.url)
            # Asked from the web's event loop: a store busy past 0.1 s means "keep nothing now"
            # rather than a stalled loop.
            options = {**options, "check_same_thread": False, "timeout": 0.1}
            self._connect = functools.partial(engine.dialect.loaded_dbapi.connect, *args, **options)

    def read(self) -> int | None:
        with self._lock:
            if self._connection is None:
                if self._connect is None or self._closed:
                    return None
                self._connection = self._connect()
                self._finalizer = weakref.finalize(self, self._connection.close)
            try:
                # fetchall: run to the end, so no read transaction stays open between calls
                return int(self._connection.execute("PRAGMA data_version").fetchall()[0][0])
            except self._connection_error:  # a store that cannot be read now: keep nothing
                return None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._finalizer is not None:
                self._finalizer()  # closes the connection, once
            self._connection = None
