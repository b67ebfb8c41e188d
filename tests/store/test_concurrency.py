"""Two OS processes ingesting the same notices at once (in opposite orders) create each
group once and store each notice once; the result is the one of a single writer."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from store import query
from store.db import open_engine, session_scope
from store.tables import Notice
from tests.store.helpers import all_changes, expected, ingest_files, key, notices


def _worker(url: str, reverse: bool, start: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    engine = open_engine(url)
    paths = notices("hechang")
    start.wait(30)
    ingest_files(engine, paths[::-1] if reverse else paths)
    engine.dispose()


def test_two_processes_do_not_create_a_group_twice(db_url: str) -> None:
    open_engine(db_url).dispose()  # schema first, so both workers race on data only
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    workers = [ctx.Process(target=_worker, args=(db_url, reverse, start)) for reverse in (False, True)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]

    engine = open_engine(db_url)
    with session_scope(engine) as s:
        names = sorted(g["name"] for g in query.groups(s))
        stored = s.exec(select(func.count()).select_from(Notice)).scalar_one()
    assert len(names) == len(set(names)) == 3
    assert stored == len(notices("hechang"))
    assert sorted(map(key, all_changes(engine))) == sorted(map(key, expected("hechang")))
    engine.dispose()
