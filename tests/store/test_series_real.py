"""Real series (tests/data/series_real, from the corpus): notices about one body, ingested
in order, reversed and shuffled, on SQLite and PostgreSQL. Identity follows the real
naming (with and without the issuer's prefix, a rename written 改为, 总指挥部 reported as
指挥部), a replacement (成立A，撤销B) is a suggestion until a person links it, partial
listings never remove anyone, and an undated notice takes its list page's date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store import links, query
from store.db import open_engine, session_scope
from store.derive import rebuild_all
from tests.store.helpers import all_changes, histories, key
from tests.store.real_series import (
    ORDERS,
    SERIES,
    expected,
    ingest_series,
    ordered,
    records,
    series_names,
)
from tests.store.real_series import ingest_record as ingest_series_file


def _key(event: dict[str, Any]) -> tuple[Any, ...]:
    return (*key(event), event["date_source"])


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("series", series_names())
def test_real_series_do_not_depend_on_order(db_url: str, tmp_path: Path, series: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, series, order)
    got = all_changes(engine)
    assert sorted(map(_key, got)) == sorted(map(_key, expected(series)))

    reference = open_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    ingest_series(reference, series)
    assert {e["id"] for e in got} == {e["id"] for e in all_changes(reference)}
    assert histories(engine) == histories(reference)
    engine.dispose()
    reference.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_a_body_named_with_and_without_its_prefix_is_one(db_url: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s2_wuranyuan", order)
    with session_scope(engine) as session:
        [group] = query.groups(session)
        assert group["name"] == "国务院第二次全国污染源普查领导小组"
        assert group["former_names"] == ["第二次全国污染源普查领导小组"]
        bare = query.history(session, "第二次全国污染源普查领导小组")
        full = query.history(session, "国务院第二次全国污染源普查领导小组")
        assert bare == full and len(bare) == 2
        # The fuller name is kept; a name without the prefix is no rename.
        assert [v["name"] for v in bare] == [
            "第二次全国污染源普查领导小组",
            "国务院第二次全国污染源普查领导小组",
        ]
        assert not query.changes(session, type="group_renamed")
    engine.dispose()


def test_zong_zhihuibu_reported_as_zhihuibu_is_one_body(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s4_kangzhen", "shuffled")
    with session_scope(engine) as session:
        [group] = query.groups(session)
        assert group["status"] == "abolished" and group["versions"] == 3
        last = query.history(session, "抗震救灾指挥部")[-1]
        subgroups = [g["name"] for g in last["groups"][1:]]
        # 106 named two work groups, 107 (partial: cut off) five more; nothing was removed.
        assert {"救援组", "预报监测组", "抢险救灾组", "宣传组"} <= set(subgroups)
    engine.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_a_rename_written_gai_wei_carries_the_body_over(db_url: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "waishi_rename", order)
    with session_scope(engine) as session:
        [group] = query.groups(session)
        assert group["name"] == "市委外事工作委员会" and group["former_names"] == ["市委外事工作领导小组"]
        history = query.history(session, "市委外事工作领导小组")
        assert [v["name"] for v in history] == ["市委外事工作领导小组", "市委外事工作委员会"]
        leader = history[-1]["groups"][0]["members"][0]
        assert (leader["role"], leader["person"]) == ("组长", "陈文锋")  # carried over the rename
    engine.dispose()


def _energy_events(engine: Any) -> list[tuple[Any, ...]]:
    return sorted(map(_key, all_changes(engine)))


@pytest.mark.parametrize("order", ORDERS)
def test_a_replacement_is_suggested_then_linked_by_a_person(db_url: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s5_nengyuan", order)
    with session_scope(engine) as session:
        [suggestion] = [s for s in query.suggestions(session) if "replaces" in s["reason"]]
        assert {suggestion["group"], suggestion["candidate"]} == {"国家能源委员会", "国家能源领导小组"}
        assert query.changes(session, type="group_abolished")
    with session_scope(engine) as session:
        result = links.link(session, "国家能源领导小组", "国家能源委员会")
    with session_scope(engine) as session:
        assert not [s for s in query.suggestions(session) if "replaces" in s["reason"]]
        history = query.history(session, "国家能源领导小组")
        assert history == query.history(session, str(result["group_id"]))
        assert [v["name"] for v in history] == ["国家能源委员会", "国家能源委员会"]
        assert [v["effective"] for v in history] == ["2008-03-11", "2010-01-27"]
        renamed = query.changes(session, type="group_renamed", group="国家能源委员会")
        assert [(e["before"], e["after"], e["effective"]) for e in renamed] == [
            ("国家能源领导小组", "国家能源委员会", "2008-03-11")
        ]
        assert not query.changes(session, type="group_abolished")
        assert not query.changes(session, type="group_established", group="国家能源委员会")
    linked = _energy_events(engine)

    with session_scope(engine) as session:
        rebuild_all(session)
    assert _energy_events(engine) == linked  # the person's decision survives a rebuild
    with session_scope(engine) as session:
        assert query.history(session, "国家能源领导小组")[-1]["effective"] == "2010-01-27"
    engine.dispose()


def test_link_is_applied_again_when_identities_are_resolved_again(db_url: str) -> None:
    """A rebuild that finds the two names apart again (as after a re-parse that re-resolves
    identities) joins them again from the stored decision."""
    engine = open_engine(db_url)
    ingest_series(engine, "s5_nengyuan")
    with session_scope(engine) as session:
        links.link(session, "国家能源领导小组", "国家能源委员会")
    linked = _energy_events(engine)
    with session_scope(engine) as session:
        # Undo the join by hand, as identities resolved from scratch would be.
        links._split(session, *(links._side(session, n) for n in ("国家能源委员会", "国家能源领导小组")))
        assert len(query.groups(session)) == 3
    with session_scope(engine) as session:
        rebuild_all(session)
    with session_scope(engine) as session:
        assert len(query.groups(session)) == 2
    assert _energy_events(engine) == linked
    engine.dispose()


def test_unlink_separates_two_names_and_survives_rebuild(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s2_wuranyuan")
    with session_scope(engine) as session:
        result = links.unlink(session, "国务院第二次全国污染源普查领导小组", "第二次全国污染源普查领导小组")
        assert len(result["group_ids"]) == 2
    for _ in range(2):
        with session_scope(engine) as session:
            found = sorted(g["name"] for g in query.groups(session))
            assert found == ["国务院第二次全国污染源普查领导小组", "第二次全国污染源普查领导小组"]
            assert len(query.history(session, "第二次全国污染源普查领导小组")) == 1
            assert len(query.changes(session, type="group_established")) == 2
        with session_scope(engine) as session:
            rebuild_all(session)  # neither the core rule nor a rebuild joins them again
    engine.dispose()


def test_partial_news_listings_never_remove_members(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s6_jiankang", "shuffled")
    with session_scope(engine) as session:
        history = query.history(session, "健康中国行动推进委员会")
        members = {(m["role"], m["person"]) for m in history[-1]["groups"][0]["members"]}
        # 114 (news, partial) named the 秘书长; 113 (cut off, partial) named the 委员 after it.
        assert {("秘书长", "丁向阳"), ("秘书长", "于学军"), ("委员", "梁言顺"), ("主任", "孙春兰")} <= members
        removed = query.changes(session, type="member_removed")
        # Only the unnamed 秘书长 posts of 112 gave way to the two named holders.
        assert {e["role"] for e in removed} == {"秘书长"}
    engine.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_a_news_summary_of_three_members_changes_only_those(db_url: str, order: str) -> None:
    """After the full list of 103 (18 members), a news summary naming three of them, one
    with a new post: one title change, nobody removed, whichever arrives first."""
    import json

    from store.ingest import ingest
    from store.records import NoticeRecord

    engine = open_engine(db_url)
    full = json.loads(next((SERIES / "s2_wuranyuan").glob("103_*.json")).read_text())
    listed = full["groups"][0]["members"]
    news = {
        "title": "国务院第二次全国污染源普查领导小组召开全体会议",
        "region": "全国",
        "published": "2019-03-01",
        "groups": [
            {
                "name": "国务院第二次全国污染源普查领导小组",
                "partial": True,
                "members": [
                    listed[0],
                    listed[1] | {"title": "新的职务"},
                    listed[5],
                ],
            }
        ],
    }
    for item in ordered([*records("s2_wuranyuan"), news], order):  # type: ignore[list-item]
        if isinstance(item, dict):
            ingest(engine, NoticeRecord.model_validate(item))
        else:
            ingest_series_file(engine, item)
    with session_scope(engine) as session:
        later = query.changes(session, since=date(2019, 1, 1))
        assert [(e["type"], e["after"]["person"]) for e in later] == [("title_changed", listed[1]["person"])]
        assert not query.changes(session, type="member_removed")
        last = query.history(session, "国务院第二次全国污染源普查领导小组")[-1]
        assert len(last["groups"][0]["members"]) == len(listed)
        assert last["date_source"] == "published"
    engine.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_an_undated_notice_takes_its_list_date_between_two_dated_ones(db_url: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s6_jiankang", order)
    with session_scope(engine) as session:
        history = query.history(session, "健康中国行动推进委员会")
        assert [(v["effective"], v["date_source"]) for v in history] == [
            ("2019-06-24", "date"),
            ("2019-07-15", "list"),  # 114, a news page with no date of its own
            ("2019-07-16", "published"),
        ]
        events = query.changes(session, since=date(2019, 7, 15))
        assert {e["date_source"] for e in events if e["effective"] == "2019-07-15"} == {"list"}
    engine.dispose()


def test_without_a_list_date_an_undated_notice_takes_the_day_first_fetched(db_url: str) -> None:
    import json
    from datetime import UTC, datetime

    from store.ingest import ingest
    from store.records import NoticeRecord

    engine = open_engine(db_url)
    path = next((SERIES / "s5_nengyuan").glob("111_*.json"))
    record = NoticeRecord.model_validate(json.loads(path.read_text()))
    fetched = datetime(2010, 1, 28, 3, 0, tzinfo=UTC)
    result = ingest(engine, record, observed_at=datetime(2026, 11, 29, tzinfo=UTC), fetched_at=fetched)
    assert {(e["effective"], e["date_source"]) for e in result.events} == {("2010-01-28", "fetched")}
    engine.dispose()


def test_a_name_resolved_again_after_a_link_joins_the_linked_body(db_url: str) -> None:
    """Identities resolved from scratch (a reparse) meet a linked name before any rebuild:
    the stored decision sends it to the body it was linked to."""
    from sqlalchemy import delete

    from store import identity
    from store.tables import GroupName

    engine = open_engine(db_url)
    ingest_series(engine, "s5_nengyuan")
    with session_scope(engine) as session:
        group_id = links.link(session, "国家能源领导小组", "国家能源委员会")["group_id"]
    with session_scope(engine) as session:
        session.execute(delete(GroupName).where(GroupName.name == "国家能源领导小组"))
        found, _ = identity.resolve(session, "国家能源领导小组", "全国", renamed_from=[], merged_from=[])
        assert found == group_id
    engine.dispose()


def test_a_page_telling_a_chain_of_renames_or_a_merge_names_the_right_bodies(db_url: str) -> None:
    """124 tells 十年委员会 → 中国国际减灾委员会 → 国家减灾委员会; 105 tells its body's duties
    passing to the 妇儿工委 (a merge): the body a rename or merge comes from is not the
    body it goes to."""
    engine = open_engine(db_url)
    ingest_series(engine, "wiki_rename_chain")
    ingest_series(engine, "wiki_merge")
    with session_scope(engine) as session:
        found = {g["name"]: g for g in query.groups(session)}
        assert found["国家减灾委员会"]["former_names"] == ["中国国际减灾十年委员会", "中国国际减灾委员会"]
        merged = found["国务院未成年人保护工作领导小组"]
        assert merged["status"] == "merged"
        assert merged["merged_into"] == found["国务院妇女儿童工作委员会"]["id"]
    engine.dispose()


def test_names_lose_quotes_and_a_title_s_prefix_left_by_the_parser() -> None:
    """What the parser read from 124: 「 before a name, 国务院办公厅关于 before a former name."""
    from store.derive import split_bodies

    record = {
        "region": "全国",
        "events": [
            {"type": "rename", "group": "「国家减灾委员会", "from": ["国务院办公厅关于中国国际减灾委员会"]},
        ],
        "groups": [],
    }
    [body] = split_bodies(record)
    assert (body.name, body.renamed_from) == ("国家减灾委员会", ["中国国际减灾委员会"])


def test_an_event_naming_a_listed_body_without_its_prefix_is_that_body() -> None:
    from store.derive import split_bodies

    record = {
        "region": "陕西省",
        "events": [
            {"type": "abolish", "group": "陕西省护林防火领导小组", "from": []},
            {"type": "rename", "group": "森林草原防灭火指挥部", "from": ["陕西省森林防火指挥部"]},
        ],
        "groups": [{"name": "陕西省森林草原防灭火指挥部", "members": []}],
    }
    bodies = {b.name: b for b in split_bodies(record)}
    assert set(bodies) == {"陕西省森林草原防灭火指挥部", "陕西省护林防火领导小组"}
    assert bodies["陕西省森林草原防灭火指挥部"].renamed_from == ["陕西省森林防火指挥部"]


@pytest.mark.parametrize("order", ORDERS)
def test_a_news_report_without_a_region_is_the_body_of_the_notice_with_one(db_url: str, order: str) -> None:
    """The parser gives no region for many news pages (102 here); the official notice (103)
    says 全国. One body, placed in 全国, whatever the order."""
    import json

    from store.ingest import ingest
    from store.records import NoticeRecord

    engine = open_engine(db_url)
    paths = ordered(records("s2_wuranyuan"), order)
    for path in paths:
        data = json.loads(path.read_text())
        if path.name.startswith("102"):
            data["region"] = None
        ingest(engine, NoticeRecord.model_validate(data), list_date=None)
    with session_scope(engine) as session:
        [group] = query.groups(session)
        assert group["region"] == "全国" and group["versions"] == 2
    engine.dispose()


def test_an_unlink_outweighs_a_later_notice_that_renames_one_into_the_other(db_url: str) -> None:
    import json

    from store.ingest import ingest
    from store.records import NoticeRecord

    engine = open_engine(db_url)
    ingest_series(engine, "waishi_rename")
    with session_scope(engine) as session:
        links.unlink(session, "市委外事工作领导小组", "市委外事工作委员会")
    path = next((SERIES / "waishi_rename").glob("231_*.json"))
    again = json.loads(path.read_text()) | {"title": "市委外事工作领导小组改为市委外事工作委员会（转载）"}
    ingest(engine, NoticeRecord.model_validate(again), list_date="2019-02-01")
    with session_scope(engine) as session:
        assert sorted(g["name"] for g in query.groups(session)) == [
            "市委外事工作委员会",
            "市委外事工作领导小组",
        ]
        rebuild_all(session)
    with session_scope(engine) as session:
        assert len(query.groups(session)) == 2
    engine.dispose()


# ---- what the parser gives on real texts (the shapes of tests/data/series_real parsed) ----


def _ingest_all(engine: Any, records_: list[dict[str, Any]], order: str) -> None:
    from store.ingest import ingest
    from store.records import NoticeRecord

    for data in ordered(records_, order):  # type: ignore[arg-type]
        ingest(engine, NoticeRecord.model_validate(data))


@pytest.mark.parametrize("order", ORDERS)
def test_an_abolition_beside_an_establishment_in_a_report_with_no_listing_is_two_bodies(
    db_url: str, order: str
) -> None:
    """110 as the parser reads it: no group listed, events 撤销A then 成立B. B is set up
    (not A's other name), and a later notice listing B adds to that body."""
    report = {
        "region": "全国",
        "published": "2008-03-11",
        "events": [
            {"type": "abolish", "group": "国家能源领导小组", "from": []},
            {"type": "establish", "group": "国家能源委员会", "from": []},
        ],
        "groups": [],
    }
    later = {
        "region": "全国",
        "date": "2010-01-27",
        "events": [{"type": "establish", "group": "国家能源委员会", "from": []}],
        "groups": [{"name": "国家能源委员会", "members": [{"role": "主任", "person": "温家宝"}]}],
    }
    engine = open_engine(db_url)
    _ingest_all(engine, [report, later], order)
    got = {(e["type"], e["group"], e["effective"]) for e in all_changes(engine)}
    assert got == {
        ("group_abolished", "国家能源领导小组", "2008-03-11"),
        ("group_established", "国家能源委员会", "2008-03-11"),
        ("member_added", "国家能源委员会", "2010-01-27"),
    }
    engine.dispose()


def test_an_event_naming_the_listed_body_in_full_gives_it_its_full_name() -> None:
    """109 as the parser reads it: the body listed as 专家咨询委员会, the rename naming it
    国家能源领导小组专家咨询委员会."""
    from store.derive import split_bodies

    record = {
        "region": None,
        "events": [
            {"type": "rename", "group": "国家能源领导小组专家咨询委员会", "from": ["国家能源领导小组专家组"]}
        ],
        "groups": [
            {"name": "专家咨询委员会", "partial": True, "members": [{"role": "主任", "person": "徐锭明"}]}
        ],
    }
    [body] = split_bodies(record)
    assert body.name == "国家能源领导小组专家咨询委员会"
    assert body.renamed_from == ["国家能源领导小组专家组"] and body.main is not None


@pytest.mark.parametrize("order", ORDERS)
def test_a_post_and_its_named_holder_in_one_listing_are_one_post(db_url: str, order: str) -> None:
    """112 set the posts (主任由国务院分管领导同志担任); 114, a news report, restates the
    post beside the name of its holder. The holder changed, nobody left; two posts of one
    role with no name nor organ stay two, and 负责同志 is 负责人."""
    plan = {
        "region": "全国",
        "date": "2019-06-24",
        "groups": [
            {
                "name": "健康中国行动推进委员会",
                "partial": True,
                "members": [
                    {"role": "主任", "unit": "国务院", "title": "分管领导同志"},
                    {"role": "副主任", "title": "国家卫生健康委主要负责同志"},
                    {"role": "副主任", "title": "国务院分管副秘书长"},
                ],
            }
        ],
    }
    news = {
        "region": "全国",
        "published": "2019-07-15",
        "groups": [
            {
                "name": "健康中国行动推进委员会",
                "partial": True,
                "members": [
                    {"role": "主任", "person": "孙春兰"},
                    {"role": "主任", "unit": "国务院", "title": "分管领导同志"},
                    {"role": "副主任", "title": "国家卫生健康委主要负责人"},
                    {"role": "副主任", "person": "马晓伟", "title": "卫生健康委主任"},
                ],
            }
        ],
    }
    engine = open_engine(db_url)
    _ingest_all(engine, [plan, news], order)
    got = sorted((e["type"], e["role"], e["effective"]) for e in all_changes(engine))
    assert got == [
        ("group_established", None, "2019-06-24"),
        ("holder_changed", "主任", "2019-07-15"),
        ("member_added", "副主任", "2019-07-15"),
    ]
    with session_scope(engine) as session:
        [first, last] = query.history(session, "健康中国行动推进委员会")
        assert len([m for m in first["groups"][0]["members"] if m["role"] == "副主任"]) == 2
        assert [m["person"] for m in last["groups"][0]["members"] if m["role"] == "主任"] == ["孙春兰"]
    engine.dispose()


def test_unlink_of_a_renamed_body_leaves_no_rename_on_its_first_version(db_url: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "waishi_rename")
    with session_scope(engine) as session:
        links.unlink(session, "市委外事工作领导小组", "市委外事工作委员会")
    for _ in range(2):
        with session_scope(engine) as session:
            assert not query.changes(session, type="group_renamed")
            established = query.changes(session, type="group_established")
            assert sorted(e["group"] for e in established) == ["市委外事工作委员会", "市委外事工作领导小组"]
        with session_scope(engine) as session:
            rebuild_all(session)
    engine.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_history_and_asof_say_which_listings_were_partial(db_url: str, order: str) -> None:
    engine = open_engine(db_url)
    ingest_series(engine, "s1_jiaocai", order)
    with session_scope(engine) as session:
        history = query.history(session, "国家教材委员会")
        # 100, a news report, names only the 主任; 101 lists everyone.
        assert [(v["partial"], v["groups"][0]["partial"]) for v in history] == [(True, True), (False, False)]
        assert all(g["partial"] is False for g in history[-1]["groups"])
        assert query.asof(session, "国家教材委员会", date(2018, 1, 1))["partial"] is True
        assert query.asof(session, "国家教材委员会", date(2019, 1, 1))["partial"] is False
    engine.dispose()


@pytest.mark.parametrize(
    "variant", ["国家爱国卫生运动委员会", "爱国卫生运动委员会", "国务院爱国卫生运动委员会"]
)
def test_quanguo_and_guojia_variants_of_a_central_name_are_one_body(db_url: str, variant: str) -> None:
    first = {
        "region": "全国",
        "date": "2013-01-01",
        "groups": [{"name": "全国爱国卫生运动委员会", "members": [{"role": "主任", "person": "甲"}]}],
    }
    second = {
        "region": "全国",
        "date": "2018-01-01",
        "groups": [{"name": variant, "members": [{"role": "主任", "person": "乙"}]}],
    }
    engine = open_engine(db_url)
    _ingest_all(engine, [second, first], "in_order")
    with session_scope(engine) as session:
        [group] = query.groups(session)
        assert group["versions"] == 2 and not query.changes(session, type="group_renamed")
        [change] = query.changes(session, type="holder_changed")
        assert (change["before"]["person"], change["after"]["person"]) == ("甲", "乙")
    engine.dispose()


@pytest.mark.parametrize("order", ORDERS)
def test_a_news_report_writing_part_of_a_title_changes_no_title(db_url: str, order: str) -> None:
    """A news report names the 主任 by one of his posts (国务院副总理); the notice before
    wrote two (中共中央政治局委员、国务院副总理). The report says less: no change. A post
    it names that was not there is a change."""
    notice = {
        "region": "全国",
        "date": "2018-11-20",
        "groups": [
            {
                "name": "国家教材委员会",
                "members": [
                    {"role": "主任", "person": "孙春兰", "title": "中共中央政治局委员、国务院副总理"},
                    {"role": "副主任", "person": "陈宝生", "title": "教育部部长"},
                ],
            }
        ],
    }
    news = {
        "region": "全国",
        "published": "2019-03-01",
        "groups": [
            {
                "name": "国家教材委员会",
                "partial": True,
                "members": [
                    {"role": "主任", "person": "孙春兰", "title": "国务院副总理"},
                    {"role": "副主任", "person": "陈宝生", "title": "教育部党组书记、部长"},
                ],
            }
        ],
    }
    engine = open_engine(db_url)
    _ingest_all(engine, [notice, news], order)
    with session_scope(engine) as session:
        [change] = query.changes(session, type="title_changed")
        assert (change["role"], change["after"]["title"]) == ("副主任", "教育部党组书记、部长")
        last = query.history(session, "国家教材委员会")[-1]["groups"][0]["members"]
        assert [m["title"] for m in last if m["role"] == "主任"] == ["中共中央政治局委员、国务院副总理"]
    engine.dispose()


def test_bodies_a_page_names_only_by_their_kind_are_never_one_by_that_name(db_url: str) -> None:
    """104 (the tail of a 国务院办公厅 notice) and 252 (a power company's page, no region)
    name their bodies only 领导小组: two bodies, neither joined to the other by that word."""
    tail = {
        "region": "全国",
        "date": "2021-04-21",
        "groups": [{"name": "领导小组", "members": [{"role": "组长", "person": "孙春兰"}]}],
    }
    other = tail | {
        "date": "2021-06-01",
        "groups": [{"name": "领导小组", "members": [{"role": "组长", "person": "甲"}]}],
    }
    company = {
        "region": None,
        "date": "2009-09-20",
        "groups": [{"name": "领导小组", "members": [{"role": "组长", "person": "乙"}]}],
    }
    engine = open_engine(db_url)
    _ingest_all(engine, [tail, other, company], "in_order")
    with session_scope(engine) as session:
        assert [g["versions"] for g in query.groups(session)] == [1, 1, 1]
        assert not query.changes(session, type="holder_changed")
    engine.dispose()
