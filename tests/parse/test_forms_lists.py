"""parse_text on small real-style notices: lists of holders in the shapes real pages give them
(sub-lists under a role, lists cut into blocks by blank lines). Each form is written here in
text other than the real notice that showed it (tests/data/real)."""

from __future__ import annotations

import pytest

from tests.parse.test_forms import Row, rows

FORMS: list[tuple[str, str, str | None, list[Row]]] = [
    (
        "委员：with numbered sub-lists headed 部门委员 / 专家委员（按…为序）, no colon",
        "市人民政府关于成立市中小学教材审查委员会的通知\n现将委员会组成人员名单通知如下：\n"
        "主　任：刘建华　副市长\n委　员：\n（一）部门委员\n陈志刚　市教育局局长\n黄　伟　市财政局副局长\n"
        "（二）专家委员（按姓氏笔画为序）\n马　丽　教授、市师范学院原副院长\n"
        "王建国　研究员、市教育科学研究所所长\n"
        "委员会办公室设在市教育局。",
        None,
        [
            ("市中小学教材审查委员会", "主任", "刘建华", "副市长", None),
            ("市中小学教材审查委员会", "委员", "陈志刚", "市教育局局长", None),
            ("市中小学教材审查委员会", "委员", "黄伟", "市财政局副局长", None),
            ("市中小学教材审查委员会", "委员", "马丽", "教授、市师范学院原副院长", None),
            ("市中小学教材审查委员会", "委员", "王建国", "研究员、市教育科学研究所所长", None),
        ],
    ),
    (
        "a label alone, its list in blocks after blank lines, sub-headed by kind of member",
        "县人民政府办公室关于调整县防汛抗旱指挥部成员的通知\n\n指挥长：周明　县长\n\n成　员：\n\n"
        "一、县直部门\n\n李　强　县水利局局长\n\n张小平　县应急管理局局长\n\n"
        "二、乡镇\n\n赵　刚　城关镇镇长\n\n"
        "三、工作职责\n\n负责全县防汛抗旱工作。",
        None,
        [
            ("县防汛抗旱指挥部", "指挥长", "周明", "县长", None),
            ("县防汛抗旱指挥部", "成员", "李强", "县水利局局长", None),
            ("县防汛抗旱指挥部", "成员", "张小平", "县应急管理局局长", None),
            ("县防汛抗旱指挥部", "成员", "赵刚", "城关镇镇长", None),
        ],
    ),
    (
        "sub-list headings inside one block (校内委员 / 校外专家委员（…）), titles in brackets",
        "关于成立学院学术委员会的通知\n学术委员会主任：王立新\n校内委员\n张三（化学系教授）\n李四（物理系教授）\n"
        "校外专家委员（按姓氏笔画排序）\n赵五（某某大学教授）\n以上同志任期三年。",
        None,
        [
            ("学院学术委员会", "主任", "王立新", None, None),
            ("学院学术委员会", "委员", "张三", "化学系教授", None),
            ("学院学术委员会", "委员", "李四", "物理系教授", None),
            ("学院学术委员会", "委员", "赵五", "某某大学教授", None),
        ],
    ),
    (
        "a title alone on its line ending in a role word is no sub-list heading",
        "关于成立县关心下一代工作委员会的通知\n主任：\n张　华\n县政协副主席\n委员：\n李　明\n县人大副主任",
        None,
        [
            ("县关心下一代工作委员会", "主任", "张华", "县政协副主席", None),
            ("县关心下一代工作委员会", "委员", "李明", "县人大副主任", None),
        ],
    ),
    (
        "a place before a post is no name (东莞市市长, 惠州市委书记); a line about the body ends the list",
        "关于成立省珠江口生态保护领导小组的通知\n组　长：陈　涛　省长\n成　员：\n林　华　东莞市市长\n"
        "黄　明　惠州市委书记\n郑　宇　江门市副市长\n领导小组不刻制印章，不正式行文。",
        None,
        [
            ("省珠江口生态保护领导小组", "组长", "陈涛", "省长", None),
            ("省珠江口生态保护领导小组", "成员", "林华", "东莞市市长", None),
            ("省珠江口生态保护领导小组", "成员", "黄明", "惠州市委书记", None),
            ("省珠江口生态保护领导小组", "成员", "郑宇", "江门市副市长", None),
        ],
    ),
    (
        "a name and a bare post glued (王伟校长, 欧阳明副校长); 以…为组长 in a news report",
        "关于成立学校安全工作领导小组的通知\n组长：王伟校长\n副组长：欧阳明副校长、李建国书记\n成员：张华主任、赵敏",
        None,
        [
            ("学校安全工作领导小组", "组长", "王伟", "校长", None),
            ("学校安全工作领导小组", "副组长", "欧阳明", "副校长", None),
            ("学校安全工作领导小组", "副组长", "李建国", "书记", None),
            ("学校安全工作领导小组", "成员", "张华", "主任", None),
            ("学校安全工作领导小组", "成员", "赵敏", None, None),
        ],
    ),
    (
        "成立了以…院长为组长 … 的 body",
        "市妇幼保健院成立了以陈建平院长为组长，各科室主任为成员的创建等级医院工作领导小组。",
        None,
        [
            ("创建等级医院工作领导小组", "组长", "陈建平", "院长", None),
        ],
    ),
    (
        "和 between one holder and the next title is a separator (常务副县长陈杰和副县长赵丽)",
        "经研究，决定成立县森林防火指挥部，由县委副书记、县长刘勇任指挥长，县委常委、常务副县长陈杰和"
        "副县长赵丽任副指挥长，县人力资源和社会保障局、县住房和城乡建设局主要负责人为成员。",
        None,
        [
            ("县森林防火指挥部", "指挥长", "刘勇", "县委副书记、县长", None),
            ("县森林防火指挥部", "副指挥长", "陈杰", "县委常委、常务副县长", None),
            ("县森林防火指挥部", "副指挥长", "赵丽", "副县长", None),
            ("县森林防火指挥部", "成员", None, "主要负责人", "县人力资源和社会保障局"),
            ("县森林防火指挥部", "成员", None, "主要负责人", "县住房和城乡建设局"),
        ],
    ),
    (
        "a report on several bodies: each 成立以/由…的X sentence holds X's leaders",
        "多地成立防汛抗旱指挥机构\n据江西日报消息，江西省成立了以省长叶建春为总指挥的省防汛抗旱总指挥部。\n"
        "据湖北日报消息，湖北省成立由副省长赵海山任指挥长，省水利厅、省应急管理厅、省气象局等省直相关部门"
        "主要负责同志为成员的湖北省防汛抗旱指挥部。",
        None,
        [
            ("省防汛抗旱总指挥部", "总指挥", "叶建春", "省长", None),
            ("湖北省防汛抗旱指挥部", "指挥长", "赵海山", "副省长", None),
            ("湖北省防汛抗旱指挥部", "成员", None, "主要负责同志", "省水利厅"),
            ("湖北省防汛抗旱指挥部", "成员", None, "主要负责同志", "省应急管理厅"),
            ("湖北省防汛抗旱指挥部", "成员", None, "主要负责同志", "省气象局"),
        ],
    ),
    (
        "posts with no name: a unit's official and an organ's post in one list are two holders",
        "关于建立市养老服务工作联席会议制度的通知\n总召集人由市政府分管领导同志担任；"
        "副总召集人由市民政局主要负责同志、市政府分管副秘书长担任。",
        None,
        [
            ("市养老服务工作联席会议", "总召集人", None, "分管领导同志", "市政府"),
            ("市养老服务工作联席会议", "副总召集人", None, "主要负责同志", "市民政局"),
            ("市养老服务工作联席会议", "副总召集人", None, "分管副秘书长", "市政府"),
        ],
    ),
    (
        "numbered items that open with a declared work group's name and a comma",
        "市政府决定，市疫情防控指挥部下设综合协调组、医疗救治组、宣传组等3个工作组。现将有关事项通知如下：\n"
        "一、综合协调组，由市政府办公室牵头，市政府副秘书长刘强同志任组长。\n"
        "二、医疗救治组，以市卫健委为主，市卫健委主任陈华同志任组长，副主任赵敏同志任副组长。\n"
        "三、宣传组，市委宣传部副部长孙丽同志任组长。",
        None,
        [
            ("综合协调组", "组长", "刘强", "市政府副秘书长", None),
            ("医疗救治组", "组长", "陈华", "市卫健委主任", None),
            ("医疗救治组", "副组长", "赵敏", "副主任", None),
            ("宣传组", "组长", "孙丽", "市委宣传部副部长", None),
        ],
    ),
    (
        "collectives named by kind (职能部门, 二级学院) are no units",
        "学院成立疫情防控工作领导小组，院长王伟任组长，副院长陈红、李刚任副组长，成员包括各系主任及职能部门负责人。",
        None,
        [
            ("疫情防控工作领导小组", "组长", "王伟", "院长", None),
            ("疫情防控工作领导小组", "副组长", "陈红", "副院长", None),
            ("疫情防控工作领导小组", "副组长", "李刚", "副院长", None),
        ],
    ),
]


@pytest.mark.parametrize(("label", "text", "title", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(label: str, text: str, title: str | None, expected: list[Row]) -> None:
    assert sorted(rows(text, title), key=str) == sorted(expected, key=str)
