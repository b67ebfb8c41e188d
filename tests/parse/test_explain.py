"""Each member's explain source is its own item of the list: the explained record grows
linearly with the number of members (4,000 members once gave 199 MB of JSON)."""

from __future__ import annotations

import json
import random

from scrapers.parse import parse_text
from scrapers.parse.explain import ItemSources

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _names(n: int) -> list[str]:
    rng = random.Random(n)
    out: set[str] = set()
    while len(out) < n:
        out.add(rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN))
    return sorted(out)


def _explained_bytes(n: int) -> tuple[int, int]:
    people = "、".join(f"市某局副局长{x}" for x in _names(n))
    units = "、".join(f"市第{i}局" for i in range(n))
    text = f"关于成立市安全生产领导小组的通知\n组长：张三 市长\n成员：{people}。\n成员单位：{units}。\n"
    record = parse_text(text)
    members = sum(len(g.members) for g in record.groups)
    size = len(json.dumps(record.to_json(explain=True), ensure_ascii=False).encode())
    return members, size


def test_explained_record_grows_linearly_with_members() -> None:
    small_members, small = _explained_bytes(500)
    large_members, large = _explained_bytes(4000)
    assert small_members >= 1000 and large_members >= 8000  # every person and unit was read
    per_small, per_large = small / small_members, large / large_members
    assert per_large < 1.2 * per_small, (per_small, per_large)
    assert per_large < 400  # a few hundred bytes a member, whatever the list's length


def test_each_source_holds_its_member_and_the_label() -> None:
    people = "、".join(f"市某局副局长{x}" for x in _names(300))
    text = f"关于成立市安全生产领导小组的通知\n成员：{people}。"
    for m in parse_text(text).groups[0].members:
        assert m.source and m.source.startswith("成员：") and m.person in m.source
        assert len(m.source) < 120


def test_a_short_statement_is_every_members_source() -> None:
    cut = ItemSources("副组长：张三 副市长、李四 秘书长")
    assert cut.cut("李四") == cut.cut("张三") == "副组长：张三 副市长、李四 秘书长"


def test_a_holder_not_in_the_statement_keeps_the_label_only() -> None:
    cut = ItemSources("成员：" + "、".join(f"市第{i}局" for i in range(100)))
    assert cut.cut("某某") == "成员：…"
    assert cut.cut("市第50局").endswith("市第50局")
