"""History queries of CONTRACT §3: groups, history, as-of, changes, person.

Each returns plain JSON-ready data in the contract's shapes; the CLI only formats it.
"""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import String, bindparam, cast, func, or_, select
from sqlmodel import Session, col

from store import identity
from store.schema import table_of
from store.tables import (
    ChangeEvent,
    GroupDecision,
    GroupName,
    GroupSuggestion,
    Grp,
    Notice,
    PostSpan,
    Version,
)

EVENT_TYPES = (
    "group_established",
    "group_renamed",
    "group_merged",
    "group_abolished",
    "subgroup_added",
    "subgroup_removed",
    "subgroup_renamed",
    "office_moved",
    "holder_changed",
    "member_added",
    "member_removed",
    "title_changed",
)
PERSON_ASSUMPTION = (
    "the same name in the same region is taken to be the same person; "
    "posts held at the same time in different regions are namesakes (numbered)"
)


class QueryError(Exception):
    """The query cannot be answered as asked (unknown group, ambiguous name, no version)."""


# The grp table, for reads keyed by group id: its columns are untyped, where Grp.id reads
# `int | None` (None only before an insert).
_GROUPS = table_of(Grp)
_GROUP = select(col(Grp.id), col(Grp.name), col(Grp.absorbed_into))
_GROUP_BY_ID = _GROUP.where(col(Grp.id) == bindparam("gid"))
_GROUP_BY_NAME = _GROUP.join(GroupName, col(GroupName.group_id) == col(Grp.id)).where(
    or_(col(GroupName.norm).in_(bindparam("norms", expanding=True)), col(GroupName.name) == bindparam("ref"))
)


def find_group(session: Session, ref: str) -> Any:
    """A group (a row with `id` and `name`) by id or by any name it has had (current or
    former, in any region); an absorbed id or name leads to the group that took it over."""
    ref = ref.strip()
    connection = session.connection()
    if ref.isdigit():
        group = _current(session, int(ref))
        if group is None:
            raise QueryError(f"no group with id {ref}")
        return group
    norms = {identity.normalize_name(ref, r) for r in _regions_that_expand(session, ref)}
    found: dict[int, Any] = {}
    for row in connection.execute(_GROUP_BY_NAME, {"norms": sorted(norms), "ref": ref}):
        group = row if row.absorbed_into is None else _current(session, row.absorbed_into)
        if group is not None:
            found[group.id] = group
    if not found:
        raise QueryError(f"no group named {ref!r}")
    if len(found) > 1:
        raise QueryError(
            f"{ref!r} names several groups (ids {', '.join(map(str, sorted(found)))}): give an id"
        )
    return next(iter(found.values()))


def _current(session: Session, group_id: int) -> Any:
    """The row of the group GROUP_ID means now (absorbed ids point at their successor)."""
    return session.connection().execute(_GROUP_BY_ID, {"gid": identity.follow(session, group_id)}).first()


def _regions_that_expand(session: Session, ref: str) -> set[str]:
    """The regions whose name normalisation can rewrite REF ("省政府…" in 青海省 is
    "青海省人民政府…"), plus "" for no region. Only a name that starts with a level
    (省, 市…) depends on which regions exist; "X政府…" expands within the name itself."""
    base = identity.normalize_name(ref, None)
    regions = {""}
    if any(base.startswith(level) for level in identity.LEVELS):
        regions |= set(session.connection().execute(select(col(Grp.region)).distinct()).scalars())
    start = 0
    while (at := base.find("政府", start)) > 0:  # "X政府…" → "X人民政府…" when X is the region
        regions.add(base[:at])
        start = at + 2
    return regions


def groups(
    session: Session,
    *,
    region: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Groups (`groups --json`) ordered by id; SEARCH as `group_search` reads it (the CLI,
    the API and the web view's search all use this one function)."""
    query = select(Grp).where(col(Grp.absorbed_into).is_(None)).order_by(col(Grp.id))
    if region:
        query = query.where(col(Grp.region) == identity.region_key(region))
    if search and search.strip():
        query = query.where(group_search(search))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return describe_groups(session, session.scalars(query).all())


def describe_groups(session: Session, rows: Any) -> list[dict[str, Any]]:
    """The `groups --json` objects of these group rows (also used by store.listing)."""
    stats = _version_stats(session, [g.id for g in rows])
    names = _names(session, [g.id for g in rows])
    result = []
    for g in rows:
        count, first, last, abolished = stats.get(g.id, (0, None, None, False))
        status = "merged" if g.merged_into else "abolished" if abolished else "active"
        result.append(
            {
                "id": g.id,
                "name": g.name,
                "region": g.region or None,
                "former_names": [n for n in names.get(g.id, []) if n != g.name],
                "versions": count,
                "first": first.isoformat() if first else None,
                "last": last.isoformat() if last else None,
                "status": status,
                "merged_into": g.merged_into,
            }
        )
    return result


def _version_stats(session: Session, ids: list[int | None]) -> dict[int, tuple[int, date, date, bool]]:
    if not ids:
        return {}
    of_group, effective, seq = col(Version.group_id), col(Version.effective), col(Version.seq)
    conn = session.connection()
    rows = conn.execute(
        select(of_group, func.count(), func.min(effective), func.max(effective), func.max(seq))
        .where(of_group.in_(ids))
        .group_by(of_group)
    ).all()
    # Abolished versions are few: read them all at once, not the last version of each group
    # one by one (5,000 statements made `groups --json` take 4 s on 5,000 groups).
    ended = col(Version.abolished).is_(True)
    found = select(of_group, seq).where(of_group.in_(ids), ended)
    abolished = set(conn.execute(found))
    return {
        group_id: (count, first, last, (group_id, top) in abolished)
        for group_id, count, first, last, top in rows
    }


def _names(session: Session, ids: list[int | None]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    if ids:
        of_group = col(GroupName.group_id)
        query = select(of_group, col(GroupName.name)).where(of_group.in_(ids)).order_by(col(GroupName.id))
        rows = session.connection().execute(query).all()
        for group_id, name in rows:
            names.setdefault(group_id, []).append(name)
    return names


def suggestions(session: Session) -> list[dict[str, Any]]:
    """Identity candidates for a person to judge: near names, and bodies one notice set up
    while abolishing another. Pairs already one body, or decided apart, are left out.

    A few statements whatever the number of suggestions (four per suggestion took 10 s
    on 15,000 suggestions): the absorbed groups and the names are read at once."""
    conn = session.connection()
    rows = conn.execute(
        select(
            col(GroupSuggestion.group_id),
            col(GroupSuggestion.candidate_id),
            col(GroupSuggestion.score),
            col(GroupSuggestion.reason),
        ).order_by(col(GroupSuggestion.id))
    ).all()
    moved = select(_GROUPS.c.id, _GROUPS.c.absorbed_into).where(_GROUPS.c.absorbed_into.is_not(None))
    absorbed = dict(conn.execute(moved).all())

    def follow(group_id: int) -> int:  # identity.follow, on the groups read above
        for _ in range(20):
            if group_id not in absorbed:
                return group_id
            group_id = absorbed[group_id]
        return group_id

    unlinked = _unlinked_pairs(session)
    pairs = [(follow(r.group_id), follow(r.candidate_id), r) for r in rows]
    pairs = [(a, b, r) for a, b, r in pairs if a != b and frozenset((a, b)) not in unlinked]
    names: dict[int, str] = dict(conn.execute(select(_GROUPS.c.id, _GROUPS.c.name)).all()) if pairs else {}
    return [
        {
            "group_id": a,
            "group": names.get(a),
            "candidate_id": b,
            "candidate": names.get(b),
            "score": r.score,
            "reason": r.reason,
        }
        for a, b, r in pairs
    ]


def _unlinked_pairs(session: Session) -> set[frozenset[int]]:
    """The pairs of groups a person said are two bodies (groups unlink)."""
    pairs = set()
    for d in session.scalars(select(GroupDecision).where(col(GroupDecision.linked).is_(False))):
        a = identity.lookup_name(session, d.old_name, d.old_region)
        b = identity.lookup_name(session, d.new_name, d.new_region)
        if a is not None and b is not None:
            pairs.add(frozenset((a, b)))
    return pairs


# A version with the three notice fields it is quoted with (never the notice's raw bytes
# or full record, which would cost more to load than the version itself).
_VERSION_ROWS = select(
    col(Version.seq),
    col(Version.effective),
    col(Version.name),
    col(Version.groups),
    col(Version.abolished),
    col(Version.date_source),
    col(Notice.doc_number),
    col(Notice.url),
    col(Notice.title),
).join(Notice, col(Notice.id) == col(Version.notice_id))
_HISTORY = _VERSION_ROWS.where(col(Version.group_id) == bindparam("gid")).order_by(col(Version.seq))
_ASOF = (
    _VERSION_ROWS.where(col(Version.group_id) == bindparam("gid"), col(Version.effective) <= bindparam("day"))
    .order_by(col(Version.seq).desc())
    .limit(1)
)


def _version_object(row: Any) -> dict[str, Any]:
    groups = row.groups or []
    for g in groups:  # versions derived before the flag was kept: listed in full
        g.setdefault("partial", False)
    return {
        "version": row.seq,
        "effective": row.effective.isoformat(),
        "name": row.name,
        "notice": {"doc_number": row.doc_number, "url": row.url, "title": row.title},
        "groups": groups,
        "abolished": row.abolished,
        "date_source": row.date_source,  # which date `effective` is (date, published, list, fetched)
        # The notice listed only some of the main group's members (each group has its own).
        "partial": bool(groups and groups[0]["partial"]),
    }


def history(session: Session, ref: str) -> list[dict[str, Any]]:
    group = find_group(session, ref)
    rows = session.connection().execute(_HISTORY, {"gid": group.id})
    return [_version_object(row) for row in rows]


def asof(session: Session, ref: str, day: date) -> dict[str, Any]:
    group = find_group(session, ref)
    row = session.connection().execute(_ASOF, {"gid": group.id, "day": day}).first()
    if row is None:
        raise QueryError(f"group {group.id} ({group.name}) has no version on or before {day.isoformat()}")
    return _version_object(row)


def changes(session: Session, **filters: Any) -> list[dict[str, Any]]:
    """Active change events by effective date (then by version and position), filtered as
    `change_rows` is."""
    return [payload for payload, _ in change_rows(session, **filters)]


def change_rows(
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
) -> list[tuple[dict[str, Any], int]]:
    """Active change events with their notice ids, by effective date (then version and
    position; newest first with NEWEST_FIRST): of GROUP, since/until a date, of a TYPE, in
    a REGION, naming TEXT in their values (names, people, titles, units, notice), in a window."""
    if type is not None and type not in EVENT_TYPES:
        raise QueryError(f"unknown event type {type!r}; one of: {', '.join(EVENT_TYPES)}")
    effective, payload = col(ChangeEvent.effective), col(ChangeEvent.payload)
    stmt = select(payload, col(ChangeEvent.notice_id)).where(col(ChangeEvent.active).is_(True))
    if group is not None:
        stmt = stmt.where(col(ChangeEvent.group_id) == find_group(session, group).id)
    if since is not None:
        stmt = stmt.where(effective >= since)
    if until is not None:
        stmt = stmt.where(effective <= until)
    if type is not None:
        stmt = stmt.where(col(ChangeEvent.type) == type)
    if region:
        stmt = stmt.where(col(ChangeEvent.region) == identity.region_key(region))
    needle = text.strip() if text else ""
    if needle and not any(c in needle for c in '"\\'):
        # The JSON column holds the text unescaped (orjson), so a LIKE on it keeps every event
        # that may name NEEDLE, cheaply; `mentions` then looks at the values only.
        stmt = stmt.where(cast(payload, String).ilike(like_pattern(needle), escape="\\"))
    order = [effective, col(ChangeEvent.group_id), col(ChangeEvent.seq), col(ChangeEvent.position)]
    stmt = stmt.order_by(*(c.desc() for c in order) if newest_first else order)
    if not needle:
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        return [(payload, notice_id) for payload, notice_id in session.connection().execute(stmt)]
    found = (
        (payload, notice_id)
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


def person(session: Session, name: str, *, region: str | None = None) -> list[dict[str, Any]]:
    """Every post held by NAME, with from/to dates (only in REGION, when given).

    One name is taken to be one person, except where the data says otherwise: posts held
    at the same time in different regions are two namesakes. Each row says its region and
    `namesake`, the number of the person it belongs to (1, 2, … by first post)."""
    wanted = identity.normalize_person(name)
    query = (
        select(
            col(PostSpan.subgroup),
            col(PostSpan.role),
            col(PostSpan.title),
            col(PostSpan.start),
            col(PostSpan.end),
            col(PostSpan.person),
            col(Grp.id),
            col(Grp.name),
            col(Grp.region),
        )
        .join(Grp, col(Grp.id) == col(PostSpan.group_id))
        .where(col(PostSpan.person).in_({name.strip(), wanted}))
        .order_by(col(PostSpan.start), col(PostSpan.group_id), col(PostSpan.id))
    )
    rows = session.connection().execute(query).all()
    people = namesakes([(row.region, row.start, row.end) for row in rows])
    result = [
        {
            "group": row.name,
            "group_id": row.id,
            "subgroup": row.subgroup,
            "role": row.role,
            "title": row.title,
            "from": row.start.isoformat(),
            "to": row.end.isoformat() if row.end else None,
            "person": row.person,
            "region": row.region or None,
            "namesake": people[row.region],
        }
        for row in rows
    ]
    if region is not None:
        result = [r for r in result if (r["region"] or "") == identity.region_key(region)]
    return result


def namesakes(spans: list[tuple[str, date, date | None]]) -> dict[str, int]:
    """Which person each region's posts belong to: regions are taken in the order of their
    first post, and each joins the first person none of whose posts overlap its own in
    time; a region whose posts overlap every person's so far is a new person."""
    by_region: dict[str, list[tuple[date, date]]] = {}
    for region, start, end in spans:
        by_region.setdefault(region, []).append((start, end or date.max))

    def overlap(a: list[tuple[date, date]], b: list[tuple[date, date]]) -> bool:
        return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)

    people: list[list[tuple[date, date]]] = []
    number: dict[str, int] = {}
    for region in sorted(by_region, key=lambda r: (min(by_region[r]), r)):
        posts = by_region[region]
        index = next((i for i, p in enumerate(people) if not overlap(p, posts)), len(people))
        if index == len(people):
            people.append([])
        people[index] += posts
        number[region] = index + 1
    return number


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape "\\") that matches TEXT literally anywhere: the user's % and _
    are characters to find, not wildcards."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def group_search(text: str) -> Any:
    """The condition on Grp of a group search: TEXT in any name the group has had (as
    written or normalised), in an alias, or in its region."""
    from store.tables import GroupAlias  # here, so this search stays one block of the file

    pattern = like_pattern(text)
    norm = like_pattern(identity.normalize_name(text, None))
    named = select(col(GroupName.group_id)).where(
        or_(col(GroupName.name).like(pattern, escape="\\"), col(GroupName.norm).like(norm, escape="\\"))
    )
    aliased = select(col(GroupAlias.group_id)).where(col(GroupAlias.norm).like(norm, escape="\\"))
    return or_(
        col(Grp.name).like(pattern, escape="\\"),
        col(Grp.region).like(pattern, escape="\\"),
        col(Grp.id).in_(named),
        col(Grp.id).in_(aliased),
    )
