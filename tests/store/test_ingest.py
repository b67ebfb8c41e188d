"""Ingest: one transaction per notice, late notices re-derive events with stable ids and
alert only new ones, identity by normalised name, suggestions, raw bytes kept."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from store import query
from store.db import open_engine, session_scope
from store.ingest import decompress, ingest
from store.outbox import Alert
from store.records import Event, NoticeRecord
from store.tables import ChangeEvent, Notice, Version
from tests.store.helpers import all_changes, load, notices


def _record(
    date: str, members: list[tuple[str, str, str]], name: str = "省政府安全生产委员会", **extra: Any
) -> NoticeRecord:
    return NoticeRecord.model_validate(
        {
            "title": f"关于调整{name}组成人员的通知",
            "doc_number": f"青政办〔{date[:4]}〕{date[5:7]}号",
            "date": date,
            "region": "青海省",
            "groups": [
                {
                    "name": name,
                    "members": [{"role": r, "person": p, "title": t, "unit": None} for r, p, t in members],
                }
            ],
            **extra,
        }
    )


V1 = [("主任", "甲", "省长"), ("副主任", "乙", "副省长"), ("委员", "丙", "厅长")]
V2 = [("主任", "丁", "省长"), ("副主任", "乙", "副省长"), ("委员", "丙", "厅长")]
V3 = [("主任", "丁", "省长"), ("副主任", "乙", "副省长"), ("委员", "戊", "厅长")]


def _route(event: dict[str, Any]) -> list[str]:
    return ["webhook:test"]


def _alerted(engine) -> set[str]:
    with session_scope(engine) as s:
        return set(s.exec(select(Alert.event_id)).scalars())


def test_a_late_notice_rederives_around_it_and_alerts_only_new_changes(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest(engine, _record("2019-01-01", V1), route=_route)
    late = ingest(engine, _record("2021-01-01", V3), route=_route)
    # V1 → V3 in one step: 主任 and a 委员 changed.
    assert sorted(e["type"] for e in late.events) == ["holder_changed", "member_added", "member_removed"]
    holder_id = next(e["id"] for e in late.events if e["type"] == "holder_changed")

    middle = ingest(engine, _record("2020-01-01", V2), route=_route)
    # The 主任 changed at V2 now (new id: another notice introduced it); the 委员 change at
    # V3 is the same change as before and keeps its id, so it is not new.
    assert [e["type"] for e in middle.events] == ["holder_changed"]
    assert middle.events[0]["effective"] == "2020-01-01"
    active = all_changes(engine)
    assert holder_id not in {e["id"] for e in active}
    assert {e["id"] for e in late.events if e["type"] != "holder_changed"} <= {e["id"] for e in active}
    # Every alert is for an event id reported once; the superseded one is not re-alerted.
    alerted = _alerted(engine)
    assert alerted == {e["id"] for e in [*late.events, *middle.events]} | {
        e["id"] for e in active if e["type"] == "group_established"
    }
    with session_scope(engine) as s:
        versions = s.exec(select(Version.effective).order_by(Version.seq)).scalars().all()
        stale = s.get(ChangeEvent, holder_id)
    assert [v.isoformat() for v in versions] == ["2019-01-01", "2020-01-01", "2021-01-01"]
    assert stale is not None and not stale.active


def test_a_change_back_is_two_changes(db_url: str) -> None:
    engine = open_engine(db_url)
    for date, members in [("2019-01-01", V1), ("2020-01-01", V2), ("2021-01-01", V1)]:
        ingest(engine, _record(date, members))
    holders = [e for e in all_changes(engine) if e["type"] == "holder_changed"]
    assert [(e["before"]["person"], e["after"]["person"]) for e in holders] == [("甲", "丁"), ("丁", "甲")]
    assert len({e["id"] for e in holders}) == 2


def test_same_content_again_is_a_duplicate_and_identical_republication_gives_nothing(db_url: str) -> None:
    engine = open_engine(db_url)
    first = ingest(engine, _record("2019-01-01", V1), raw=b"<html>page one</html>")
    same_bytes = ingest(engine, _record("2019-01-01", V1[:1]), raw=b"<html>page one</html>")
    same_content = ingest(engine, _record("2019-01-01", V1), raw=b"<html>page one, other url</html>")
    assert same_bytes.duplicate and same_content.duplicate
    assert same_bytes.notice_id == same_content.notice_id == first.notice_id
    # Published again later with titles spaced and punctuated differently: a version, no event.
    noisy = [(r, p, " ".join(t)) for r, p, t in V1]
    again = ingest(engine, _record("2019-06-01", noisy, title="重新发布"))
    assert not again.duplicate and again.events == []
    with session_scope(engine) as s:
        raw = s.exec(select(Notice.raw_zst).where(Notice.id == first.notice_id)).scalar_one()
    assert decompress(raw) == b"<html>page one</html>"


def test_a_failure_midway_leaves_nothing(db_url: str) -> None:
    engine = open_engine(db_url)

    def broken_route(event: dict[str, Any]) -> list[str]:
        raise RuntimeError("router failed after the version was written")

    with pytest.raises(RuntimeError):
        ingest(engine, _record("2019-01-01", V1), route=broken_route)
    with session_scope(engine) as s:
        counts = [
            s.exec(select(func.count()).select_from(t)).scalar_one() for t in (Notice, Version, ChangeEvent)
        ]
    assert counts == [0, 0, 0]
    assert ingest(engine, _record("2019-01-01", V1)).events  # and it can be stored afterwards


def test_short_and_full_government_names_are_one_group_and_near_names_are_suggestions(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest(engine, _record("2019-01-01", V1, name="省政府安全生产委员会"))
    full = ingest(engine, _record("2020-01-01", V2, name="青海省人民政府安全生产委员会"))
    assert [e["type"] for e in full.events] == ["holder_changed"]
    near = ingest(engine, _record("2020-02-01", V1, name="省政府安全生产委员会办事机构"))
    assert [e["type"] for e in near.events] == ["group_established"]
    with session_scope(engine) as s:
        groups = query.groups(s)
        suggestions = query.suggestions(s)
        assert query.find_group(s, "青海省政府安全生产委员会").id == groups[0]["id"]
    assert len(groups) == 2
    assert [(x["group_id"], x["candidate_id"]) for x in suggestions] == [(groups[1]["id"], groups[0]["id"])]


def test_a_notice_listing_several_bodies_updates_each(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest(engine, _record("2019-01-01", V1, name="省防汛抗旱指挥部"))
    both = NoticeRecord.model_validate(
        {
            "title": "关于调整省防汛抗旱指挥部和省森林草原防灭火指挥部组成人员的通知",
            "date": "2020-05-01",
            "region": "青海省",
            "groups": [
                {
                    "name": "省防汛抗旱指挥部",
                    "members": [{"role": "总指挥", "person": "丁", "title": "省长"}],
                },
                {
                    "name": "办公室",
                    "parent": "省防汛抗旱指挥部",
                    "category": "办公室",
                    "seat": "省应急厅",
                    "members": [],
                },
                {
                    "name": "省森林草原防灭火指挥部",
                    "members": [{"role": "总指挥", "person": "乙", "title": "副省长"}],
                },
            ],
        }
    )
    result = ingest(engine, both)
    types = sorted((e["group"], e["type"]) for e in result.events)
    assert ("省森林草原防灭火指挥部", "group_established") in types
    assert ("省防汛抗旱指挥部", "subgroup_added") in types
    with session_scope(engine) as s:
        assert len(query.groups(s)) == 2
        office = query.asof(s, "省防汛抗旱指挥部", __import__("datetime").date(2020, 6, 1))["groups"][1]
    assert office["seat"] == "省应急厅"


def test_person_spans_and_asof(db_url: str) -> None:
    engine = open_engine(db_url)
    for date, members in [("2019-01-01", V1), ("2020-01-01", V2), ("2021-01-01", V3)]:
        ingest(engine, _record(date, members))
    with session_scope(engine) as s:
        posts = query.person(s, "丙")
        assert [(p["role"], p["from"], p["to"]) for p in posts] == [("委员", "2019-01-01", "2021-01-01")]
        still = query.person(s, "乙")
        assert still[0]["to"] is None
        version = query.asof(s, "省政府安全生产委员会", __import__("datetime").date(2020, 12, 31))
    assert version["version"] == 2 and version["groups"][0]["members"][0]["person"] == "丁"


def test_the_rebuild_gives_the_same_events(db_url: str) -> None:
    from store.derive import rebuild_all

    engine = open_engine(db_url)
    for path in notices("hechang"):
        ingest(engine, load(path))
    before = all_changes(engine)
    with session_scope(engine) as s:
        rebuild_all(s)
    assert all_changes(engine) == before


def test_records_are_stored_with_their_source_sentences(db_url: str) -> None:
    engine = open_engine(db_url)
    record = _record("2019-01-01", V1)
    record.groups[0].members[0].source = "省长甲任主任"
    result = ingest(engine, copy.deepcopy(record))
    with session_scope(engine) as s:
        stored = s.get(Notice, result.notice_id)
    assert stored is not None
    assert stored.record["groups"][0]["members"][0]["source"] == "省长甲任主任"
    assert json.dumps(stored.record, ensure_ascii=False)


def test_a_rename_notice_joins_two_groups_seen_apart(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest(engine, _record("2018-01-01", V1, name="省政府推进职能转变协调小组"))
    ingest(engine, _record("2021-01-01", V1, name="省政府推进政府职能转变协调小组"))
    with session_scope(engine) as s:
        assert len(query.groups(s)) == 2  # nothing links them yet
    rename = _record("2020-01-01", [], name="省政府推进政府职能转变协调小组")
    rename.events = [
        Event(type="rename", group="省政府推进政府职能转变协调小组", from_=["省政府推进职能转变协调小组"])
    ]
    ingest(engine, rename)
    with session_scope(engine) as s:
        groups = query.groups(s)
        posts = query.person(s, "甲")
        old = query.find_group(s, "省政府推进职能转变协调小组")
    assert [g["id"] for g in groups] == [old.id]
    assert [(p["from"], p["to"]) for p in posts] == [("2018-01-01", None)]
    assert sorted(e["type"] for e in all_changes(engine)) == ["group_established", "group_renamed"]


# ---- PostgreSQL round trips: what the write path saves must not change what it does ----


def _pg_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")


def test_the_notice_insert_takes_the_writers_lock_before_it_stores_anything(db_url: str) -> None:
    """The writers' lock is taken by the notice's INSERT itself (no statement of its own):
    while another writer holds it, an ingest waits there, having stored nothing."""
    import threading

    import psycopg

    from store.ingest import INGEST_LOCK_KEY

    _pg_only(db_url)
    engine = open_engine(db_url)
    plain = db_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (INGEST_LOCK_KEY,))
        done = threading.Event()
        worker = threading.Thread(target=lambda: (ingest(engine, _record("2020-01-01", V1)), done.set()))
        worker.start()
        waiting = None
        with psycopg.connect(plain, autocommit=True) as watcher:
            while waiting is None and worker.is_alive():  # until the ingest waits on the lock
                waiting = watcher.execute(
                    "SELECT a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE l.locktype = 'advisory' AND NOT l.granted"
                ).fetchone()
            stored = watcher.execute("SELECT count(*) FROM notice").fetchone()
        assert waiting is not None and waiting[0].startswith("INSERT INTO notice")
        assert stored == (0,) and not done.is_set()
        holder.commit()  # the other writer is done
        worker.join()
    assert done.is_set()
    with session_scope(engine) as s:
        assert s.exec(select(func.count()).select_from(Notice)).scalar_one() == 1
    engine.dispose()


def test_a_connection_the_server_closed_while_idle_is_replaced(db_url: str, monkeypatch) -> None:
    """A query (not retried, unlike a write) after the server closed the pooled connection."""
    import psycopg

    from store import db

    _pg_only(db_url)
    engine = open_engine(db_url)
    with session_scope(engine) as s:
        pid = s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    plain = db_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # as if it had waited in the pool a while
    with session_scope(engine) as s:
        assert s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    engine.dispose()


def test_a_run_of_ingests_pings_no_connection(db_url: str, monkeypatch) -> None:
    """Back-to-back ingests reuse the pooled connection without testing it first (a round
    trip each); a failure of a connection in use is retried by the write itself."""
    from store import db

    _pg_only(db_url)
    engine = open_engine(db_url)
    pings = []
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 3600.0)
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(conn) or True)
    for date, members in (("2020-01-01", V1), ("2021-01-01", V2), ("2022-01-01", V3)):
        ingest(engine, _record(date, members))
    assert pings == []
    engine.dispose()


def test_a_notice_the_server_refuses_is_a_store_error_and_the_store_goes_on(db_url: str) -> None:
    """The notice's INSERT goes to the driver with its BEGIN (one round trip): its failure is
    still the store's error, stores nothing, and leaves the connection fit for the next."""
    from store.db import StoreError

    _pg_only(db_url)
    engine = open_engine(db_url)
    with pytest.raises(StoreError, match="cannot store notice"):
        ingest(engine, _record("2020-01-01", V1, title="关于\x00调整的通知"))  # PostgreSQL text has no NUL
    assert not ingest(engine, _record("2020-01-01", V1)).duplicate
    assert not ingest(engine, _record("2021-01-01", V2)).duplicate
    with session_scope(engine) as s:
        assert s.exec(select(func.count()).select_from(Notice)).scalar_one() == 2
    assert [e["type"] for e in all_changes(engine)][1:] == ["holder_changed"]
    engine.dispose()
