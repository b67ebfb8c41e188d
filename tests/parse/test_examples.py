"""The two official examples: the parsed record equals the gold on the contract fields.

Example 2 is a garbled scrape (paragraphs repeated and shuffled, sub-group headers
lost); its gold infers 综合组's leader from a duties sentence, which the text does not
state: that one triple is the only thing allowed to be missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapers.parse import parse_text

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
CONTRACT_GROUP_FIELDS = ("name", "alias", "kind", "parent", "category", "seat")


def _load(stem: str) -> tuple[dict[str, Any], dict[str, Any]]:
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((EXAMPLES / f"{stem}.gold.json").read_text(encoding="utf-8"))
    return parse_text(text).to_json(), gold


def _groups(record: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {g["name"]: tuple(g.get(f) for f in CONTRACT_GROUP_FIELDS) for g in record["groups"]}


def _posts(record: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {
        (g["name"], m["role"], m["person"], m["title"], m["unit"])
        for g in record["groups"]
        for m in g["members"]
    }


def test_example_1_equals_gold() -> None:
    parsed, gold = _load("000_995445077110b21c")
    assert parsed["events"] == gold["events"]
    assert parsed["groups"][0]["name"] == gold["groups"][0]["name"]
    assert _groups(parsed) == _groups(gold)
    assert _posts(parsed) == _posts(gold)
    for p, g in zip(parsed["groups"], gold["groups"], strict=True):  # order of members as written
        assert [m["person"] for m in p["members"]] == [m["person"] for m in g["members"]]
    assert all(g["duties"] is None for g in parsed["groups"])
    assert parsed["changes"] == []


def test_example_2_garbled_equals_gold_where_the_text_states_it() -> None:
    parsed, gold = _load("002_d084ee602badfcb7")
    assert parsed["events"] == gold["events"]
    assert _groups(parsed) == _groups(gold)
    inferred = ("综合组", "组长", "罗蔺", "市政府副秘书长", None)  # from a duties sentence only
    assert _posts(parsed) == _posts(gold) - {inferred}
