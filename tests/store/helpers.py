"""Shared helpers of the store tests: series of NoticeRecord JSON files and their expected events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from store import query
from store.db import session_scope
from store.ingest import IngestResult, ingest
from store.records import NoticeRecord
from tests.conftest import DATA

SERIES = DATA / "series"


def series_names() -> list[str]:
    return sorted(p.name for p in SERIES.iterdir() if p.is_dir())


def notices(name: str) -> list[Path]:
    return sorted(p for p in (SERIES / name).glob("*.json") if p.name != "expected.json")


def load(path: Path) -> NoticeRecord:
    return NoticeRecord.model_validate(json.loads(path.read_text()))


def expected(name: str) -> list[dict[str, Any]]:
    return json.loads((SERIES / name / "expected.json").read_text())


def ingest_files(engine: Engine, paths: list[Path], **kwargs: Any) -> list[IngestResult]:
    return [ingest(engine, load(p), url=f"https://gov.example/{p.name}", **kwargs) for p in paths]


def who(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("person") or value.get("unit")
    if isinstance(value, list):
        return tuple(sorted(value))
    return value


def key(event: dict[str, Any]) -> tuple[Any, ...]:
    """What an expected-events file states about an event."""
    return (
        event["type"],
        event["group"],
        event["effective"],
        event["subgroup"],
        event["role"],
        who(event["before"]),
        who(event["after"]),
    )


def all_changes(engine: Engine) -> list[dict[str, Any]]:
    with session_scope(engine) as session:
        return query.changes(session)


def histories(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every group's history by its current name, without store-specific numbers."""
    with session_scope(engine) as session:
        result = {}
        for g in query.groups(session):
            result[g["name"]] = [
                {k: v for k, v in version.items() if k != "notice"} | {"doc": version["notice"]["doc_number"]}
                for version in query.history(session, str(g["id"]))
            ]
        return result
