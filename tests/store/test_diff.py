"""Pure change detection: versions in, events out (no database)."""

from __future__ import annotations

from typing import Any

from store.derive import split_bodies
from store.diff import Body, Composition, apply, diff, event_id


def _m(role: str, person: str | None, title: str | None = None, unit: str | None = None) -> dict[str, Any]:
    return {"role": role, "person": person, "title": title, "unit": unit}


def _comp(members: list[dict[str, Any]], *subs: dict[str, Any], name: str = "市X领导小组") -> Composition:
    return Composition(name=name, abolished=False, groups=[{"name": name, "members": members}, *subs])


def _sub(name: str, members: list[dict[str, Any]], category: str = "专题组", **extra: Any) -> dict[str, Any]:
    return {"name": name, "category": category, "members": members, **extra}


def _types(prev: Composition, new: Composition, region: str | None = "兰州市") -> list[tuple]:
    body = Body(name=new.name, region=region)
    return [(e["type"], e["subgroup"], e["role"]) for e in diff(prev, new, body)]


def test_title_noise_is_no_change_but_a_new_post_is() -> None:
    before = _comp([_m("组长", "甲", "兰州市人民政府市长"), _m("成员", "乙", "市发展改革委主任、党组书记")])
    noisy = _comp([_m("组长", "甲", "市政府 市长"), _m("成员", "乙", "市发展改革委主任，党组书记")])
    assert _types(before, noisy) == []
    promoted = _comp([_m("组长", "甲", "市委书记"), _m("成员", "乙", None)])
    assert _types(before, promoted) == [("title_changed", None, "组长")]  # a missing title is no change


def test_units_are_keyed_on_the_unit() -> None:
    before = _comp([_m("成员", None, "分管负责人", "市财政局"), _m("成员", None, "分管负责人", "市教委")])
    after = _comp([_m("成员", None, "主要负责人", "市财政局"), _m("成员", None, "分管负责人", "市卫健委")])
    assert sorted(_types(before, after)) == [
        ("member_added", None, "成员"),
        ("member_removed", None, "成员"),
        ("title_changed", None, "成员"),
    ]


def test_subgroup_renamed_only_when_it_keeps_most_people() -> None:
    people = [_m("组长", "甲"), _m("成员", "乙"), _m("成员", "丙")]
    before = _comp([], _sub("综合组", people), _sub("督查组", [_m("组长", "丁")]))
    after = _comp([], _sub("综合协调组", people), _sub("宣传组", [_m("组长", "戊")]))
    assert sorted(_types(before, after)) == [
        ("subgroup_added", "宣传组", None),
        ("subgroup_removed", "督查组", None),
        ("subgroup_renamed", "综合协调组", None),
    ]


def test_single_holder_roles_and_vacancies() -> None:
    before = _comp([_m("组长", "甲"), _m("常务副组长", "乙"), _m("副组长", "丙")])
    after = _comp([_m("组长", "丁"), _m("副组长", "丙"), _m("副组长", "戊")])
    assert sorted(_types(before, after)) == [
        ("holder_changed", None, "组长"),
        ("member_added", None, "副组长"),
        ("member_removed", None, "常务副组长"),
    ]


def test_a_delta_patches_and_a_listing_of_subgroups_restructures() -> None:
    prev = _comp(
        [_m("组长", "甲"), _m("副组长", "乙")],
        _sub("办公室", [_m("主任", "乙")], "办公室", seat="市政府办公厅"),
    )
    body = Body(
        name="市X领导小组",
        region="兰州市",
        changes=[
            {
                "group": "市X领导小组",
                "role": "组长",
                "removed": None,
                "added": {"person": "丙", "title": "市长"},
            }
        ],
    )
    patched = apply(prev, body)
    assert [(m["role"], m["person"]) for m in patched.groups[0]["members"]] == [
        ("副组长", "乙"),
        ("组长", "丙"),
    ]
    assert patched.groups[1]["seat"] == "市政府办公厅"  # the office the notice does not mention carries over
    events = diff(prev, patched, body)
    assert [(e["type"], e["before"]["person"], e["after"]["person"]) for e in events] == [
        ("holder_changed", "甲", "丙")
    ]


def test_event_ids_hash_the_change_and_its_notice() -> None:
    event = {
        "type": "holder_changed",
        "subgroup": None,
        "role": "组长",
        "before": {"person": "甲", "title": "市长"},
        "after": {"person": "乙", "title": "市长"},
    }
    one = event_id(event, region="兰州市", group_name="市政府X领导小组", notice_key="n1")
    assert one == event_id(
        dict(event), region="兰州市", group_name="兰州市人民政府X领导小组", notice_key="n1"
    )
    assert one != event_id(event, region="兰州市", group_name="市政府X领导小组", notice_key="n2")


def test_split_bodies_keeps_subgroups_with_their_group_and_abolitions_apart() -> None:
    record = {
        "region": "兰州市",
        "groups": [
            {"name": "市X领导小组", "parent": None, "members": []},
            {"name": "综合组", "parent": "领导小组", "members": []},
        ],
        "events": [
            {"type": "rename", "group": "市X领导小组", "from": ["市Y领导小组"]},
            {"type": "abolish", "group": "市Z指挥部", "from": []},
        ],
        "changes": [],
    }
    bodies = split_bodies(record)
    assert [(b.name, [s["name"] for s in b.subgroups], sorted(b.actions)) for b in bodies] == [
        ("市X领导小组", ["综合组"], ["rename"]),
        ("市Z指挥部", [], ["abolish"]),
    ]
    assert bodies[0].renamed_from == ["市Y领导小组"]
