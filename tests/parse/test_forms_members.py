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
    # a long name ending the piece after its post; a padded name after its post
    ("党委副书记乌云其木格、副校长额尔敦", [P("乌云其木格", "党委副书记"), P("额尔敦", "副校长")]),
    ("省委常委、常务副省长竹 安", [P("竹安", "省委常委、常务副省长")]),
    # 和 before a name alone; a bare name, then a title-first item
    ("副局长严立新和马可钧", [P("严立新", "副局长"), P("马可钧", "副局长")]),
    ("王建平、行署副专员热合曼·阿不都拉", [P("王建平", None), P("热合曼·阿不都拉", "行署副专员")]),
    # units with one official after them, across 以及 / a collective / a tail 等N个单位
    (
        "预测减灾司、科技发展司以及国家气象中心、国家卫星气象中心等单位主要负责人",
        [
            P(None, "主要负责人", "预测减灾司"),
            P(None, "主要负责人", "科技发展司"),
            P(None, "主要负责人", "国家气象中心"),
            P(None, "主要负责人", "国家卫星气象中心"),
        ],
    ),
    (
        "市政府秘书长，市委宣传部、市文明办，各县（市、区）政府主要负责同志",
        [
            P(None, "秘书长", "市政府"),
            P(None, "主要负责同志", "市委宣传部"),
            P(None, "主要负责同志", "市文明办"),
        ],
    ),
    (
        "镇国土所、安监办、派出所负责人和各村（居）委会主任",
        [P(None, "负责人", "镇国土所"), P(None, "负责人", "安监办"), P(None, "负责人", "派出所")],
    ),
    (
        "玉州区、福绵管理区主要负责人，县财政局、古城管委会等15个单位主要负责人",
        [
            P(None, "主要负责人", "玉州区"),
            P(None, "主要负责人", "福绵管理区"),
            P(None, "主要负责人", "县财政局"),
            P(None, "主要负责人", "古城管委会"),
        ],
    ),
    (
        "市政府分管卫生健康工作的副市长、市政府分管住房城乡建设工作的副市长",
        [
            P(None, "分管卫生健康工作的副市长", "市政府"),
            P(None, "分管住房城乡建设工作的副市长", "市政府"),
        ],
    ),
    # three-character names padded after the surname, a PDF page head, a name cut by a line break
    (
        "文杰 市委宣传部副部长\n某某市人民政府办公室文件\n陈 立新 市财政局副局长\n贺 东方 市统计局副局长",
        [P("文杰", "市委宣传部副部长"), P("陈立新", "市财政局副局长"), P("贺东方", "市统计局副局长")],
    ),
    (
        "市农委副主任梅长顺，市工商局副局长吕\n卫东",
        [P("梅长顺", "市农委副主任"), P("吕卫东", "市工商局副局长")],
    ),
    # a shared post with a colon before its holders, a padded name among them
    (
        "镇党委委员、副镇长：钱 峰、朱丽娟",
        [P("钱峰", "镇党委委员、副镇长"), P("朱丽娟", "镇党委委员、副镇长")],
    ),
    # a unit's post on its own line in a name-first list; places counted give no unit
    (
        "罗文鑫 洱源县人民政府县长\n洱海流域保护局局长\n省财政厅分管负责同志\n"
        "湘江流域8市人民政府分管负责同志",
        [
            P("罗文鑫", "洱源县人民政府县长"),
            P(None, "局长", "洱海流域保护局"),
            P(None, "分管负责同志", "省财政厅"),
        ],
    ),
    # a dotted name after two posts; an office word is no name (宣传教育科谭晓玲)
    ("镇党委委员组织委员古丽米热·艾海提", [P("古丽米热·艾海提", "镇党委委员组织委员")]),
    ("宣传教育科谭晓玲", [P("谭晓玲", "宣传教育科")]),
    # a list's tail naming the kind of its units (等司室)
    (
        "局办公室、督察司、政策法规司等司室负责同志",
        [P(None, "负责同志", u) for u in ("局办公室", "督察司", "政策法规司")],
    ),
    # two two-character names run together in a list of names only; not in a Tibetan list
    (
        "王珏 方志远 叶青 冯晓莉 何静邹凯 朱军",
        [P(n, None) for n in ("王珏", "方志远", "叶青", "冯晓莉", "何静", "邹凯", "朱军")],
    ),
    (
        "边巴次仁 次仁央宗 格桑曲珍 旦增多吉 平措扎西",
        [P(n, None) for n in ("边巴次仁", "次仁央宗", "格桑曲珍", "旦增多吉", "平措扎西")],
    ),
    # units before 和 and a collective (和大运河沿线各县…); a tail of 20余个部门
    (
        "市住建局、市生态环境局等20余个部门和大运河沿线各县（市、区）主要负责同志",
        [P(None, "主要负责同志", "市住建局"), P(None, "主要负责同志", "市生态环境局")],
    ),
    # a three-character name cut two and one by a line break
    (
        "市卫生局局长钟跃进、市公安局副局长查文\n斌",
        [P("钟跃进", "市卫生局局长"), P("查文斌", "市公安局副局长")],
    ),
    # a table's head row inside the list; a title written 时任…
    (
        "\n姓名 单位及职务\n巴图 党委书记\n陈振华 校长",
        [P("巴图", "党委书记"), P("陈振华", "校长")],
    ),
    ("苏景林（时任省长）", [P("苏景林", "省长")]),
    # a unit's post on its own line among names with bracketed titles; 协助分管… after its organ
    (
        "丁建新（自治区经贸委主任）\n自治区交通厅分管副厅长\n蔺广仁（自治区国土资源厅副厅长）\n自治区林业局局长",
        [
            P("丁建新", "自治区经贸委主任"),
            P(None, "分管副厅长", "自治区交通厅"),
            P("蔺广仁", "自治区国土资源厅副厅长"),
            P(None, "局长", "自治区林业局"),
        ],
    ),
    ("市政府协助分管商务工作的副秘书长", [P(None, "协助分管商务工作的副秘书长", "市政府")]),
    # village posts before a name (驻村工作队员和建平: 和 a surname here, 村医段志刚)
    ("驻村工作队员和建平，村医段志刚", [P("和建平", "驻村工作队员"), P("段志刚", "村医")]),
    # the post, then its holder in brackets
    ("县长（李明）", [P("李明", "县长")]),
    (
        "县教育局（局长：陈刚）、县财政局（局长：孙丽）",
        [P("陈刚", "县教育局局长"), P("孙丽", "县财政局局长")],
    ),
    # names, then 等 and the post they share
    ("孔祥生、欧阳明辉等分管副市长", [P("孔祥生", "分管副市长"), P("欧阳明辉", "分管副市长")]),
    # posts that each name their organ (国务院…、统计局局长、中国残联主席)
    (
        "国务院分管副秘书长、统计局局长、中国残联主席",
        [P(None, "分管副秘书长", "国务院"), P(None, "局长", "统计局"), P(None, "主席", "中国残联")],
    ),
    # units and the officials of some office in them
    (
        "统计局、卫生部有关司局负责同志",
        [P(None, "有关司局负责同志", "统计局"), P(None, "有关司局负责同志", "卫生部")],
    ),
    # in a list of names only, a name that ends like a unit (叶志镇, 夏群科)
    (
        "王杰 王建安 叶志镇 朱利中 刘东红 夏群科 黄河",
        [P(n, None) for n in ("王杰", "王建安", "叶志镇", "朱利中", "刘东红", "夏群科", "黄河")],
    ),
    # a page's furniture and cut-offs in a list: no part of a title
    ("张建 副镇长（广告）公文写作模板大全¥0.99立即下载>>", [P("张建", "副镇长")]),
    ("陈钢 中国标准化研究院院长……", [P("陈钢", "中国标准化研究院院长")]),
    ("白桦 市住房城乡建设委副主任……参考资料", [P("白桦", "市住房城乡建设委副主任")]),
    ("龙小琴（以上职务以市委组织部任职文件为准，名单略）", [P("龙小琴", None)]),
    ("麻继光 市水利局副局长\n蔡", [P("麻继光", "市水利局副局长")]),
    # a list number written as a circled digit
    (
        "①市发展改革委主任 刘志刚\n②市财政局局长 马骏",
        [P("刘志刚", "市发展改革委主任"), P("马骏", "市财政局局长")],
    ),
    # 和 after a Tibetan name of four; 和 inside a place's name (杨和镇镇长) separates nothing
    (
        "区委副书记、区长边巴次仁和区委常委、政法委书记刘建新",
        [P("边巴次仁", "区委副书记、区长"), P("刘建新", "区委常委、政法委书记")],
    ),
    ("望远镇镇长马少云杨和镇镇长胡瑞", [P("马少云", "望远镇镇长"), P("胡瑞", "杨和镇镇长")]),
    # units joined by 以及 and a counted collective
    (
        "街道党政办、司法所、丰产路派出所以及辖区9个社区居委会负责人",
        [P(None, "负责人", "街道党政办"), P(None, "负责人", "司法所"), P(None, "负责人", "丰产路派出所")],
    ),
    # a minority name among names, and in brackets
    ("朝鲁门、乌云毕力格（副院长）", [P("朝鲁门", None), P("乌云毕力格", "副院长")]),
    # rare and compound surnames
    ("闾丘振东区委副书记、区长", [P("闾丘振东", "区委副书记、区长")]),
    ("綦立新市盐务管理局局长", [P("綦立新", "市盐务管理局局长")]),
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


def test_an_organs_post_with_a_colon_inside_a_list_is_no_role() -> None:
    text = (
        "关于调整市大气污染防治工作领导小组成员的通知\n组　　长：市长 董晓宇\n"
        "成　　员：市政府副秘书长：张振江、田　野\n　　　　　市环保局局长 韩　冰"
    )
    assert sorted(rows(text), key=str) == sorted(
        [
            ("市大气污染防治工作领导小组", "组长", "董晓宇", "市长", None),
            ("市大气污染防治工作领导小组", "成员", "张振江", "市政府副秘书长", None),
            ("市大气污染防治工作领导小组", "成员", "田野", "市政府副秘书长", None),
            ("市大气污染防治工作领导小组", "成员", "韩冰", "市环保局局长", None),
        ],
        key=str,
    )


def test_a_name_cut_two_and_one_by_a_line_break_is_joined() -> None:
    from scrapers.parse.normalize import normalize

    assert normalize("市公安局副局长查文\n斌任副指挥长") == "市公安局副局长查文斌任副指挥长"


def test_units_listed_with_有_and_added_with_增加() -> None:
    text = (
        "关于调整县旅游发展领导小组的通知\n办公室主任：秦　川　县发改局局长\n"
        "成员单位有县发改局、县财政局、县商务局等。\n"
        "领导小组更名为县全域旅游发展领导小组，增加县外办、县文旅局为成员单位。"
    )
    members = {(m[1], m[2] or m[4]) for m in rows(text)}
    assert ("成员", "县发改局") in members and ("成员", "县外办") in members
    assert not any("更名" in (m[4] or "") or "增加" in (m[4] or "") for m in rows(text))
    assert ("主任", "秦川") in members


def test_units_in_two_clauses_before_their_official_and_为成员() -> None:
    text = (
        "关于建立县运河产业发展联席会议制度的通知\n明确由副县长农建邦任召集人，"
        "县工信局、县交通局，南宁市、钦州市人民政府等单位分管负责同志为联席会议成员。"
        "各村民小组组长为成员。"
    )
    units = {m[4] for m in rows(text) if m[1] == "成员"}
    assert units == {"县工信局", "县交通局", "南宁市", "钦州市人民政府"}


def test_a_liaison_and_its_count_before_由() -> None:
    from scrapers.parse.posts import statements

    said = statements("工作组下设联络员一名，由村文书施娟担任，负责疫情信息的收集和上报。")
    assert [(s.role, s.holders) for s in said] == [("联络员", "村文书施娟")]


@pytest.mark.parametrize("dot", [".", "．", "•", "・", "‧"])
def test_a_transliterated_name_with_another_dot(dot: str) -> None:
    text = f"{HEAD}副组长：买买提{dot}艾力　副县长\n成　员：由县委常委热合曼{dot}阿不都拉担任"
    names = {m[2] for m in rows(text)}
    assert "买买提·艾力" in names and "热合曼·阿不都拉" in names


def test_a_full_stop_between_sentences_stays() -> None:
    from scrapers.parse.normalize import normalize

    assert "·" not in normalize("各地要高度重视本地区的安全生产工作.各部门要加强协调配合")


def test_a_role_line_with_a_note_and_a_closing_line() -> None:
    text = (
        "关于调整学院学术委员会组成人员的通知\n主任委员　吴朝晖（院士）\n副主任委员　杨　卫（院士）\n"
        "委员（以姓氏笔画为序）\n王杰　王建安　叶志镇\n秘书长　王立忠（兼）\n特此通知。"
    )
    got = {(m[1], m[2], m[3]) for m in rows(text)}
    assert ("委员", "叶志镇", None) in got and ("副主任委员", "杨卫", "院士") in got
    assert ("秘书长", "王立忠", None) in got


def test_a_rule_about_the_body_after_its_list_ends_the_list() -> None:
    text = (
        "关于调整住房公积金管理委员会委员的通知\n委员：袁朴 市建设局副局长，汪志强 职工代表\n"
        "管委会委员因工作变动的，由所在单位提出意见，按程序报批。"
    )
    assert ("成员" not in {m[1] for m in rows(text)}) and {m[3] for m in rows(text)} == {
        "市建设局副局长",
        "职工代表",
    }
