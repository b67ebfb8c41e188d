"""Median time per notice: (a) a ~35 KB portal page end to end from bytes, (b) the text alone.

python benchmarks/parse_bench.py [--runs N]

(a) read_notice(bytes) on tests/data/pages/qinghai_utf8.html: example 1 inside portal
    chrome (nav, 信息公开 table, related links, footer, scripts): decode, extract, parse.
(b) parse_text(text) on example 1's text (tests/data/examples/000_….txt).
Targets on a 2-core machine: (a) ≤ 20 ms, (b) ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from scrapers.extract import extract_page  # noqa: E402
from scrapers.notice import read_notice  # noqa: E402
from scrapers.parse import parse_text  # noqa: E402

PAGE = ROOT / "tests" / "data" / "pages" / "qinghai_utf8.html"
TEXT = ROOT / "tests" / "data" / "examples" / "000_995445077110b21c.txt"


def median_ms(func: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median wall time, its 95th percentile, and the median CPU time of this process.

    CPU time is shown too because on a shared machine the wall time includes waiting
    for a core; the CPU time is what the work itself costs.
    """
    for _ in range(5):  # warm caches (regexes, lexicons)
        func()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(len(wall) * 0.95) - 1], statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    page = PAGE.read_bytes()
    text = TEXT.read_text(encoding="utf-8")
    html = page.decode("utf-8")
    record = read_notice(page)
    members = sum(len(g.members) for g in record.groups)
    print(f"page: {PAGE.name} ({len(page) / 1024:.1f} KB), {len(record.groups)} groups, {members} members")
    rows = [
        ("(a) read_notice, page bytes end to end", lambda: read_notice(page), 20.0),
        ("    of which extract_page", lambda: extract_page(page), None),
        ("(b) parse_text, text alone", lambda: parse_text(text), 5.0),
        # Why selectolax: the HTML parse alone with each library on the same page.
        ("    HTML parse only: selectolax (lexbor)", lambda: LexborHTMLParser(html), None),
        ("    HTML parse only: lxml.html", lambda: lxml.html.fromstring(html), None),
    ]
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for label, func, target in rows:
        median, p95, cpu = median_ms(func, args.runs)
        verdict = ""
        if target is not None:
            verdict = f"  target ≤ {target:g} ms: {'ok' if median <= target else 'MISSED'}"
        print(f"{label:<42} median {median:6.2f} ms  p95 {p95:6.2f} ms  cpu {cpu:6.2f} ms{verdict}")


if __name__ == "__main__":
    main()
