"""Who the members are: where a name ends and its title begins, in the variants unseen notices
give (rare surnames, minority names, places before a unit, a place's own post). Each form is
written here in text of our own, not in the wording of the notice that showed it."""

from __future__ import annotations

import pytest

from scrapers.parse.lexicon import SURNAMES
from scrapers.parse.people import Post, read_holders
from tests.parse.test_forms import Row, rows

P = Post
HEAD = (
    "关于成立县河长制工作领导小组的通知\n决定成立县河长制工作领导小组。组成人员如下：\n组　长：周　明　县长\n"
)
G = "县河长制工作领导小组"
LEAD = (G, "组长", "周明", "县长", None)

FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "one name a line, its title on the next; a surname the lexicon lacks between title lines",
        "成　员：\n白　杨\n县农业农村局副局长\n茆振东\n县水利局局长\n吴　强\n县林业局副局长",
        [
            (G, "成员", "白杨", "县农业农村局副局长", None),
            (G, "成员", "茆振东", "县水利局局长", None),
            (G, "成员", "吴强", "县林业局副局长", None),
        ],
    ),
    (
        "name, wide space, title; a name whose surname also begins titles (原)",
        "成　员：陈　刚　　县应急管理局局长\n　　　　原建军　　县自然资源局局长\n"
        "　　　　许　超　　县交通运输局局长",
        [
            (G, "成员", "陈刚", "县应急管理局局长", None),
            (G, "成员", "原建军", "县自然资源局局长", None),
            (G, "成员", "许超", "县交通运输局局长", None),
        ],
    ),
    (
        "Mongolian and Tibetan names of four to six characters with no dot",
        "副组长：孟和巴特尔　副县长\n　　　　其美多吉　县政协副主席\n成　员：那顺乌日图　县民宗局局长\n"
        "　　　　宝音德力格尔　县教育局局长",
        [
            (G, "副组长", "孟和巴特尔", "副县长", None),
            (G, "副组长", "其美多吉", "县政协副主席", None),
            (G, "成员", "那顺乌日图", "县民宗局局长", None),
            (G, "成员", "宝音德力格尔", "县教育局局长", None),
        ],
    ),
    (
        "title first, a place of the township before its unit (not a second person)",
        "成　员：镇财政所所长　庞　林\n　　　　河湾派出所所长　钟志远\n　　　　河湾中心学校校长　母　强",
        [
            (G, "成员", "庞林", "镇财政所所长", None),
            (G, "成员", "钟志远", "河湾派出所所长", None),
            (G, "成员", "母强", "河湾中心学校校长", None),
        ],
    ),
    (
        "name first, a city before its unit with no 市 (桂林海关, 柳州出入境…)",
        "成　员：韦　丽 县市场监管局局长\n　　　　黎春华 桂林海关副关长\n"
        "　　　　覃　勇 柳州出入境边防检查站站长",
        [
            (G, "成员", "韦丽", "县市场监管局局长", None),
            (G, "成员", "黎春华", "桂林海关副关长", None),
            (G, "成员", "覃勇", "柳州出入境边防检查站站长", None),
        ],
    ),
    (
        "names glued to titles in one line, titles the lexicon does not start (石油分公司, 海事处)",
        "成员：简立新石油分公司经理、母川海事处处长、欧晓峰县气象局局长",
        [
            (G, "成员", "简立新", "石油分公司经理", None),
            (G, "成员", "母川", "海事处处长", None),
            (G, "成员", "欧晓峰", "县气象局局长", None),
        ],
    ),
]


@pytest.mark.parametrize(("label", "body", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_member_form(label: str, body: str, expected: list[Row]) -> None:
    assert sorted(rows(HEAD + body), key=str) == sorted([LEAD, *expected], key=str)


HOLDERS = [
    # a place the lexicon lacks before its level and post: a name before it, a unit when alone
    ("王五江宁区副区长", [P("王五", "江宁区副区长")]),
    ("江宁区副区长王五", [P("王五", "江宁区副区长")]),
    ("黄陂区副区长", [P(None, "副区长", "黄陂区")]),
    ("修水县县长", [P(None, "县长", "修水县")]),
    ("张三县委书记", [P("张三", "县委书记")]),
    ("王五区长", [P("王五", "区长")]),
    # a city before a unit, glued either way
    ("侯春梅柳州出入境检验检疫局副局长", [P("侯春梅", "柳州出入境检验检疫局副局长")]),
    ("柳州出入境检验检疫局副局长侯春梅", [P("侯春梅", "柳州出入境检验检疫局副局长")]),
    # a minority name among names, and in brackets
    ("朝鲁门、乌云毕力格（副院长）", [P("朝鲁门", None), P("乌云毕力格", "副院长")]),
    # rare and compound surnames
    ("闾丘振东区委副书记、区长", [P("闾丘振东", "区委副书记、区长")]),
    ("藏立新市盐务管理局局长", [P("藏立新", "市盐务管理局局长")]),
    # a title with 、 inside stays one title (no name cut from 常务副县长)
    ("张三县长、李四县委常委、常务副县长", [P("张三", "县长"), P("李四", "县委常委、常务副县长")]),
]


def test_holder_cases_use_a_surname_the_lexicon_lacks() -> None:
    assert "茆" not in SURNAMES and "原" not in SURNAMES  # else the slot cases test nothing


@pytest.mark.parametrize(("span", "expected"), HOLDERS)
def test_holders(span: str, expected: list[Post]) -> None:
    assert read_holders(span)[0] == expected


J = "县农民工工作联席会议"
JHEAD = "关于建立县农民工工作联席会议制度的通知\n经县政府同意，建立县农民工工作联席会议制度。\n"

UNIT_FORMS: list[tuple[str, str, list[Row]]] = [
    (
        "a member unit list ending 等N个部门 and the officials named for them",
        "成员单位包括县文旅局、交通局、县气象局等12个部门主要负责同志。",
        [
            (J, "成员", None, "主要负责同志", "县文旅局"),
            (J, "成员", None, "主要负责同志", "交通局"),
            (J, "成员", None, "主要负责同志", "县气象局"),
        ],
    ),
    (
        "由A牵头，B、C等组成: A leads, the others are members",
        "联席会议由县人社局牵头，县发改局、县财政局等8个部门组成。",
        [
            (J, "牵头", None, None, "县人社局"),
            (J, "成员", None, None, "县发改局"),
            (J, "成员", None, None, "县财政局"),
        ],
    ),
    ("由A牵头，组成人员名单见附件: no member named here", "联席会议由县人社局牵头，组成人员名单见附件。", []),
    (
        "members to be chosen (由组长商副组长确定, 由各单位推荐) are no holders",
        "召集人：王刚（县人社局局长）\n联席会议成员由召集人商副召集人确定，报县政府备案。"
        "联络员由县人社局推荐。",
        [(J, "召集人", "王刚", "县人社局局长", None)],
    ),
    (
        "a liaison each unit is to name (确定一名…为联络员) and each unit's own body (各…应成立…由…任组长)",
        "召集人：王刚（县人社局局长）\n各成员单位明确一名股室负责人为联络员。"
        "各乡镇要成立相应工作机构，由乡镇长任组长。",
        [(J, "召集人", "王刚", "县人社局局长", None)],
    ),
    (
        "names and bracketed titles run together, a surname the lexicon lacks between them",
        "召集人：王刚（县人社局局长）\n成员：韦山（教授）茆立群（研究员）黄丽（教授）",
        [
            (J, "召集人", "王刚", "县人社局局长", None),
            (J, "成员", "韦山", "教授", None),
            (J, "成员", "茆立群", "研究员", None),
            (J, "成员", "黄丽", "教授", None),
        ],
    ),
    (
        "units sharing one post (县人民医院、县中医院院长): each unit's holder",
        "召集人：王刚（县人社局局长）\n成员：县人民医院、县中医院院长",
        [
            (J, "召集人", "王刚", "县人社局局长", None),
            (J, "成员", None, "院长", "县人民医院"),
            (J, "成员", None, "院长", "县中医院"),
        ],
    ),
]


@pytest.mark.parametrize(("label", "body", "expected"), UNIT_FORMS, ids=[f[0] for f in UNIT_FORMS])
def test_unit_form(label: str, body: str, expected: list[Row]) -> None:
    assert sorted(rows(JHEAD + body), key=str) == sorted(expected, key=str)
