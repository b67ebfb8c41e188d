"""A person's identity decisions and namesakes from the command line: groups --suggestions,
groups link / unlink (kept through rebuild), where an undated notice's date came from,
person --region."""

from __future__ import annotations

import json
from typing import Any

from store import query
from store.db import open_engine, session_scope
from store.ingest import ingest
from store.records import NoticeRecord
from tests.conftest import run_cli
from tests.store.real_series import records


def _cli(db: str, *args: str) -> tuple[int, str, str]:
    done = run_cli("--db", db, *args)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def _renames(db: str) -> list[tuple[str, str]]:
    code, out, err = _cli(db, "changes", "--json", "--type", "group_renamed")
    assert code == 0, err
    return [(e["before"], e["after"]) for e in json.loads(out)]


def test_link_and_unlink_from_the_command_line_survive_rebuild(sqlite_url: str) -> None:
    files = [str(p) for p in records("s5_nengyuan")]
    code, _, err = _cli(sqlite_url, "ingest", "--no-alert", *files)
    assert code == 0, err
    code, out, _ = _cli(sqlite_url, "groups", "--suggestions")
    assert code == 0 and "replaces 国家能源领导小组" in out

    code, out, err = _cli(sqlite_url, "groups", "link", "国家能源领导小组", "国家能源委员会")
    assert code == 0, err
    assert out.startswith("linked: 国家能源领导小组 → 国家能源委员会 are one body")
    assert ("国家能源领导小组", "国家能源委员会") in _renames(sqlite_url)
    code, out, _ = _cli(sqlite_url, "rebuild")
    assert code == 0
    assert ("国家能源领导小组", "国家能源委员会") in _renames(sqlite_url)
    code, out, _ = _cli(sqlite_url, "groups", "--suggestions", "--json")
    assert not [s for s in json.loads(out) if "replaces" in s["reason"]]

    code, out, err = _cli(sqlite_url, "groups", "unlink", "--json", "国家能源领导小组", "国家能源委员会")
    assert code == 0, err
    assert len(json.loads(out)["group_ids"]) == 2
    _cli(sqlite_url, "rebuild")
    assert ("国家能源领导小组", "国家能源委员会") not in _renames(sqlite_url)
    code, out, _ = _cli(sqlite_url, "groups", "--json")
    assert {"国家能源领导小组", "国家能源委员会"} <= {g["name"] for g in json.loads(out)}


def test_link_with_an_unknown_name_is_one_line_and_exit_2(sqlite_url: str) -> None:
    _cli(sqlite_url, "ingest", "--no-alert", *map(str, records("s2_wuranyuan")))
    code, out, err = _cli(sqlite_url, "groups", "link", "没有这个小组", "第二次全国污染源普查领导小组")
    assert code == 2 and out == ""
    assert err.strip() == "error: no group named '没有这个小组'"


def test_history_and_changes_say_where_an_undated_notices_date_came_from(sqlite_url: str) -> None:
    _cli(sqlite_url, "ingest", "--no-alert", *map(str, records("s2_wuranyuan")))
    code, out, _ = _cli(sqlite_url, "history", "第二次全国污染源普查领导小组")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("v")]
    assert lines[0].startswith("v1  2016-10-27 (date from publication)  第二次全国污染源普查领导小组")
    assert lines[1].startswith("v2  2018-11-05  国务院")
    code, out, _ = _cli(sqlite_url, "changes", "--type", "group_established")
    assert "2016-10-27 (date from publication)" in out
    code, out, _ = _cli(sqlite_url, "history", "--json", "第二次全国污染源普查领导小组")
    assert [v["date_source"] for v in json.loads(out)] == ["published", "date"]


def _post(
    region: str, day: str, person: str, role: str = "组长", name: str = "防汛抗旱指挥部"
) -> NoticeRecord:
    data: dict[str, Any] = {
        "title": f"关于调整{region}{name}的通知",
        "date": day,
        "region": region,
        "groups": [
            {"name": f"{region}{name}", "members": [{"role": role, "person": person, "title": "副省长"}]}
        ],
    }
    return NoticeRecord.model_validate(data)


def test_posts_held_at_the_same_time_in_two_regions_are_namesakes(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest(engine, _post("甲省", "2019-01-01", "王强"))
    ingest(engine, _post("乙省", "2020-01-01", "王强"))  # 甲省's post is still open: another 王强
    ingest(engine, _post("丙省", "2018-01-01", "李明"))
    ingest(engine, _post("丙省", "2019-06-01", "赵六"))  # 李明 left 丙省 ...
    ingest(engine, _post("丁省", "2020-01-01", "李明"))  # ... and took a post in 丁省: one person
    with session_scope(engine) as session:
        wang = query.person(session, "王强")
        assert sorted((p["region"], p["namesake"]) for p in wang) == [("乙省", 2), ("甲省", 1)]
        only = query.person(session, "王强", region="乙省")
        assert [(p["region"], p["from"]) for p in only] == [("乙省", "2020-01-01")]
        li = query.person(session, "李明")
        assert sorted((p["region"], p["namesake"], p["to"]) for p in li) == [
            ("丁省", 1, None),
            ("丙省", 1, "2019-06-01"),
        ]
    engine.dispose()


def test_person_region_from_the_command_line(sqlite_url: str) -> None:
    engine = open_engine(sqlite_url)
    ingest(engine, _post("甲省", "2019-01-01", "王强"))
    ingest(engine, _post("乙省", "2020-01-01", "王强"))
    engine.dispose()
    code, out, _ = _cli(sqlite_url, "person", "王强")
    assert code == 0 and "王强 (1)" in out and "王强 (2)" in out
    code, out, _ = _cli(sqlite_url, "person", "--json", "--region", "乙省", "王强")
    assert code == 0 and [p["region"] for p in json.loads(out)] == ["乙省"]


def test_provincial_names_with_and_without_the_issuers_prefix_are_one_body(db_url: str) -> None:
    engine = open_engine(db_url)
    names = ["推进职能转变协调小组", "省政府推进职能转变协调小组", "青海省推进职能转变协调小组"]
    for year, name in zip((2019, 2020, 2021), names, strict=True):
        record = _post("青海省", f"{year}-01-01", f"组长{year}", name="")
        record.groups[0].name = name
        ingest(engine, record)
    party = _post("青海省", "2022-01-01", "王五", name="")
    party.groups[0].name = "省委推进职能转变协调小组"  # a party body is another body
    ingest(engine, party)
    with session_scope(engine) as session:
        found = query.groups(session)
        assert sorted(g["versions"] for g in found) == [1, 3]
        assert not query.changes(session, type="group_renamed")
        holders = [e["after"]["person"] for e in query.changes(session, type="holder_changed")]
        assert holders == ["组长2020", "组长2021"]
    engine.dispose()


def test_link_or_unlink_of_a_name_with_itself_is_refused_and_changes_nothing(sqlite_url: str) -> None:
    files = [str(p) for p in records("s5_nengyuan")]
    code, _, err = _cli(sqlite_url, "ingest", "--no-alert", *files)
    assert code == 0, err
    code, before, _ = _cli(sqlite_url, "groups", "--json")
    for verb in ("link", "unlink"):
        code, _, err = _cli(sqlite_url, "groups", verb, "国家能源委员会", "国家能源委员会")
        assert code == 2 and "same name" in err and err.count("\n") == 1, (verb, err)
    code, after, _ = _cli(sqlite_url, "groups", "--json")
    assert json.loads(after) == json.loads(before)


def test_history_and_asof_show_partial_listings(sqlite_url: str) -> None:
    _cli(sqlite_url, "ingest", "--no-alert", *map(str, records("s1_jiaocai")))
    code, out, _ = _cli(sqlite_url, "history", "--json", "国家教材委员会")
    assert code == 0
    assert [(v["partial"], v["groups"][0]["partial"]) for v in json.loads(out)] == [
        (True, True),
        (False, False),
    ]
    code, out, _ = _cli(sqlite_url, "asof", "--json", "国家教材委员会", "2018-01-01")
    assert code == 0 and json.loads(out)["partial"] is True
    code, out, _ = _cli(sqlite_url, "history", "国家教材委员会")
    lines = [line for line in out.splitlines() if line.startswith("v")]
    assert "(partial listing)" in lines[0] and "(partial listing)" not in lines[1]
