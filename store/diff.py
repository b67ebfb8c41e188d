"""Pure: one body of a notice applied onto the version before it, and the change events
between two versions (CONTRACT §2, DESIGN rules 1 and 11).

A composition is the §1 shape of one version: `groups[0]` the main group, then its
sub-groups and office (each naming the main group as parent).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from store.identity import name_core, normalize_name, normalize_person, normalize_text, normalize_title

# Roles one person holds at a time: a new name there is `holder_changed`.
SINGLE_HOLDER_ROLES = frozenset(
    {"组长", "第一组长", "第一副组长", "常务副组长", "主任", "常务副主任", "主任委员", "召集人", "总召集人"}
    | {"秘书长", "总指挥", "指挥长", "第一总指挥", "主席", "团长"}
)
OFFICE = "办公室"


@dataclass
class Body:
    """What one notice says about one group."""

    name: str
    region: str | None
    main: dict[str, Any] | None = None  # §1 group dict of the group itself, when listed
    subgroups: list[dict[str, Any]] = field(default_factory=list)  # its sub-groups and office
    changes: list[dict[str, Any]] = field(default_factory=list)  # §1 personnel deltas
    actions: set[str] = field(default_factory=set)  # establish/adjust/rename/merge/abolish
    renamed_from: list[str] = field(default_factory=list)
    merged_from: list[str] = field(default_factory=list)


@dataclass
class Composition:
    name: str
    abolished: bool
    groups: list[dict[str, Any]]


def is_office(group: dict[str, Any]) -> bool:
    if group.get("category") == OFFICE or group.get("kind") == OFFICE:
        return True
    # An untagged "…办公室" under a group (and not a named working group) is its office too.
    return bool(group.get("parent")) and not group.get("category") and group["name"].endswith(OFFICE)


@lru_cache(maxsize=4096)
def role_key(role: str | None) -> str:
    return normalize_text(role) or "成员"


def holder_key(member: dict[str, Any]) -> str:
    """Who holds a post: the person, else the unit, else (a post with no name and no
    organ, "召集人由分管文旅工作的副市长担任") the post itself."""
    person = normalize_person(member.get("person"))
    if person:
        return f"p:{person}"
    unit = normalize_text(member.get("unit"))
    return f"u:{unit}" if unit or not member.get("title") else f"t:{same_post(member['title'])}"


# Words a notice writes one post with: 主要负责同志 is 主要负责人.
POST_SYNONYMS = (("负责同志", "负责人"),)


def same_post(title: str | None) -> str:
    """A post as compared: normalised text, synonyms written one way."""
    text = normalize_text(title)
    for word, same in POST_SYNONYMS:
        text = text.replace(word, same)
    return text


def holder(member: dict[str, Any] | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {"person": member.get("person"), "title": member.get("title"), "unit": member.get("unit")}


def _dedupe(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    kept = []
    # A single-holder role a listing gives both as a post and with its holder's name
    # ("主任由国务院分管领导同志担任" and "孙春兰任主任") is one post: the named holder's.
    named = {role_key(m.get("role")) for m in members if normalize_person(m.get("person"))}
    for m in members:
        key = (role_key(m.get("role")), holder_key(m))
        if key[0] in named and key[0] in SINGLE_HOLDER_ROLES and not key[1].startswith("p:"):
            continue
        if key not in seen:
            seen.add(key)
            # The §1 member shape only (the stored record also keeps source sentences).
            kept.append(
                {"role": key[0], "person": m.get("person"), "title": m.get("title"), "unit": m.get("unit")}
            )
    return kept


# ---- building a version ---------------------------------------------------------------


def apply(prev: Composition | None, body: Body) -> Composition:
    """The composition after BODY: listings replace what they list, deltas patch, the rest
    carries over (DESIGN rule 11)."""
    prev_groups = _copy_groups(prev.groups) if prev else []
    prev_main = prev_groups[0] if prev_groups else None
    prev_subs = [g for g in prev_groups[1:] if not is_office(g)]
    prev_office = next((g for g in prev_groups[1:] if is_office(g)), None)
    patch = bool(body.changes)

    listed = body.main or {}
    # A news summary, a list ending in 等, a cut-off page: adds and changes, never removes.
    partial = bool(listed.get("partial"))
    name = body.name
    if prev is not None and not body.renamed_from and same_body_name(prev.name, name, body.region):
        name = max(prev.name, name, key=len)  # 国务院X then X: keep the full name
    main: dict[str, Any] = {
        "name": name,
        "alias": listed.get("alias") or (prev_main or {}).get("alias"),
        "kind": listed.get("kind") or (prev_main or {}).get("kind"),
        "parent": None,
        "category": None,
        "members": [],
        "duties": listed.get("duties") or (prev_main or {}).get("duties"),
        # How this version's notice listed the group (CONTRACT §1 `partial`); a notice
        # that does not list it carries the flag over with the members.
        "partial": partial if body.main and not patch else bool((prev_main or {}).get("partial")),
    }
    listed_members = _dedupe(listed.get("members") or [])
    if listed_members and not (patch and prev_main):
        main["members"] = (
            merge_partial(prev_main["members"], listed_members) if partial and prev_main else listed_members
        )
    elif prev_main:
        main["members"] = prev_main["members"]

    new_office = next((g for g in body.subgroups if is_office(g)), None)
    office = prev_office
    if new_office is not None:
        office = _listed_sub(new_office, prev_office, patch)
        office["seat"] = new_office.get("seat") or (prev_office or {}).get("seat")
    listed_subs = [g for g in body.subgroups if not is_office(g)]
    subs = prev_subs
    if listed_subs and not (patch and prev_main):
        by_name = {normalize_text(g["name"]): g for g in prev_subs}
        subs = [_listed_sub(g, by_name.get(normalize_text(g["name"])), patch) for g in listed_subs]
        if partial:  # the sub-groups a partial notice leaves out are still there
            named = {normalize_text(g["name"]) for g in subs}
            subs = [g for g in prev_subs if normalize_text(g["name"]) not in named] + subs

    groups = [main, *([office] if office else []), *subs]
    for g in groups[1:]:
        g["parent"] = name
    for change in body.changes:
        _apply_change(groups, change, name)
    abolished = "abolish" in body.actions
    return Composition(name=name, abolished=abolished, groups=groups)


def same_body_name(a: str, b: str, region: str | None) -> bool:
    """Two names of one body as far as naming goes: equal once normalised, or equal
    without the issuer's prefix (国务院X / X, 省政府X / 青海省X / X)."""
    na, nb = normalize_name(a, region), normalize_name(b, region)
    return na == nb or name_core(na, region) == name_core(nb, region)


def merge_partial(prev: list[dict[str, Any]], listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A partial listing applied like a delta (DESIGN rule 11): the holders of the
    single-holder roles it names change, members it names join or get their new title,
    nobody it leaves out is removed."""
    single_roles = {m["role"] for m in listed if m["role"] in SINGLE_HOLDER_ROLES}
    merged = [dict(m) for m in prev if m["role"] not in single_roles]
    keep_title = {(m["role"], holder_key(m)): m.get("title") for m in prev}
    for m in listed:
        key = (m["role"], holder_key(m))
        m = dict(m)
        old_title = keep_title.get(key)
        # A title left out, or written in part (国务院副总理 for 中共中央政治局委员、国务院副总理),
        # is the notice saying less, not a change.
        if not m.get("title") or (old_title and _posts(m["title"]) <= _posts(old_title)):
            m["title"] = old_title
        at = next((i for i, old in enumerate(merged) if (old["role"], holder_key(old)) == key), None)
        if at is None:
            merged.append(m)
        else:
            merged[at] = m
    return merged


def _posts(title: str) -> set[str]:
    """The posts a title names, one per 、 (or ，/ 兼) -separated part, as compared."""
    return {same_post(part) for part in re.split(r"[、，,；;]|兼", title) if same_post(part)}


def _copy_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy that `apply` may change: group dicts, member lists and member dicts (a member's
    values are plain strings; deepcopy cost more than the rest of an ingest)."""
    return [{**g, "members": [dict(m) for m in g.get("members") or []]} for g in groups]


def _listed_sub(listed: dict[str, Any], prev: dict[str, Any] | None, patch: bool) -> dict[str, Any]:
    sub = {k: copy.deepcopy(v) for k, v in listed.items() if k not in ("members", "partial")}
    sub["partial"] = bool(listed.get("partial")) if not patch else bool((prev or {}).get("partial"))
    members = _dedupe(listed.get("members") or [])
    # A listing that names a sub-group without its people keeps the people it had.
    if prev and (not members or patch):
        sub["members"] = prev["members"]
    elif prev and listed.get("partial"):
        sub["members"] = merge_partial(prev["members"], members)
    else:
        sub["members"] = members
    if sub.get("seat") is None:
        sub.pop("seat", None)
    return sub


def _target(groups: list[dict[str, Any]], name: str, main_name: str) -> dict[str, Any]:
    wanted = normalize_text(name)
    for g in groups:
        if normalize_text(g["name"]) == wanted or (g.get("alias") and normalize_text(g["alias"]) == wanted):
            return g
    if OFFICE in name and wanted != normalize_text(main_name):
        office = next((g for g in groups[1:] if is_office(g)), None)
        if office is not None:
            return office
    return groups[0]


def _apply_change(groups: list[dict[str, Any]], change: dict[str, Any], main_name: str) -> None:
    group = _target(groups, change.get("group") or main_name, main_name)
    role = role_key(change.get("role"))
    members = group["members"]
    removed, added = change.get("removed"), change.get("added")
    if removed:
        key = holder_key(removed)
        kept = [m for m in members if not (m["role"] == role and holder_key(m) == key)]
        if len(kept) == len(members):  # not found in that role: the person left whatever role
            kept = [m for m in members if holder_key(m) != key] if role not in SINGLE_HOLDER_ROLES else kept
        members[:] = kept
    if added:
        new = {
            "role": role,
            "person": added.get("person"),
            "title": added.get("title"),
            "unit": added.get("unit"),
        }
        if role in SINGLE_HOLDER_ROLES:
            members[:] = [m for m in members if m["role"] != role]
        else:
            key = holder_key(new)
            members[:] = [m for m in members if not (m["role"] == role and holder_key(m) == key)]
        members.append(new)


# ---- events ---------------------------------------------------------------------------


def diff(prev: Composition | None, new: Composition, body: Body) -> list[dict[str, Any]]:
    """The change events from PREV to NEW (without id, group_id, effective and notice)."""
    if prev is None or prev.abolished:
        if new.abolished:
            return [_event("group_abolished", None, None, new.name, None)]
        if body.merged_from:
            return [_event("group_merged", None, None, list(body.merged_from), new.name)]
        if body.renamed_from and prev is None:
            return [_event("group_renamed", None, None, body.renamed_from[0], new.name)]
        return [_event("group_established", None, None, None, new.name)]
    region = body.region
    events: list[dict[str, Any]] = []
    if body.merged_from:
        events.append(_event("group_merged", None, None, list(body.merged_from), new.name))
    elif not same_body_name(prev.name, new.name, region):
        events.append(_event("group_renamed", None, None, prev.name, new.name))
    if new.abolished:
        events.append(_event("group_abolished", None, None, new.name, None))
        return events
    events += diff_members(prev.groups[0]["members"], new.groups[0]["members"], None, region)
    events += _diff_office(prev.groups, new.groups, region)
    events += _diff_subgroups(prev.groups, new.groups, region)
    return events


def _event(type_: str, subgroup: str | None, role: str | None, before: Any, after: Any) -> dict[str, Any]:
    return {"type": type_, "subgroup": subgroup, "role": role, "before": before, "after": after}


def _titles_differ(a: dict[str, Any], b: dict[str, Any], region: str | None) -> bool:
    # A title absent on one side is the notice saying less, not a change.
    if not a.get("title") or not b.get("title"):
        return False
    return same_post(normalize_title(a["title"], region)) != same_post(normalize_title(b["title"], region))


def _by_role(members: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    roles: dict[str, dict[str, dict[str, Any]]] = {}
    for m in members:
        roles.setdefault(role_key(m.get("role")), {}).setdefault(holder_key(m), m)
    return roles


def diff_members(
    prev: list[dict[str, Any]], new: list[dict[str, Any]], subgroup: str | None, region: str | None
) -> list[dict[str, Any]]:
    before, after = _by_role(prev), _by_role(new)
    events: list[dict[str, Any]] = []
    for role in [*after, *(r for r in before if r not in after)]:
        p, n = before.get(role, {}), after.get(role, {})
        if role in SINGLE_HOLDER_ROLES and len(p) == 1 and len(n) == 1:
            (pk, pm), (nk, nm) = next(iter(p.items())), next(iter(n.items()))
            if pk != nk:
                events.append(_event("holder_changed", subgroup, role, holder(pm), holder(nm)))
            elif _titles_differ(pm, nm, region):
                events.append(_event("title_changed", subgroup, role, holder(pm), holder(nm)))
            continue
        for key, m in p.items():
            if key not in n:
                events.append(_event("member_removed", subgroup, role, holder(m), None))
        for key, m in n.items():
            if key not in p:
                events.append(_event("member_added", subgroup, role, None, holder(m)))
            elif _titles_differ(p[key], m, region):
                events.append(_event("title_changed", subgroup, role, holder(p[key]), holder(m)))
    return events


def _diff_office(prev: list[dict[str, Any]], new: list[dict[str, Any]], region: str | None) -> list[dict]:
    old = next((g for g in prev[1:] if is_office(g)), None)
    cur = next((g for g in new[1:] if is_office(g)), None)
    if old is None:
        return [] if cur is None else [_event("subgroup_added", cur["name"], None, None, cur["name"])]
    if cur is None:
        return [_event("subgroup_removed", old["name"], None, old["name"], None)]
    events = []
    if (
        old.get("seat")
        and cur.get("seat")
        and normalize_title(old["seat"], region) != normalize_title(cur["seat"], region)
    ):
        events.append(_event("office_moved", cur["name"], None, old["seat"], cur["seat"]))
    return events + diff_members(old["members"], cur["members"], cur["name"], region)


def _people(group: dict[str, Any]) -> set[str]:
    return {holder_key(m) for m in group["members"]}


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    pa, pb = _people(a), _people(b)
    return len(pa & pb) / max(len(pa), len(pb)) if pa or pb else 0.0


def _diff_subgroups(prev: list[dict[str, Any]], new: list[dict[str, Any]], region: str | None) -> list[dict]:
    olds = [g for g in prev[1:] if not is_office(g)]
    news = [g for g in new[1:] if not is_office(g)]
    old_names = {normalize_text(g["name"]): g for g in olds}
    new_names = {normalize_text(g["name"]) for g in news}
    gone = [g for g in olds if normalize_text(g["name"]) not in new_names]
    events: list[dict[str, Any]] = []
    for index, g in enumerate(news):
        old = old_names.get(normalize_text(g["name"]))
        if old is None:
            old = _renamed_from(g, index, gone, olds)
            if old is None:
                events.append(_event("subgroup_added", g["name"], None, None, g["name"]))
                continue
            gone.remove(old)
            events.append(_event("subgroup_renamed", g["name"], None, old["name"], g["name"]))
        events += diff_members(old["members"], g["members"], g["name"], region)
    events += [_event("subgroup_removed", g["name"], None, g["name"], None) for g in gone]
    return events


def _renamed_from(
    g: dict[str, Any], index: int, gone: list[dict[str, Any]], olds: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """A vanished sub-group of the same category that this one continues: most of its
    people (over half), or, when neither lists people, the same place in the list."""
    best, best_score = None, 0.5
    for old in gone:
        if g.get("category") and old.get("category") and g["category"] != old["category"]:
            continue
        if not g["members"] and not old["members"]:
            score = 0.6 if olds.index(old) == index else 0.0
        else:
            score = _overlap(g, old)
        if score > best_score:
            best, best_score = old, score
    return best


# ---- ids ------------------------------------------------------------------------------


def _value_key(value: Any, region: str | None) -> Any:
    if isinstance(value, dict):
        # The holder as ids always hashed it (person, else unit, "u:" for a bare post): a
        # rebuild keeps the ids of events already reported; the title tells posts apart.
        person = normalize_person(value.get("person"))
        who = f"p:{person}" if person else f"u:{normalize_text(value.get('unit'))}"
        return [who, normalize_title(value.get("title"), region)]
    if isinstance(value, list):
        return sorted(normalize_name(v, region) for v in value)
    if isinstance(value, str):
        return normalize_text(value)
    return value


def event_id(event: dict[str, Any], *, region: str | None, group_name: str, notice_key: str) -> str:
    """The same change always gets the same id: it hashes what changed and the notice that
    introduced it (so A → B → A is two ids) and the group's name in that notice (not the
    numeric id, which depends on the order notices arrived)."""
    parts = [
        normalize_name(region or "", None),
        normalize_name(group_name, region),
        notice_key,
        event["type"],
        normalize_text(event.get("subgroup")),
        event.get("role") or "",
        _value_key(event.get("before"), region),
        _value_key(event.get("after"), region),
    ]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
    return "ev_" + digest[:24]
