"""The real series of tests/data/series_real: notices about one body over time, copied
byte for byte from the corpus (`NNN_….txt`) with the record each should parse to
(`NNN_….json`, the corpus gold, so these tests do not depend on the parser), and the
change events a reader of the notices expects (`expected.json`)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from store.ingest import IngestResult, ingest
from store.records import NoticeRecord
from tests.conftest import DATA

SERIES = DATA / "series_real"
# The date the source's list page gave each undated notice (the pipeline passes it).
LIST_DATES = {
    "109": "2007-12-06",
    "110": "2008-03-11",
    "111": "2010-01-27",
    "108": "2008-10-14",
    "114": "2019-07-15",
    "231": "2019-01-21",
    "124": "2018-03-17",
    "105": "2023-03-16",
}
ORDERS = ["in_order", "reversed", "shuffled"]


def series_names() -> list[str]:
    return sorted(p.name for p in SERIES.iterdir() if p.is_dir())


def records(name: str) -> list[Path]:
    return sorted(p for p in (SERIES / name).glob("*.json") if p.name != "expected.json")


def expected(name: str) -> list[dict[str, Any]]:
    return json.loads((SERIES / name / "expected.json").read_text())


def ordered(paths: list[Path], order: str, seed: int = 11) -> list[Path]:
    if order == "reversed":
        return paths[::-1]
    if order == "shuffled":
        paths = paths[:]
        random.Random(seed).shuffle(paths)
    return paths


def ingest_record(engine: Engine, path: Path, **kwargs: Any) -> IngestResult:
    record = NoticeRecord.model_validate(json.loads(path.read_text()))
    number = path.name.split("_")[0]
    text = path.with_suffix(".txt")
    raw = text.read_bytes() if text.exists() else None
    return ingest(
        engine,
        record,
        raw=raw,
        url=f"https://gov.example/{path.stem}",
        list_date=LIST_DATES.get(number),
        **kwargs,
    )


def ingest_series(engine: Engine, name: str, order: str = "in_order") -> list[IngestResult]:
    return [ingest_record(engine, p) for p in ordered(records(name), order)]
