"""Score the change events of series of notices about one body against the expected events.

    python benchmarks/series_score.py [DIR...]       # default: tests/data/series_real
    python benchmarks/series_score.py --parse        # parse each NNN_*.txt with the current parser
    python benchmarks/series_score.py --diff         # list the missed and the extra events

A series is a directory of notices (`NNN_*.json` NoticeRecords, e.g. the corpus gold, and
optionally the `NNN_*.txt` text beside each) and `expected.json`, the events a reader of
the notices expects (type, group, effective, subgroup, role, before, after). Each series
is ingested in order into a fresh in-memory SQLite store, its events are compared with the
expected ones as multisets, and precision, recall and F1 are micro-averaged over all
series. Groups compare without the issuer's prefix; before/after compare by person (or
unit, or names for renames). With --parse the records come from the parser, so the figure
measures parser and store together. Undated notices take the list-page dates of
tests/store/real_series.py, as the pipeline would pass them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store import identity, query  # noqa: E402
from store.db import open_engine, session_scope  # noqa: E402
from store.ingest import ingest  # noqa: E402
from store.records import NoticeRecord  # noqa: E402
from tests.store.real_series import LIST_DATES, SERIES  # noqa: E402

Key = tuple[Any, ...]


def _who(value: Any) -> Any:
    if isinstance(value, dict):
        value = value.get("person") or value.get("unit")
    if isinstance(value, list):
        return tuple(sorted(identity.normalize_text(v) for v in value))
    return identity.normalize_text(value) if isinstance(value, str) else value


def event_key(event: dict[str, Any], region: str | None) -> Key:
    group = identity.name_core(identity.normalize_name(event["group"], region), region)
    return (
        event["type"],
        group,
        event["effective"],
        identity.normalize_text(event.get("subgroup")),
        event.get("role"),
        _who(event.get("before")),
        _who(event.get("after")),
    )


def _record(path: Path, parse: bool) -> NoticeRecord:
    text = path.with_suffix(".txt")
    if parse and text.exists():
        from scrapers.notice import read_notice, read_notice_bytes

        return read_notice(read_notice_bytes(str(text)))
    return NoticeRecord.model_validate(json.loads(path.read_text()))


def score_series(directory: Path, parse: bool) -> tuple[Counter[Key], Counter[Key]]:
    """(expected, got) events of one series as multisets of keys."""
    paths = sorted(p for p in directory.glob("*.json") if p.name != "expected.json")
    engine = open_engine("sqlite://")
    region = None
    for path in paths:
        record = _record(path, parse)
        region = region or record.region
        ingest(
            engine, record, url=f"https://gov.example/{path.stem}", list_date=LIST_DATES.get(path.name[:3])
        )
    with session_scope(engine) as session:
        got = Counter(event_key(e, region) for e in query.changes(session))
    engine.dispose()
    wanted = json.loads((directory / "expected.json").read_text())
    return Counter(event_key(e, region) for e in wanted), got


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dirs", nargs="*", type=Path, help="series directories, or folders of them")
    parser.add_argument("--parse", action="store_true", help="parse the texts instead of reading the records")
    parser.add_argument("--diff", action="store_true", help="list missed and extra events")
    args = parser.parse_args()
    roots = args.dirs or [SERIES]
    series = sorted(
        d for root in roots for d in ([root] if (root / "expected.json").exists() else root.iterdir())
        if (d / "expected.json").exists()
    )  # fmt: skip
    total_tp = total_got = total_wanted = 0
    print(f"{'series':<24} {'expected':>8} {'found':>6} {'right':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for directory in series:
        wanted, got = score_series(directory, args.parse)
        tp = sum((wanted & got).values())
        n_wanted, n_got = sum(wanted.values()), sum(got.values())
        total_tp, total_got, total_wanted = total_tp + tp, total_got + n_got, total_wanted + n_wanted
        p, r, f = _prf(tp, n_got, n_wanted)
        print(f"{directory.name:<24} {n_wanted:>8} {n_got:>6} {tp:>6} {p:>6.2f} {r:>6.2f} {f:>6.2f}")
        if args.diff:
            for key in sorted((wanted - got).elements(), key=str):
                print(f"    missed: {key}")
            for key in sorted((got - wanted).elements(), key=str):
                print(f"    extra:  {key}")
    p, r, f = _prf(total_tp, total_got, total_wanted)
    label = "all (parsed texts)" if args.parse else "all (records)"
    print(f"{label:<24} {total_wanted:>8} {total_got:>6} {total_tp:>6} {p:>6.2f} {r:>6.2f} {f:>6.2f}")


def _prf(tp: int, got: int, wanted: int) -> tuple[float, float, float]:
    p = tp / got if got else 1.0
    r = tp / wanted if wanted else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


if __name__ == "__main__":
    main()
