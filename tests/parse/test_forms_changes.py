"""Personnel-change forms (CONTRACT §1 `changes`): small notices written here, one per
family of phrasings, each read by a general rule in scrapers/parse/changes.py.

Changes: (group, role, removed, added), each holder (person, title, unit) or None.
"""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text
from store.records import Holder as StoredHolder

Holder = tuple[str | None, str | None, str | None] | None
ChangeRow = tuple[str, str, Holder, Holder]

G = "某县河湖保护工作领导小组"
OFFICE = "领导小组办公室"
HEAD = (
    f"某县人民政府办公室关于调整{G}部分成员的通知\n"
    f"因工作变动，经县政府同意，现对{G}（以下简称领导小组）部分成员调整如下：\n"
)


def _changes(text: str) -> list[ChangeRow]:
    def holder(h: StoredHolder | None) -> Holder:
        return None if h is None else (h.person, h.title, h.unit)

    return [(c.group, c.role, holder(c.removed), holder(c.added)) for c in parse_text(text).changes]


CHANGES: list[tuple[str, str, list[ChangeRow]]] = [
    (
        "由…同志担任 with the post written again after 担任",
        HEAD + "1.张甲同志因工作调动，不再担任领导小组组长，由县长李乙同志担任组长；\n",
        [(G, "组长", ("张甲", None, None), ("李乙", "县长", None))],
    ),
    (
        "the one leaving named in the clause before 不再担任 (…调离，不再担任…)",
        HEAD + "1.王丙同志（原县水务局局长）调离，不再担任领导小组成员，由新任县水务局局长赵丁同志担任；\n",
        [(G, "成员", ("王丙", "原县水务局局长", None), ("赵丁", "新任县水务局局长", None))],
    ),
    (
        "the one added also takes the office seat (并兼任…办公室主任), the old head leaves it",
        HEAD
        + "2.增补县林业局局长钱戊同志为领导小组成员，并兼任领导小组办公室主任，"
        + "原办公室主任孙己同志不再兼任。\n",
        [
            (G, "成员", None, ("钱戊", "县林业局局长", None)),
            (OFFICE, "主任", ("孙己", None, None), ("钱戊", "县林业局局长", None)),
        ],
    ),
    (
        "the new holder first, the old one's clause naming the post again",
        HEAD + "一、周庚同志（县委常委、副县长）任领导小组副组长，吴辛同志不再担任副组长。\n",
        [(G, "副组长", ("吴辛", None, None), ("周庚", "县委常委、副县长", None))],
    ),
    (
        "a seat emptied and filled in one sentence: one change; in two sentences: two",
        HEAD
        + "一、郑壬同志不再担任领导小组成员，增补县卫健局局长冯癸同志为领导小组成员。\n"
        + "二、陈子同志不再担任领导小组成员；增补县医保局局长褚丑同志为领导小组成员。\n",
        [
            (G, "成员", ("郑壬", None, None), ("冯癸", "县卫健局局长", None)),
            (G, "成员", ("陈子", None, None), None),
            (G, "成员", None, ("褚丑", "县医保局局长", None)),
        ],
    ),
    (
        "the successor's post first: X由Y接替Z担任…",
        HEAD + "三、县教育局局长由卫寅同志接替蒋卯同志担任领导小组成员。\n",
        [(G, "成员", ("蒋卯", None, None), ("卫寅", "县教育局局长", None))],
    ),
    (
        "the seat named after 其: …调离，其…职务由接任的…局长担任",
        HEAD + "三、县交通局局长沈辰同志调离，其领导小组成员职务由接任的县交通局局长担任。\n",
        [(G, "成员", ("沈辰", "县交通局局长", None), (None, "局长", "县交通局"))],
    ),
    (
        "a table 调整前 / 调整后 whose cells the page glued, with — for nobody",
        HEAD
        + "序号 职务 调整前 调整后\n"
        + "1 组长 韩巳（县长）杨午（县长）\n"
        + "2 成员 朱未（县农业局局长）—\n"
        + "3 成员 — 秦申（县文旅局局长）\n"
        + "4 领导小组办公室主任 尤酉（县水务局副局长）许戌（县水务局副局长）\n",
        [
            (G, "组长", ("韩巳", "县长", None), ("杨午", "县长", None)),
            (G, "成员", ("朱未", "县农业局局长", None), None),
            (G, "成员", None, ("秦申", "县文旅局局长", None)),
            (OFFICE, "主任", ("尤酉", "县水务局副局长", None), ("许戌", "县水务局副局长", None)),
        ],
    ),
    (
        "a holder who stays (继续担任) is no change",
        HEAD
        + "一、原成员何亥（县财政局局长）调整为县政府党组成员，继续担任领导小组成员；"
        + "吕一同志不再担任领导小组成员。\n",
        [(G, "成员", ("吕一", None, None), None)],
    ),
]


CHANGES += [
    (
        "whom the new holder replaces, in brackets after a label row (接替/替换)",
        HEAD + "副组长：王丙（副县长，接替张甲）\n成员：赵丁（县水利局局长，替换李乙）\n",
        [
            (G, "副组长", ("张甲", None, None), ("王丙", "副县长", None)),
            (G, "成员", ("李乙", None, None), ("赵丁", "县水利局局长", None)),
        ],
    ),
    (
        "…任副组长（替代…同志）",
        HEAD + "王丙同志担任领导小组副组长（替代张甲同志）。\n",
        [(G, "副组长", ("张甲", None, None), ("王丙", None, None))],
    ),
    (
        "…替换…同志为…",
        HEAD + "王丙同志（县水利局局长）替换张甲同志为领导小组成员。\n",
        [(G, "成员", ("张甲", None, None), ("王丙", "县水利局局长", None))],
    ),
    (
        "a seat filled, the one leaving in brackets (（原组长…不再担任）)",
        HEAD + "领导小组组长由县长王丙同志担任（原组长张甲同志因工作调动不再担任）。\n",
        [(G, "组长", ("张甲", None, None), ("王丙", "县长", None))],
    ),
    (
        "…同志的…职务由…接任",
        HEAD + "因职务变动，张甲同志的领导小组副组长职务由王丙同志接任。\n",
        [(G, "副组长", ("张甲", None, None), ("王丙", None, None))],
    ),
    (
        "原+post … 调任他职，post由…担任",
        HEAD + "原副组长张甲同志调任他职，副组长由王丙同志担任。\n",
        [(G, "副组长", ("张甲", None, None), ("王丙", None, None))],
    ),
    (
        "verb and role label on one line (调出成员： / 调入成员：)",
        HEAD + "调出成员：张甲（县林业局局长）\n调入成员：王丙（县林业局局长）\n",
        [
            (G, "成员", ("张甲", "县林业局局长", None), None),
            (G, "成员", None, ("王丙", "县林业局局长", None)),
        ],
    ),
    (
        "numbered headings that say what the rows under them do (一、调出 / 二、调入)",
        HEAD + "一、调出\n成员：张甲（县林业局局长）\n二、调入\n成员：王丙（县林业局局长）\n",
        [
            (G, "成员", ("张甲", "县林业局局长", None), None),
            (G, "成员", None, ("王丙", "县林业局局长", None)),
        ],
    ),
    (
        "a table 原成员 / 调整后成员 with a 备注 column, short rows and glued cells",
        HEAD
        + "序号 职务 原成员 调整后成员 备注\n"
        + "1 副组长 张甲（副县长）王丙（副县长）\n"
        + "2 成员 李乙 赵丁（县水利局局长） 兼办公室主任\n"
        + "3 成员 — 钱戊（县林业局局长） 增补\n",
        [
            (G, "副组长", ("张甲", "副县长", None), ("王丙", "副县长", None)),
            (G, "成员", ("李乙", None, None), ("赵丁", "县水利局局长", None)),
            (G, "成员", None, ("钱戊", "县林业局局长", None)),
        ],
    ),
]

CHANGES += [
    (
        "one person moving seats: 不再担任A，改任B",
        HEAD + "张甲同志不再担任领导小组副组长，改任领导小组成员。\n",
        [(G, "副组长", ("张甲", None, None), None), (G, "成员", None, ("张甲", None, None))],
    ),
    (
        "one person moving seats: 由A调整为B",
        HEAD + "王丙同志由领导小组成员调整为领导小组副组长。\n",
        [(G, "成员", ("王丙", None, None), None), (G, "副组长", None, ("王丙", None, None))],
    ),
    (
        "a seat filled with 改由",
        HEAD + "领导小组办公室主任改由王丙同志兼任。\n",
        [(OFFICE, "主任", None, ("王丙", None, None))],
    ),
    (
        "two leaving two seats, respectively, the seats filled in the same sentence",
        HEAD
        + "组长由县长王丙同志担任，副组长由副县长赵丁同志担任，"
        + "张甲、李乙同志不再担任领导小组组长、副组长。\n",
        [
            (G, "组长", ("张甲", None, None), ("王丙", "县长", None)),
            (G, "副组长", ("李乙", None, None), ("赵丁", "副县长", None)),
        ],
    ),
    (
        "…调离，<post>由…担任 (no 其)",
        HEAD + "张甲同志（县财政局局长）调离，领导小组成员由县财政局新任局长王丙同志担任。\n",
        [(G, "成员", ("张甲", "县财政局局长", None), ("王丙", "县财政局新任局长", None))],
    ),
    (
        "the one replaced named after: …为成员，替换原成员…",
        HEAD + "县水利局局长王丙同志为领导小组成员，替换原成员张甲同志。\n",
        [(G, "成员", ("张甲", None, None), ("王丙", "县水利局局长", None))],
    ),
    (
        "the post named in a lead-in (成员中，…不再担任，由…担任)",
        HEAD + "成员中，张甲同志因工作调动不再担任，由李乙同志担任。\n",
        [(G, "成员", ("张甲", None, None), ("李乙", None, None))],
    ),
]

UNITS_HEAD = (
    f"某县人民政府办公室关于调整{G}成员单位的通知\n"
    f"因机构改革，现对{G}（以下简称领导小组）成员单位调整如下：\n"
)
CHANGES += [
    (
        "member units added and dropped (增加…为成员单位 / …不再作为成员单位)",
        UNITS_HEAD
        + "一、增加县应急管理局、县医保局为领导小组成员单位。\n二、县安监局不再作为领导小组成员单位。\n",
        [
            (G, "成员", None, (None, None, "县应急管理局")),
            (G, "成员", None, (None, None, "县医保局")),
            (G, "成员", (None, None, "县安监局"), None),
        ],
    ),
    (
        "a member unit replaced (成员单位中的A调整为B)",
        UNITS_HEAD + "成员单位中的县安监局调整为县应急管理局。\n",
        [(G, "成员", (None, None, "县安监局"), (None, None, "县应急管理局"))],
    ),
    (
        "a history told (2012年6月，…增加…为成员单位) is no change of this notice",
        f"{G}\n2012年6月，领导小组更名，增加县商务局、县外办为成员单位。\n",
        [],
    ),
]

CHANGES.append(
    (
        "副主任兼办公室主任 after the body's full name: the office is that body's",
        f"某省人民政府关于调整{G}部分成员的通知\n"
        + f"张甲同志不再担任{G}副主任兼办公室主任，由王丙（县水利局局长）担任副主任兼办公室主任。\n",
        [
            (G, "副主任", ("张甲", None, None), ("王丙", "县水利局局长", None)),
            (G + "办公室", "主任", ("张甲", None, None), ("王丙", "县水利局局长", None)),
        ],
    )
)


@pytest.mark.parametrize(("label", "text", "expected"), CHANGES, ids=[f[0] for f in CHANGES])
def test_changes(label: str, text: str, expected: list[ChangeRow]) -> None:
    assert sorted(_changes(text), key=str) == sorted(expected, key=str)


def test_a_holder_who_stays_is_a_member_with_the_new_post() -> None:
    text = HEAD + "一、原成员何亥（县财政局局长）调整为县政府党组成员，继续担任领导小组成员。\n"
    members = parse_text(text).groups[0].members
    assert [(m.role, m.person, m.title) for m in members] == [("成员", "何亥", "县政府党组成员")]


def test_the_adjusted_list_after_the_changes_gives_the_titles() -> None:
    text = (
        HEAD
        + "1.王丙同志调离，不再担任领导小组副组长，由新任副县长赵丁同志担任；\n"
        + "调整后的领导小组成员名单如下：\n"
        + "组　长：李乙　县长\n副组长：赵丁　副县长\n成　员：钱戊　县林业局局长\n"
    )
    record = parse_text(text)
    members = {(m.role, m.person): m.title for m in record.groups[0].members}
    assert members[("副组长", "赵丁")] == "副县长"
    assert [(c.role, c.removed and c.removed.person, c.added and c.added.person) for c in record.changes] == [
        ("副组长", "王丙", "赵丁")
    ]


def test_groups_a_change_notice_states_in_part_are_partial_unless_it_restates_the_list() -> None:
    changes_only = HEAD + "1.张甲同志不再担任领导小组组长，由县长李乙同志担任组长；\n其他成员不变。\n"
    assert [g.partial for g in parse_text(changes_only).groups] == [True]
    restated = (
        f"某县人民政府办公室关于调整{G}成员的通知\n现对{G}（以下简称领导小组）成员作如下调整：\n"
        + "1.张甲同志不再担任领导小组组长，由县长李乙同志担任组长；\n"
        + "调整后的领导小组成员名单如下：\n组　长：李乙　县长\n成　员：钱戊　县林业局局长\n"
        + "某县人民政府办公室\n2020年5月8日\n"
    )
    assert [g.partial for g in parse_text(restated).groups] == [False]
