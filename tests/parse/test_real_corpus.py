"""The parser on real notices (tests/data/real: 121 pages as published, gold written blind).

Two guards against regressions: floors on the corpus micro precision, recall, F1 and title
rate, set just under what the parser reaches; and exact agreement of the members (group,
role, person, title, unit) of every notice listed in tests/data/real/exact_members.list,
the notices the parser gets fully right. Metadata is scored by tests/parse/test_metadata_real.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.parse.scoring import Case, find_cases, load_gold, parse_notice, score_case, totals

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
CASES = find_cases([REAL])
EXACT_NAMES = [
    line.strip()
    for line in (REAL / "exact_members.list").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
EXACT = [c for c in CASES if c.notice.stem in EXACT_NAMES]

MIN_PRECISION = 0.97
MIN_RECALL = 0.955
MIN_F1 = 0.965
MIN_TITLES = 0.99
MIN_PARTIAL = 0.78


def members(record: dict[str, Any]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (g["name"], m["role"], m.get("person"), m.get("title"), m.get("unit"))
        for g in record.get("groups") or []
        for m in g.get("members") or []
    )


def test_the_real_corpus_is_here() -> None:
    assert len(CASES) == 121
    assert len(EXACT) == len(EXACT_NAMES), "a name in exact_members.list has no notice"


def test_real_corpus_floors() -> None:
    t = totals([score_case(c) for c in CASES])
    assert t.errors == 0
    assert t.precision >= MIN_PRECISION, f"P {t.precision:.3f}"
    assert t.recall >= MIN_RECALL, f"R {t.recall:.3f}"
    assert t.f1 >= MIN_F1, f"F1 {t.f1:.3f}"
    assert t.title_rate >= MIN_TITLES, f"titles {t.title_rate:.3f}"
    assert t.partial_rate >= MIN_PARTIAL, f"partial {t.partial_rate:.3f}"


@pytest.mark.parametrize("case", EXACT, ids=[c.notice.stem[:40] for c in EXACT])
def test_members_of_a_notice_read_exactly(case: Case) -> None:
    gold, parsed = members(load_gold(case.gold)), members(parse_notice(case.notice))
    assert parsed == gold, f"missing {gold - parsed}, extra {parsed - gold}"
