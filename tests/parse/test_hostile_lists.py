"""Long lists that once made a pattern backtrack without end, and two forms a rule once lost.

No clock here: a pattern that backtracks exponentially on these inputs runs for minutes and
pytest-timeout (pyproject.toml) stops the test; a linear one answers at once."""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text


def _record(text: str) -> dict:
    return parse_text(text).to_json()


@pytest.mark.parametrize("count", [14, 40])
def test_bodies_joined_by_he_without_a_merge_verb(count: int) -> None:
    names = "和".join(["县城乡和环境整治工作领导小组"] * count)
    record = _record(f"关于调整某某委员会的通知\n{names}，各单位要合并办公。")
    assert not [e for e in record["events"] if e["type"] == "merge"]


def test_bodies_joined_by_he_then_merged() -> None:
    record = _record(
        "关于成立县城乡建设委员会的通知\n将县城乡规划领导小组和县环境整治领导小组合并为县城乡建设委员会。"
    )
    merges = [e for e in record["events"] if e["type"] == "merge"]
    assert merges and merges[0]["group"] == "县城乡建设委员会"
    assert set(merges[0]["from"]) == {"县城乡规划领导小组", "县环境整治领导小组"}


@pytest.mark.parametrize("count", [22, 60])
def test_a_long_line_of_units_without_an_official(count: int) -> None:
    units = "、".join(["县财政局"] * count)
    head = "关于成立县某某工作领导小组的通知\n组长：王建国（县长）\n副组长：李明（副县长）\n"
    text = f"{head}{units}等单位各确定一名联络员\n"
    people = {m["person"] for g in _record(text)["groups"] for m in g["members"]}
    assert {"王建国", "李明"} <= people


def test_addressees_run_into_the_setting_up_sentence() -> None:
    # a page that lost the line break after the addressees (各乡镇人民政府：经研究决定成立…)
    record = _record(
        "各乡镇人民政府：经研究决定成立县防汛抗旱指挥部，由县长王建国任指挥长，副县长李明任副指挥长。"
    )
    assert {(m["person"], m["role"]) for g in record["groups"] for m in g["members"]} == {
        ("王建国", "指挥长"),
        ("李明", "副指挥长"),
    }


def test_an_abolished_list_before_the_closing_line() -> None:
    record = _record(
        "关于撤销部分议事协调机构的通知\n经研究，决定撤销以下议事协调机构：\n"
        "县创建卫生县城工作领导小组、县城乡环境综合整治委员会\n特此通知"
    )
    assert {e["group"] for e in record["events"] if e["type"] == "abolish"} == {
        "县创建卫生县城工作领导小组",
        "县城乡环境综合整治委员会",
    }
