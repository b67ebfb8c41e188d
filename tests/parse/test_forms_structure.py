"""The shape of a notice (issue 10, third round): which groups there are and which lines
belong to which group and role. Small real-style texts written here, one per variant of a
form, each read by a general rule.

Members: (group, role, person, title, unit).
"""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text
from tests.parse.test_forms import Row, rows

G = "县河长制工作领导小组"
HEAD = f"关于成立{G}的通知\n"
W = "市安全生产委员会"
WHEAD = f"关于调整{W}组成人员的通知\n"

FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "qualified deputy roles (第一副主任, 常务副指挥长) are roles of their own",
        f"{WHEAD}主　任：陈建国　市长\n第一副主任：林海　市委副书记\n常务副主任：黄涛　常务副市长\n"
        "执行副主任：郑和　副市长\n副主任：刘洋　副市长\n",
        [
            (W, "主任", "陈建国", "市长", None),
            (W, "第一副主任", "林海", "市委副书记", None),
            (W, "常务副主任", "黄涛", "常务副市长", None),
            (W, "执行副主任", "郑和", "副市长", None),
            (W, "副主任", "刘洋", "副市长", None),
        ],
    ),
    (
        "qualified command roles: 第一副总指挥, 常务副指挥长",
        "关于成立县防汛抗旱指挥部的通知\n总指挥：张三　县长\n第一副总指挥：李四　常务副县长\n"
        "指挥长：王五　副县长\n常务副指挥长：赵六　县水利局局长\n",
        [
            ("县防汛抗旱指挥部", "总指挥", "张三", "县长", None),
            ("县防汛抗旱指挥部", "第一副总指挥", "李四", "常务副县长", None),
            ("县防汛抗旱指挥部", "指挥长", "王五", "副县长", None),
            ("县防汛抗旱指挥部", "常务副指挥长", "赵六", "县水利局局长", None),
        ],
    ),
    (
        "each unit told to set up its own body (各学院应成立相应工作小组，由院长任组长): no member",
        f"{HEAD}组长：张三（县长）\n成员：李四（县水利局局长）\n"
        "各乡镇要成立相应的工作机构，由乡镇长任组长，负责本辖区河长制工作。\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "成员", "李四", "县水利局局长", None),
        ],
    ),
    (
        "each member unit names its own liaison (各成员单位确定一名科级干部为联络员): no member",
        f"{HEAD}组长：张三（县长）\n成员：李四（县水利局局长）\n领导小组各成员单位确定一名科级干部为联络员。\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "成员", "李四", "县水利局局长", None),
        ],
    ),
    (
        "a headline's described seat (省长任主任) beside the named holder: the holder only",
        "吉林省成立食品安全委员会　省长任主任\n记者获悉，吉林省人民政府日前决定成立吉林省食品安全委员会。"
        "吉林省食品安全委员会由省长王明任主任，副省长李强任副主任。\n",
        [
            ("吉林省食品安全委员会", "主任", "王明", "省长", None),
            ("吉林省食品安全委员会", "副主任", "李强", "副省长", None),
        ],
    ),
    (
        "sub-groups declared in a sentence, their leaders given in turn (分别由张三、李四同志任组长)",
        f"{HEAD}组长：张三（县长）\n领导小组下设综合组、宣传组、督查组三个工作组，分别由李四、王五、赵六同志任组长。\n",
        [
            (G, "组长", "张三", "县长", None),
            ("综合组", "组长", "李四", None, None),
            ("宣传组", "组长", "王五", None, None),
            ("督查组", "组长", "赵六", None, None),
        ],
    ),
    (
        "the role before 分别由, the stems bare (综合协调、项目推进两个专项工作组，组长分别由…担任)",
        f"{HEAD}组长：张三（县长）\n领导小组下设综合协调、项目推进两个专项工作组，"
        "组长分别由县发改局局长钱七、县住建局局长孙八担任。\n",
        [
            (G, "组长", "张三", "县长", None),
            ("综合协调组", "组长", "钱七", "县发改局局长", None),
            ("项目推进组", "组长", "孙八", "县住建局局长", None),
        ],
    ),
    (
        "role labels in brackets (【组长】张三（县长）)",
        f"{HEAD}【组长】张三（县长）\n【副组长】李四（副县长）\n【成员】赵六（县水利局局长）、钱七（县财政局局长）\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", "李四", "副县长", None),
            (G, "成员", "赵六", "县水利局局长", None),
            (G, "成员", "钱七", "县财政局局长", None),
        ],
    ),
    (
        "units before 为领导小组成员单位 (the body named before the role), then their official",
        f"{HEAD}组长：张三（县长）\n县发改局、县财政局、县水利局为领导小组成员单位，各成员单位分管负责同志为领导小组成员。\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "成员", None, "分管负责同志", "县发改局"),
            (G, "成员", None, "分管负责同志", "县财政局"),
            (G, "成员", None, "分管负责同志", "县水利局"),
        ],
    ),
    (
        "a line of units and their official after the leaders' rows, no label: the members",
        f"{HEAD}组长：张三　县长\n副组长：李四　副县长\n　　　　王五　县政府办主任\n"
        "县委办、县发改局、县财政局、县水利局主要负责同志。\n领导小组下设办公室，办公室设在县水利局。\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", "李四", "副县长", None),
            (G, "副组长", "王五", "县政府办主任", None),
            (G, "成员", None, "主要负责同志", "县委办"),
            (G, "成员", None, "主要负责同志", "县发改局"),
            (G, "成员", None, "主要负责同志", "县财政局"),
            (G, "成员", None, "主要负责同志", "县水利局"),
        ],
    ),
    (
        "the same unlabelled line after a blank line, in a committee: 委员",
        f"{WHEAD}主任：张三　市长\n副主任：李四　副市长\n\n市委办、市发改委、市财政局分管负责同志。\n",
        [
            (W, "主任", "张三", "市长", None),
            (W, "副主任", "李四", "副市长", None),
            (W, "委员", None, "分管负责同志", "市委办"),
            (W, "委员", None, "分管负责同志", "市发改委"),
            (W, "委员", None, "分管负责同志", "市财政局"),
        ],
    ),
    (
        "numbered labels (（二）副主任委员：) over numbered rows (1. 龚丽娅（副院长）)",
        "关于调整医院伦理委员会的通知\n调整后组成人员如下：\n（一）主任委员：段峰（院长）\n（二）副主任委员：\n"
        "1. 龚娅（副院长）\n2. 朴浩（药学部主任）\n（三）委员：\n1. 罗敏（医务部主任）\n2. 赵华（护理部主任）\n",
        [
            ("医院伦理委员会", "主任委员", "段峰", "院长", None),
            ("医院伦理委员会", "副主任委员", "龚娅", "副院长", None),
            ("医院伦理委员会", "副主任委员", "朴浩", "药学部主任", None),
            ("医院伦理委员会", "委员", "罗敏", "医务部主任", None),
            ("医院伦理委员会", "委员", "赵华", "护理部主任", None),
        ],
    ),
    (
        "a term before the institution's self-reference (第四届校学术委员会): the name the text writes in full",
        "某某大学关于成立第二届校学术委员会的通知\n经学校研究，决定成立某某大学第二届学术委员会。组成人员如下：\n"
        "主任：王德（校长）\n委员：陈衡、袁川\n",
        [
            ("某某大学第二届学术委员会", "主任", "王德", "校长", None),
            ("某某大学第二届学术委员会", "委员", "陈衡", None, None),
            ("某某大学第二届学术委员会", "委员", "袁川", None, None),
        ],
    ),
    (
        "a merge and a rename in one sentence: the list is the body the title names",
        "县人民政府办公室关于合并调整县乡村振兴和扶贫开发领导小组的通知\n"
        "决定将县乡村振兴领导小组和县扶贫开发工作领导小组合并为某某县乡村振兴和扶贫开发领导小组；"
        "县农业开发领导小组更名为县农业开发和产业化领导小组，其组成人员另行发文。现将组成人员通知如下：\n"
        "组长：县长 李财\n副组长：副县长 祁林\n",
        [
            ("某某县乡村振兴和扶贫开发领导小组", "组长", "李财", "县长", None),
            ("某某县乡村振兴和扶贫开发领导小组", "副组长", "祁林", "副县长", None),
        ],
    ),
    (
        "table rows 职务 姓名 现任职务 whose post is a role word (副组长 晏颖 秘书长); the commission's 委 before the name",
        "国家某某委关于调整信用体系建设工作领导小组组成人员的通知\n对委信用体系建设工作领导小组组成人员作如下调整：\n"
        "职务\t姓名\t现任职务\n组长\t丛新\t委党组成员、副主任\n副组长\t晏颖\t秘书长\n成员\t巫华\t办公厅副主任\n",
        [
            ("信用体系建设工作领导小组", "组长", "丛新", "委党组成员、副主任", None),
            ("信用体系建设工作领导小组", "副组长", "晏颖", "秘书长", None),
            ("信用体系建设工作领导小组", "成员", "巫华", "办公厅副主任", None),
        ],
    ),
    (
        "the issuer's self-reference before the title's name (决定调整医院X委员会): the title's form",
        "关于调整医疗质量管理委员会的通知\n经院长办公会研究，决定调整医院医疗质量管理委员会。调整后的组成如下：\n"
        "主任：张三　院长\n委员：李四　医务处处长\n",
        [
            ("医疗质量管理委员会", "主任", "张三", "院长", None),
            ("医疗质量管理委员会", "委员", "李四", "医务处处长", None),
        ],
    ),
    (
        "rows unit / post / name under a bare label, the post a role word (市发改委 副主任 李海峰)",
        f"{HEAD}组　长：\n县政府　县长　张三\n副组长：\n县政府　副秘书长　王军\n成　员：\n"
        "县发改局　副主任　李海\n县人口计生委　副主任　德吉\n",
        [
            (G, "组长", "张三", "县政府县长", None),
            (G, "副组长", "王军", "县政府副秘书长", None),
            (G, "成员", "李海", "县发改局副主任", None),
            (G, "成员", "德吉", "县人口计生委副主任", None),
        ],
    ),
    (
        "a report with no title naming the body: the place the text writes before its level (雷山 + 县X专班)",
        "雷山县成立茶产业发展工作专班\n近日，雷山县人民政府办公室印发《雷山县茶产业发展工作专班工作方案》，"
        "成立县茶产业发展工作专班。专班由县长吴贤任组长，副县长潘花任副组长。\n",
        [
            ("雷山县茶产业发展工作专班", "组长", "吴贤", "县长", None),
            ("雷山县茶产业发展工作专班", "副组长", "潘花", "副县长", None),
        ],
    ),
    (
        "units counted with 等N个单位 and their official (…、古城管委会等15个单位主要负责人为成员); the office "
        "as the text calls it (专班下设办公室)",
        "关于成立县古城保护工作专班的通知\n专班由县长田静任组长，县文旅局、县住建局、沱江镇、古城管委会等15个单位"
        "主要负责人为成员。专班下设办公室，设在县文旅局，由该局局长石伟兼任办公室主任。\n",
        [
            ("县古城保护工作专班", "组长", "田静", "县长", None),
            ("县古城保护工作专班", "成员", None, "主要负责人", "县文旅局"),
            ("县古城保护工作专班", "成员", None, "主要负责人", "县住建局"),
            ("县古城保护工作专班", "成员", None, "主要负责人", "沱江镇"),
            ("县古城保护工作专班", "成员", None, "主要负责人", "古城管委会"),
            ("专班办公室", "主任", "石伟", "该局局长", None),
        ],
    ),
    (
        "one person named to several bodies, one written short (安委会); their offices all in one place",
        "关于调整街道安全生产委员会等议事协调机构组成人员的通知\n调整后，街道党工委书记王涛任街道安全生产委员会主任、"
        "森林防火指挥部总指挥，办事处主任隋亮任安委会常务副主任、森林防火指挥部常务副总指挥。"
        "两个机构的办公室均设在街道应急办，由应急办主任禚斌兼任办公室主任。\n",
        [
            ("街道安全生产委员会", "主任", "王涛", "街道党工委书记", None),
            ("街道安全生产委员会", "常务副主任", "隋亮", "办事处主任", None),
            ("街道安全生产委员会办公室", "主任", "禚斌", "应急办主任", None),
            ("森林防火指挥部", "总指挥", "王涛", "街道党工委书记", None),
            ("森林防火指挥部", "常务副总指挥", "隋亮", "办事处主任", None),
            ("森林防火指挥部办公室", "主任", "禚斌", "应急办主任", None),
        ],
    ),
    (
        "units and their official, then a collective (…卫生院负责人和各村委会主任为成员): the units only",
        f"{HEAD}由镇长冉兵任组长，镇国土所、安监办、卫生院负责人和各村（居）委会主任为成员。\n",
        [
            (G, "组长", "冉兵", "镇长", None),
            (G, "成员", None, "负责人", "镇国土所"),
            (G, "成员", None, "负责人", "安监办"),
            (G, "成员", None, "负责人", "卫生院"),
        ],
    ),
    (
        "units, then a collective that names the official (…公安处以及各县（市）政府主要领导为成员)",
        f"{HEAD}由专员艾肯任组长，地区发改委、财政局、公安处以及各县（市）政府主要领导为成员。\n",
        [
            (G, "组长", "艾肯", "专员", None),
            (G, "成员", None, "主要领导", "地区发改委"),
            (G, "成员", None, "主要领导", "财政局"),
            (G, "成员", None, "主要领导", "公安处"),
        ],
    ),
    (
        "the office's own list after 办公室组成人员如下： (主任：… 副主任：… 工作人员：…)",
        f"{HEAD}组长：张三　县长\n成员：李四　县水利局局长\n领导小组下设办公室，办公室设在县水利局，负责日常工作。"
        "办公室组成人员如下：\n主　任：李四（兼）\n副主任：孔胜　县水利局副局长\n工作人员：赵川　冯鸣\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "成员", "李四", "县水利局局长", None),
            ("领导小组办公室", "主任", "李四", None, None),
            ("领导小组办公室", "副主任", "孔胜", "县水利局副局长", None),
            ("领导小组办公室", "工作人员", "赵川", None, None),
            ("领导小组办公室", "工作人员", "冯鸣", None, None),
        ],
    ),
    (
        "工作人员 in prose is no role (…同志为政务公开专职工作人员)",
        f"{HEAD}组长：张三　县长\n领导小组下设办公室，孙成同志任办公室主任，叶娜同志为专职工作人员，具体负责日常工作。\n",
        [
            (G, "组长", "张三", "县长", None),
            ("领导小组办公室", "主任", "孙成", None, None),
        ],
    ),
    (
        "a post with a colon of its own before the names (副组长：副市长：李青、王伟 / 市政府副秘书长：张江、田野)",
        f"{HEAD}组长：县长　董宇\n副组长：副县长：李青、王伟\n　　　　县政府秘书长　刘新\n"
        "成员：县政府副秘书长：张江、田野\n　　　县环保局局长　韩冰\n领导小组办公室主任：韩冰\n",
        [
            (G, "组长", "董宇", "县长", None),
            (G, "副组长", "李青", "副县长", None),
            (G, "副组长", "王伟", "副县长", None),
            (G, "副组长", "刘新", "县政府秘书长", None),
            (G, "成员", "张江", "县政府副秘书长", None),
            (G, "成员", "田野", "县政府副秘书长", None),
            (G, "成员", "韩冰", "县环保局局长", None),
            ("领导小组办公室", "主任", "韩冰", None, None),
        ],
    ),
    (
        "a place beginning with 和 (关于成立和平路街道…领导小组) keeps it",
        "关于成立和平路街道民族团结工作领导小组的通知\n组长：\n阿不都·买买提（街道党工委书记）\n成员：\n马军（街道党政办主任）\n",
        [
            ("和平路街道民族团结工作领导小组", "组长", "阿不都·买买提", "街道党工委书记", None),
            ("和平路街道民族团结工作领导小组", "成员", "马军", "街道党政办主任", None),
        ],
    ),
    (
        "two unit lists joined by 和, each with its official (…公安局主要负责人和临桂区、阳朔县分管负责同志为成员)",
        "关于成立市漓江整治指挥部的通知\n指挥部由市长秦川任总指挥。成员由市水利局、市公安局主要负责人和临桂区、阳朔县"
        "分管负责同志组成。\n",
        [
            ("市漓江整治指挥部", "总指挥", "秦川", "市长", None),
            ("市漓江整治指挥部", "成员", None, "主要负责人", "市水利局"),
            ("市漓江整治指挥部", "成员", None, "主要负责人", "市公安局"),
            ("市漓江整治指挥部", "成员", None, "分管负责同志", "临桂区"),
            ("市漓江整治指挥部", "成员", None, "分管负责同志", "阳朔县"),
        ],
    ),
    (
        "a post with its organ and no name among the named lines (自治区人民政府秘书长 / 县交通局分管副局长)",
        f"{HEAD}组长：张三（县长）\n副组长：李四（副县长）\n　　　　县人民政府秘书长\n"
        "成员：王五（县水利局局长）\n　　　县交通局分管副局长\n　　　赵六（县财政局局长）\n",
        [
            (G, "组长", "张三", "县长", None),
            (G, "副组长", "李四", "副县长", None),
            (G, "副组长", None, "秘书长", "县人民政府"),
            (G, "成员", "王五", "县水利局局长", None),
            (G, "成员", "赵六", "县财政局局长", None),
            (G, "成员", None, "分管副局长", "县交通局"),
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(label: str, text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


def test_kept_bodies_after_the_abolished_list() -> None:
    """撤销以下机构：1、…2、… then 保留以下机构：1、X 主任：… — the kept bodies are listed with
    their leaders, and only the first list is abolished."""
    text = (
        "关于清理规范议事协调机构的通知\n经县委、县政府研究，决定撤销以下议事协调机构：\n"
        "1、县普法工作领导小组\n2、县爱国卫生运动委员会\n保留以下议事协调机构：\n"
        "1、县防震减灾委员会\n主任委员：韩松（县长）\n2、县地名委员会\n主任：韩松（县长）\n"
        "副主任：卜一鸣（副县长）\n"
    )
    record = parse_text(text)
    assert [(e.type, e.group) for e in record.events if e.type == "abolish"] == [
        ("abolish", "县普法工作领导小组"),
        ("abolish", "县爱国卫生运动委员会"),
    ]
    assert rows(text) == [
        ("县防震减灾委员会", "主任委员", "韩松", "县长", None),
        ("县地名委员会", "主任", "韩松", "县长", None),
        ("县地名委员会", "副主任", "卜一鸣", "副县长", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("王　珏　方志远　何　静　邹　凯", "王珏 方志远 何静 邹凯"),  # names spaced out, one gap width
        ("主 任 委 员：张三", "主任委员：张三"),  # a role word spaced out stays one word
        ("成 员 单 位：", "成员单位："),
        ("王　伟　　蒋　霞", "王伟 蒋霞"),  # the narrowest gap joins
    ],
)
def test_spaced_names_in_a_run(text: str, expected: str) -> None:
    from scrapers.parse.normalize import normalize

    assert normalize(text) == expected
