"""parse_text on small notices, one per form of post the parser must read (data-driven)."""

from __future__ import annotations

from typing import Any

import pytest

from scrapers.parse import parse_text

Row = tuple[str, str, str | None, str | None, str | None]  # group, role, person, title, unit


def rows(text: str, title: str | None = None) -> list[Row]:
    record = parse_text(text, title=title)
    return [(g.name, m.role, m.person, m.title, m.unit) for g in record.groups for m in g.members]


G = "市安全生产领导小组"
TITLE = f"关于成立{G}的通知"

FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "label lines",
        f"为加强领导，决定成立{G}。\n组　长：\n孙春兰　国务院副总理\n\n副组长：丁卫东　国务院副秘书长\n"
        "成　员：李四　市发展改革委主任\n王　五　市公安局局长",
        [
            (G, "组长", "孙春兰", "国务院副总理", None),
            (G, "副组长", "丁卫东", "国务院副秘书长", None),
            (G, "成员", "李四", "市发展改革委主任", None),
            (G, "成员", "王五", "市公安局局长", None),
        ],
    ),
    (
        "run-together, name before title",
        f"决定成立{G}。组长:张高丽国务院副总理副组长:姜大明国土资源部部长丁向阳国务院副秘书长"
        "成员:王军国家发展改革委副主任李明财政部副部长",
        [
            (G, "组长", "张高丽", "国务院副总理", None),
            (G, "副组长", "姜大明", "国土资源部部长", None),
            (G, "副组长", "丁向阳", "国务院副秘书长", None),
            (G, "成员", "王军", "国家发展改革委副主任", None),
            (G, "成员", "李明", "财政部副部长", None),
        ],
    ),
    (
        "title before name",
        f"决定成立{G}。\n组长：省政府副省长匡湧\n副组长：省政府副秘书长晁海军、苏全仁",
        [
            (G, "组长", "匡湧", "省政府副省长", None),
            (G, "副组长", "晁海军", "省政府副秘书长", None),
            (G, "副组长", "苏全仁", "省政府副秘书长", None),
        ],
    ),
    (
        "prose",
        f"决定成立{G}（以下简称领导小组）。省政府常务副省长王予波任领导小组组长，张三同志任副组长。"
        "领导小组成员包括：省政府副秘书长晁海军、苏全仁，省教育厅厅长韩英。",
        [
            (G, "组长", "王予波", "省政府常务副省长", None),
            (G, "副组长", "张三", None, None),
            (G, "成员", "晁海军", "省政府副秘书长", None),
            (G, "成员", "苏全仁", "省政府副秘书长", None),
            (G, "成员", "韩英", "省教育厅厅长", None),
        ],
    ),
    (
        "units",
        f"决定成立{G}。组长由市长李强担任，副组长由市发展改革委、市公安局分管负责人担任。"
        "成员由各成员单位主要负责同志担任。\n成员单位：市委宣传部、市财政局。",
        [
            (G, "组长", "李强", "市长", None),
            (G, "副组长", None, "分管负责人", "市发展改革委"),
            (G, "副组长", None, "分管负责人", "市公安局"),
            (G, "成员", None, "主要负责同志", "市委宣传部"),
            (G, "成员", None, "主要负责同志", "市财政局"),
        ],
    ),
    (
        "one person in two posts, the office",
        f"决定成立{G}（以下简称领导小组）。省政府秘书长张黄元任副组长兼领导小组办公室主任。"
        "领导小组办公室设在省政府办公厅，由市政府秘书长、办公厅主任欧顺清兼任办公室副主任。",
        [
            (G, "副组长", "张黄元", "省政府秘书长", None),
            ("领导小组办公室", "主任", "张黄元", "省政府秘书长", None),
            ("领导小组办公室", "副主任", "欧顺清", "市政府秘书长、办公厅主任", None),
        ],
    ),
    (
        "sub-groups",
        f"决定成立{G}。领导小组下设综合协调、督查等2个工作组。\n（一）综合协调组。\n组长由市政府副秘书长罗蔺担任。"
        "\n（二）督查组。\n组长由市督查室主任谢宏敏担任。",
        [
            ("综合协调组", "组长", "罗蔺", "市政府副秘书长", None),
            ("督查组", "组长", "谢宏敏", "市督查室主任", None),
        ],
    ),
]


@pytest.mark.parametrize(("form", "text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(form: str, text: str, expected: list[Row]) -> None:
    assert sorted(rows(text, TITLE), key=str) == sorted(expected, key=str)


def _json(text: str, title: str | None = None) -> dict[str, Any]:
    return parse_text(text, title=title).to_json()


def test_sub_groups_have_parent_and_category() -> None:
    data = _json(FORMS[-1][1], TITLE)
    by_name = {g["name"]: g for g in data["groups"]}
    assert data["groups"][0]["name"] == G
    assert by_name["督查组"]["parent"] == G and by_name["督查组"]["category"] == "工作组"


def test_office_seat_and_name() -> None:
    data = _json(FORMS[5][1], TITLE)
    office = next(g for g in data["groups"] if g["category"] == "办公室")
    assert (office["name"], office["seat"], office["parent"]) == ("领导小组办公室", "省政府办公厅", G)


def test_many_bodies_each_top_level() -> None:
    text = (
        "关于清理和调整市政府非常设机构的通知\n一、市安全生产委员会\n主任：张三 市长\n副主任：李四 副市长\n"
        "二、市防汛抗旱指挥部\n指挥长：王五 副市长\n成员：市水利局、市应急局分管负责人"
    )
    data = _json(text)
    assert [(g["name"], g["parent"]) for g in data["groups"]] == [
        ("市安全生产委员会", None),
        ("市防汛抗旱指挥部", None),
    ]
    assert [m["person"] or m["unit"] for m in data["groups"][1]["members"]] == [
        "王五",
        "市水利局",
        "市应急局",
    ]


def test_personnel_changes() -> None:
    text = (
        "关于调整市食品安全委员会部分组成人员的通知\n现对市食品安全委员会（以下简称市食安委）部分组成人员作如下调整：\n"
        "一、因工作变动，朱晓明同志不再担任市食安委副主任，由市政府副市长王建飞同志担任。\n"
        "二、增补市教育局局长倪朝晖为市食安委委员。\n三、沈燕同志不再担任市食安委委员。"
    )
    data = _json(text)
    changes = [
        (c["role"], c["removed"] and c["removed"]["person"], c["added"] and c["added"]["person"])
        for c in data["changes"]
    ]
    assert sorted(changes, key=str) == sorted(
        [("副主任", "朱晓明", "王建飞"), ("委员", None, "倪朝晖"), ("委员", "沈燕", None)], key=str
    )
    members = [(m["role"], m["person"], m["title"]) for m in data["groups"][0]["members"]]
    assert members == [("副主任", "王建飞", "市政府副市长"), ("委员", "倪朝晖", "市教育局局长")]
    assert data["events"] == [{"type": "adjust", "group": "市食品安全委员会", "from": []}]


def test_role_first_removal_and_replacement() -> None:
    text = (
        "关于调整市安全生产委员会组成人员的通知\n现对市安全生产委员会组成人员作如下调整：\n"
        "一、副主任由王强同志调整为副市长李刚同志；\n二、委员赵一同志因退休不再担任；"
    )
    changes = [
        (c["role"], c["removed"] and c["removed"]["person"], c["added"] and c["added"]["person"])
        for c in _json(text)["changes"]
    ]
    assert sorted(changes, key=str) == sorted([("副主任", "王强", "李刚"), ("委员", "赵一", None)], key=str)


EVENTS = [
    (
        "将省推进职能转变协调小组更名为省推进放管服改革协调小组。",
        [("rename", "省推进放管服改革协调小组", ["省推进职能转变协调小组"])],
    ),
    (
        "将市创建文明城市工作领导小组和市创建卫生城市工作领导小组合并调整为市创建工作领导小组。",
        [("merge", "市创建工作领导小组", ["市创建卫生城市工作领导小组", "市创建文明城市工作领导小组"])],
    ),
    (
        "决定撤销以下议事协调机构：\n1．省治理超载工作领导小组\n2．省农业普查领导小组\n\n其工作由相关部门承担。",
        [("abolish", "省农业普查领导小组", []), ("abolish", "省治理超载工作领导小组", [])],
    ),
    ("领导小组不刻制印章，普查任务完成后自行撤销。", []),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_events(text: str, expected: list[tuple[str, str, list[str]]]) -> None:
    got = [(e["type"], e["group"], sorted(e["from"])) for e in _json(text)["events"]]
    assert sorted(got) == sorted(expected)


def test_traditional_text() -> None:
    text = "決定成立市安全生產領導小組。\n組　長：楊　智　市長\n副組長：張三　副市長"
    assert rows(text) == [
        (G, "组长", "杨智", "市长", None),
        (G, "副组长", "张三", "副市长", None),
    ]


def test_every_member_says_where_it_came_from() -> None:
    record = parse_text(FORMS[3][1], title=TITLE)
    for g in record.groups:
        for m in g.members:
            assert m.source and (m.person or m.unit or "") in m.source
    explained = record.to_json(explain=True)
    assert explained["groups"][0]["members"][0]["source"].endswith("任领导小组组长")


MORE_FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "table rows with tabs and a page break",
        "关于成立市文物普查领导小组的通知\n职\u3000务\t姓\u3000名\t单位及职务\n组\u3000长\t王\u3000晖\t市政府副市长\n"
        "副组长\t陆卫东\t市政府副秘书长\n\n— 3 —\n\n\t孙建华\t市文广旅局局长",
        [
            ("市文物普查领导小组", "组长", "王晖", "市政府副市长", None),
            ("市文物普查领导小组", "副组长", "陆卫东", "市政府副秘书长", None),
            ("市文物普查领导小组", "副组长", "孙建华", "市文广旅局局长", None),
        ],
    ),
    (
        "title then name, items separated by ；",
        "关于成立市数字经济发展领导小组的通知\n组长：市长 周江勇\n副组长：常务副市长 刘忻；副市长 王宏",
        [
            ("市数字经济发展领导小组", "组长", "周江勇", "市长", None),
            ("市数字经济发展领导小组", "副组长", "刘忻", "常务副市长", None),
            ("市数字经济发展领导小组", "副组长", "王宏", "副市长", None),
        ],
    ),
    (
        "prose 联席会议 with units and 等单位",
        "关于建立市优化营商环境联席会议制度的通知\n召集人由市政府分管副市长张三担任，副召集人由市政府副秘书长李四担任，"
        "成员由市委宣传部、市财政局等单位分管负责同志担任。",
        [
            ("市优化营商环境联席会议", "召集人", "张三", "市政府分管副市长", None),
            ("市优化营商环境联席会议", "副召集人", "李四", "市政府副秘书长", None),
            ("市优化营商环境联席会议", "成员", None, "分管负责同志", "市委宣传部"),
            ("市优化营商环境联席会议", "成员", None, "分管负责同志", "市财政局"),
        ],
    ),
    (
        "label with two roles",
        "关于成立市重大项目建设指挥部的通知\n副总指挥兼办公室主任：司马东 市政府副秘书长",
        [
            ("市重大项目建设指挥部", "副总指挥", "司马东", "市政府副秘书长", None),
            ("指挥部办公室", "主任", "司马东", "市政府副秘书长", None),
        ],
    ),
]


MORE_FORMS += [
    (
        "name, comma, title",
        "关于成立市河长制工作领导小组的通知\n组长：张三，市委副书记、市长\n副组长：李四，副市长\n王五，市政府秘书长",
        [
            ("市河长制工作领导小组", "组长", "张三", "市委副书记、市长", None),
            ("市河长制工作领导小组", "副组长", "李四", "副市长", None),
            ("市河长制工作领导小组", "副组长", "王五", "市政府秘书长", None),
        ],
    ),
    (
        "委员 as units, office named by a short name",
        "关于调整县安全生产委员会组成人员的通知\n主　任：周　明　县长\n"
        "委　员：县委办、县发改局等部门主要负责同志\n"
        "安委会办公室设在县应急管理局，办公室主任由县应急管理局局长郑华兼任。",
        [
            ("县安全生产委员会", "主任", "周明", "县长", None),
            ("县安全生产委员会", "委员", None, "主要负责同志", "县委办"),
            ("县安全生产委员会", "委员", None, "主要负责同志", "县发改局"),
            ("安委会办公室", "主任", "郑华", "县应急管理局局长", None),
        ],
    ),
]


@pytest.mark.parametrize(("form", "text", "expected"), MORE_FORMS, ids=[f[0] for f in MORE_FORMS])
def test_more_forms(form: str, text: str, expected: list[Row]) -> None:
    assert sorted(rows(text), key=str) == sorted(expected, key=str)


def test_change_forms_without_a_named_title_body() -> None:
    text = (
        "关于调整市安委会部分成员的通知\n一、张三同志因工作调动不再担任市安全生产委员会副主任，由李四同志担任。\n"
        "二、免去王五同志的市安全生产委员会委员职务。"
    )
    data = _json(text)
    changes = [
        (c["group"], c["role"], c["removed"]["person"], c["added"] and c["added"]["person"])
        for c in data["changes"]
    ]
    assert changes == [
        ("市安全生产委员会", "副主任", "张三", "李四"),
        ("市安全生产委员会", "委员", "王五", None),
    ]


# Forms met in the held-out notices 101–112 / 201–212, each as a small made-up notice.
HELD_OUT_FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "numbered lines under a role label line",
        f"决定成立{G}。名单如下：\n组长：\n1.沈国荣 市长\n副组长：\n1.邵伟强 副市长\n2.钱晓雯 副市长\n"
        "成员（按姓氏笔画排序）：\n1.王志远 市财政局局长",
        [
            (G, "组长", "沈国荣", "市长", None),
            (G, "副组长", "邵伟强", "副市长", None),
            (G, "副组长", "钱晓雯", "副市长", None),
            (G, "成员", "王志远", "市财政局局长", None),
        ],
    ),
    (
        "lines cut inside names, a unit and a bracket (PDF)",
        f"决定成立{G}。\n组长由市长吴海平担任；副组长由常务副市长陈\n建军担任。\n"
        "成员：市发改委主任林国强，市\n综合行政执法局局长潘晓东。\n委员：蒋文斌（院长）、金\n晓红（教授，科研处副\n处长）",
        [
            (G, "组长", "吴海平", "市长", None),
            (G, "副组长", "陈建军", "常务副市长", None),
            (G, "成员", "林国强", "市发改委主任", None),
            (G, "成员", "潘晓东", "市综合行政执法局局长", None),
            (G, "委员", "蒋文斌", "院长", None),
            (G, "委员", "金晓红", "教授，科研处副处长", None),
        ],
    ),
]


@pytest.mark.parametrize(("form", "text", "expected"), HELD_OUT_FORMS, ids=[f[0] for f in HELD_OUT_FORMS])
def test_held_out_forms(form: str, text: str, expected: list[Row]) -> None:
    assert sorted(rows(text, TITLE)) == sorted(expected)


def test_professional_committees_are_sub_bodies() -> None:
    text = (
        "决定调整县安全生产委员会组成人员。\n一、组成人员\n主任：周晓峰　县长\n二、专业委员会\n"
        "（一）县消防安全专业委员会。主任由蓝秀芳同志担任。"
    )
    record = parse_text(text, title="关于调整县安全生产委员会组成人员的通知")
    groups = {g.name: g for g in record.groups}
    assert list(groups) == ["县安全生产委员会", "县消防安全专业委员会"]
    sub = groups["县消防安全专业委员会"]
    assert (sub.parent, sub.kind, sub.category) == ("县安全生产委员会", "委员会", None)
    assert [e.group for e in record.events] == ["县安全生产委员会"]


def test_declared_category_and_numbered_sub_groups() -> None:
    text = (
        f"决定成立{G}。\n组长：张明　市长\n领导小组下设两个专项工作组：\n"
        "（一）物资保障组　组长：李强；成员：街道武装部、北山派出所。\n（二）医疗救治组。组长：王伟。"
    )
    groups = {g.name: g for g in parse_text(text, title=TITLE).groups}
    assert groups["物资保障组"].category == "工作组" and groups["医疗救治组"].category == "工作组"
    assert [(m.role, m.person or m.unit) for m in groups["物资保障组"].members] == [
        ("组长", "李强"),
        ("成员", "街道武装部"),
        ("成员", "北山派出所"),
    ]


def test_abolition_list_with_offices_gives_events_only() -> None:
    text = (
        "经区政府研究，决定撤销以下议事协调机构：\n\n1.区人口普查领导小组\n2.区经济普查领导小组及其办公室\n"
        "3.区治水工作协调小组\n\n上述机构撤销后，其工作由相关部门负责。"
    )
    record = parse_text(text, title="关于撤销部分区级议事协调机构的通知")
    assert record.groups == []
    assert [(e.type, e.group) for e in record.events] == [
        ("abolish", "区人口普查领导小组"),
        ("abolish", "区经济普查领导小组"),
        ("abolish", "区治水工作协调小组"),
    ]


def test_a_body_each_unit_is_asked_to_set_up_is_no_body() -> None:
    text = "各研究所成立由所长任组长的项目验收工作小组，负责本所项目的初审。"
    record = parse_text(text, title="关于做好项目结题验收工作的通知")
    assert record.groups == [] and record.events == []


def test_coordination_mechanism_is_a_body() -> None:
    text = "建立省稳外贸工作协调机制。\n召集人：省人民政府副省长欧阳志诚\n副召集人：省商务厅厅长郑秀英"
    record = parse_text(text, title="关于建立省稳外贸工作协调机制的通知")
    assert record.groups[0].name == "省稳外贸工作协调机制" and record.groups[0].kind == "协调机制"
    assert [(m.role, m.person) for m in record.groups[0].members] == [
        ("召集人", "欧阳志诚"),
        ("副召集人", "郑秀英"),
    ]


def test_a_heading_about_sub_groups_is_not_a_group() -> None:
    text = (
        f"决定成立{G}。\n一、领导小组组成\n组长：王一（市长）\n二、领导小组下设工作组\n（一）政务服务组\n"
        "组长：张三\n成员单位：市政务服务中心、市大数据局"
    )
    groups = {g.name: g for g in parse_text(text, title=TITLE).groups}
    assert list(groups) == [G, "政务服务组"]
    assert groups["政务服务组"].category == "工作组"


def test_one_person_named_to_several_bodies() -> None:
    text = "葛振华同志任县河道整治领导小组组长、县粮食安全工作领导小组组长、县消防工作委员会主任。"
    record = parse_text(text)
    assert [(g.name, [(m.role, m.person) for m in g.members]) for g in record.groups] == [
        ("县河道整治领导小组", [("组长", "葛振华")]),
        ("县粮食安全工作领导小组", [("组长", "葛振华")]),
        ("县消防工作委员会", [("主任", "葛振华")]),
    ]


def test_pinyin_glosses_are_stripped() -> None:
    text = "決定成立縣安全生產領導小組。\n組(zǔ)長(zhǎng)：陳(chén)文林(副縣長)"
    members = parse_text(text, title="关于成立县安全生产领导小组的通知").groups[0].members
    assert [(m.role, m.person, m.title) for m in members] == [("组长", "陈文林", "副县长")]


def test_office_deputies_belong_to_the_office() -> None:
    text = (
        "决定成立县安全生产领导小组。\n组长：张三 县长\n领导小组下设办公室，"
        "办公室主任由县统计局局长柯明兼任；常务副主任由副局长宁芳兼任；"
        "副主任由县教育局、县卫健局分管负责同志兼任。"
    )
    groups = parse_text(text, title="关于成立县安全生产领导小组的通知").groups
    office = [(m.role, m.person or m.unit) for m in groups[1].members]
    assert office == [
        ("主任", "柯明"),
        ("常务副主任", "宁芳"),
        ("副主任", "县教育局"),
        ("副主任", "县卫健局"),
    ]
    assert [m.role for m in groups[0].members] == ["组长"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the role after the list of units
        (
            "市委宣传部、网信办，市文旅局、交通局等为成员单位。",
            ["市委宣传部", "网信办", "市文旅局", "交通局"],
        ),
        # units in brackets after a collective
        (
            "成员为局机关有关处室和直属单位（办公室、规划处、信息中心）主要负责同志。",
            ["办公室", "规划处", "信息中心"],
        ),
        # a collective first, dropped
        ("成 员：各镇人民政府，市水务局、应急局分管负责同志。", ["市水务局", "应急局"]),
        # 部门、单位 after 等 is no unit
        ("成员由县公安局等部门、单位分管负责同志兼任。", ["县公安局"]),
    ],
)
def test_member_units_without_a_label(lines: str, expected: list[str]) -> None:
    text = "决定成立县安全生产领导小组。\n组长：张三 县长\n" + lines
    members = parse_text(text, title="关于成立县安全生产领导小组的通知").groups[0].members
    assert [m.unit for m in members if m.role == "成员"] == expected
    assert [(m.role, m.person) for m in members if m.role == "组长"] == [("组长", "张三")]


def test_a_role_qualifier_in_brackets() -> None:
    text = "决定成立县安全生产领导小组。\n组长：张三 县长\n副组长：苗卫东（常务）、李四"
    members = parse_text(text, title="关于成立县安全生产领导小组的通知").groups[0].members
    assert [(m.role, m.person, m.title) for m in members] == [
        ("组长", "张三", "县长"),
        ("常务副组长", "苗卫东", None),
        ("副组长", "李四", None),
    ]


def test_a_cleanup_notice_keeps_the_bodies_it_lists_with_their_leaders() -> None:
    text = (
        "一、撤销机构\n1、县爱国卫生运动委员会\n2、县档案工作领导小组\n二、保留机构任职：\n"
        "1、县防震减灾委员会\n主 任 委 员：韩 松\n2、县地名委员会\n主 任：韩 松\n副主任：卜一鸣"
    )
    record = parse_text(text, title="关于调整县议事协调机构的通知")
    assert sorted((e.type, e.group) for e in record.events) == [
        ("abolish", "县档案工作领导小组"),
        ("abolish", "县爱国卫生运动委员会"),
        ("adjust", "县地名委员会"),
        ("adjust", "县防震减灾委员会"),
    ]
    assert [(g.name, [(m.role, m.person) for m in g.members]) for g in record.groups] == [
        ("县防震减灾委员会", [("主任委员", "韩松")]),
        ("县地名委员会", [("主任", "韩松"), ("副主任", "卜一鸣")]),
    ]


def test_kept_bodies_on_one_line() -> None:
    text = "保留机构任职：1、县防震减灾委员会 主 任 委 员：韩 松 2、县地名委员会 主 任：韩 松 副主任：卜一鸣"
    record = parse_text(text, title="关于清理规范县议事协调机构的通知")
    assert [(g.name, [(m.role, m.person, m.title) for m in g.members]) for g in record.groups] == [
        ("县防震减灾委员会", [("主任委员", "韩松", None)]),
        ("县地名委员会", [("主任", "韩松", None), ("副主任", "卜一鸣", None)]),
    ]


def test_an_office_seated_without_zai() -> None:
    text = "决定成立县安全生产领导小组。\n组长：张三 县长\n领导小组办公室设市统计局，李四同志任办公室主任。"
    groups = parse_text(text, title="关于成立县安全生产领导小组的通知").groups
    assert [(m.role, m.person, m.title) for m in groups[0].members] == [("组长", "张三", "县长")]
    assert (groups[1].seat, [(m.role, m.person) for m in groups[1].members]) == (
        "市统计局",
        [("主任", "李四")],
    )


def test_a_standing_page_with_infobox_rows() -> None:
    text = (
        "国务院促进中小企业发展工作领导小组\n主要领导\n组长刘鹤（国务院副总理）\n副组长\n3\n"
        "苗圩（工业和信息化部部长）\n刘昆（财政部部长）\n办公室主任王江平（工业和信息化部副部长）\n机构概况"
    )
    groups = parse_text(text, title="国务院促进中小企业发展工作领导小组").groups
    assert [(m.role, m.person, m.title) for m in groups[0].members] == [
        ("组长", "刘鹤", "国务院副总理"),
        ("副组长", "苗圩", "工业和信息化部部长"),
        ("副组长", "刘昆", "财政部部长"),
    ]
    assert [(m.role, m.person) for m in groups[1].members] == [("主任", "王江平")]


def test_a_table_written_with_bars() -> None:
    text = (
        "国务院未成年人保护工作领导小组\n主要领导 | |\n---|---|\n组长 | 孙春兰（国务院副总理） |\n"
        "副组长 | 王勇（国务委员） 李纪恒（民政部部长） |"
    )
    groups = parse_text(text, title="国务院未成年人保护工作领导小组").groups
    assert [(m.role, m.person, m.title) for m in groups[0].members] == [
        ("组长", "孙春兰", "国务院副总理"),
        ("副组长", "王勇", "国务委员"),
        ("副组长", "李纪恒", "民政部部长"),
    ]


def test_posts_with_no_names_are_members() -> None:
    text = (
        "决定成立市经济普查领导小组。组长由市长担任，常务副组长由分管统计工作的常务副市长担任，"
        "副组长由市政府秘书长、协助分管统计工作的副秘书长担任。"
    )
    members = parse_text(text, title="关于成立市经济普查领导小组的通知").groups[0].members
    assert [(m.role, m.person, m.title, m.unit) for m in members] == [
        ("组长", None, "市长", None),
        ("常务副组长", None, "分管统计工作的常务副市长", None),
        ("副组长", None, "秘书长", "市政府"),
        ("副组长", None, "协助分管统计工作的副秘书长", None),
    ]
