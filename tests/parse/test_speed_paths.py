"""The shortcuts taken for speed give the same objects as the slow, validated paths."""

from __future__ import annotations

from scrapers.parse.structure import _member
from store.records import Group, Member


def test_fast_member_equals_validated_member() -> None:
    fast = _member("副组长", "张三", "市委常委、常务副市长", None, "副组长：市委常委、常务副市长张三")
    slow = Member(role="副组长", person="张三", title="市委常委、常务副市长", source=fast.source)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == Member.model_construct(**fast.model_dump()).model_fields_set | {"source"}
    fast.title = "市长"  # still an ordinary, assignable model
    group = Group(name="市安全生产委员会", members=[fast])
    assert group.model_dump(mode="json")["members"][0] == {
        "role": "副组长",
        "person": "张三",
        "title": "市长",
        "unit": None,
    }
