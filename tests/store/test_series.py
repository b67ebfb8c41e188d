"""Series of notices about the same bodies, ingested in order, reversed and shuffled: the
events are the expected ones (data files), and history and event ids do not depend on order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from store.db import open_engine
from tests.store.helpers import all_changes, expected, histories, ingest_files, key, notices, series_names

ORDERS = ["in_order", "reversed", "shuffled"]


def _ordered(paths: list[Path], order: str, seed: int = 7) -> list[Path]:
    if order == "reversed":
        return paths[::-1]
    if order == "shuffled":
        shuffled = paths[:]
        random.Random(seed).shuffle(shuffled)
        return shuffled
    return paths


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("series", series_names())
def test_series_events_do_not_depend_on_order(db_url: str, tmp_path: Path, series: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_files(engine, _ordered(notices(series), order))
    got = all_changes(engine)
    assert sorted(map(key, got)) == sorted(map(key, expected(series)))

    reference = open_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    ingest_files(reference, notices(series))
    assert {e["id"] for e in got} == {e["id"] for e in all_changes(reference)}
    assert histories(engine) == histories(reference)
    engine.dispose()
    reference.dispose()


@pytest.mark.parametrize("series", series_names())
def test_ingesting_twice_changes_nothing(db_url: str, series: str) -> None:
    engine = open_engine(db_url)
    first = ingest_files(engine, notices(series))
    before = (all_changes(engine), histories(engine))
    again = ingest_files(engine, notices(series))
    assert all(r.duplicate and not r.events for r in again)
    assert [r.notice_id for r in again] == [r.notice_id for r in first]
    assert (all_changes(engine), histories(engine)) == before
    engine.dispose()


def test_many_shuffles_give_the_same_ids(tmp_path: Path) -> None:
    paths = notices("hechang")
    ids = []
    for seed in range(4):
        engine = open_engine(f"sqlite:///{tmp_path / f's{seed}.db'}")
        ingest_files(engine, _ordered(paths, "shuffled", seed))
        ids.append({e["id"] for e in all_changes(engine)})
        engine.dispose()
    assert all(s == ids[0] for s in ids)
    assert len(ids[0]) == len(expected("hechang"))
