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


def test_change_trigger_parts_equal_the_one_pattern() -> None:
    import random
    import re

    from scrapers.parse.changes import has_trigger

    one = re.compile(
        r"不再担任|不再兼任|增补|免去|调整为|变更为|更换为|接替|职务由|[（(]原|接任"
        r"|(?m:^[ ]*(?:新增|增加|减少|调出|退出))|原(?:任|职)?\S* (?:现任|新任|调整|拟任|接任|继任)"
        r"|[：:][ ]*原[^，。；\n]{1,20}[，,]?现|替换|替代|代替|(?m:^[ ]*调入)"
        r"|(?:调整|变动|变更|调)前\S* (?:调整|变动|变更|调)后|成员单位中"
        r"|(?:增补|增加|补充|新增)[^，。；：\n]{0,80}为[^，。；：\n]{0,30}成员单位|不再(?:作为|列为|是)[^，。；：\n]{0,30}成员单位"
    )
    rng = random.Random(7)
    alphabet = [*"原任职现调整前后变动更 \n：:，。；新增加减少出入退替换代接继拟为（(组长"]
    alphabet += [*"补充作列是", "成员单位"]
    texts = ["原任市长 现任副组长", "调整前：张三 调整后：李四", "  调入\n", "主任：王五，原张三，现"]
    texts += ["补充市文旅局为成员单位", "市水利局不再作为成员单位", "成员单位中，市林业局"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(20000)]
    for text in texts:
        assert has_trigger(text) == bool(one.search(text)), text


def test_chosen_parts_equal_the_one_pattern() -> None:
    import random
    import re

    from scrapers.parse.posts import _chosen

    one = re.compile(
        r"^[^，。；\n]*?(?:确定|提名|推荐|商定|指定|选派|推选|另行|产生|报批)(?=$|[，。；\n])"
        r"|(?:确定|指定|推荐|选派|明确|选定)(?:[一1两2二]|至少[一1])名"
    )
    rng = random.Random(5)
    alphabet = [*"确定提名推荐商指选派行产生报批明一1两2二至少，。；\n张三名", "确定", "推荐", "至少一"]
    texts = ["成员由组长商副组长确定", "各单位确定一名联络员", "由张三担任"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(20000)]
    for text in texts:
        assert _chosen(text) == bool(one.search(text)), text
