"""A person's identity decisions: `monitor groups link OLD NEW` / `unlink OLD NEW`.

What identity cannot decide (a body replaced by another in one decision, 成立A，撤销B; a
near name) it proposes as a suggestion; a person decides. A decision is stored by name
(region + normalised name, table `group_decision`), so that `apply_decisions` can apply
it again after anything that re-resolves identities (every rebuild calls it).

Linking keeps the older id (the smaller one, as a 更名 does) and re-derives the history as
one body: the notices of both, in effective order, the abolished old name of a
replacement read as the new name's former name. Unlinking separates NEW's name (and the
notices written under it) from the body OLD names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from store import identity
from store.db import utcnow
from store.derive import rebuild_group
from store.query import QueryError, find_group
from store.schema import table_of
from store.tables import GroupDecision, GroupName, Grp, NoticeGroup

DECISION, GRP = table_of(GroupDecision), table_of(Grp)
NAMES, LINK = table_of(GroupName), table_of(NoticeGroup)


@dataclass
class Named:
    """One side of a decision: a name as the person gave it, in its group's region."""

    name: str
    region: str
    norm: str
    group_id: int


def _side(session: Session, ref: str) -> Named:
    """REF (an id or a name) as a name in a region. An id means the name that group had
    when it was a group of its own (an id absorbed by a link still names its own body)."""
    ref = ref.strip()
    if ref.isdigit():
        row = (
            session.connection().execute(select(GRP.c.name, GRP.c.region).where(GRP.c.id == int(ref))).first()
        )
        if row is None:
            raise QueryError(f"no group with id {ref}")
        name, region = row.name, row.region
    else:
        group = find_group(session, ref)
        region = session.connection().execute(select(GRP.c.region).where(GRP.c.id == group.id)).scalar_one()
        name = ref
    norm = identity.normalize_name(name, region)
    found = identity.lookup_name(session, name, region)
    if found is None:
        raise QueryError(f"no group named {name!r}")
    return Named(name=name, region=region, norm=norm, group_id=found)


def _record(session: Session, old: Named, new: Named, linked: bool) -> None:
    """Store the decision, replacing any earlier one about the same two names."""
    if (old.region, old.norm) == (new.region, new.norm):  # unlink 1 1 would split a body in two
        raise QueryError(f"{old.name!r} and {new.name!r} are the same name: nothing to decide")
    conn = session.connection()
    for a, b in ((old, new), (new, old)):
        conn.execute(
            delete(DECISION).where(
                DECISION.c.old_region == a.region,
                DECISION.c.old_norm == a.norm,
                DECISION.c.new_region == b.region,
                DECISION.c.new_norm == b.norm,
            )
        )
    values = {
        "old_region": old.region,
        "old_norm": old.norm,
        "old_name": old.name,
        "new_region": new.region,
        "new_norm": new.norm,
        "new_name": new.name,
        "linked": linked,
        "created_at": utcnow(),
    }
    conn.execute(insert(DECISION), values)


def link(session: Session, old_ref: str, new_ref: str) -> dict[str, Any]:
    """OLD and NEW are one body: store the decision and re-derive the history as one."""
    old, new = _side(session, old_ref), _side(session, new_ref)
    _record(session, old, new, linked=True)
    group_id = _join(session, old.group_id, new.group_id)
    return {"linked": True, "old": old.name, "new": new.name, "group_id": group_id}


def unlink(session: Session, old_ref: str, new_ref: str) -> dict[str, Any]:
    """OLD and NEW are two bodies: store the decision and separate them if they are one."""
    old, new = _side(session, old_ref), _side(session, new_ref)
    _record(session, old, new, linked=False)
    ids = _split(session, old, new)
    return {"linked": False, "old": old.name, "new": new.name, "group_ids": ids}


def _join(session: Session, a: int, b: int) -> int:
    if a == b:
        return a
    winner, loser = min(a, b), max(a, b)
    identity.absorb(session, loser, winner)
    rebuild_group(session, winner, full=True)
    return winner


def _split(session: Session, old: Named, new: Named) -> list[int]:
    """Move NEW's name and the notices written under it out of the group OLD names."""
    conn = session.connection()
    group_id = identity.follow(session, old.group_id)
    if identity.follow(session, new.group_id) != group_id:
        return sorted({group_id, identity.follow(session, new.group_id)})
    # The id NEW had before a link took it over, when there is one; else a new group.
    absorbed = conn.execute(
        select(GRP.c.id, GRP.c.name).where(GRP.c.absorbed_into == group_id, GRP.c.region == new.region)
    ).all()
    revived = next((r.id for r in absorbed if identity.normalize_name(r.name, new.region) == new.norm), None)
    if revived is not None:
        conn.execute(update(GRP).where(GRP.c.id == revived).values(absorbed_into=None))
        target = revived
    else:
        target = conn.execute(
            insert(GRP).returning(GRP.c.id), {"region": new.region, "name": new.name, "created_at": utcnow()}
        ).scalar_one()
    conn.execute(
        update(NAMES)
        .where(NAMES.c.group_id == group_id, NAMES.c.region == new.region, NAMES.c.norm == new.norm)
        .values(group_id=target)
    )
    bodies = conn.execute(select(LINK.c.id, LINK.c.body).where(LINK.c.group_id == group_id)).all()
    moved = [r.id for r in bodies if identity.normalize_name(r.body, new.region) == new.norm]
    if moved:
        conn.execute(update(LINK).where(LINK.c.id.in_(moved)).values(group_id=target))
    for gid in (group_id, target):
        rebuild_group(session, gid, full=True)
    return sorted({group_id, target})


def apply_decisions(session: Session) -> set[int]:
    """Apply every stored decision again, oldest first (after identities were re-resolved);
    returns the groups whose history must be re-derived."""
    conn = session.connection()
    touched: set[int] = set()
    for row in conn.execute(select(DECISION).order_by(DECISION.c.id)).all():
        a = identity.lookup_name(session, row.old_name, row.old_region)
        b = identity.lookup_name(session, row.new_name, row.new_region)
        if a is None or b is None:
            continue  # a name no stored notice uses (any more): nothing to apply
        if row.linked and a != b:
            touched.add(_join(session, a, b))
        elif not row.linked and a == b:
            old = Named(row.old_name, row.old_region, row.old_norm, a)
            new = Named(row.new_name, row.new_region, row.new_norm, b)
            touched |= set(_split(session, old, new))
    return touched


def decisions(session: Session) -> list[dict[str, Any]]:
    rows = session.connection().execute(select(DECISION).order_by(DECISION.c.id)).all()
    return [
        {
            "old": r.old_name,
            "new": r.new_name,
            "region": r.new_region or None,
            "linked": r.linked,
            "decided_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
