"""The parser on the batches written here as blind sets (tests/data/written; each scored once
while blind, tuned on since): floors just under what the parser reaches, so that a later change
does not lose what they taught."""

from __future__ import annotations

from pathlib import Path

from tests.parse.scoring import find_cases, score_case, totals

WRITTEN = Path(__file__).resolve().parents[1] / "data" / "written"
FIRST = find_cases([WRITTEN / "batch2", WRITTEN / "batch3"])
LATER = find_cases([WRITTEN / f"batch{n}" for n in (4, 5, 6, 9, 10, 13, 14, 15, 16, 17, 18)])


def test_all_batches_are_here() -> None:
    assert len(FIRST) == 40
    assert len(LATER) == 220


def test_first_two_batches_floors() -> None:
    t = totals([score_case(c) for c in FIRST])
    assert t.errors == 0
    assert t.precision >= 0.98, f"P {t.precision:.3f}"
    assert t.recall >= 0.98, f"R {t.recall:.3f}"
    assert t.title_rate >= 0.98, f"titles {t.title_rate:.3f}"


def test_later_batches_floors() -> None:
    t = totals([score_case(c) for c in LATER])
    assert t.errors == 0
    assert t.precision >= 0.97, f"P {t.precision:.3f}"
    assert t.recall >= 0.955, f"R {t.recall:.3f}"
    assert t.title_rate >= 0.975, f"titles {t.title_rate:.3f}"
    meta = t.meta_accuracy
    for field in ("title", "issuer", "doc_number", "date"):
        assert meta[field] >= 0.98, f"{field} {meta[field]:.3f}"
    assert t.events_f1 >= 0.98, f"events {t.events_f1:.3f}"
    assert t.changes_f1 >= 0.96, f"changes {t.changes_f1:.3f}"
