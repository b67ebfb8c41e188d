"""Hostile nesting benchmark: page-to-text and list parsing on deeply nested or very long
markup, to show the cost grows linearly with the input (CPU seconds per size).

    python benchmarks/nesting_bench.py [--scale 1.0]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapers.extract import BadDocument, extract_page
from scrapers.sites import GenericAdapter, SiteOptions

LINK = "<a href='/n{i}.html'>关于成立某领导小组的通知</a> 2024-01-01 "


def pages(n: int) -> dict[str, str]:
    return {
        "<ul><li> nested": "<html><body>" + "<ul><li>x" * n + "</body></html>",
        "<div> nested": "<html><body>" + "<div>x" * n + "</body></html>",
        "links in one <div>": "<html><body><div>" + "".join(LINK.format(i=i) for i in range(n)) + "</div>",
    }


def cpu(call: object, *args: object) -> float:
    start = time.process_time()
    with contextlib.suppress(BadDocument):  # over 10 MB: refused, which is fine here
        call(*args)  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sizes (1.0: up to 200,000)")
    args = parser.parse_args()
    adapter = GenericAdapter(SiteOptions(["http://portal.example/"]))
    for n in (int(s * args.scale) for s in (20_000, 80_000, 200_000)):
        for name, html in pages(n).items():
            extract = cpu(extract_page, html.encode())
            listing = cpu(adapter.parse, html, "http://portal.example/")
            print(f"{name:20} × {n:>7,} ({len(html) / 1e6:5.2f} MB): extract_page {extract:6.2f} s CPU, "
                  f"list parse {listing:6.2f} s CPU")


if __name__ == "__main__":
    main()
