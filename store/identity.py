"""Which group a body of a notice is about (DESIGN rule 4).

Explicit first: a 更名 links the old name to the new one, a 合并 points the old groups at
the new one. Otherwise a body matches a group of the same region by normalised name
("省政府…" in a 青海省 notice is "青海省人民政府…") or by a distinctive alias. A close
but not equal name is only recorded as a suggestion, never merged.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from sqlalchemy import bindparam, delete, func, select, update
from sqlmodel import Session

from store.tables import (
    ChangeEvent,
    GroupAlias,
    GroupName,
    GroupSuggestion,
    Grp,
    NoticeGroup,
    PostSpan,
    Version,
)

# Longest first: 自治区 before 区.
_NAMES, _GROUPS = GroupName.__table__, Grp.__table__  # type: ignore[attr-defined]
FIND_NAME = (
    select(_NAMES.c.group_id, _GROUPS.c.absorbed_into)
    .join(_GROUPS, _GROUPS.c.id == _NAMES.c.group_id)
    .where(_NAMES.c.region == bindparam("region"), _NAMES.c.norm == bindparam("norm"))
)
_LEVELS = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "州", "盟", "旗")
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
_PUNCT_OR_SPACE = re.compile(r"[\s\u3000]")
SUGGEST_AT = 0.85  # difflib ratio of normalised names above which a pair is suggested
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
    return next((lv for lv in _LEVELS if region.endswith(lv)), None)


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


def follow(session: Session, group_id: int) -> int:
    """The group an id means now (an absorbed id points at the group that took it over)."""
    for _ in range(20):
        target = session.get(Grp, group_id)
        if target is None or target.absorbed_into is None:
            return group_id
        group_id = target.absorbed_into
    return group_id


def lookup_name(session: Session, name: str, region: str | None) -> int | None:
    """The group that has had exactly this (normalised) name in the region."""
    region = region_key(region)
    params = {"region": region, "norm": normalize_name(name, region)}
    row = session.connection().execute(FIND_NAME, params).first()
    if row is None:
        return None
    return row.group_id if row.absorbed_into is None else follow(session, row.absorbed_into)


def lookup(session: Session, name: str, region: str | None) -> int | None:
    """By name, else by a distinctive alias that only one group of the region has."""
    found = lookup_name(session, name, region)
    if found is not None:
        return found
    region = region_key(region)
    norm = normalize_name(name, region)
    if norm in GENERIC_ALIASES or len(norm) < 4:
        return None
    ids = (
        session.exec(  # type: ignore[call-overload]
            select(GroupAlias.group_id).where(GroupAlias.region == region, GroupAlias.norm == norm)
        )
        .scalars()
        .all()
    )
    distinct = {follow(session, i) for i in ids}
    return distinct.pop() if len(distinct) == 1 else None


def add_name(session: Session, group_id: int, name: str, region: str | None, kind: str = "name") -> None:
    """Record NAME as one of the group's names (a no-op when already known)."""
    region = region_key(region)
    norm = normalize_name(name, region)
    row = session.exec(  # type: ignore[call-overload]
        select(GroupName).where(GroupName.region == region, GroupName.norm == norm)
    ).scalar_one_or_none()
    if row is None:
        session.add(GroupName(group_id=group_id, region=region, norm=norm, name=name, kind=kind))
        session.flush()  # a concurrent writer of the same name fails here and the ingest retries
    elif follow(session, row.group_id) != group_id:
        row.group_id = group_id


def add_alias(session: Session, group_id: int, alias: str, region: str | None) -> None:
    region = region_key(region)
    norm = normalize_name(alias, region)
    if norm in GENERIC_ALIASES or len(norm) < 4:
        return
    exists = session.exec(  # type: ignore[call-overload]
        select(GroupAlias.id).where(GroupAlias.group_id == group_id, GroupAlias.norm == norm)
    ).first()
    if exists is None:
        session.add(GroupAlias(group_id=group_id, region=region, norm=norm))


def create_group(session: Session, name: str, region: str | None) -> int:
    group = Grp(region=region_key(region), name=name)
    session.add(group)
    session.flush()
    assert group.id is not None
    add_name(session, group.id, name, region)
    suggest(session, group.id, name, region)
    return group.id


def suggest(session: Session, group_id: int, name: str, region: str | None) -> None:
    """Record groups of the region whose names are close to NAME (a human decides)."""
    region = region_key(region)
    norm = normalize_name(name, region)
    rows = session.exec(  # type: ignore[call-overload]
        select(GroupName.group_id, GroupName.norm).where(
            GroupName.region == region,
            GroupName.group_id != group_id,
            func.length(GroupName.norm).between(len(norm) * 3 // 4, len(norm) * 4 // 3 + 1),
        )
    ).all()
    best: dict[int, float] = {}
    matcher = difflib.SequenceMatcher(None, "", norm, autojunk=False)
    for other_id, other_norm in rows:
        matcher.set_seq1(other_norm)
        if matcher.real_quick_ratio() < SUGGEST_AT or matcher.quick_ratio() < SUGGEST_AT:
            continue
        score = matcher.ratio()
        if score >= SUGGEST_AT:
            other_id = follow(session, other_id)
            best[other_id] = max(best.get(other_id, 0.0), score)
    for other_id, score in sorted(best.items()):
        if other_id != group_id:
            session.add(
                GroupSuggestion(
                    group_id=group_id,
                    candidate_id=other_id,
                    score=round(score, 3),
                    reason=f"similar name in {region or 'no region'}",
                )
            )


def absorb(session: Session, loser: int, winner: int) -> None:
    """Two ids turned out to be one group (a 更名 linked them): keep WINNER, point LOSER at it."""
    session.execute(update(GroupName).where(GroupName.group_id == loser).values(group_id=winner))
    session.execute(update(GroupAlias).where(GroupAlias.group_id == loser).values(group_id=winner))
    session.execute(update(NoticeGroup).where(NoticeGroup.group_id == loser).values(group_id=winner))
    # The loser's events are re-derived under the winner (same change, same id); its
    # versions and spans are the winner's to rebuild.
    session.execute(update(ChangeEvent).where(ChangeEvent.group_id == loser).values(active=False))
    session.execute(delete(Version).where(Version.group_id == loser))  # type: ignore[arg-type]
    session.execute(delete(PostSpan).where(PostSpan.group_id == loser))  # type: ignore[arg-type]
    session.execute(update(Grp).where(Grp.merged_into == loser).values(merged_into=winner))
    loser_row = session.get(Grp, loser)
    if loser_row is not None:
        loser_row.absorbed_into = winner
    session.flush()


def resolve(
    session: Session,
    name: str,
    region: str | None,
    *,
    renamed_from: list[str],
    merged_from: list[str],
    alias: str | None = None,
) -> tuple[int, set[int]]:
    """The group id of a body of a notice, creating or linking groups as the notice says.

    Returns (group id, ids of other groups whose derived data must be rebuilt).
    """
    touched: set[int] = set()
    if not renamed_from and not merged_from and not alias:
        known = lookup_name(session, name, region)
        if known is not None:  # the common case: a body under a name already known
            return known, touched
    current = lookup(session, name, region)
    if alias and current is None:
        current = lookup(session, alias, region)
    old_ids: list[int] = []
    for old in renamed_from:
        found = lookup(session, old, region)
        if found is not None and found not in old_ids:
            old_ids.append(found)
    # A renamed group keeps its oldest id; any other id found for it is absorbed.
    candidates = [i for i in [*old_ids, current] if i is not None]
    target = min(candidates) if candidates else create_group(session, name, region)
    for other in set(candidates) - {target}:
        absorb(session, other, target)
        touched.add(target)
    add_name(session, target, name, region)
    for old in renamed_from:
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
            row = session.get(Grp, old_id)
            if row is not None and row.merged_into != target:
                row.merged_into = target
    return target, touched
