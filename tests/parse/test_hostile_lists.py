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


# Lists of every kind joined by every separator, with and without the verb that closes them:
# each part of the parser must read them in time linear in their length (a loop of searches
# over a growing prefix, _organ_post's or _and_before_title's, once took 0.16 s for 320 units
# joined by 和 and four times that for twice as many).
_SEPARATORS = ["、", "，", "和", "及", "与", "；", " ", "\n"]
_BODIES = ["县城乡环境整治工作领导小组", "市防汛抗旱指挥部", "县安全生产委员会"]
_UNITS = ["县财政局", "市发展改革委", "县人力资源社会保障局"]
_PEOPLE = ["王建国", "李明", "张伟", "县财政局局长王建国", "副县长李明"]
_HEAD = "关于成立县某某工作领导小组的通知\n组长：赵立新（县长）\n"


def _hostile(kind: str, sep: str, count: int, verb: bool) -> str:
    words = {"body": _BODIES, "merge": _BODIES, "unit": _UNITS, "each": _UNITS}.get(kind, _PEOPLE)
    items = sep.join(words[i % len(words)] for i in range(count))
    if kind == "body":
        body = f"经研究，决定撤销{items}。" if verb else f"{items}\n特此通知"
        return "关于撤销部分议事协调机构的通知\n" + body
    if kind == "merge":
        return "关于调整议事协调机构的通知\n" + (f"将{items}合并为县城乡建设委员会。" if verb else items)
    if kind == "unit":
        return _HEAD + (f"成员单位：{items}主要负责同志。" if verb else f"成员：{items}")
    if kind == "each":
        return _HEAD + (f"{items}等单位各确定一名联络员。" if verb else f"{items}等单位")
    if kind == "person":
        return _HEAD + (f"成员由{items}担任。" if verb else f"成员：{items}")
    body = f"{items}不再担任领导小组成员。" if verb else f"原任{items}"
    return "关于调整县某某工作领导小组成员的通知\n" + body


@pytest.mark.parametrize("verb", [True, False])
@pytest.mark.parametrize("sep", _SEPARATORS)
@pytest.mark.parametrize("kind", ["body", "merge", "unit", "each", "person", "change"])
def test_long_lists_of_every_separator(kind: str, sep: str, verb: bool) -> None:
    record = _record(_hostile(kind, sep, 160, verb))
    if kind in ("unit", "each", "person"):
        assert "赵立新" in {m["person"] for g in record["groups"] for m in g["members"]}


@pytest.mark.parametrize("sep", ["和", "及", "与"])
def test_many_units_joined_by_a_conjunction_before_a_collective(sep: str) -> None:
    record = _record(_hostile("each", sep, 1200, False))
    assert "赵立新" in {m["person"] for g in record["groups"] for m in g["members"]}


def test_many_titles_joined_by_he() -> None:
    titles = "和".join(f"县财政局局长{n}" for n in ["王建国", "李明", "张伟"] * 400)
    record = _record(f"{_HEAD}成员：{titles}")
    assert "赵立新" in {m["person"] for g in record["groups"] for m in g["members"]}


def test_many_seats_emptied_in_one_sentence() -> None:
    # each seat emptied once looked for its new holder among all the statements
    record = _record(_hostile("change", "、", 1200, True))
    assert record["changes"]
