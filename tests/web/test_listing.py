"""store.listing on both engines: the web's queries (filtered changes, group search,
detail, timeline, version diff, stored notice, source state)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import listing, query
from store.db import open_engine, session_scope
from store.ingest import ingest
from store.records import NoticeRecord
from store.state import SourceState, read_states
from tests.web.helpers import GROUP, RENAMED, load_demo

ALIASED = NoticeRecord.model_validate(
    {
        "title": "关于成立兰州市河湖长制工作领导小组的通知",
        "doc_number": "兰政办〔2022〕7号",
        "date": "2022-07-01",
        "region": "兰州市",
        "groups": [
            {
                "name": "兰州市河湖长制工作领导小组",
                "alias": "河湖长制领导小组",
                "members": [{"role": "组长", "person": "张三_%", "title": "市长"}],
            }
        ],
    }
)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    load_demo(engine)
    ingest(engine, ALIASED)
    with session_scope(engine) as session:
        session.add(SourceState(source="qinghai", last_outcome="challenge", consecutive_failures=2))
    yield engine
    engine.dispose()


def test_changes_filtered_and_paged(engine: Engine) -> None:
    with Session(engine) as session:
        every = listing.changes(session)
        assert [e.event for e in every] == query.changes(session)  # same events, same order
        newest = listing.changes(session, newest_first=True, limit=3)
        assert [e.event for e in newest] == [e.event for e in reversed(every)][:3]
        assert [e.event for e in listing.changes(session, limit=2, offset=1)] == [e.event for e in every[1:3]]
        until = listing.changes(session, until=date(2020, 12, 31))
        assert until and all(e.event["effective"] <= "2020-12-31" for e in until)
        lanzhou = listing.changes(session, region="兰州市")
        assert [e.event["type"] for e in lanzhou] == ["group_established"]
        assert all(isinstance(e.notice_id, int) for e in every)
        by_person = listing.changes(session, text="刘宁")
        assert by_person and all("刘宁" in str(e.event) for e in by_person)
        named = listing.changes(session, text="河湖长制")
        assert [e.event["group"] for e in named] == ["兰州市河湖长制工作领导小组"]
        assert listing.changes(session, text="河湖_制") == []  # LIKE wildcards are matched literally
        assert listing.changes(session, text="%") == []
        with pytest.raises(query.QueryError, match="unknown event type"):
            listing.changes(session, type="exploded")


def test_group_search_by_any_name_alias_or_region(engine: Engine) -> None:
    with Session(engine) as session:

        def found(**kwargs: str) -> list[str]:
            return [g["name"] for g in listing.search_groups(session, **kwargs)]

        assert found(text="省政府推进职能转变协调小组") == [RENAMED]  # a former name
        assert found(text="河湖长制领导小组") == ["兰州市河湖长制工作领导小组"]  # the alias
        assert found(text="兰州") == ["兰州市河湖长制工作领导小组"]
        assert found(region="青海省") == [RENAMED]
        assert found(text="放管服", region="重庆市") and all(
            "重庆" in n for n in found(text="放管服", region="重庆市")
        )
        assert len(found()) == 3
        assert len(listing.search_groups(session, limit=1, offset=1)) == 1


def test_detail_timeline_and_compare(engine: Engine) -> None:
    with Session(engine) as session:
        detail = listing.group_detail(session, GROUP)
        assert detail["name"] == RENAMED and GROUP in detail["names"] and detail["versions"] == 4
        assert listing.group_detail(session, "3")["aliases"]
        versions = query.history(session, str(detail["id"]))
        assert detail["current"] == versions[-1]
        timeline = listing.timeline(session, detail["id"])
        assert sorted(timeline) == [1, 2, 3, 4]
        assert {e["type"] for e in timeline[2]["events"]} >= {"holder_changed"}
        changes = listing.compare(versions, "青海省", 1, 2)
        leader = next(e for e in changes if e["type"] == "holder_changed")
        assert leader["before"]["person"] == "王予波" and leader["after"]["person"] == "刘宁"
        assert listing.compare(versions, "青海省", 2, 2) == []
        with pytest.raises(query.QueryError, match="no version 9"):
            listing.compare(versions, "青海省", 1, 9)


def test_stored_notice_and_source_state(engine: Engine) -> None:
    with Session(engine) as session:
        notice_id = listing.timeline(session, 1)[2]["notice_id"]
        notice = listing.notice(session, notice_id)
        assert notice["doc_number"] == "青政办〔2021〕20号" and notice["raw"] and b"<html" in notice["raw"]
        assert notice["groups"] == [{"id": 1, "name": RENAMED}]
        recorded = listing.notice(session, listing.changes(session, region="兰州市")[0].notice_id)
        assert recorded["raw"] is None
        with pytest.raises(query.QueryError, match="no notice"):
            listing.notice(session, 10_000)
        states = read_states(session.connection())
        assert states["qinghai"]["consecutive_failures"] == 2
        assert "兰州市" in listing.regions(session)


def test_data_version_changes_with_every_commit(engine: Engine) -> None:
    """SQLite: a new value after any commit, by this engine or another; PostgreSQL: None
    (no value that cheap; the web view then keeps no answers)."""
    version = listing.DataVersion(engine)
    try:
        first = version.read()
        if engine.dialect.name != "sqlite":
            assert first is None
            return
        assert first is not None and version.read() == first  # reading changes nothing
        ingest(engine, NoticeRecord.model_validate({**ALIASED.model_dump(), "date": "2023-01-01"}))
        second = version.read()
        assert second is not None and second != first
        other = open_engine(str(engine.url))
        with session_scope(other) as session:
            session.add(SourceState(source="another", last_outcome="ok"))
        other.dispose()
        assert version.read() not in (first, second)
    finally:
        version.close()
    assert version.read() is None  # closed: nothing is kept on its strength
