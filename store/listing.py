"""Read queries of the web view that `store.query` does not answer: changes filtered and
paged (newest first), group search by any name, alias or region, a group's detail and
timeline, the difference of any two versions, a stored notice, and the sources' state.

Like `store.query`, each returns plain data; shapes shared with the CLI come from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import String, bindparam, cast, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from store import identity, query
from store.diff import Body, Composition, diff
from store.ingest import decompress
from store.state import SourceState
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


def changes(
    session: Session,
    *,
    group: str | None = None,
    since: date | None = None,
    until: date | None = None,
    type: str | None = None,
    region: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[ListedEvent]:
    """Active change events filtered like `query.changes`, plus an end date, a region, a
    text in the event's values (names, people, titles, units, notice) and a window; oldest
    first as the CLI prints them, or newest first for the web's pages and feeds."""
    if type is not None and type not in query.EVENT_TYPES:
        raise query.QueryError(f"unknown event type {type!r}; one of: {', '.join(query.EVENT_TYPES)}")
    stmt = select(ChangeEvent.payload, ChangeEvent.notice_id).where(ChangeEvent.active.is_(True))  # type: ignore[attr-defined]
    if group is not None:
        stmt = stmt.where(ChangeEvent.group_id == query.find_group(session, group).id)
    if since is not None:
        stmt = stmt.where(ChangeEvent.effective >= since)
    if until is not None:
        stmt = stmt.where(ChangeEvent.effective <= until)
    if type is not None:
        stmt = stmt.where(ChangeEvent.type == type)
    if region:
        stmt = stmt.where(ChangeEvent.region == identity.region_key(region))
    needle = text.strip() if text else ""
    if needle and not any(c in needle for c in '"\\'):
        # The JSON column holds the text unescaped (orjson), so a LIKE on it keeps every event
        # that may name NEEDLE, cheaply; `mentions` then looks at the values only.
        stmt = stmt.where(cast(ChangeEvent.payload, String).ilike(query.like_pattern(needle), escape="\\"))
    order = [ChangeEvent.effective, ChangeEvent.group_id, ChangeEvent.seq, ChangeEvent.position]
    stmt = stmt.order_by(*(c.desc() for c in order) if newest_first else order)  # type: ignore[attr-defined]
    if not needle:
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        rows = session.connection().execute(stmt)
        return [ListedEvent(payload, notice_id) for payload, notice_id in rows]
    found = (
        ListedEvent(payload, notice_id)
        for payload, notice_id in session.connection().execute(stmt)
        if mentions(payload, needle)
    )
    return list(islice(found, offset, None if limit is None else offset + limit))


SEARCHED_FIELDS = ("group", "subgroup", "role", "before", "after", "region")
SEARCHED_NOTICE_FIELDS = ("title", "doc_number")
SEARCHED_HOLDER_FIELDS = ("person", "title", "unit")


def searched_values(event: dict[str, Any]) -> list[str]:
    """The words of a change event a text search looks in: names, people, titles, units,
    the notice's title and number; not its keys, ids, type, dates or URLs."""
    values: list[Any] = [event.get(k) for k in SEARCHED_FIELDS]
    values += [(event.get("notice") or {}).get(k) for k in SEARCHED_NOTICE_FIELDS]
    words = []
    for value in values:
        if isinstance(value, dict):  # a holder: person, title, unit
            words += [value.get(k) for k in SEARCHED_HOLDER_FIELDS]
        else:
            words.append(value)
    return [w for w in words if isinstance(w, str) and w]


def mentions(event: dict[str, Any], text: str) -> bool:
    wanted = text.strip().casefold()
    return any(wanted in value.casefold() for value in searched_values(event))


def regions(session: Session) -> list[str]:
    """Every region some group belongs to (for the filters' choices)."""
    stmt = select(Grp.region).where(Grp.region != "").distinct().order_by(Grp.region)
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
            GroupSuggestion.group_id,
            Grp.name,
            GroupSuggestion.candidate_id,
            candidate.name,
            GroupSuggestion.score,
            GroupSuggestion.reason,
        )
        .join(Grp, Grp.id == GroupSuggestion.group_id)  # type: ignore[arg-type]
        .join(candidate, candidate.id == GroupSuggestion.candidate_id)  # type: ignore[arg-type]
        .where(or_(GroupSuggestion.group_id.in_(ids), GroupSuggestion.candidate_id.in_(ids)))  # type: ignore[attr-defined]
        .order_by(GroupSuggestion.id)
        .limit(limit)
    )
    keys = ("group_id", "group", "candidate_id", "candidate", "score", "reason")
    return [dict(zip(keys, row, strict=True)) for row in rows]


_GROUP_ROW = select(Grp.region, Grp.merged_into).where(Grp.id == bindparam("gid"))
_GROUP_NAMES = select(GroupName.name).where(GroupName.group_id == bindparam("gid")).order_by(GroupName.id)
_GROUP_ALIASES = (
    select(GroupAlias.norm).where(GroupAlias.group_id == bindparam("gid")).order_by(GroupAlias.id)
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
    select(ChangeEvent.seq, ChangeEvent.payload)
    .where(ChangeEvent.group_id == bindparam("gid"), ChangeEvent.active.is_(True))  # type: ignore[attr-defined]
    .order_by(ChangeEvent.seq, ChangeEvent.position)
)
_VERSION_NOTICES = select(Version.seq, Version.notice_id).where(Version.group_id == bindparam("gid"))


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
        select(Grp.id, Grp.name)
        .join(NoticeGroup, NoticeGroup.group_id == Grp.id)  # type: ignore[arg-type]
        .where(NoticeGroup.notice_id == notice_id)
        .order_by(Grp.id)
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


def source_states(session: Session) -> dict[str, SourceState]:
    """Every source's fetch and schedule state, by name."""
    return {s.source: s for s in session.exec(select(SourceState)).scalars()}  # type: ignore[call-overload]
