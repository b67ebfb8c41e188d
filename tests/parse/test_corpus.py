"""The parser against the gold corpus (tests/data/notices, tests/data/examples).

Each gold file is the expected CONTRACT §1 record of the notice beside it; the
conventions the gold follows are in tests/data/notices/CONVENTIONS.md.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from store.records import CATEGORIES, EVENT_TYPES, NoticeRecord
from tests.parse.scoring import (
    DEFAULT_DIRS,
    META_FIELDS,
    NOTICE_SUFFIXES,
    Case,
    find_cases,
    load_gold,
    parse_notice,
    score_case,
    score_record,
    totals,
)

CASES = find_cases()
MIN_CORPUS_F1 = 0.95


def _members(group: dict[str, Any]) -> Counter[tuple[Any, ...]]:
    members = group.get("members") or []
    return Counter((m["role"], m.get("person"), m.get("title"), m.get("unit")) for m in members)


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The contract fields, in a form where order matters only where the contract says it does."""
    groups = record.get("groups") or []
    return {
        **{f: None if record.get(f) is None else str(record[f]) for f in META_FIELDS},
        "events": sorted(
            ((e["type"], e["group"], tuple(sorted(e.get("from") or []))) for e in record.get("events") or []),
        ),
        "main_group": groups[0]["name"] if groups else None,
        "groups": sorted(
            (
                (
                    g["name"],
                    g.get("alias"),
                    g.get("kind"),
                    g.get("parent"),
                    g.get("category"),
                    g.get("seat"),
                    sorted(_members(g).elements(), key=str),
                )
                for g in groups
            ),
            key=str,
        ),
        "changes": sorted(
            (
                (
                    c["group"],
                    c["role"],
                    None if c.get("removed") is None else tuple(sorted(c["removed"].items())),
                    None if c.get("added") is None else tuple(sorted(c["added"].items())),
                )
                for c in record.get("changes") or []
            ),
            key=str,
        ),
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_notice_matches_gold(case: Case) -> None:
    gold = comparable(load_gold(case.gold))
    parsed = comparable(parse_notice(case.notice))
    for key in gold:  # one assertion per field, so a failure says which part is wrong
        assert parsed[key] == gold[key], f"{case.name}: {key} differs"


def test_corpus_triple_f1() -> None:
    t = totals([score_case(c) for c in CASES])
    assert t.f1 >= MIN_CORPUS_F1, f"micro triple F1 {t.f1:.3f} (P {t.precision:.3f}, R {t.recall:.3f})"


# The gold itself: well-formed records that follow the contract's field rules.


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gold_follows_the_contract(case: Case) -> None:
    gold = load_gold(case.gold)
    NoticeRecord.model_validate({k: v for k, v in gold.items() if k != "format"})
    names = [g["name"] for g in gold["groups"]]
    assert len(names) == len(set((g["name"], g["parent"]) for g in gold["groups"]))
    for e in gold["events"]:
        assert e["type"] in EVENT_TYPES
        assert bool(e["from"]) == (e["type"] in ("rename", "merge"))
    for g in gold["groups"]:
        assert g["parent"] is None or g["parent"] in names
        assert g["category"] is None or g["category"] in CATEGORIES
        assert ("seat" in g) <= (g["category"] == "办公室")
        for m in g["members"]:
            assert (m["person"] is None) != (m["unit"] is None), m
            for text in (m["role"], m["person"] or ""):
                assert " " not in text and "\u3000" not in text and "同志" not in text, m
    for c in gold["changes"]:
        assert c["group"] in names
        assert c["removed"] or c["added"]


def test_scorer_counts_triples_titles_and_metadata() -> None:
    gold = load_gold(CASES[0].gold)
    assert score_record("same", gold, gold).f1 == 1.0
    worse = {**gold, "title": None, "groups": [dict(g) for g in gold["groups"]]}
    first = worse["groups"][0]
    dropped, retitled = first["members"][0], first["members"][1]
    first["members"] = [{**retitled, "title": "某某"}, *first["members"][2:]]
    s = score_record("worse", gold, worse)
    assert s.matched == s.gold_triples - 1
    assert s.titles_ok == s.matched - 1
    assert not s.meta["title"] and s.meta["issuer"]
    assert dropped["person"] or dropped["unit"]


def test_scorer_gives_nothing_found_zero_precision_and_recall() -> None:
    gold = load_gold(CASES[0].gold)
    s = score_record("empty", gold, {})
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    nothing = score_record("no groups", {"groups": []}, {"groups": []})
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 1.0, 1.0)


def test_official_examples_are_in_the_corpus() -> None:
    names = {c.gold.name for c in CASES}
    assert {"000_995445077110b21c.gold.json", "002_d084ee602badfcb7.gold.json"} <= names


def test_every_corpus_file_is_paired() -> None:
    folder = DEFAULT_DIRS[0]
    notices = {p.stem for p in folder.iterdir() if p.suffix in NOTICE_SUFFIXES}
    golds = {p.stem for p in folder.glob("*.json")}
    assert notices == golds
