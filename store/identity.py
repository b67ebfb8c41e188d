"""Which group a body of a notice is about (DESIGN rule 4).

Explicit first: a 更名 links the old name to the new one, a 合并 points the old groups at
the new one. Otherwise a body matches a group of the same region by normalised name
("省政府…" in a 青海省 notice is "青海省人民政府…") or by a distinctive alias. A close
but not equal name is only recorded as a suggestion, never merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, delete, exists, func, insert, select, update
from sqlmodel import Session

from store.db import utcnow
from store.schema import table_of
from store.tables import (
    ChangeEvent,
    GroupAlias,
    GroupDecision,
    GroupName,
    GroupSuggestion,
    Grp,
    NoticeGroup,
    PostSpan,
    Version,
)

_NAMES, _GROUPS = table_of(GroupName), table_of(Grp)
_ALIASES = table_of(GroupAlias)
FIND_NAME = (
    select(_NAMES.c.id, _NAMES.c.group_id, _GROUPS.c.absorbed_into)
    .join(_GROUPS, _GROUPS.c.id == _NAMES.c.group_id)
    .where(_NAMES.c.region == bindparam("region"), _NAMES.c.norm == bindparam("norm"))
)
_CORE_OR_NORM = func.coalesce(_NAMES.c.core, _NAMES.c.norm)
# Names are compared as written and without the issuer's prefix (国务院抗震救灾总指挥部 ~
# 抗震救灾指挥部), each against names of a similar length.
SIMILAR_LENGTH_NAMES = (
    select(_NAMES.c.group_id, _NAMES.c.norm, _CORE_OR_NORM, _GROUPS.c.absorbed_into)
    .join(_GROUPS, _GROUPS.c.id == _NAMES.c.group_id)
    .where(
        _NAMES.c.region == bindparam("region"),
        _NAMES.c.group_id != bindparam("gid"),
        func.length(_NAMES.c.norm).between(bindparam("shortest"), bindparam("longest"))
        | func.length(_CORE_OR_NORM).between(bindparam("core_shortest"), bindparam("core_longest")),
    )
)
FIND_ALIAS = select(_ALIASES.c.group_id).where(
    _ALIASES.c.region == bindparam("region"), _ALIASES.c.norm == bindparam("norm")
)
FIND_CORE = select(_NAMES.c.group_id).where(
    _NAMES.c.region == bindparam("region"), _NAMES.c.core == bindparam("core")
)
_DECISIONS = table_of(GroupDecision)
UNLINKED_FROM = select(
    _DECISIONS.c.old_norm, _DECISIONS.c.old_region, _DECISIONS.c.new_norm, _DECISIONS.c.new_region
).where(
    _DECISIONS.c.linked.is_(False),
    ((_DECISIONS.c.old_region == bindparam("region")) & (_DECISIONS.c.old_norm == bindparam("norm")))
    | ((_DECISIONS.c.new_region == bindparam("region")) & (_DECISIONS.c.new_norm == bindparam("norm"))),
)
LINKED_TO = select(
    _DECISIONS.c.old_norm, _DECISIONS.c.old_region, _DECISIONS.c.new_norm, _DECISIONS.c.new_region
).where(
    _DECISIONS.c.linked.is_(True),
    ((_DECISIONS.c.old_region == bindparam("region")) & (_DECISIONS.c.old_norm == bindparam("norm")))
    | ((_DECISIONS.c.new_region == bindparam("region")) & (_DECISIONS.c.new_norm == bindparam("norm"))),
)
ABSORBED_INTO = select(_GROUPS.c.absorbed_into).where(_GROUPS.c.id == bindparam("gid"))
INSERT_GROUP = insert(_GROUPS).returning(_GROUPS.c.id)
# Longest first: 自治区 before 区.
LEVELS = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "州", "盟", "旗")
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
_PUNCT_OR_SPACE = re.compile(r"[\s\u3000]")
SUGGEST_AT = 0.85  # similarity (rapidfuzz ratio, 2·LCS / total length) of normalised names to suggest
GENERIC_ALIASES = {
    "领导小组",
    "协调小组",
    "工作小组",
    "小组",
    "委员会",
    "联席会议",
    "指挥部",
    "工作专班",
    "专班",
}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def region_key(region: str | None) -> str:
    return _QUOTES.sub("", _nfkc(region or ""))


def _level(region: str) -> str | None:
    return next((lv for lv in LEVELS if region.endswith(lv)), None)


def expand_region(text: str, region: str) -> str:
    """'省政府X' → '青海省人民政府X'; '市政府X' / '市人民政府X' likewise; 'X政府' → 'X人民政府'."""
    level = _level(region) if region else None
    if level and text.startswith(level) and not text.startswith(region):
        text = region + text[len(level) :]
    if region and text.startswith(region + "政府"):
        text = region + "人民政府" + text[len(region) + 2 :]
    return text


@lru_cache(maxsize=65536)
def normalize_name(name: str, region: str | None) -> str:
    """The matching key of a group name: width-folded, no spaces or quotes, region expanded."""
    return expand_region(_QUOTES.sub("", _nfkc(name)), region_key(region))


# Prefixes a central body's name is written with or without (国务院第二次全国污染源普查领导小组
# / 第二次全国污染源普查领导小组, 全国爱国卫生运动委员会 / 国家…). Longest first.
CENTRAL_PREFIXES = ("中华人民共和国", "国务院", "全国", "国家")
CENTRAL_REGIONS = ("", "全国", "中国", "中华人民共和国")
GOVERNMENT = ("人民政府", "政府")


_EDGE_QUOTES = "「」『』“”‘’\"'《》〈〉 \u3000"


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """A body's name as a notice's events or listings give it, without what is not part of
    it: quotes or brackets left at its ends, a title's "X关于" before it
    (国务院办公厅关于中国国际减灾委员会 → 中国国际减灾委员会)."""
    text = name.strip(_EDGE_QUOTES)
    if "关于" in text:
        rest = text.rsplit("关于", 1)[1].strip(_EDGE_QUOTES)
        if len(rest) >= 4:
            text = rest
    return text or name


@lru_cache(maxsize=65536)
def name_core(norm: str, region: str | None) -> str:
    """A normalised name without the issuer's prefix: the region and its government
    (青海省人民政府X / 青海省X → X), or for central bodies 国务院/全国/国家. A party body
    (省委X) keeps its prefix: 省委X and 省政府X are two bodies. A core too short to
    name a body on its own is no core: the name itself is returned."""
    region = region_key(region)
    core = norm
    if region and region not in CENTRAL_REGIONS and core.startswith(region):
        rest = core[len(region) :]
        rest = next((rest[len(g) :] for g in GOVERNMENT if rest.startswith(g)), rest)
        if not rest.startswith(("委", "党委")):
            core = rest
    elif region in CENTRAL_REGIONS:
        for _ in range(2):  # 国务院全国X → X
            prefix = next((p for p in CENTRAL_PREFIXES if core.startswith(p)), None)
            if prefix is None:
                break
            core = core[len(prefix) :]
    if len(core) < 4 or core in GENERIC_ALIASES or core.startswith(("办公厅", "办公室")):
        return norm
    # 国务院抗震救灾总指挥部 is reported as 抗震救灾指挥部: the 总 is the same body's rank.
    if core.endswith("总指挥部") and len(core) > 6:
        core = core[: -len("总指挥部")] + "指挥部"
    return core


@lru_cache(maxsize=65536)
def normalize_text(text: str | None) -> str:
    """For comparing titles, units and sub-group names: no spaces, no punctuation."""
    if not text:
        return ""
    folded = _nfkc(text).replace("人民政府", "政府")
    return "".join(ch for ch in folded if not unicodedata.category(ch).startswith(("P", "Z", "S", "C")))


@lru_cache(maxsize=65536)
def normalize_title(title: str | None, region: str | None) -> str:
    """Titles compare without punctuation or spacing and without the region written out
    ('青海省人民政府副省长' = '省政府副省长')."""
    text = normalize_text(title)
    region = normalize_text(region)
    level = _level(region) if region else None
    if level and text.startswith(region):
        text = level + text[len(region) :]
    return text


@lru_cache(maxsize=65536)
def normalize_person(person: str | None) -> str:
    text = _PUNCT_OR_SPACE.sub("", _nfkc(person or ""))
    return text.removesuffix("同志")


# ---- lookups --------------------------------------------------------------------------


def follow(session: Session, group_id: int, absorbed: Mapping[int, int] | None = None) -> int:
    """The group an id means now (an absorbed id points at the group that took it over).

    ABSORBED: every absorbed id and its successor (absorbed_ids), for a caller that
    follows many ids: read once rather than a statement per step."""
    conn = session.connection()
    for _ in range(20):
        if absorbed is not None:
            target = absorbed.get(group_id)
        else:
            target = conn.execute(ABSORBED_INTO, {"gid": group_id}).scalar()
        if target is None:
            return group_id
        group_id = target
    return group_id


ABSORBED_IDS = select(_GROUPS.c.id, _GROUPS.c.absorbed_into).where(_GROUPS.c.absorbed_into.is_not(None))


def absorbed_ids(session: Session) -> dict[int, int]:
    """Every absorbed group id and the id that took it over (for follow)."""
    return {row.id: row.absorbed_into for row in session.connection().execute(ABSORBED_IDS)}


def lookup_name(session: Session, name: str, region: str | None) -> int | None:
    """The group that has had exactly this (normalised) name in the region."""
    region = region_key(region)
    params = {"region": region, "norm": normalize_name(name, region)}
    row = session.connection().execute(FIND_NAME, params).first()
    if row is None:
        return None
    return row.group_id if row.absorbed_into is None else follow(session, row.absorbed_into)


def lookup(session: Session, name: str, region: str | None) -> int | None:
    """By name, else by a distinctive alias that only one group of the region has, else
    by the name without the issuer's prefix when only one group of the region has it,
    else across a missing region (lookup_unplaced)."""
    found = lookup_name(session, name, region)
    if found is None:
        found = lookup_alias(session, name, region)
    if found is None:
        found = lookup_core(session, name, region)
    return found if found is not None else lookup_unplaced(session, name, region)


FIND_NORM_ANY_REGION = select(_NAMES.c.group_id).where(_NAMES.c.norm == bindparam("norm"))
FIND_CORE_ANY_REGION = select(_NAMES.c.group_id).where(_NAMES.c.core == bindparam("core"))


def lookup_unplaced(session: Session, name: str, region: str | None) -> int | None:
    """Across the line between a notice that names no region and one that does (a news
    report beside the notice it reports): a notice without a region takes the one group
    of any region with exactly this name; a notice with a region takes the one group
    without a region that has this name, or this name without the issuer's prefix, and
    places that group in its region."""
    region = region_key(region)
    conn = session.connection()
    if not region:
        norm = normalize_name(name, None)
        ids = {follow(session, i) for i in conn.execute(FIND_NORM_ANY_REGION, {"norm": norm}).scalars()}
        if not ids:  # rare (the pipeline gives every notice its source's region): a scan is fine
            core = name_core(norm, None)
            ids = {follow(session, i) for i in conn.execute(FIND_CORE_ANY_REGION, {"core": core}).scalars()}
    else:
        norm = normalize_name(name, region)
        plain = normalize_name(name, None)
        rows = conn.execute(FIND_NAME, {"region": "", "norm": plain})
        ids = {follow(session, r.group_id) for r in rows}
        if not ids:
            core = name_core(norm, region)
            ids = {
                follow(session, i) for i in conn.execute(FIND_CORE, {"region": "", "core": core}).scalars()
            }
    if len(ids) != 1:
        return None
    found = ids.pop()
    _place(session, found, region)  # the group now has a region: the notice's
    return found


def _place(session: Session, group_id: int, region: str | None) -> None:
    """A group first seen without a region takes the region a later notice gives it."""
    if region_key(region):
        query = update(_GROUPS).where(_GROUPS.c.id == group_id, _GROUPS.c.region == "")
        session.connection().execute(query.values(region=region_key(region)))


def _named(table: Any, region: Any, column: str, value: str) -> Any:
    where = table.c[column] == bindparam(value)
    return exists().where(where if region is None else (table.c.region == region) & where)


_LINKED_NAME = exists().where(
    _DECISIONS.c.linked.is_(True),
    ((_DECISIONS.c.old_region == bindparam("region")) & (_DECISIONS.c.old_norm == bindparam("norm")))
    | ((_DECISIONS.c.new_region == bindparam("region")) & (_DECISIONS.c.new_norm == bindparam("norm"))),
)
# Whether any lookup of resolve's plain path (lookup_name, lookup_alias, lookup_core,
# lookup_unplaced, lookup_linked) could find a group, in one round trip: a body under a
# name never seen would otherwise pay one for each lookup to learn that none does. It may
# say yes where the lookups then find nothing (aliases too short, names a person unlinked);
# never no where one would find a group. KEEP IN STEP with those lookups.
ANY_MATCH_PLACED = select(
    _named(_NAMES, bindparam("region"), "norm", "norm")
    | _named(_ALIASES, bindparam("region"), "norm", "norm")
    | _named(_NAMES, bindparam("region"), "core", "core")
    | _named(_NAMES, "", "norm", "plain")
    | _named(_NAMES, "", "core", "core")
    | _LINKED_NAME
)
ANY_MATCH_UNPLACED = select(
    _named(_NAMES, None, "norm", "norm")
    | _named(_ALIASES, "", "norm", "norm")
    | _named(_NAMES, None, "core", "core")
    | _LINKED_NAME
)


def any_match(session: Session, name: str, region: str | None) -> bool:
    """Whether a body named NAME in REGION may be a group already known (see ANY_MATCH_PLACED)."""
    region = region_key(region)
    norm = normalize_name(name, region)
    params = {"region": region, "norm": norm, "core": name_core(norm, region)}
    if region:
        query = ANY_MATCH_PLACED
        params["plain"] = normalize_name(name, None)
    else:
        query = ANY_MATCH_UNPLACED
    return bool(session.connection().execute(query, params).scalar())


def lookup_linked(session: Session, name: str, region: str | None) -> int | None:
    """The group of a name a person linked NAME to, when that name is known."""
    region = region_key(region)
    norm = normalize_name(name, region)
    conn = session.connection()
    for row in conn.execute(LINKED_TO, {"region": region, "norm": norm}):
        other = (row.new_norm, row.new_region) if row.old_norm == norm else (row.old_norm, row.old_region)
        found = conn.execute(FIND_NAME, {"norm": other[0], "region": other[1]}).first()
        if found is not None:
            return follow(session, found.group_id)
    return None


def lookup_core(session: Session, name: str, region: str | None) -> int | None:
    """The one group of the region whose names share NAME's core (国务院X / X, 省政府X /
    青海省X / X), unless a person unlinked the two names."""
    region = region_key(region)
    norm = normalize_name(name, region)
    core = name_core(norm, region)
    conn = session.connection()
    ids = {follow(session, i) for i in conn.execute(FIND_CORE, {"region": region, "core": core}).scalars()}
    if not ids:
        return None
    ids -= unlinked_from(session, name, region)
    return ids.pop() if len(ids) == 1 else None


def unlinked_from(session: Session, name: str, region: str | None) -> set[int]:
    """The groups a person said NAME's body is not (groups unlink)."""
    region = region_key(region)
    norm = normalize_name(name, region)
    conn = session.connection()
    ids = set()
    for row in conn.execute(UNLINKED_FROM, {"region": region, "norm": norm}):
        other = (row.new_norm, row.new_region) if row.old_norm == norm else (row.old_norm, row.old_region)
        found = conn.execute(FIND_NAME, {"norm": other[0], "region": other[1]}).first()
        if found is not None:
            ids.add(follow(session, found.group_id))
    return ids


def lookup_alias(session: Session, name: str, region: str | None) -> int | None:
    """The one group of the region that has NAME as a distinctive alias."""
    region = region_key(region)
    norm = normalize_name(name, region)
    if norm in GENERIC_ALIASES or len(norm) < 4:
        return None
    ids = session.connection().execute(FIND_ALIAS, {"region": region, "norm": norm}).scalars()
    distinct = {follow(session, i) for i in ids}
    return distinct.pop() if len(distinct) == 1 else None


def add_name(session: Session, group_id: int, name: str, region: str | None, kind: str = "name") -> None:
    """Record NAME as one of the group's names (a no-op when already known).

    A concurrent writer of the same name makes the insert fail and the ingest retry."""
    region = region_key(region)
    norm = normalize_name(name, region)
    conn = session.connection()
    row = conn.execute(FIND_NAME, {"region": region, "norm": norm}).first()
    if row is None:
        _insert_name(session, group_id, name, region, kind)
    elif follow(session, row.group_id) != group_id:
        conn.execute(update(_NAMES).where(_NAMES.c.id == row.id).values(group_id=group_id))


def is_generic(name: str, region: str | None) -> bool:
    """A bare kind word (领导小组, 委员会: a page that never names its body): no name to
    find a body by (_insert_name keeps no row for it)."""
    return normalize_name(name, region_key(region)) in GENERIC_ALIASES


def _previous_generic(
    session: Session, name: str, region: str | None, previous: Mapping[str, int]
) -> int | None:
    """The group a body named only by a kind word was about before a reparse: the one of
    the same word, else the one group the notice named by a kind word. Nothing finds such
    a body by name, so without this every reparse would give it a new group (and leave
    the old one empty)."""
    if not is_generic(name, region):
        return None
    before = {normalize_name(n, region_key(region)): g for n, g in previous.items() if is_generic(n, region)}
    found = before.get(normalize_name(name, region_key(region)))
    if found is None and len(set(before.values())) == 1:
        found = next(iter(before.values()))
    return follow(session, found) if found is not None else None


def _insert_name(session: Session, group_id: int, name: str, region: str, kind: str) -> None:
    """A name row; a concurrent writer of the same name makes this fail and the ingest retry.
    A bare kind word (领导小组, 委员会: a page that never names its body) is no name to find
    a body by: every such body stays a group of its own (reach it by id, or link it)."""
    if is_generic(name, region):
        return
    norm = normalize_name(name, region)
    values = {
        "group_id": group_id,
        "region": region,
        "norm": norm,
        "name": name,
        "core": name_core(norm, region),
    }
    session.connection().execute(insert(_NAMES), values | {"kind": kind})


def add_alias(session: Session, group_id: int, alias: str, region: str | None) -> None:
    region = region_key(region)
    norm = normalize_name(alias, region)
    if norm in GENERIC_ALIASES or len(norm) < 4:
        return
    conn = session.connection()
    exists = conn.execute(
        select(_ALIASES.c.id).where(_ALIASES.c.group_id == group_id, _ALIASES.c.norm == norm)
    ).first()
    if exists is None:
        conn.execute(insert(_ALIASES), {"group_id": group_id, "region": region, "norm": norm})


def create_group(session: Session, name: str, region: str | None) -> int:
    """A new group under NAME, which the caller found unknown in the region."""
    region = region_key(region)
    conn = session.connection()
    group_id: int = conn.execute(
        INSERT_GROUP, {"region": region, "name": name, "created_at": utcnow()}
    ).scalar_one()
    _insert_name(session, group_id, name, region, "name")
    suggest(session, group_id, name, region)
    return group_id


def suggest(session: Session, group_id: int, name: str, region: str | None) -> None:
    """Record groups of the region whose names are close to NAME (a human decides)."""
    region = region_key(region)
    norm = normalize_name(name, region)
    core = name_core(norm, region)
    conn = session.connection()
    params = {
        "region": region,
        "gid": group_id,
        "shortest": len(norm) * 3 // 4,
        "longest": len(norm) * 4 // 3 + 1,
        "core_shortest": len(core) * 3 // 4,
        "core_longest": len(core) * 4 // 3 + 1,
    }
    rows = conn.execute(SIMILAR_LENGTH_NAMES, params).all()
    best: dict[int, float] = {}
    # rapidfuzz scores every candidate in C: linear in the region's names, yet about 1 µs each.
    for column, wanted in ((1, norm), (2, core)):
        choices = [row[column] for row in rows]
        close = process.extract(wanted, choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_AT * 100, limit=None)
        for _, score, index in close:
            group_id_, absorbed_into = rows[index][0], rows[index][3]
            other_id = group_id_ if absorbed_into is None else follow(session, absorbed_into)
            best[other_id] = max(best.get(other_id, 0.0), score / 100)
    suggestions = [
        {
            "group_id": group_id,
            "candidate_id": other_id,
            "score": round(score, 3),
            "reason": f"similar name in {region or 'no region'}",
            "created_at": utcnow(),
        }
        for other_id, score in sorted(best.items())
        if other_id != group_id
    ]
    if suggestions:
        conn.execute(insert(table_of(GroupSuggestion)), suggestions)


def absorb(session: Session, loser: int, winner: int) -> None:
    """Two ids turned out to be one group (a 更名 linked them): keep WINNER, point LOSER at it."""
    conn = session.connection()
    for table in (_NAMES, _ALIASES, table_of(NoticeGroup)):
        conn.execute(update(table).where(table.c.group_id == loser).values(group_id=winner))
    # The loser's events are re-derived under the winner (same change, same id); its
    # versions and spans are the winner's to rebuild.
    events = table_of(ChangeEvent)
    conn.execute(update(events).where(events.c.group_id == loser).values(active=False))
    for table in (table_of(Version), table_of(PostSpan)):
        conn.execute(delete(table).where(table.c.group_id == loser))
    conn.execute(update(_GROUPS).where(_GROUPS.c.merged_into == loser).values(merged_into=winner))
    conn.execute(update(_GROUPS).where(_GROUPS.c.id == loser).values(absorbed_into=winner))


def resolve(
    session: Session,
    name: str,
    region: str | None,
    *,
    renamed_from: list[str],
    merged_from: list[str],
    alias: str | None = None,
    previous: Mapping[str, int] | None = None,
) -> tuple[int, set[int]]:
    """The group id of a body of a notice, creating or linking groups as the notice says.
    PREVIOUS: the groups the notice was about before a reparse, by the name of its body
    (a body named only by a kind word keeps its group: see is_generic).

    Returns (group id, ids of other groups whose derived data must be rebuilt).
    """
    touched: set[int] = set()
    if not renamed_from and not merged_from and not alias:
        if previous and (reused := _previous_generic(session, name, region, previous)) is not None:
            return reused, touched
        if not any_match(session, name, region):  # a name never seen: a new group
            return create_group(session, name, region), touched
        current = lookup_name(session, name, region)
        if current is not None:  # the common case: a body under a name already known
            return current, touched
        current = lookup_alias(session, name, region)
        if current is None:
            current = lookup_core(session, name, region)
        if current is None:
            current = lookup_unplaced(session, name, region)
    else:
        current = lookup(session, name, region)
    if alias and current is None:
        current = lookup(session, alias, region)
    old_ids: list[int] = []
    apart = unlinked_from(session, name, region) if renamed_from else set()
    former: list[str] = []
    for old in renamed_from:
        found = lookup(session, old, region)
        if found is not None and found in apart:
            continue  # a person's unlink outweighs a notice's rename
        former.append(old)
        if found is not None and found not in old_ids:
            old_ids.append(found)
    # A renamed group keeps its oldest id; any other id found for it is absorbed.
    candidates = [i for i in [*old_ids, current] if i is not None]
    if candidates:
        target = min(candidates)
        for other in set(candidates) - {target}:
            absorb(session, other, target)
            touched.add(target)
        add_name(session, target, name, region)
    elif (linked := lookup_linked(session, name, region)) is not None:
        target = linked  # a person linked this name to a known body (groups link)
        add_name(session, target, name, region)
    else:
        target = create_group(session, name, region)
    for old in former:
        add_name(session, target, old, region, kind="former")
    if alias:
        add_alias(session, target, alias, region)
    for old in merged_from:
        if normalize_name(old, region) == normalize_name(name, region):
            continue
        old_id = lookup(session, old, region)
        if old_id is None:  # keep the old group findable even when its own notices are unseen
            old_id = create_group(session, old, region)
        if old_id != target:
            session.connection().execute(
                update(_GROUPS).where(_GROUPS.c.id == old_id).values(merged_into=target)
            )
    return target, touched


def reconcile(session: Session) -> set[int]:
    """Match stored names again by the current rules: fill in missing cores, then make one
    group of the groups of a region that share a core (unless a person unlinked two of
    their names). Returns the groups that took others over."""
    conn = session.connection()
    missing = conn.execute(
        select(_NAMES.c.id, _NAMES.c.region, _NAMES.c.norm).where(_NAMES.c.core.is_(None))
    ).all()
    for row in missing:
        core = name_core(row.norm, row.region)
        conn.execute(update(_NAMES).where(_NAMES.c.id == row.id).values(core=core))
    clusters: dict[tuple[str, str], set[int]] = {}
    norms: dict[tuple[str, str], set[str]] = {}
    for name in conn.execute(select(_NAMES.c.group_id, _NAMES.c.region, _NAMES.c.core, _NAMES.c.norm)):
        clusters.setdefault((name.region, name.core), set()).add(follow(session, name.group_id))
        norms.setdefault((name.region, name.core), set()).add(name.norm)
    unlinked = {
        (r.old_region, r.old_norm, r.new_norm)
        for r in conn.execute(select(_DECISIONS).where(_DECISIONS.c.linked.is_(False)))
        if r.old_region == r.new_region
    }
    winners: set[int] = set()
    for (region, core), ids in sorted(clusters.items()):
        ids = {follow(session, i) for i in ids}
        names = norms[(region, core)]
        if len(ids) < 2 or any(r == region and a in names and b in names for r, a, b in unlinked):
            continue
        winner = min(ids)
        for loser in sorted(ids - {winner}):
            absorb(session, loser, winner)
        winners.add(winner)
    return winners


def suggest_replacements(session: Session, bodies: list[tuple[str, bool, int]]) -> None:
    """成立A，撤销B in one notice: A may be B under a new name. A person decides (groups
    link); recorded as a suggestion. BODIES: (name, abolished only, group id) of a notice."""
    gone = [(name, gid) for name, abolished, gid in bodies if abolished]
    going_on = [gid for _, abolished, gid in bodies if not abolished]
    for new_id in going_on:
        for old_name, old_id in gone:
            if new_id != old_id:
                reason = f"replaces {old_name} in the same notice (成立…，撤销…)"
                _suggest_pair(session, new_id, old_id, 1.0, reason)


def _suggest_pair(session: Session, group_id: int, candidate_id: int, score: float, reason: str) -> None:
    table = table_of(GroupSuggestion)
    conn = session.connection()
    pair = ((table.c.group_id == group_id) & (table.c.candidate_id == candidate_id)) | (
        (table.c.group_id == candidate_id) & (table.c.candidate_id == group_id)
    )
    if conn.execute(select(table.c.id).where(pair)).first() is None:
        values = {"group_id": group_id, "candidate_id": candidate_id, "score": score, "reason": reason}
        conn.execute(insert(table), values | {"created_at": utcnow()})
