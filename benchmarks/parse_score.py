"""Score the notice parser against the gold corpus and print per-file figures and totals.

    python benchmarks/parse_score.py [DIR...]          # default: tests/data/notices tests/data/examples
    python benchmarks/parse_score.py --diff FILE       # what one notice misses / adds
    python benchmarks/parse_score.py --json            # totals as JSON (for CI trends)

Triples are (group name, role, person-or-unit), compared as multisets per notice and
micro-averaged over the corpus; "titles" is the share of matched triples whose title is
exact; metadata columns are T(itle) I(ssuer) D(oc number) d(ate) R(egion), "." when wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.parse.scoring import (  # noqa: E402
    DEFAULT_DIRS,
    META_FIELDS,
    Case,
    change_keys,
    event_keys,
    find_cases,
    load_gold,
    parse_notice,
    partial_flags,
    score_case,
    titles,
    totals,
    triple_diff,
)


def _flags(meta: dict[str, bool]) -> str:
    return "".join(c if meta.get(f) else "." for c, f in zip("TIDdR", META_FIELDS, strict=True))


def print_table(cases: list[Case]) -> int:
    started = time.perf_counter()
    scores = [score_case(c) for c in cases]
    elapsed = time.perf_counter() - started
    width = max((len(s.name) for s in scores), default=10)
    print(f"{'file':<{width}}  gold parsed match     P     R    F1  titles  meta  ev  ch")
    for s in scores:
        title_share = f"{s.titles_ok}/{s.matched}"
        print(
            f"{s.name:<{width}}  {s.gold_triples:>4} {s.parsed_triples:>6} {s.matched:>5}"
            f" {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {title_share:>7}  {_flags(s.meta)}"
            f"  {'ok' if s.events_exact else '--'}  {'ok' if s.changes_exact else '--'}"
            + (f"  ERROR {s.error}" if s.error else "")
        )
    t = totals(scores)
    print()
    per_file = elapsed / max(t.files, 1) * 1000
    print(f"files {t.files}, parser errors {t.errors}, {elapsed:.2f}s ({per_file:.0f} ms/file)")
    print(f"triples  micro P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}")
    title_rate = f"{t.title_rate:.3f}" if any(s.matched for s in scores) else "n/a (no triple matched)"
    print(f"titles   exact on matched triples {title_rate}")
    print("metadata " + "  ".join(f"{f} {v:.3f}" for f, v in t.meta_accuracy.items()))
    print(f"events   files exact {t.events_exact:.3f}  micro F1 {t.events_f1:.3f}")
    print(f"changes  files exact {t.changes_exact:.3f}  micro F1 {t.changes_f1:.3f}")
    print(f"partial  agreement on {t.groups_matched} groups found on both sides {t.partial_rate:.3f}")
    return 0


def print_diff(path: Path, cases: list[Case]) -> int:
    case = next((c for c in cases if c.notice.resolve() == path.resolve() or c.name == path.name), None)
    if case is None:
        print(f"no gold record found for {path}", file=sys.stderr)
        return 2
    gold = load_gold(case.gold)
    try:
        parsed = parse_notice(case.notice)
    except Exception as e:
        print(f"parser error: {type(e).__name__}: {e}")
        parsed = {}
    for f in META_FIELDS:
        g, p = gold.get(f), parsed.get(f)
        if str(g) != str(p):
            print(f"{f}: gold {g!r}  parsed {p!r}")
    missing, extra = triple_diff(gold, parsed)
    for t in missing:
        print("- " + " | ".join(t))
    for t in extra:
        print("+ " + " | ".join(t))
    g_titles, p_titles = titles(gold), titles(parsed)
    for key in sorted(g_titles.keys() & p_titles.keys()):
        if g_titles[key] != p_titles[key]:
            print(
                f"~ {' | '.join(key)}: title gold {sorted(g_titles[key], key=str)}"
                f" parsed {sorted(p_titles[key], key=str)}"
            )
    g_partial, p_partial = partial_flags(gold), partial_flags(parsed)
    for key in sorted(g_partial.keys() & p_partial.keys(), key=str):
        if g_partial[key] != p_partial[key]:
            print(f"~ partial {key[0]}: gold {g_partial[key]} parsed {p_partial[key]}")
    for label, keys in (("event", event_keys), ("change", change_keys)):
        g, p = keys(gold), keys(parsed)
        for k in sorted((g - p).elements(), key=str):
            print(f"- {label} {k}")
        for k in sorted((p - g).elements(), key=str):
            print(f"+ {label} {k}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="directories of notices with gold records")
    ap.add_argument("--diff", type=Path, metavar="FILE", help="print what one file misses (-) / adds (+)")
    ap.add_argument("--json", action="store_true", help="print the totals as JSON")
    args = ap.parse_args(argv)
    cases = find_cases(args.dirs or DEFAULT_DIRS)
    if args.diff:
        if not args.dirs:
            cases = find_cases([args.diff.parent, *DEFAULT_DIRS])
        return print_diff(args.diff, cases)
    if args.json:
        print(json.dumps(asdict(totals([score_case(c) for c in cases])), ensure_ascii=False, indent=1))
        return 0
    return print_table(cases)


if __name__ == "__main__":
    sys.exit(main())
