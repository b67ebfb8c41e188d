"""Derived data of one group, rebuilt from its stored notices: versions in effective
order, the change events between them, and the post spans used by `person`.

Re-deriving is deterministic (notices sorted by effective date, then content hash) and
event ids hash the change itself, so inserting an older notice re-creates the same ids
for the changes that stay the same. Rebuilding starts at the first version that differs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import bindparam, case, delete, func, insert, select, type_coerce, update
from sqlmodel import Session

from store import identity
from store.batch import insert_new
from store.db import utcnow
from store.diff import Body, Composition, apply, diff, event_id, holder_key, role_key
from store.records import NoticeRecord
from store.schema import table_of
from store.tables import ChangeEvent, Grp, Notice, NoticeGroup, PostSpan, Version

Pair = tuple[dict[str, Any], dict[str, Any]]  # an event's payload and its row values

# Core tables for the writes: plain INSERT/UPDATE without the ORM's per-row bookkeeping.
VERSION, EVENT, SPAN = table_of(Version), table_of(ChangeEvent), table_of(PostSpan)
GRP, NOTICE, LINK = table_of(Grp), table_of(Notice), table_of(NoticeGroup)

# The statements of every ingest, built once (building them costs more than running them).
LOCK_GROUP = select(GRP.c.name).where(GRP.c.id == bindparam("gid")).with_for_update()
GROUP_NOTICES = (
    select(
        NOTICE.c.id,
        NOTICE.c.effective,
        NOTICE.c.record_hash,
        NOTICE.c.doc_number,
        NOTICE.c.url,
        NOTICE.c.title,
        NOTICE.c.region,
        NOTICE.c.date_source,
        LINK.c.body,
        GRP.c.name.label("group_name"),
    )
    .join(LINK, LINK.c.notice_id == NOTICE.c.id)
    .join(GRP, GRP.c.id == LINK.c.group_id)
    .where(LINK.c.group_id == bindparam("gid"))
    .with_for_update(of=GRP)  # LOCK_GROUP in the same round trip
)
# Every version's notice, and the last one's composition (what an appended notice applies to).
_LAST_SEQ = select(func.max(VERSION.c.seq)).where(VERSION.c.group_id == bindparam("gid")).scalar_subquery()
GROUP_VERSIONS = (
    select(
        VERSION.c.seq,
        VERSION.c.notice_id,
        VERSION.c.effective,
        VERSION.c.name,
        VERSION.c.abolished,
        type_coerce(case((VERSION.c.seq == _LAST_SEQ, VERSION.c.groups)), VERSION.c.groups.type).label(
            "groups"
        ),
    )
    .where(VERSION.c.group_id == bindparam("gid"))
    .order_by(VERSION.c.seq)
)
VERSION_RANGE = (
    select(VERSION.c.effective, VERSION.c.name, VERSION.c.abolished, VERSION.c.groups)
    .where(
        VERSION.c.group_id == bindparam("gid"),
        VERSION.c.seq >= bindparam("first"),
        VERSION.c.seq <= bindparam("last"),
    )
    .order_by(VERSION.c.seq)
)
END_SPANS = (
    update(SPAN)
    .where(
        SPAN.c.group_id == bindparam("gid"),
        SPAN.c.end.is_(None),
        SPAN.c.key.in_(bindparam("keys", expanding=True)),
    )
    .values(end=bindparam("ended_on"))
)
INSERT_VERSION, INSERT_SPAN = insert(VERSION), insert(SPAN)


def rebuild_group(
    session: Session,
    group_id: int,
    *,
    full: bool = False,
    records: dict[int, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Re-derive GROUP_ID's versions, events and spans; returns the events never stored before.

    RECORDS: stored records already at hand, by notice id (saves reading them back).
    """
    conn = session.connection()  # Core statements: this runs on every ingest
    # Reading its notices locks the group: concurrent writers of one group take turns (PostgreSQL).
    rows = conn.execute(GROUP_NOTICES, {"gid": group_id}).all()
    name = rows[0].group_name if rows else conn.execute(LOCK_GROUP, {"gid": group_id}).scalar_one()
    links = _by_notice(rows)
    versions = conn.execute(GROUP_VERSIONS, {"gid": group_id}).all()
    if not links:  # every notice of it now belongs to another group (unlinked, absorbed)
        _clear(session, group_id)
        return []
    keep = 0
    if not full:
        while keep < len(versions) and keep < len(links) and versions[keep].notice_id == links[keep].id:
            keep += 1
    if keep == len(versions) == len(links):
        return []
    appending = keep == len(versions)
    if not appending:
        conn.execute(delete(VERSION).where(VERSION.c.group_id == group_id, VERSION.c.seq > keep))
    records = dict(records or {})
    wanted = [r.id for r in links[keep:] if r.id not in records]
    if wanted:
        query = select(NOTICE.c.id, NOTICE.c.record).where(NOTICE.c.id.in_(wanted))
        records.update((row[0], row[1]) for row in conn.execute(query))
    old_ids: set[str] = set()
    if not appending:
        query = select(EVENT.c.id).where(EVENT.c.group_id == group_id, EVENT.c.seq > keep)
        old_ids = set(conn.execute(query).scalars())
    # Appending needs only the last version; a re-derivation needs all kept ones (for spans).
    if appending:
        comps = [
            (v.effective, Composition(name=v.name, abolished=v.abolished, groups=v.groups))
            for v in versions[-1:]
        ]
    else:
        comps = _compositions(session, group_id, 1, keep)
    prev = comps[-1][1] if comps else None
    spans_from = len(comps) if appending else 0
    apart = partial(unlinked_names, session)
    new_versions, events = _derive(group_id, prev, links[keep:], keep + 1, records, comps, apart)
    conn.execute(INSERT_VERSION, new_versions)
    fresh = _store_events(session, events)
    stale = old_ids - {row["id"] for _, row in events}
    if stale:
        conn.execute(update(EVENT).where(EVENT.c.id.in_(stale)).values(active=False))
    if comps[-1][1].name != name:
        conn.execute(update(GRP).where(GRP.c.id == group_id).values(name=comps[-1][1].name))
    if appending and not full:
        last = comps[spans_from - 1][1] if keep else None
        _extend_spans(session, group_id, last, comps[spans_from:])
    else:
        _rebuild_spans(session, group_id, comps)
    session.flush()
    return fresh


def _derive(
    group_id: int,
    prev: Composition | None,
    links: list[Any],
    first_seq: int,
    records: dict[int, dict[str, Any]],
    comps: list[tuple[date, Composition]],
    apart: Callable[[str, str | None], set[str]],
) -> tuple[list[dict[str, Any]], list[Pair]]:
    """Apply each notice onto the version before it: the version rows and event rows.
    Appends each new composition to COMPS. APART(name, region): the normalised names a
    person said are another body than NAME's (groups unlink)."""
    versions: list[dict[str, Any]] = []
    events: list[Pair] = []
    for seq, notice in enumerate(links, start=first_seq):
        body = _body(records[notice.id], notice.region, notice.bodies)
        if body.renamed_from or body.merged_from:  # a person's unlink outweighs the notice
            other = apart(body.name, notice.region)
            if other:
                body.renamed_from = [n for n in body.renamed_from if _norm(n, notice.region) not in other]
                body.merged_from = [n for n in body.merged_from if _norm(n, notice.region) not in other]
        comp = apply(prev, body)
        versions.append(
            {
                "group_id": group_id,
                "seq": seq,
                "notice_id": notice.id,
                "effective": notice.effective,
                "name": comp.name,
                "abolished": comp.abolished,
                "groups": comp.groups,
                "date_source": notice.date_source,
            }
        )
        comps.append((notice.effective, comp))
        for position, change in enumerate(diff(prev, comp, body)):
            event = _payload(change, group_id, notice, comp.name)
            row = {
                "id": event["id"],
                "group_id": group_id,
                "type": event["type"],
                "effective": notice.effective,
                "seq": seq,
                "position": position,
                "notice_id": notice.id,
                "region": identity.region_key(notice.region),
                "active": True,
                "payload": event,
            }
            events.append((event, row))
        prev = comp
    return versions, events


def _norm(name: str, region: str | None) -> str:
    return identity.normalize_name(name, identity.region_key(region))


def unlinked_names(session: Session, name: str, region: str | None) -> set[str]:
    """The normalised names a person said are not NAME's body (groups unlink)."""
    region = identity.region_key(region)
    norm = identity.normalize_name(name, region)
    rows = session.connection().execute(identity.UNLINKED_FROM, {"region": region, "norm": norm})
    return {row.new_norm if row.old_norm == norm else row.old_norm for row in rows}


def _store_events(session: Session, events: list[Pair]) -> list[dict[str, Any]]:
    """Insert events never seen; refresh the rows of known ids. Returns the new payloads."""
    unique: dict[str, Pair] = {}
    for event, row in events:
        unique.setdefault(row["id"], (event, row))
    if not unique:
        return []
    conn, now = session.connection(), utcnow()
    rows = [r | {"created_at": now} for _, r in unique.values()]
    inserted = set(conn.execute(insert_new(conn, EVENT, EVENT.c.id), rows).scalars())  # new ids only
    fresh = [(e, r) for i, (e, r) in unique.items() if i in inserted]
    for i in unique.keys() - inserted:
        row = unique[i][1]
        values = {k: row[k] for k in ("group_id", "seq", "position", "active", "payload", "effective")}
        session.execute(update(EVENT).where(EVENT.c.id == i).values(**values))
    return [e for e, _ in fresh]


def _clear(session: Session, group_id: int) -> None:
    conn = session.connection()
    conn.execute(delete(VERSION).where(VERSION.c.group_id == group_id))
    conn.execute(delete(SPAN).where(SPAN.c.group_id == group_id))
    conn.execute(update(EVENT).where(EVENT.c.group_id == group_id).values(active=False))


def rebuild_all(session: Session) -> int:
    """Re-derive every group from the stored notices (no alerts); returns how many groups.

    Identities first: names stored before a matching rule existed are matched again
    (identity.reconcile), then every person's link/unlink decision is applied again."""
    from store import links  # links builds on this module

    identity.reconcile(session)
    links.apply_decisions(session)
    ids = session.scalars(select(GRP.c.id).where(GRP.c.absorbed_into.is_(None)).order_by(GRP.c.id))
    count = 0
    for group_id in list(ids):
        rebuild_group(session, group_id, full=True)
        count += 1
    return count


def _compositions(session: Session, group_id: int, first: int, last: int) -> list[tuple[date, Composition]]:
    """Versions FIRST..LAST (seq) of a group as (effective, composition)."""
    if last < first:
        return []
    params = {"gid": group_id, "first": first, "last": last}
    rows = session.connection().execute(VERSION_RANGE, params).all()
    return [(r.effective, Composition(name=r.name, abolished=r.abolished, groups=r.groups)) for r in rows]


@dataclass
class _Notice:
    """A notice of the group's timeline, with the names of the bodies it says are the group."""

    id: int
    effective: date
    record_hash: str
    doc_number: str | None
    url: str | None
    title: str | None
    region: str | None
    date_source: str | None
    bodies: list[str]


def _by_notice(rows: Sequence[Any]) -> list[_Notice]:
    """One entry per notice in effective order (then content hash: deterministic)."""
    notices: dict[int, _Notice] = {}
    for row in sorted(rows, key=lambda r: (r.effective, r.record_hash, r.body)):
        if row.id in notices:
            notices[row.id].bodies.append(row.body)
        else:  # positional: this runs for every notice of the group on every ingest
            notices[row.id] = _Notice(
                row.id, row.effective, row.record_hash, row.doc_number, row.url, row.title,
                row.region, row.date_source, [row.body],
            )  # fmt: skip
    return list(notices.values())


def _body(record: dict[str, Any], region: str | None, names: list[str]) -> Body:
    found: dict[str, Body] = {}
    for body in split_bodies(record):
        found[body.name] = body
        # A name stored before an event gave the listed short name in full.
        found.setdefault(identity.clean_name((body.main or {}).get("name") or body.name), body)
    # A name stored before names were cleaned finds its body by its clean form.
    bodies = [
        found.get(name) or found.get(identity.clean_name(name)) or Body(name=name, region=region)
        for name in names
    ]
    return bodies[0] if len(bodies) == 1 else combine(bodies)


def combine(bodies: list[Body]) -> Body:
    """Several bodies of one notice that are one group (a person linked them, or a notice
    tells its renames as a chain): one step of its history. A body that is abolished
    beside one that goes on is the old name of the one that goes on (成立A，撤销B, linked:
    B renamed A); the name that no other body was renamed from is the current one."""
    going_on = [b for b in bodies if "abolish" not in b.actions or b.main] or bodies
    former = {n for b in going_on for n in b.renamed_from}
    current = next((b for b in going_on if b.name not in former), going_on[-1])
    listed = current if current.main else next((b for b in going_on if b.main), current)
    merged = Body(name=current.name, region=current.region, main=listed.main)
    merged.subgroups = list(listed.subgroups) or [s for b in going_on for s in b.subgroups]
    # Former names oldest first: back along the chain of renames from the current name.
    by_name = {b.name: b for b in bodies}
    chain: list[str] = []
    step = current
    while step.renamed_from and step.renamed_from[0] not in chain and step.renamed_from[0] != current.name:
        chain.insert(0, step.renamed_from[0])
        step = by_name.get(step.renamed_from[0], Body(name="", region=None))
    merged.renamed_from = chain
    for b in bodies:
        merged.changes += b.changes
        merged.actions |= b.actions
        merged.merged_from += [n for n in b.merged_from if n not in merged.merged_from]
        for n in [*b.renamed_from, b.name]:
            if n != current.name and n not in merged.renamed_from:
                merged.renamed_from.append(n)
    if going_on is not bodies:  # something goes on: the abolished names are former names
        merged.actions.discard("abolish")
    return merged


def _payload(change: dict[str, Any], group_id: int, notice: Any, name: str) -> dict[str, Any]:
    region = notice.region
    return {
        "id": event_id(change, region=region, group_name=name, notice_key=notice.record_hash),
        "type": change["type"],
        "group": name,
        "group_id": group_id,
        "subgroup": change["subgroup"],
        "role": change["role"],
        "before": change["before"],
        "after": change["after"],
        "effective": notice.effective.isoformat(),
        "notice": {"doc_number": notice.doc_number, "url": notice.url, "title": notice.title},
        "region": region,
        # Which date `effective` is: date, published, list (the list page's) or fetched.
        "date_source": notice.date_source,
    }


def _holdings(comp: Composition) -> dict[str, dict[str, Any]]:
    """The posts of a version by span key (sub-group, role, holder, title)."""
    current: dict[str, dict[str, Any]] = {}
    if not comp.abolished:
        for g in comp.groups:
            sub = None if g is comp.groups[0] else g["name"]
            for m in g["members"]:
                key = "|".join((sub or "", role_key(m.get("role")), holder_key(m), m.get("title") or ""))
                current.setdefault(key, {**m, "subgroup": sub})
    return current


def _span(group_id: int, key: str, m: dict[str, Any], start: date) -> dict[str, Any]:
    return {
        "group_id": group_id,
        "key": key,
        "subgroup": m["subgroup"],
        "role": role_key(m.get("role")),
        "person": m.get("person"),
        "unit": m.get("unit"),
        "title": m.get("title"),
        "start": start,
        "end": None,
    }


def _rebuild_spans(session: Session, group_id: int, comps: list[tuple[date, Composition]]) -> None:
    """Who held what from when to when: one span per unbroken run of versions."""
    session.execute(delete(SPAN).where(SPAN.c.group_id == group_id))
    spans: list[dict[str, Any]] = []
    open_spans: dict[str, dict[str, Any]] = {}
    for effective, comp in comps:
        current = _holdings(comp)
        for key in [k for k in open_spans if k not in current]:
            open_spans.pop(key)["end"] = effective
        for key, m in current.items():
            if key not in open_spans:
                open_spans[key] = _span(group_id, key, m, effective)
                spans.append(open_spans[key])
    if spans:
        session.connection().execute(INSERT_SPAN, spans)


def _extend_spans(
    session: Session, group_id: int, last: Composition | None, new: list[tuple[date, Composition]]
) -> None:
    """Appending versions (to LAST, None for a new group): close the spans they end, open
    the ones they start."""
    held = _holdings(last) if last is not None else {}
    for effective, comp in new:
        current = _holdings(comp)
        ended = [k for k in held if k not in current]
        if ended:
            session.connection().execute(END_SPANS, {"gid": group_id, "keys": ended, "ended_on": effective})
        started = [_span(group_id, k, m, effective) for k, m in current.items() if k not in held]
        if started:
            session.connection().execute(INSERT_SPAN, started)
        held = current


def split_bodies(record: NoticeRecord | dict[str, Any]) -> list[Body]:
    """The bodies a notice speaks about: each top-level group with its sub-groups, plus
    bodies named only by an event (撤销 A、B) or a personnel change."""
    data = record.to_json() if isinstance(record, NoticeRecord) else record
    groups = data.get("groups") or []
    names = {g["name"] for g in groups}
    # Only parentless groups are bodies; a sub-group whose parent is written otherwise
    # (an alias, a short form) still belongs to the notice's main group, never its own.
    tops = [g for g in groups if not g.get("parent")] or groups[:1]
    region = data.get("region")
    bodies = {g["name"]: Body(name=identity.clean_name(g["name"]), region=region, main=g) for g in tops}
    order = list(bodies)

    def top_of(g: dict[str, Any]) -> str | None:
        seen = set()
        while g.get("parent") in names and g["name"] not in seen:
            seen.add(g["name"])
            g = next(x for x in groups if x["name"] == g["parent"])
        return g["name"] if g["name"] in bodies else None

    for g in groups:
        if g["name"] not in bodies:
            owner = top_of(g) or (order[0] if order else None)
            if owner is not None:
                bodies[owner].subgroups.append(g)

    listed = list(order)  # the bodies the notice lists (not those only its events name)

    def body_for(name: str, *, allow_single: bool, listed_only: bool = True) -> Body:
        key = identity.normalize_name(name, region)
        core = identity.name_core(key, region)  # 森林防火指挥部 in a 陕西省森林防火指挥部 notice
        for b in bodies.values():
            alias = (b.main or {}).get("alias")
            own = identity.normalize_name(b.name, region)
            if own == key or identity.name_core(own, region) == core or (alias and alias == name):
                return b
            if any(normalize_sub(s["name"]) == normalize_sub(name) for s in b.subgroups):
                return b
        # The one body a notice lists is what its events speak of under another name; a
        # body only an event named is not (撤销A then 成立B: B is no second name of A).
        if allow_single and len(order) == 1 and (order[0] in listed or not listed_only):
            body = bodies[order[0]]
            own = identity.normalize_name(body.name, region)
            if key != own and key.endswith(own):  # the event gives the listed short name in full
                body.name = name
            return body
        body = Body(name=name, region=region)
        bodies[name] = body
        order.append(name)
        return body

    for e in data.get("events") or []:
        sources = [identity.clean_name(n) for n in e.get("from") or []]
        # A single body is what an event speaks of under another name, unless the event
        # renames or merges that body into another (it is in `from`: 105, 124 of the corpus).
        keys = {identity.normalize_name(n, region) for n in sources}
        is_source = len(order) == 1 and identity.normalize_name(bodies[order[0]].name, region) in keys
        body = body_for(
            identity.clean_name(e["group"]), allow_single=e["type"] != "abolish" and not is_source
        )
        body.actions.add(e["type"])
        if e["type"] == "rename":
            body.renamed_from += [n for n in sources if n not in body.renamed_from and n != body.name]
        elif e["type"] == "merge":
            body.merged_from += [n for n in sources if n not in body.merged_from]
    for c in data.get("changes") or []:
        name = c.get("group") or (order[0] if order else "")
        body_for(name, allow_single=True, listed_only=False).changes.append(c)
    return [bodies[name] for name in order if bodies[name].name]


def normalize_sub(name: str) -> str:
    return identity.normalize_text(name)
