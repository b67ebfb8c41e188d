"""parse_text on small real-style notices, one per form that real notices showed (issue 10)."""

from __future__ import annotations

import pytest

from tests.parse.test_forms import Row, rows

FORMS: list[tuple[str, str, str | None, list[Row]]] = [
    (
        "units before 等N个部门领导组成的 the body",
        "同时公布了由区委常委、常务副区长任组长，区经发局、监察局、民政局等十八个部门领导组成的"
        "县第二次经济普查领导小组成员名单。",
        None,
        [
            ("县第二次经济普查领导小组", "组长", None, "区委常委、常务副区长", None),
            ("县第二次经济普查领导小组", "成员", None, "领导", "区经发局"),
            ("县第二次经济普查领导小组", "成员", None, "领导", "监察局"),
            ("县第二次经济普查领导小组", "成员", None, "领导", "民政局"),
        ],
    ),
    (
        "a name with 、 inside after 成立",
        "市林业局成立打击侵犯、假冒植物新品种权违法行为专项行动领导小组。\n组 长：邹建春 市林业局副局长",
        None,
        [("打击侵犯、假冒植物新品种权违法行为专项行动领导小组", "组长", "邹建春", "市林业局副局长", None)],
    ),
    (
        "the body's full name in a headline wrapped over two lines",
        "市政府成立2015年全国1%人口抽样调查\n工作协调小组\n\n市政府成立了调查工作协调小组，"
        "由市统计局局长任组长。",
        None,
        [("2015年全国1%人口抽样调查工作协调小组", "组长", None, "局长", "市统计局")],
    ),
    (
        "a body named after an organ that is itself a 委员会",
        "决定成立国家卫生和计划生育委员会精神文明建设指导委员会。\n主 任：李斌 委党组书记",
        "关于成立国家卫生和计划生育委员会精神文明建设指导委员会的通知",
        [("国家卫生和计划生育委员会精神文明建设指导委员会", "主任", "李斌", "委党组书记", None)],
    ),
    (
        "共同担任 after the holders; a quoted “双主任”制 is no statement",
        "“双主任”制，是将市安全生产委员会主任调整为由市委、市政府的主要负责人共同担任市安全生产委员会主任。",
        None,
        [
            ("市安全生产委员会", "主任", None, "主要负责人", "市委"),
            ("市安全生产委员会", "主任", None, "主要负责人", "市政府"),
        ],
    ),
    (
        "成立了由…任组长、…任副组长，…的 the body, in a news report with its own headline",
        "供电公司：高考保电“倒计时”\n公司在第一时间成立了由行政一把手任组长、主管领导任副组长，"
        "其他各职能班组负责人任成员的“高考”保电工作领导小组。",
        None,
        [
            ("“高考”保电工作领导小组", "组长", None, "行政一把手", None),
            ("“高考”保电工作领导小组", "副组长", None, "主管领导", None),
        ],
    ),
    (
        "a unit list ending 共N个部门和单位组成",
        "决定建立节约型社会部际联席会议。联席会议由发展改革委、全国总工会、共青团中央共3个部门和单位组成。",
        None,
        [
            ("节约型社会部际联席会议", "成员", None, None, "发展改革委"),
            ("节约型社会部际联席会议", "成员", None, None, "全国总工会"),
            ("节约型社会部际联席会议", "成员", None, None, "共青团中央"),
        ],
    ),
    (
        "names run together, two-character ones padded with a space",
        "决定成立关爱女孩行动领导小组。\n组长：张维庆 副组长：王国强赵白鸽江 帆 成员：姜卫平傅 伟文 铠米国庆",
        None,
        [
            ("关爱女孩行动领导小组", "组长", "张维庆", None, None),
            ("关爱女孩行动领导小组", "副组长", "王国强", None, None),
            ("关爱女孩行动领导小组", "副组长", "赵白鸽", None, None),
            ("关爱女孩行动领导小组", "副组长", "江帆", None, None),
            ("关爱女孩行动领导小组", "成员", "姜卫平", None, None),
            ("关爱女孩行动领导小组", "成员", "傅伟", None, None),
            ("关爱女孩行动领导小组", "成员", "文铠", None, None),
            ("关爱女孩行动领导小组", "成员", "米国庆", None, None),
        ],
    ),
    (
        "a news report names the head of a body it sets up in passing",
        "省政府决定成立交通突破行动公路建设指挥部。会上，省交通运输厅厅长、公路建设指挥部总指挥康军，"
        "民航建设指挥部总指挥阮文易作了发言。",
        None,
        [("交通突破行动公路建设指挥部", "总指挥", "康军", "省交通运输厅厅长", None)],
    ),
    (
        "a report on a standing body's meeting names no member",
        "会议由党委副书记、校庆筹备工作委员会副主任彭虎军主持。",
        None,
        [],
    ),
    (
        "an academic title right after a name; a body each unit is asked to set up is not the body",
        "学校新一届学术委员会成立大会举行。会议产生了主任委员和副主任委员：沈建民副研究员担任主任委员，"
        "丁继安教授、曾益坤教授担任副主任委员。\n沈建民要求适时召开会议，同时要指导各二级学院尽快成立院级学术委员会，"
        "健全校院两级学术组织。",
        None,
        [
            ("学术委员会", "主任委员", "沈建民", "副研究员", None),
            ("学术委员会", "副主任委员", "丁继安", "教授", None),
            ("学术委员会", "副主任委员", "曾益坤", "教授", None),
        ],
    ),
    (
        "党委书记 as a post with no name: an unnamed organ is no unit",
        "要加强组织领导，迅速成立以党委书记为组长的疫情防控工作领导小组，设立领导小组办公室。",
        None,
        [
            ("疫情防控工作领导小组", "组长", None, "党委书记", None),
        ],
    ),
    (
        "分管领导同志 keeps its 同志",
        "决定成立健康中国行动推进委员会。推进委员会主任由国务院分管领导同志担任。",
        None,
        [("健康中国行动推进委员会", "主任", None, "分管领导同志", "国务院")],
    ),
    (
        "a post then 兼 the office's role: the post's unit holds it",
        "决定成立县委对台湾工作领导小组。县委对台湾工作领导小组下设办公室，县台办主任兼办公室主任。",
        None,
        [("领导小组办公室", "主任", None, "主任", "县台办")],
    ),
    (
        "主任已由 two posts 共同担任: two holders",
        "市调整市安全生产委员会组成人员。市安全生产委员会主任已由市委书记、市长共同担任。",
        None,
        [
            ("市安全生产委员会", "主任", None, "书记", "市委"),
            ("市安全生产委员会", "主任", None, "市长", None),
        ],
    ),
    (
        "a place word before 同志 is a name",
        "成立街道垃圾分类工作领导小组，由孙行军同志任组长，沈阳同志任副组长，有关同志任成员。",
        None,
        [
            ("街道垃圾分类工作领导小组", "组长", "孙行军", None, None),
            ("街道垃圾分类工作领导小组", "副组长", "沈阳", None, None),
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "title", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(label: str, text: str, title: str | None, expected: list[Row]) -> None:
    assert sorted(rows(text, title), key=str) == sorted(expected, key=str)
