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
    # titles and names run together, a surname the lexicon lacks, a dotted name after a post
    (
        "县水务局局长茆振华县发改局局长李强望远镇镇长冶建平杨和镇镇长胡瑞",
        [
            P("茆振华", "县水务局局长"),
            P("李强", "县发改局局长"),
            P("冶建平", "望远镇镇长"),
            P("胡瑞", "杨和镇镇长"),
        ],
    ),
    (
        "镇财政所所长孙丽华镇司法所所长热依拉·吾守尔",
        [P("孙丽华", "镇财政所所长"), P("热依拉·吾守尔", "镇司法所所长")],
    ),
    # one name a line glued to its title; two-character names padded to the width of three
    (
        "沈洁党政办主任\n吴佳琪经济服务科科长\n邵 军大儒巷社区党委书记\n严 芳悬桥社区党委书记",
        [
            P("沈洁", "党政办主任"),
            P("吴佳琪", "经济服务科科长"),
            P("邵军", "大儒巷社区党委书记"),
            P("严芳", "悬桥社区党委书记"),
        ],
    ),
    # Yi and Tibetan names of four characters glued to a township's post
    (
        "吉克伍沙乡党委书记\n俄木阿呷乡党委副书记、乡长\n孙建林乡党委委员、副乡长（挂职）",
        [
            P("吉克伍沙", "乡党委书记"),
            P("俄木阿呷", "乡党委副书记、乡长"),
            P("孙建林", "乡党委委员、副乡长（挂职）"),
        ],
    ),
    (
        "沙马日体副乡长、海来木呷武装部长、马海英组织委员、苏阿支宣传委员、勒格阿牛乡卫生院院长",
        [
            P("沙马日体", "副乡长"),
            P("海来木呷", "武装部长"),
            P("马海英", "组织委员"),
            P("苏阿支", "宣传委员"),
            P("勒格阿牛", "乡卫生院院长"),
        ],
    ),
    # a note on the person before the title in one bracket; a note on the post after it
    ("迪丽努尔·阿不力孜（女，自治区科技厅副厅长）", [P("迪丽努尔·阿不力孜", "自治区科技厅副厅长")]),
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


def test_a_padded_name_glued_to_its_title_keeps_where_it_ends() -> None:
    from scrapers.parse.normalize import normalize

    assert (
        normalize("邵　军大儒巷社区党委书记\n童　岚市气象台台长")
        == "邵军 大儒巷社区党委书记\n童岚 市气象台台长"
    )
