"""read_metadata: each form of date, doc number, title, issuer and region, as data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from scrapers.extract import extract_page
from scrapers.parse.metadata import read_metadata
from scrapers.parse.normalize import normalize
from tests.conftest import DATA

SIGNATURE = "\n\n青海省人民政府办公厅\n{date}\n\n（此件公开发布）"
HEAD = (
    "青海省人民政府办公厅关于成立省政府某某协调小组的通知\n\n{number}\n\n"
    "各市、自治州人民政府，省政府各委、办、厅、局：\n"
)
BODY = "经省政府同意，决定成立省政府某某协调小组。\n"


def notice(number: str = "青政办〔2019〕10号", date_text: str = "2019年2月14日", body: str = BODY) -> str:
    return HEAD.format(number=number) + body + SIGNATURE.format(date=date_text)


DATE_CASES = [
    ("2019年2月14日", date(2019, 2, 14)),
    ("2019 年 2 月 14 日", date(2019, 2, 14)),
    ("二〇一九年二月十四日", date(2019, 2, 14)),
    ("二○一九年二月十四日", date(2019, 2, 14)),
    ("二零一九年十二月三十一日", date(2019, 12, 31)),
    ("二〇二〇年十月十日", date(2020, 10, 10)),
    ("2019-02-14", date(2019, 2, 14)),
    ("2019.2.14", date(2019, 2, 14)),
    ("2019/2/14", date(2019, 2, 14)),
    ("２０１９年２月１４日", date(2019, 2, 14)),  # full-width digits (normalised)
]


@pytest.mark.parametrize(("written", "expected"), DATE_CASES)
def test_signing_date_forms(written: str, expected: date) -> None:
    assert read_metadata(normalize(notice(date_text=written))).date == expected


def test_signing_date_is_not_a_deadline_nor_the_page_date() -> None:
    body = "请于2019年3月31日前报送名单。普查标准时点为2020年11月1日零时。\n"
    text = notice(body=body)
    m = read_metadata(normalize(text), meta={"发布日期": "2019-02-20", "PubDate": "2019-02-20 10:00"})
    assert m.date == date(2019, 2, 14)
    assert m.published == date(2019, 2, 20)


def test_signature_glued_to_the_text() -> None:
    text = "重庆市人民政府办公厅关于调整某某协调小组的通知渝府办发〔2020〕5号各区县人民政府："
    text += "……改革完善知识产权保护体系。"
    text += "重庆市人民政府办公厅2020年1月11日(此件公开发布)文件下载"
    m = read_metadata(normalize(text), meta={"发布日期": "2020-01-19"})
    assert (m.date, m.doc_number, m.issuer, m.region) == (
        date(2020, 1, 11),
        "渝府办发〔2020〕5号",
        "重庆市人民政府办公厅",
        "重庆市",
    )
    assert m.title == "重庆市人民政府办公厅关于调整某某协调小组的通知"


def test_no_signature_date_falls_back_to_the_table_never_to_the_page_date() -> None:
    text = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。"
    assert read_metadata(text, meta={"成文日期": "2021-05-28", "发布日期": "2021-06-01"}).date == date(
        2021, 5, 28
    )
    # CONTRACT §1: a page's 发布时间 is `published`, never `date` (the store falls back to it).
    paged = read_metadata(text, meta={"PubDate": "2021-06-01 09:00"})
    assert (paged.date, paged.published) == (None, date(2021, 6, 1))
    assert read_metadata(text).date is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("青政办〔2019〕10号", "青政办〔2019〕10号"),
        ("青政办[2019]10号", "青政办〔2019〕10号"),
        ("青政办［2019］10号", "青政办〔2019〕10号"),
        ("青政办（2019）10号", "青政办〔2019〕10号"),
        ("青政办(2019)10号", "青政办〔2019〕10号"),
        ("青政办【2019】10号", "青政办〔2019〕10号"),
        ("国办发〔2018〕65号", "国办发〔2018〕65号"),
        ("渝府办发〔2020〕5号", "渝府办发〔2020〕5号"),
        ("甬一医〔2023〕8号", "甬一医〔2023〕8号"),
        ("青政办 〔2019〕 10 号", "青政办〔2019〕10号"),
    ],
)
def test_doc_number_forms(written: str, expected: str) -> None:
    assert read_metadata(normalize(notice(number=written))).doc_number == expected


def test_cited_numbers_are_not_the_notice_number() -> None:
    body = (
        "根据《国务院办公厅关于成立国务院推进政府职能转变和“放管服”改革协调小组的通知》"
        "（国办发〔2018〕65号）要求，按照国发〔2017〕12号文件精神，决定如下。\n"
    )
    assert read_metadata(normalize(notice(body=body))).doc_number == "青政办〔2019〕10号"
    no_own = HEAD.format(number="") + body
    assert read_metadata(normalize(no_own)).doc_number is None


def test_table_doc_number_is_preferred() -> None:
    m = read_metadata(notice(number="青政办〔2019〕11号"), meta={"发文字号": "青政办[2019]10号"})
    assert m.doc_number == "青政办〔2019〕10号"


def test_title_split_over_lines_and_issuer_from_it() -> None:
    text = "青海省人民政府办公厅\n关于成立省政府推进政府职能转变和\n“放管服”改革协调小组的通知\n"
    text += "青政办〔2019〕10号\n各市：\n正文。"
    m = read_metadata(text)
    assert m.title == "青海省人民政府办公厅关于成立省政府推进政府职能转变和“放管服”改革协调小组的通知"
    assert (m.issuer, m.region) == ("青海省人民政府办公厅", "青海省")


def test_page_title_wins_and_is_simplified() -> None:
    m = read_metadata(notice(), title="青海省人民政府辦公廳關於成立省政府某某協調小組的通知")
    assert m.title == "青海省人民政府办公厅关于成立省政府某某协调小组的通知"


def test_issuer_from_signature_when_title_has_none() -> None:
    text = "关于调整浙江海洋大学学术委员会组成人员的通知\n\n浙海大发〔2020〕45号\n\n"
    text += "各学院：\n正文。\n\n浙江海洋大学\n2020年9月10日"
    m = read_metadata(text)
    assert (m.issuer, m.region, m.date) == ("浙江海洋大学", None, date(2020, 9, 10))


def test_issuer_from_the_table() -> None:
    text = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。"
    assert read_metadata(text, meta={"发布机构": "长兴县人民政府办公室"}).issuer == "长兴县人民政府办公室"


def test_joint_notice_gives_the_first_issuer() -> None:
    text = "中共青海省委办公厅 青海省人民政府办公厅关于成立某某领导小组的通知\n各单位：\n正文。"
    m = read_metadata(normalize(text))
    assert (m.issuer, m.region) == ("中共青海省委办公厅", "青海省")
    assert m.title == "中共青海省委办公厅 青海省人民政府办公厅关于成立某某领导小组的通知"
    glued = read_metadata(text.replace(" ", ""))
    assert (glued.issuer, glued.region) == ("中共青海省委办公厅", "青海省")


@pytest.mark.parametrize(
    ("issuer", "region"),
    [
        ("青海省人民政府办公厅", "青海省"),
        ("重庆市人民政府办公厅", "重庆市"),
        ("国务院办公厅", "全国"),
        ("国务院", "全国"),
        ("教育部", "全国"),
        ("杭州市西湖区人民政府", "杭州市西湖区"),
        ("温州市人民政府办公室", "温州市"),
        ("长兴县人民政府办公室", "长兴县"),
        ("中共西宁市委办公厅", "西宁市"),
        ("青海省市场监督管理局", "青海省"),
        ("新疆维吾尔自治区人民政府", "新疆维吾尔自治区"),
        ("海西蒙古族藏族自治州人民政府", "海西蒙古族藏族自治州"),
        ("上海市浦东新区人民政府", "上海市浦东新区"),
        ("浙江海洋大学", None),
        ("宁波市第一医院", None),
        ("省政府办公厅", None),
        ("中共新登镇委员会", "新登镇"),
        ("杭州市西湖区北山街道办事处", "杭州市西湖区北山街道"),
        ("淳安县乡村振兴局", "淳安县"),
        ("嘉兴市城镇燃气管理处", "嘉兴市"),
    ],
)
def test_region_from_issuer(issuer: str, region: str | None) -> None:
    text = f"{issuer}关于成立某某领导小组的通知\n各单位：\n正文。"
    assert read_metadata(text).region == region


def _corpus() -> list[tuple[Path, Path]]:
    pairs = []
    for folder in (DATA / "notices", DATA / "examples"):
        for path in sorted(folder.iterdir()):
            if path.suffix in {".txt", ".html"}:
                for gold in (path.with_suffix(".json"), path.with_suffix(".gold.json")):
                    if gold.exists():
                        pairs.append((path, gold))
    return pairs


@pytest.mark.parametrize(("path", "gold"), _corpus(), ids=lambda p: p.name if isinstance(p, Path) else "")
def test_corpus_metadata(path: Path, gold: Path) -> None:
    """The gold notices' metadata, read from the saved file as `monitor parse` reads it."""
    expected = json.loads(gold.read_text(encoding="utf-8"))
    page = extract_page(path.read_bytes())
    m = read_metadata(normalize(page.text), meta=page.meta, title=page.title)
    got = {"title": m.title, "issuer": m.issuer, "doc_number": m.doc_number, "region": m.region}
    got["date"] = m.date.isoformat() if m.date else None
    assert got == {k: expected[k] for k in got}


def test_forwarding_notice_issuer_is_the_forwarder() -> None:
    text = "国务院办公厅转发国家发展改革委关于某某工作意见的通知\n国办发〔2019〕1号\n各省：\n正文。"
    assert read_metadata(text).issuer == "国务院办公厅"


def test_colophon_print_date_is_not_the_signing_date() -> None:
    text = notice() + "\n抄送：省委各部门。\n青海省人民政府办公厅秘书处 2019年2月15日印发"
    assert read_metadata(normalize(text)).date == date(2019, 2, 14)


def test_truncated_page_title_gives_way_to_the_heading() -> None:
    m = read_metadata(notice(), title="青海省人民政府办公厅关于成立省政府某某...")
    assert m.title == "青海省人民政府办公厅关于成立省政府某某协调小组的通知"


def test_breadcrumb_lines_are_not_part_of_the_title() -> None:
    text = "首页 > 政务公开 > 文件\n青海省人民政府办公厅\n关于成立某某领导小组的通知\n"
    text += "青政办〔2019〕10号\n各单位：\n正文。"
    assert read_metadata(text).title == "青海省人民政府办公厅关于成立某某领导小组的通知"


def test_placed_signature_beats_a_title_issuer_without_place() -> None:
    text = "市政府办公室关于成立某某工作专班的通知\n温政办〔2022〕15号\n各单位：\n正文。\n"
    text += "温州市人民政府办公室\n2022年3月7日"
    m = read_metadata(text)
    assert (m.issuer, m.region) == ("温州市人民政府办公室", "温州市")


def test_number_appended_to_the_page_title_is_dropped() -> None:
    m = read_metadata(
        notice(), title="青海省人民政府办公厅关于成立省政府某某协调小组的通知（青政办〔2019〕10号）"
    )
    assert m.title == "青海省人民政府办公厅关于成立省政府某某协调小组的通知"


def test_signature_date_with_a_note_on_its_line() -> None:
    text = notice(date_text="2019年2月14日（此件公开发布）") + "\n附件：成员名单，2019年3月1日更新"
    assert read_metadata(normalize(text)).date == date(2019, 2, 14)


@pytest.mark.parametrize("key", ["PubDate", "pubDate", "pubdate", "PublishDate", "发布日期"])
def test_publication_date_keys(key: str) -> None:
    assert read_metadata(notice(), meta={key: "2019-02-20 16:12"}).published == date(2019, 2, 20)


def test_signature_with_the_fuller_name_of_the_title_organ_is_the_issuer() -> None:
    text = "临平区人民政府办公室关于调整某某领导小组的通知\n各单位：\n正文。\n"
    text += "杭州市临平区人民政府办公室\n2023年3月7日"
    assert read_metadata(text).issuer == "杭州市临平区人民政府办公室"


# --- Forms the real notices show (issue 10): header fields, page stamps, news reports.


def test_portal_header_lines_without_colons() -> None:
    text = (
        "发文机关国务院\n发文日期2005年09月16日\n时效性现行有效\n发文字号国函〔2005〕79号\n"
        "施行日期2005年09月16日\n发展改革委：\n同意建立建设节约型社会部际联席会议制度。"
    )
    m = read_metadata(text)
    assert (m.issuer, m.doc_number, m.date, m.region) == (
        "国务院",
        "国函〔2005〕79号",
        date(2005, 9, 16),
        "全国",
    )


def test_law_database_block() -> None:
    text = (
        "深圳市人民政府办公厅关于调整市政府议事协调机构和临时机构及领导成员的通知\n"
        "【法规类别】机关工作综合规定\n【发文字号】深府办[2010]78号\n【发布部门】深圳市政府\n"
        "【发布日期】2010.09.10\n【实施日期】2010.09.10\n各区人民政府，市政府直属各单位：\n"
        "现将调整后的市政府议事协调机构名单通知如下。"
    )
    m = read_metadata(text)
    assert (m.issuer, m.doc_number, m.date, m.published) == (
        "深圳市人民政府办公厅",
        "深府办〔2010〕78号",
        None,  # 发布日期 is the publication, not the signing
        date(2010, 9, 10),
    )


@pytest.mark.parametrize(
    "stamp",
    [
        "发布时间：2016-10-27  来源：中国政府网",
        "2008年05月12日 19:45 来源：中国新闻网",
        "时间：2014-01-03 09:56来源：兰州晚报 作者：郭兰英",
        "2011-09-01",  # a bare page stamp under the heading
        "2019-12-11（万方平台首次上网日期，不代表论文的发表时间）",
    ],
)
def test_page_stamps_are_published_never_the_date(stamp: str) -> None:
    text = (
        f"某某联席会议制度\n{stamp}\n为加强统筹协调，经省政府同意，建立某某联席会议制度。成员单位另行通知。"
    )
    m = read_metadata(text)
    assert m.date is None and m.published is not None


def test_news_report_names_the_issuer_title_number_and_day() -> None:
    text = (
        "鞍山市政府成立人口抽样调查工作协调小组\n"
        "1月12日，鞍山市政府办公厅印发了《鞍山市人民政府办公厅关于开展2015年全国1%人口抽样调查的通知》"
        "（鞍政办发〔2015〕1号），成立了调查工作协调小组并部署相关工作。"
    )
    m = read_metadata(text)
    assert (m.issuer, m.title, m.doc_number, m.date, m.region) == (
        "鞍山市政府办公厅",  # the report's own wording
        "鞍山市人民政府办公厅关于开展2015年全国1%人口抽样调查的通知",
        "鞍政办发〔2015〕1号",
        date(2015, 1, 12),  # the 印发 day, its year from the number
        "鞍山市",
    )


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "国务院办公厅近日印发《国务院办公厅关于调整全国政务公开领导小组的通知》，对领导小组进行调整。",
            "国务院办公厅",
        ),
        (
            "日前，四川省委办公厅、省政府办公厅下发了《关于成立四川省四川天府新区建设领导小组的通知》。",
            "四川省委办公厅",
        ),
        ("7月15日，国务院发布了一则通知——《国务院办公厅关于成立健康中国行动推进委员会的通知》。", "国务院"),
        ("今年7月，市安委会印发通知，要求加快推动建立安全生产委员会“双主任”制度。", "市安委会"),
        (
            "近日，国家防总印发《关于将辽河流域防汛抗旱协调领导小组调整为辽河防汛抗旱总指挥部的批复》。",
            "国家防总",
        ),
    ],
)
def test_issuer_of_a_news_report_from_its_prose(sentence: str, issuer: str) -> None:
    m = read_metadata("首页 > 国内新闻 > 正文\n" + sentence + "\n据了解，该领导小组负责统筹协调。")
    assert m.issuer == issuer and m.date is None  # no year given: no signing date


def test_a_document_cited_or_mentioned_in_passing_is_not_the_report() -> None:
    cited = "根据省政府办公厅印发的《关于进一步加强防汛工作的通知》，经研究，决定成立某某工作领导小组。"
    passing = "近日上海成立了领导小组，启动了一级响应，下发了《关于进一步加强我市疫情防控工作的通知》。"
    for sentence in (cited, passing):
        m = read_metadata(sentence + "\n组长由市长担任。")
        assert m.issuer is None


def test_doc_number_in_brackets_on_the_line_under_the_title() -> None:
    pairs = [("（穗府[2007]9号）", "穗府〔2007〕9号"), ("(泉政办〔2008〕20号)", "泉政办〔2008〕20号")]
    for number, expected in pairs:
        text = f"广州市人民政府关于成立某某领导小组的通知\n{number}\n各区人民政府：\n决定成立某某领导小组。"
        assert read_metadata(normalize(text)).doc_number == expected


def test_signature_beats_the_title_prefix_and_joint_signatures_give_the_first() -> None:
    title = "广东省人民政府办公厅关于同意建立某某联席会议制度的函"
    text = title + "\n省商务厅：\n同意建立。\n省政府办公厅\n2021年2月1日"
    m = read_metadata(text)
    assert (m.issuer, m.region) == ("省政府办公厅", "广东省")  # region from the title's organ
    joint = (
        "关于某某工作的通知\n各单位：\n现予通知。\n中共某某县委办公室\n某某县人民政府办公室\n2023年3月28日"
    )
    assert read_metadata(joint).issuer == "中共某某县委办公室"
    party = "关于成立某某委员会的通知\n各单位：\n现予通知。\n中国共产党\n某某委员会党组\n2013年9月9日"
    assert read_metadata(party).issuer == "中国共产党某某委员会党组"


def test_pinyin_glosses_are_not_part_of_the_title() -> None:
    text = (
        "国务院办公厅关于同意建立浙江舟山群岛新区（qū）建设部省际联（lián）席会议制度的函\n浙江省人民政府："
    )
    assert (
        read_metadata(normalize(text)).title
        == "国务院办公厅关于同意建立浙江舟山群岛新区建设部省际联席会议制度的函"
    )


def test_headline_of_a_report_and_the_organ_it_says_acted() -> None:
    text = (
        "首页 > 新闻 > 正文\n武进成立花博运营指挥部\n发布日期：2013-05-31\n"
        "中国常州网讯 昨天，武进区正式成立花博会运营指挥部。指挥部下设一办八组一中心。"
    )
    m = read_metadata(text)
    assert (m.title, m.issuer, m.region, m.date) == ("武进成立花博运营指挥部", "武进区", "武进区", None)
    # a place is needed: "学校成立…" names no issuer
    assert read_metadata("学校成立由党委书记任组长的领导小组，统筹推进各项工作。").issuer is None


def test_region_of_a_provincial_text_without_a_named_issuer() -> None:
    text = "各市州人民政府，省政府各厅局：\n为做好我省人口普查，省人民政府决定成立湖南省人口普查领导小组。"
    assert read_metadata(text).region == "湖南省"


def test_a_bare_stamp_at_the_end_without_a_signature_is_not_the_date() -> None:
    text = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。\n组长：王某\n2020-07-24"
    assert read_metadata(text).date is None
    signed = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。\n某某县人民政府\n2020-07-24"
    assert read_metadata(signed).date == date(2020, 7, 24)


def test_a_publication_date_printed_below_the_notice() -> None:
    body = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。\n"
    text = body + "某某县人民政府\n2020-07-24\n发布时间：2020-07-30"
    m = read_metadata(text)
    assert (m.date, m.published) == (date(2020, 7, 24), date(2020, 7, 30))
    stamp_only = "关于成立某某领导小组的通知\n各单位：\n决定成立某某领导小组。\n组长：王某\n2020-07-24"
    assert read_metadata(stamp_only).published == date(2020, 7, 24)


def test_a_report_page_with_no_other_issuer_names_its_source_organ() -> None:
    text = "宝山区统计开放日活动顺利举行\n信息来源：区统计局 发布时间 2023-10-07\n9月20日，区统计局举办活动。"
    assert read_metadata(text).issuer == "区统计局"
    # named only in the header, the source is the office that put the page up
    assert read_metadata(text.replace("区统计局举办", "举办")).issuer is None
    media = "某某活动顺利举行\n来源：人民网-人民日报 2023-10-07\n9月20日，活动在区行政中心举行。"
    assert read_metadata(media).issuer is None


def test_a_reported_issue_day_takes_the_year_before_a_january_page() -> None:
    report = "12月28日，某某市人民政府办公厅印发《关于成立某某领导小组的通知》。"
    text = "某某领导小组成立\n发布时间：2024-01-05\n" + report
    assert read_metadata(text).date == date(2023, 12, 28)
