"""`monitor reparse`: the stored pages parsed again with the current parser; the notices
whose record changed get the new one, events that stay keep their ids, events that appear
are recorded and alerted only when asked.

"A parser change" is simulated honestly: a real notice page (the corpus's S1 2018
国家教材委员会 notice, byte for byte) is stored with the record an older parser would have
made of it, the real parse less one member, and the reparse runs the real parser on the
stored bytes. The body's earlier notice (S1 2017, a news report) is stored as its gold
record without a page, as `monitor ingest record.json` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from monitor.config import config_from_dict
from monitor.reparse import parse_stored, reparse
from scrapers.parse import PARSER_VERSION
from store import links, query
from store.db import open_engine, session_scope
from store.derive import rebuild_all
from store.diff import SINGLE_HOLDER_ROLES
from store.ingest import ingest
from store.outbox import Alert
from store.records import NoticeRecord
from store.tables import ChangeEvent, Notice
from tests.conftest import DATA, run_cli
from tests.store.helpers import all_changes

HERE = DATA / "reparse"
EARLIER = HERE / "100_guojia-jiaocai-weiyuanhui-2017-establish-trad-news.gold.json"
PAGE = HERE / "101_guojia-jiaocai-weiyuanhui-2018-adjust.txt"
URL = "http://www.gov.cn/zhengce/content/2018-11/20/content_5341885.htm"
CONFIG = config_from_dict({})


def _route(event: dict[str, Any]) -> list[str]:
    return ["webhook:test"]


def _alerted(engine: Engine) -> set[str]:
    with session_scope(engine) as s:
        return set(s.exec(select(Alert.event_id)).scalars())  # type: ignore[call-overload]


def _older_parse(raw: bytes) -> tuple[NoticeRecord, dict[str, Any]]:
    """The real parse of the page less one member that holds a role with several holders
    and that the earlier notice does not list (a member the old parser missed)."""
    record = parse_stored(raw, URL, None)
    earlier = {m["person"] for g in json.loads(EARLIER.read_text())["groups"] for m in g["members"]}
    main = record.groups[0]
    missed = [m for m in main.members if m.role not in SINGLE_HOLDER_ROLES and m.person not in earlier]
    assert missed, "the page's parse lists no member to drop"
    main.members.remove(missed[-1])
    return record, missed[-1].model_dump()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


def _store_series(engine: Engine) -> tuple[int, dict[str, Any]]:
    """Both notices stored, alerted as a daemon would; returns the page's notice id and the
    member the older parse missed."""
    ingest(engine, NoticeRecord.model_validate_json(EARLIER.read_bytes()), route=_route)
    raw = PAGE.read_bytes()
    older, missed = _older_parse(raw)
    result = ingest(engine, older, raw=raw, url=URL, route=_route, parser_version="0")
    assert not result.duplicate
    return result.notice_id, missed


@pytest.mark.parametrize("alert", [False, True], ids=["no-alert", "alert"])
def test_a_parser_fix_adds_one_event_and_the_others_keep_their_ids(engine: Engine, alert: bool) -> None:
    notice_id, missed = _store_series(engine)
    before = {e["id"]: e for e in all_changes(engine)}
    alerted = _alerted(engine)
    assert alerted == set(before)

    summary = reparse(engine, CONFIG, alert=alert, route=_route)

    assert [n["notice_id"] for n in summary.changed] == [notice_id]
    assert summary.notices == 2 and summary.unchanged == 0 and summary.failed == []
    assert [s["reason"] for s in summary.skipped] == ["no page stored (ingested as a record)"]
    [new] = summary.appeared
    assert (new["type"], new["role"], new["after"]["person"]) == (
        "member_added",
        missed["role"],
        missed["person"],
    )
    assert summary.disappeared == [] and summary.stayed == len(before)
    after = {e["id"]: e for e in all_changes(engine)}
    assert set(after) == set(before) | {new["id"]}  # every earlier event kept its id
    assert _alerted(engine) == (alerted | {new["id"]} if alert else alerted)
    assert summary.alerted == (1 if alert else 0)
    with session_scope(engine) as s:
        row = s.get(Notice, notice_id)
        assert row is not None and row.parser_version == PARSER_VERSION
        assert missed["person"] in {m["person"] for m in row.record["groups"][0]["members"]}


def test_a_second_reparse_changes_nothing_and_never_alerts_again(engine: Engine) -> None:
    _store_series(engine)
    first = reparse(engine, CONFIG, alert=True, route=_route)
    alerted, events = _alerted(engine), all_changes(engine)
    again = reparse(engine, CONFIG, alert=True, route=_route)
    assert (again.changed, again.appeared, again.disappeared) == ([], [], [])
    assert again.unchanged == 1 and again.stayed == len(events) and again.alerted == 0
    assert _alerted(engine) == alerted and all_changes(engine) == events
    assert len(first.appeared) == 1


def test_an_event_that_disappears_is_kept_inactive_and_not_alerted_when_it_returns(engine: Engine) -> None:
    """The missed member comes back through a reparse: its event appears; a later parser that
    loses it again makes it disappear (kept, inactive); one more fix brings it back, unalerted."""
    _, missed = _store_series(engine)
    reparse(engine, CONFIG, alert=True, route=_route)
    real = parse_stored

    def losing(raw: bytes, url: str | None, source: Any) -> NoticeRecord:
        record = real(raw, url, source)
        record.groups[0].members = [m for m in record.groups[0].members if m.person != missed["person"]]
        return record

    lost = reparse(engine, CONFIG, parse=losing, parser_version="2")
    [gone] = lost.disappeared
    assert gone["after"]["person"] == missed["person"] and lost.appeared == []
    with session_scope(engine) as s:
        row = s.get(ChangeEvent, gone["id"])
        assert row is not None and row.active is False
    alerted = _alerted(engine)
    back = reparse(engine, CONFIG, alert=True, route=_route)
    assert [e["id"] for e in back.appeared] == [gone["id"]]
    assert _alerted(engine) == alerted and back.alerted == 0  # reported once, ever


def test_filters_choose_the_notices(engine: Engine) -> None:
    notice_id, _ = _store_series(engine)
    with session_scope(engine) as s:
        s.execute(update(Notice).where(Notice.id == notice_id).values(source="gov"))  # type: ignore[arg-type]
    assert reparse(engine, CONFIG, source="other").notices == 0
    assert reparse(engine, CONFIG, since=date(2019, 1, 1)).notices == 0
    only = reparse(engine, CONFIG, source="gov", group="国家教材委员会")
    assert only.notices == 1 and [n["notice_id"] for n in only.changed] == [notice_id]


def test_the_command_prints_what_changed(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    try:
        _store_series(engine)
    finally:
        engine.dispose()
    done = run_cli("--db", sqlite_url, "reparse", "--json")
    assert done.returncode == 0, done.stderr.decode()
    summary = json.loads(done.stdout)
    assert len(summary["changed"]) == 1 and len(summary["appeared"]) == 1 and summary["alerted"] == 0
    again = run_cli("--db", sqlite_url, "reparse")
    assert again.returncode == 0, again.stderr.decode()
    out = again.stdout.decode()
    assert "reparsed 2 notice(s): 0 record(s) changed, 1 unchanged" in out
    assert "0 appeared, 0 disappeared" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2019-13-01"], "bad --since date"),
        (["--group", "没有这个小组"], "no group named"),
        (["--source", "nope"], "no source named"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(sqlite_url: str, args: list[str], message: str) -> None:
    done = run_cli("--db", sqlite_url, "reparse", *args)
    err = done.stderr.decode()
    assert done.returncode == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# S5 of the corpus: a 2008 report that sets up 国家能源委员会 and abolishes 国家能源领导小组
# (stored as its gold record, no page), then the 2010 report on the new body (its page).
DECISION = HERE / "110_guojia-nengyuan-lingdao-weiyuanhui-2008-abolish-establish-trad-news.gold.json"
REPORT = HERE / "111_guojia-nengyuan-lingdao-weiyuanhui-2010-establish-trad-news.txt"
REPORT_URL = "http://jumpintl.com/news/hyxw/1001/1083773.html"


def _group_ids(engine: Engine, *names: str) -> set[int]:
    with session_scope(engine) as s:
        return {query.find_group(s, name).id for name in names}


def _timeline(engine: Engine, group_id: int) -> list[tuple[str, str, str | None]]:
    """The group's versions (effective date, name, notice URL) and its former names."""
    with session_scope(engine) as s:
        versions = [(v["effective"], v["name"], v["notice"]["url"]) for v in query.history(s, str(group_id))]
        [group] = [g for g in query.groups(s) if g["id"] == group_id]
    return [*versions, ("former", "、".join(sorted(group["former_names"])), None)]


def test_a_persons_link_survives_reparse_and_rebuild(engine: Engine) -> None:
    """成立A，撤销B in one decision: a person links B to A; a reparse of A's page (whose
    stored record an older parser made without the members) and a rebuild keep them one."""
    fetched = datetime(2008, 3, 15, tzinfo=UTC)  # undated reports: dated by when they were fetched
    ingest(engine, NoticeRecord.model_validate_json(DECISION.read_bytes()), observed_at=fetched)
    raw = REPORT.read_bytes()
    older = parse_stored(raw, REPORT_URL, None)
    assert older.groups and older.groups[0].name == "国家能源委员会"
    older.groups[0].members = []  # the older parser read no member
    stored = ingest(engine, older, raw=raw, url=REPORT_URL, observed_at=datetime(2010, 1, 27, tzinfo=UTC))
    assert len(_group_ids(engine, "国家能源领导小组", "国家能源委员会")) == 2
    with session_scope(engine) as s:
        links.link(s, "国家能源领导小组", "国家能源委员会")
    [group_id] = _group_ids(engine, "国家能源领导小组", "国家能源委员会")
    before = {e["id"] for e in all_changes(engine)}
    timeline = _timeline(engine, group_id)

    summary = reparse(engine, CONFIG)

    assert [n["notice_id"] for n in summary.changed] == [stored.notice_id]
    assert _group_ids(engine, "国家能源领导小组", "国家能源委员会") == {group_id}
    assert summary.disappeared == [] and before <= {e["id"] for e in all_changes(engine)}
    assert _timeline(engine, group_id) == timeline  # the same versions, read as one body
    with session_scope(engine) as s:
        rebuild_all(s)
    assert _group_ids(engine, "国家能源领导小组", "国家能源委员会") == {group_id}
    assert _timeline(engine, group_id) == timeline
    assert reparse(engine, CONFIG).changed == []


def _bare(members: list[tuple[str, str]], name: str = "领导小组") -> NoticeRecord:
    return NoticeRecord.model_validate(
        {
            "region": "全国",
            "date": "2021-04-21",
            "groups": [{"name": name, "members": [{"role": r, "person": p} for r, p in members]}],
        }
    )


def test_a_body_named_only_by_its_kind_keeps_its_group_through_reparses(engine: Engine) -> None:
    """A page that never names its body (领导小组): no name finds the group again, so a
    reparse reuses the group the notice was about; none is left empty, none listed empty."""
    from store.reparse import replace_record

    result = ingest(engine, _bare([("组长", "孙春兰")]), url="https://x/1", raw=b"page")
    with session_scope(engine) as s:
        (group,) = query.groups(s)
        established = {e["id"] for e in query.changes(s)}
    for i in range(2):
        record = _bare([("组长", "孙春兰"), ("副组长", f"甲{i}")])
        assert replace_record(engine, result.notice_id, record, parser_version=str(3 + i)).changed
        with session_scope(engine) as s:
            assert [(g["id"], g["versions"]) for g in query.groups(s)] == [(group["id"], 1)]
            assert {e["id"] for e in query.changes(s)} == established  # the same first version
            assert len(query.history(s, str(group["id"]))) == 1


def test_a_group_a_reparse_leaves_without_notices_is_not_listed(engine: Engine) -> None:
    from store.reparse import replace_record

    result = ingest(engine, _bare([("组长", "孙春兰")], "某某工作领导小组"), url="https://x/1", raw=b"page")
    record = _bare([("组长", "孙春兰")], "某某工作协调小组")
    replace_record(engine, result.notice_id, record, parser_version="3")
    with session_scope(engine) as s:
        assert [g["name"] for g in query.groups(s)] == ["某某工作协调小组"]
        assert [g["name"] for g in query.groups(s, search="某某")] == ["某某工作协调小组"]
