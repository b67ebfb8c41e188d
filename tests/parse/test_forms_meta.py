"""Metadata forms across their variants, each on text written for the test: portal header
blocks of many shapes, breadcrumbs, doc numbers, signatures and dates."""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text

_TITLE = "关于成立2019年安全生产工作领导小组的通知"
_BODY = (
    "\n各科室：\n为加强领导，经研究，决定成立某某工作领导小组。\n"
    "组  长：王建华  院长\n副组长：李  强  副院长\n\n某某县人民医院\n2019年3月2日\n"
)


@pytest.mark.parametrize(
    "head",
    [
        f"某某县人民医院\n首页 - 院务公开 - 正文\n{_TITLE}\n",
        f"某某县人民医院\n┃首页┃院务公开┃通知公告┃\n\n{_TITLE}\n",
        f"首页 » 院务公开 » 通知公告\n{_TITLE}\n发布时间：2019-03-05  浏览次数：120\n",
        f"当前位置：首页 / 通知公告 / 正文\n{_TITLE}\n【字体：大 中 小】\n",
        f"首页 > 通知公告 > {_TITLE}\n{_TITLE}\n",
        f"首页 → 新闻中心 → 通知公告\n{_TITLE}\n作者：办公室 | 发布日期：2019-03-05\n",
        f"首页｜院务公开｜通知公告\n{_TITLE}\n",
        f"某某县人民医院 Mouxian People's Hospital\n{_TITLE}\n",
        f"网站首页  >  信息公开  >  通知公告\n\n{_TITLE}\n\n时间：2019年03月05日 来源：院办\n",
        f"{_TITLE}\n（某医发〔2019〕12号）\n",
        f"{_TITLE}\n某某县人民医院(2019年12号)\n",
        f"【发文字号】某医发〔2019〕12号\n【成文日期】2019.03.02\n【发布日期】2019.03.05\n{_TITLE}\n",
        f"【标题】{_TITLE}\n",
        f"标  题：{_TITLE}\n",
    ],
)
def test_the_heading_under_any_breadcrumb_or_header_block(head: str) -> None:
    """A breadcrumb trail, a site's English name, a doc number or a header field on the
    lines about the heading are never joined to it; a heading may name a year."""
    assert parse_text(head + _BODY).title == _TITLE


_NOTICE = (
    "\n关于成立安全生产工作领导小组的通知\n\n各乡镇人民政府：\n"
    "为加强领导，经研究，决定成立某某县安全生产工作领导小组。\n组  长：王建华  县长\n\n"
)


@pytest.mark.parametrize(
    "head",
    [
        "索引号：11111/2019-00012\t主题分类：综合政务\n发布机构：某某县人民政府办公室\t发文日期：2019年03月02日\n"
        "文号：某政办发〔2019〕12号\t发布日期：2019-03-05\n",
        "索 引 号：11111/2019-00012\n发布机构：某某县人民政府办公室\n成文日期：2019-03-02\n"
        "发文字号：某政办发〔2019〕12号\n发布日期：2019-03-05\n",
        "索引号\n11111/2019-00012\n发布机构\n某某县人民政府办公室\n成文日期\n2019年03月02日\n"
        "文号\n某政办发〔2019〕12号\n发布日期\n2019年03月05日\n",
        "信息索引号：11111/2019-00012 | 发文机关：某某县人民政府办公室 | 发文字号：某政办发〔2019〕12号 | "
        "成文时间：2019-03-02 | 公开日期：2019-03-05\n",
        "【发文机关】某某县人民政府办公室\n【发文字号】某政办发〔2019〕12号\n【成文日期】2019.03.02\n"
        "【发布日期】2019.03.05\n",
    ],
)
def test_a_portal_header_block_in_any_shape(head: str) -> None:
    """Fields with or without colons, in 【】, on one line with tabs or bars, or with each
    value in the cell (line) under its name."""
    record = parse_text(head + _NOTICE)
    assert (record.issuer, record.doc_number) == ("某某县人民政府办公室", "某政办发〔2019〕12号")
    assert (str(record.date), str(record.published)) == ("2019-03-02", "2019-03-05")


@pytest.mark.parametrize(
    ("issuer", "region"),
    [
        ("中共宁波市某某区委某某街道工作委员会", "宁波市某某区某某街道"),
        ("重庆市某某区人民政府某某街道办事处", "重庆市某某区某某街道"),
        ("中共某某县委城关镇委员会", "某某县城关镇"),
        ("某某县城关镇人民政府", "某某县城关镇"),
        ("中共某某市委办公室", "某某市"),
        ("某某区委宣传部", "某某区"),
    ],
)
def test_a_town_or_subdistrict_organ_named_under_its_parents(issuer: str, region: str) -> None:
    from scrapers.parse.region import region_of

    assert region_of(issuer) == region


def test_the_sites_organ_above_the_heading_when_the_signature_is_lost() -> None:
    text = (
        "某某经济技术开发区管理委员会\n当前位置：首页 >> 通知公告 >> 正文\n发布时间：2005-03-11\n"
        "关于成立开发区招商工作协调小组的通知\n\n某经管发〔2005〕23号\n\n区属各部门：\n"
        "经研究，决定成立协调小组。\n组长：马建国　管委会主任\n成员：丁海燕　管委会办公室主任\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("某某经济技术开发区管理委员会", "某某经济技术开发区")


def test_the_unit_that_put_up_a_meeting_report_issued_nothing() -> None:
    text = (
        "某某县人民政府网　首页 > 新闻动态\n县防汛抗旱指挥部召开第三次调度会\n"
        "发布时间：2016-09-19 17:05　信息来源：县水务局\n\n"
        "9月18日，县防汛抗旱指挥部召开第三次调度会。县委书记、指挥长王建国出席会议并讲话。\n"
    )
    assert parse_text(text).issuer is None


@pytest.mark.parametrize(
    "opening",
    [
        "记者2日从省政府新闻办获悉，某某省人民政府日前决定成立某某省食品安全委员会。",
        "某某省人民政府近日研究决定，成立某某省食品安全委员会。",
    ],
)
def test_a_headlines_place_gives_way_to_the_organ_of_that_place(opening: str) -> None:
    text = f"某某省成立食品安全委员会 省长任主任\n\n{opening}委员会由省长王明任主任。\n"
    assert parse_text(text.replace("某某省", "吉林省")).issuer == "吉林省人民政府"


def test_a_notice_read_out_at_a_meeting_is_the_reports_notice() -> None:
    text = (
        "市森林防火指挥部召开全体会议\n\n发布时间：2014-03-19　来源：某某日报\n\n"
        "3月18日下午，市森林防火指挥部召开全体会议。会上宣读了《某某市人民政府关于调整某某市森林防火"
        "指挥部的通知》（某政字〔2014〕21号）。调整后，指挥部由市长王明任总指挥。\n"
    )
    record = parse_text(text.replace("某某市", "沧州市"))
    assert record.title == "沧州市人民政府关于调整沧州市森林防火指挥部的通知"
    assert (record.issuer, record.region) == ("沧州市人民政府", "沧州市")
    assert record.doc_number == "某政字〔2014〕21号"
    assert record.date is None


def test_a_reading_out_of_an_award_is_no_notice() -> None:
    text = (
        "市森林防火指挥部召开全体会议\n\n3月18日，市森林防火指挥部召开全体会议。会上宣读了《关于表彰"
        "2013年度先进单位的决定》。\n"
    )
    assert parse_text(text).title == "市森林防火指挥部召开全体会议"


def test_an_organ_named_by_its_level_takes_the_place_its_notices_title_names() -> None:
    text = (
        "我市成立冰雪旅游产业发展领导小组\n\n来源：某某日报　发布时间：2010-12-03 09:15:22\n\n"
        "本报讯（记者 王明）市政府办公厅日前印发《关于成立齐齐哈尔市冰雪旅游产业发展领导小组的通知》"
        "（齐政办发〔2010〕87号），决定成立该领导小组。领导小组由市长张明任组长。\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("市政府办公厅", "齐齐哈尔市")


_LIST = (
    "经研究，决定成立市安全生产领导小组。\n组长：张三 市长\n副组长：李四 副市长\n"
    "成员：王五 市应急局局长、赵六 市公安局副局长。\n"
)


@pytest.mark.parametrize(
    "tail",
    [
        "各单位于5月31日前报市应急局备案。\n\n市人民政府办公室\n2023年3月15日\n",
        "请于三月二十日前将联络员名单报送领导小组办公室。\n\n市人民政府办公室\n2023年3月15日\n",
        "\n市人民政府办公室\n2023年3月15日\n\n【打印】【关闭】\n",
        "\n市人民政府办公室\n2023年3月15日\n（此件主动公开）\n\n【打印本页】【关闭窗口】\n",
        "\n市人民政府办公室\n二〇二三年三月十五日\n\n抄送：市委办公室。\n"
        "市人民政府办公室  2023年3月16日印发\n",
        "\n市人民政府办公室\n2023年3月15日\n\n打印本页  关闭窗口  返回顶部\n",
    ],
)
def test_a_whole_list_in_a_notice_with_a_deadline_or_page_buttons_is_not_partial(tail: str) -> None:
    """ "5月31日前" is a deadline, not a report's 日前; the page's buttons or the print line
    below the signature do not make the page cut off."""
    record = parse_text(_LIST + tail, title="关于成立市安全生产领导小组的通知")
    assert [g.partial for g in record.groups] == [False]


def test_a_headlines_ideographic_space_is_kept_as_printed() -> None:
    text = (
        "某某县成立食品安全委员会\u3000县长任主任\n\n"
        "记者2日获悉，某某县人民政府日前决定成立某某县食品安全委员会。\n"
    )
    assert parse_text(text).title == "某某县成立食品安全委员会\u3000县长任主任"


def test_a_report_of_a_joint_notice_names_the_first_organ() -> None:
    text = (
        "中共某某省委办公厅\u3000某某省人民政府办公厅印发《关于成立某某省生态文明建设领导小组的通知》\n"
        "2022-03-09 08:41:27\u3000来源：某某日报\n\n经省委、省政府同意，成立某某省生态文明建设领导小组。\n"
    )
    assert parse_text(text.replace("某某省", "青海省")).issuer == "中共青海省委办公厅"


@pytest.mark.parametrize("label", ["【法规标题】", "【标  题】", "法规标题：", "文件标题：", "名  称："])
def test_a_law_databases_title_field_is_no_part_of_the_title(label: str) -> None:
    title = "国务院办公厅关于调整国务院住房制度改革领导小组组成人员的通知"
    text = f"{title}\n（1998年4月11日）\n\n{label}{title}\n【颁布单位】国务院办公厅\n\n各省人民政府：\n"
    assert parse_text(text).title == title


def test_an_autonomous_regions_organ_takes_the_region_its_page_names() -> None:
    text = (
        "人民网>>广西频道>>时政\n\n某某联席会议第一次全体会议在南宁召开\n\n"
        "4月14日，自治区某某联席会议第一次全体会议召开。据悉，自治区人民政府办公厅日前印发《关于建立"
        "自治区某某联席会议制度的通知》，明确由自治区副主席王明任召集人。\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("自治区人民政府办公厅", "广西壮族自治区")


def test_a_county_named_before_its_committee_is_the_county() -> None:
    from scrapers.parse.region import region_of

    assert region_of("中共莒县县委办公室") == "莒县"


def test_a_summary_that_quotes_no_title_is_completed_by_the_sentence_that_does() -> None:
    text = (
        "浙江省政府成立海洋经济发展领导小组 省长任组长\n\n来源：某某在线　2009-08-21 09:12\n\n"
        "核心提示：日前，浙江省人民政府办公厅下发通知，决定成立浙江省海洋经济发展领导小组。\n\n"
        "日前，浙江省人民政府办公厅下发《关于成立浙江省海洋经济发展领导小组的通知》（浙政办发〔2009〕103号），"
        "决定成立该领导小组。\n"
    )
    record = parse_text(text)
    assert record.title == "关于成立浙江省海洋经济发展领导小组的通知"
    assert (record.issuer, record.doc_number) == ("浙江省人民政府办公厅", "浙政办发〔2009〕103号")


def test_an_encyclopedia_page_has_no_doc_number_of_its_own() -> None:
    text = (
        "某某省某某领导小组\n编辑 锁定 讨论 上传视频\n\n某某省某某领导小组是省政府设立的议事协调机构。\n"
        "2012年6月，根据《某某省人民政府办公厅关于调整某某领导小组的通知》（吉政办函〔2012〕118号），"
        "领导小组更名。\n参考资料\n2. 吉政办函〔2012〕118号．某某省人民政府网\n"
    )
    assert parse_text(text).doc_number is None


@pytest.mark.parametrize("tail", ["原某院字〔2016〕12号文件同时废止。", "某院字〔2016〕12号文件停止执行。"])
def test_a_repealed_documents_number_is_not_the_notices(tail: str) -> None:
    text = (
        "关于调整医院医疗质量管理委员会的通知\n\n院属各科室：\n经院长办公会研究决定，调整委员会。\n"
        f"主任委员：王明（院长）\n{tail}\n\n某某医院\n2018年1月8日\n"
    )
    assert parse_text(text).doc_number is None


def test_the_sites_name_above_a_headline_is_not_the_headline() -> None:
    text = (
        "某某市中医医院\n首页 | 医院概况 | 新闻动态\n\n我院成立对口支援工作领导小组\n"
        "作者：院办  来源：本站原创  更新时间：2011-5-16\n\n"
        "经院长办公会议研究，决定成立对口支援工作领导小组。\n"
    )
    assert parse_text(text).title == "我院成立对口支援工作领导小组"


def test_a_research_institutes_site_name_is_the_issuer_of_an_unsigned_notice() -> None:
    text = (
        "黑龙江省某某作物研究所\n您现在的位置：首页 → 所务公开\n\n关于成立学风建设领导小组的通知\n"
        "所属各研究室：\n经所务会研究，决定成立学风建设领导小组。\n组  长：所长王建国\n\n二00六年九月十八日\n"
    )
    assert parse_text(text).issuer == "黑龙江省某某作物研究所"


def test_a_source_named_only_in_the_header_is_not_the_issuer() -> None:
    text = (
        "某某市统计局 > 普查专栏\n\n某某市第七次全国人口普查领导小组\n\n"
        "发布时间：2020-09-03　来源：市普查办\n\n"
        "组　长：王明（市委副书记、市长）\n成　员：李强（市统计局局长）\n"
    )
    record = parse_text(text.replace("某某市", "赣州市"))
    assert (record.issuer, record.region) == (None, "赣州市")


@pytest.mark.parametrize(
    ("site", "headline", "region"),
    [
        ("纳雍县人民政府网　首页 > 新闻动态", "县脱贫攻坚指挥部召开第九次调度会", "纳雍县"),
        ("绵阳市人民政府 > 新闻中心 > 政务动态", "市疫情防控工作领导小组召开第十二次会议", "绵阳市"),
    ],
)
def test_a_headline_about_a_body_of_its_level_takes_the_place_its_page_names(
    site: str, headline: str, region: str
) -> None:
    text = f"{site}\n{headline}\n发布时间：2016-09-19 17:05\n\n9月18日，{headline}。王明出席会议并讲话。\n"
    assert parse_text(text).region == region


def test_a_dateline_with_a_papers_name_is_no_signature() -> None:
    text = (
        "某某县成立苹果产业化工作领导小组\n1997年06月18日　某某日报　第2版\n\n"
        "本报讯（记者 王明）日前，中共某某县委、某某县人民政府决定成立某某县苹果产业化工作领导小组。\n"
    )
    record = parse_text(text.replace("某某县", "洛川县"))
    assert record.issuer == "中共洛川县委"


@pytest.mark.parametrize("site", ["某某农业大学新闻网", "某某林业大学新闻网 首页 > 学校要闻"])
def test_a_universitys_news_site_name_is_not_the_headline(site: str) -> None:
    text = (
        f"{site}\n\n学校召开党委常委会专题研究章程建设工作\n\n3月5日，校党委在行政楼三楼会议室召开常委会。\n"
    )
    assert parse_text(text).title == "学校召开党委常委会专题研究章程建设工作"


def test_a_meeting_held_somewhere_names_the_organ_not_the_room() -> None:
    from scrapers.parse.newsreport import meeting_decision

    text = "3月5日，校党委在行政楼三楼会议室召开常委会，研究决定成立学校章程建设工作领导小组。"
    assert meeting_decision(text)[0] == "校党委"


def test_a_notice_conveyed_at_a_meeting_is_the_reports_notice() -> None:
    text = (
        "莆田市召开流域综合治理工作专班第一次会议\n\n3月7日下午，专班第一次会议召开。会上，市水利局传达了"
        "《莆田市人民政府办公室关于成立莆田市流域综合治理工作专班的通知》（莆政办〔2023〕9号）。\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.doc_number) == ("莆田市人民政府办公室", "莆政办〔2023〕9号")


def test_an_encyclopedias_page_title_loses_its_site_suffix() -> None:
    text = "甘肃省防沙治沙领导小组_百度百科\n\n甘肃省防沙治沙领导小组是甘肃省人民政府设立的议事协调机构。\n"
    assert parse_text(text).title == "甘肃省防沙治沙领导小组"


@pytest.mark.parametrize(("issuer", "region"), [("中国气象局", "全国"), ("中国地震局", "全国")])
def test_a_central_bureau_named_china_is_national(issuer: str, region: str) -> None:
    from scrapers.parse.region import region_of

    assert region_of(issuer) == region


def test_a_bare_level_organ_takes_the_place_its_bodies_are_named_after() -> None:
    text = (
        "桂林成立漓江流域综合整治指挥部\n\n导读：市委、市政府近日决定成立桂林市漓江流域综合整治指挥部。\n"
        "本报讯 近日，市委、市政府决定成立桂林市漓江流域综合整治指挥部。指挥部由市长秦川任总指挥。\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("市委", "桂林市")


def test_a_site_organ_with_its_other_name_in_brackets() -> None:
    text = (
        "某某医学院第一附属医院（某某山医院）\n院发〔2024〕15号\n\n关于调整药事管理委员会组成人员的通知\n\n"
        "院属各科室：\n经院长办公会研究，决定调整。\n主任委员：汪洋\n\n2024年1月22日\n"
    )
    assert parse_text(text).issuer == "某某医学院第一附属医院（某某山医院）"


_HEADLINE = "宁波市成立营商环境建设领导小组"


@pytest.mark.parametrize(
    ("page", "issuer"),
    [
        (
            f"{_HEADLINE}\n新华网 2019-03-05 10:12:33 来源：新华社\n\n"
            "新华社宁波3月4日电（记者王明）记者4日从宁波市政府获悉，"
            "宁波市人民政府日前印发《关于成立宁波市营商环境建设领导小组的通知》，决定成立该领导小组。\n",
            "宁波市人民政府",
        ),
        (
            f"{_HEADLINE}\n2019年03月05日 10:12 来源：宁波日报\n\n本报讯（记者 王明 通讯员 李强）近日，"
            "市政府办公室印发通知，决定成立市营商环境建设领导小组。领导小组由市长张伟任组长。\n",
            "市政府办公室",
        ),
        (
            f"【要闻】{_HEADLINE}\n\n作者：王明 | 来源：融媒体中心 | 发布时间：2019-03-05\n\n"
            "3月4日，记者从市政府办获悉，为优化营商环境，市委、市政府决定成立市营商环境建设领导小组。\n",
            "市委",
        ),
    ],
)
def test_news_bylines_of_many_shapes(page: str, issuer: str) -> None:
    """A dateline (新华社…电, 本报讯), a column's tag (【要闻】), a reporter's 记者从…获悉: the
    headline stays the title, the organ the report names is the issuer, the page date is
    `published` and no date is the signing date."""
    record = parse_text(page)
    assert record.title in (_HEADLINE, "关于成立宁波市营商环境建设领导小组的通知")
    assert (record.issuer, record.region, record.date) == (issuer, "宁波市", None)
    assert str(record.published) == "2019-03-05"


def test_a_reports_number_with_a_note_after_it_in_the_bracket() -> None:
    text = (
        "国务院办公厅同意建立促进民营经济发展部际联席会议制度\n\n新华社北京9月12日电　近日，国务院办公厅印发"
        "《关于同意建立促进民营经济发展部际联席会议制度的函》（国办函〔2023〕88号，以下简称《函》），同意建立该制度。\n"
    )
    assert parse_text(text).doc_number == "国办函〔2023〕88号"


def test_a_headlines_shorthand_for_the_body_the_report_names_is_no_second_body() -> None:
    text = (
        "延吉成立创城指挥部 书记市长任“双总指挥”\n\n"
        "本报讯 日前，延吉市委、市政府决定成立延吉市创建全国文明城市指挥部，"
        "市委书记、市长任总指挥。\n"
    )
    events = [(e.type, e.group) for e in parse_text(text).events]
    assert events == [("establish", "延吉市创建全国文明城市指挥部")]


def test_a_national_bodys_meeting_reported_from_beijing_is_national() -> None:
    text = (
        "人民网>>时政>>高层动态\n促进中小企业发展工作领导小组召开第三次会议\n"
        "2021年06月04日05:39 | 来源：人民日报\n"
        "本报北京6月3日电（记者王明）国务院促进中小企业发展工作领导小组第三次会议3日在京召开。\n"
    )
    assert parse_text(text).region == "全国"


def test_a_four_character_citys_site_names_the_place_of_a_bare_level_headline() -> None:
    text = (
        "齐齐哈尔市人民政府网 > 政务动态\n市安委会召开2024年第二次全体（扩大）会议\n"
        "发布时间：2024-06-14 17:20\n"
        "6月13日，市安委会召开2024年第二次全体（扩大）会议。\n"
    )
    assert parse_text(text).region == "齐齐哈尔市"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            "中共某某县委办公室\n某某县人民政府办公室\n关于成立某某县新农村建设工作领导小组的通知\n",
            "中共某某县委办公室某某县人民政府办公室关于成立某某县新农村建设工作领导小组的通知",
        ),
        (
            "国务院办公厅\n国务院办公厅关于成立健康中国行动推进委员会的通知\n",
            "国务院办公厅关于成立健康中国行动推进委员会的通知",
        ),
    ],
)
def test_a_joint_heading_over_three_lines_is_whole_and_a_repeated_organ_is_not(head: str, title: str) -> None:
    text = (
        f"{head}某办发〔2005〕48号\n\n各乡镇党委、政府：\n经研究，决定成立领导小组。\n组长：王明 县委书记\n"
    )
    assert parse_text(text).title == title


@pytest.mark.parametrize(("source", "region"), [("来源：赤峰市人民政府", "赤峰市"), ("来源：红网", None)])
def test_a_meeting_headlines_city_is_the_region_when_the_page_names_its_government(
    source: str, region: str | None
) -> None:
    text = (
        f"赤峰市召开全市人口普查领导小组第二次全体会议\n{source}　　发布时间：2010-10-13\n"
        "本网讯　10月12日下午，赤峰市人口普查领导小组召开第二次全体会议。\n"
    )
    assert parse_text(text).region == region


def test_an_omitted_attachment_note_glued_before_the_signature() -> None:
    text = (
        "关于成立垃圾治理工作领导小组的通知\n各乡镇人民政府：\n经研究，决定成立领导小组。\n组长：王明 县长\n"
        "附件：略安远县人民政府办公室\n2016年4月11日\n"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("安远县人民政府办公室", "安远县")


@pytest.mark.parametrize(
    ("site", "issuer"),
    [
        ("丽水市莲都区老竹畲族镇人民政府", "丽水市莲都区老竹畲族镇人民政府"),
        ("中华人民共和国教育部", "教育部"),
    ],
)
def test_a_site_name_that_writes_the_signers_places_before_it(site: str, issuer: str) -> None:
    signer = issuer.removeprefix("丽水市莲都区")
    text = (
        f"{site}\n关于成立森林防灭火指挥部的通知\n各村：\n经研究，决定成立森林防灭火指挥部。\n"
        f"指挥长：王明 镇长\n\n{signer}\n2021年3月2日\n"
    )
    assert parse_text(text).issuer == issuer
