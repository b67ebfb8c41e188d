"""Metadata rules found on real notices, each tested on text written for the test (not the
notice that suggested it): the title as printed, issuers named in prose or headlines,
regions, dates."""

from __future__ import annotations

from scrapers.parse import parse_text


def test_a_title_keeps_the_ascii_brackets_and_colon_it_was_printed_with() -> None:
    text = (
        "望城区:秸秆禁烧工作会议召开\n\n"
        "3月2日,望城区秸秆禁烧工作领导小组(扩大)会议召开。副区长、领导小组组长刘建国出席会议。"
    )
    assert parse_text(text).title == "望城区:秸秆禁烧工作会议召开"


def test_a_traditional_title_keeps_its_brackets_in_simplified_characters() -> None:
    text = (
        "某縣(市、區)級文物普查機構組建工作全面完成\n\n"
        "記者3月1日從市文物局獲悉,各縣(市、區)文物普查領導小組已組建完畢。"
    )
    assert parse_text(text).title == "某县(市、区)级文物普查机构组建工作全面完成"


def test_a_full_width_title_is_left_as_it_is() -> None:
    text = "关于调整县（区）级河长制工作领导小组的通知\n\n各乡镇：\n经研究，决定调整县河长制工作领导小组。"
    assert parse_text(text).title == "关于调整县（区）级河长制工作领导小组的通知"


def test_a_member_list_cut_off_at_the_end_is_no_signature() -> None:
    text = (
        "市人民政府办公室关于成立市第五次经济普查领导小组的通知\n\n各区人民政府：\n"
        "组  长：王建华  副市长\n成  员：李  强  市统计局局长\n"
        "      赵  明  市财政局副局"
    )
    assert parse_text(text).issuer == "市人民政府办公室"


def test_the_fuller_heading_below_a_page_title_and_its_chrome() -> None:
    text = (
        "湖南省关于成立湖南省数字政府建设领导小组的通知\n- 来源：\n- 发布时间：\n- 2021年03月02日\n"
        "湖南省人民政府办公厅关于成立湖南省\n数字政府建设领导小组的通知\n湘政办函〔2021〕12号\n"
        "各市州人民政府：\n经省人民政府同意，成立湖南省数字政府建设领导小组。"
    )
    assert parse_text(text).title == "湖南省人民政府办公厅关于成立湖南省数字政府建设领导小组的通知"


def test_a_byline_is_not_a_headline() -> None:
    text = "本报记者：李明 文/图\n3月5日，市营商环境建设领导小组召开第一次会议。市长张伟主持会议。"
    assert parse_text(text).title != "本报记者：李明 文/图"


def test_a_person_then_a_province_word_is_no_place() -> None:
    text = "王建国出席省乡村振兴领导小组第三次会议并讲话\n\n4月2日，省乡村振兴领导小组召开第三次会议。"
    assert parse_text(text).region is None


def test_a_reports_issuer_is_the_organ_its_headline_names_when_it_set_the_body_up() -> None:
    text = (
        "城南供电公司：迎峰度夏保供电\n"
        "为确保迎峰度夏期间电网安全运行，城南供电公司高度重视，及时成立了由经理任组长、"
        "分管副经理任副组长的迎峰度夏保供电工作领导小组。"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("城南供电公司", None)
    prose = (
        "李家镇人民医院扎实推进等级医院评审工作\n"
        "李家镇人民医院召开评审工作动员会。会上，医院成立了以院长为组长的等级医院评审工作领导小组。"
    )
    assert parse_text(prose).issuer == "李家镇人民医院"


def test_a_headline_naming_the_body_gives_no_issuer() -> None:
    text = (
        "创文工作领导小组第二次全体会议召开\n4月8日，创文工作领导小组召开第二次全体会议。会议决定成立督查组。"
    )
    assert parse_text(text).issuer is None


def test_a_portals_issue_date_on_a_news_item_is_its_publication() -> None:
    text = (
        "区统计局举办统计开放日活动\n信息来源：区统计局 发布时间 2022-09-20\n发文日期：2022-09-20\n"
        "9月20日，区统计局举办统计开放日活动，区经济普查领导小组副组长王明出席。"
    )
    record = parse_text(text)
    assert (str(record.published), record.date) == ("2022-09-20", None)


def test_a_timed_date_under_the_heading_is_the_pages_stamp() -> None:
    text = (
        "锦州市人民政府办公室关于成立锦州市农业普查领导小组的通知\n2021年03月02日09:15:40\n"
        "各县（市）区人民政府：\n经市政府同意，决定成立锦州市农业普查领导小组。\n"
        "锦州市人民政府办公室\n2016年5月10日"
    )
    record = parse_text(text)
    assert (str(record.published), str(record.date)) == ("2021-03-02", "2016-05-10")


def test_a_news_dateline_is_no_part_of_the_issuer() -> None:
    text = (
        "新华社北京3月2日电 国务院办公厅日前印发《关于成立国务院河湖治理领导小组的通知》。"
        "领导小组组长由国务院副总理担任。"
    )
    record = parse_text(text)
    assert (record.issuer, record.region) == ("国务院办公厅", "全国")


def test_a_headlines_city_with_no_organ_named_gives_no_region() -> None:
    text = "临川区:防汛抗旱工作会议召开\n6月3日，临川区防汛抗旱指挥部召开防汛工作会议，部署汛期工作。"
    assert parse_text(text).region is None
    province = "湖南省:防汛抗旱工作会议召开\n6月3日，湖南省防汛抗旱指挥部召开会议，部署汛期工作。"
    assert parse_text(province).region == "湖南省"


def test_a_provincial_organ_without_a_place_takes_the_province_of_its_number() -> None:
    text = (
        "5月6日，省政府办公厅印发《关于调整省防汛抗旱指挥部组成人员的通知》（鄂政办函〔2021〕35号），"
        "指挥长由省长担任。"
    )
    record = parse_text(text)
    assert (record.issuer, record.doc_number, record.region) == (
        "省政府办公厅",
        "鄂政办函〔2021〕35号",
        "湖北省",
    )
    city = "5月6日，市政府办公室印发《关于调整市防汛抗旱指挥部组成人员的通知》（青政办字〔2021〕35号）。"
    assert parse_text(city).region is None  # a city's number: 青 is Qingdao's as well as Qinghai's


def test_the_organ_whose_meeting_decided_issues_and_the_meeting_day_dates() -> None:
    text = (
        "2022年3月8日上午，县林业局党组书记王建国主持召开局务会议，班子成员参加了会议。\n"
        "会议听取了森林防火工作情况汇报。\n"
        "会议决定，对局森林防火工作领导小组进行调整，局长任组长，分管副局长任副组长。"
    )
    record = parse_text(text)
    assert (record.issuer, str(record.date)) == ("县林业局", "2022-03-08")
    no_year = "3月8日，县委召开全面深化改革委员会会议，研究确定设立5个专项小组。"
    assert (parse_text(no_year).issuer, parse_text(no_year).date) == ("县委", None)


def test_a_meeting_that_decides_nothing_names_no_issuer() -> None:
    text = "2022年3月8日，县林业局召开森林防火工作会议，部署春季防火工作。局长王建国出席会议并讲话。"
    assert parse_text(text).issuer is None


def test_a_heading_printed_over_two_lines_keeps_its_ascii_brackets() -> None:
    text = (
        "关于调整县(市、区)级\n河长制工作领导小组的通知\n各乡镇人民政府：\n"
        "经研究，决定调整县河长制工作领导小组。\n\n某县人民政府办公室\n2019年3月2日"
    )
    assert parse_text(text).title == "关于调整县(市、区)级河长制工作领导小组的通知"


def test_a_seals_mark_after_the_signing_organ_is_no_part_of_it() -> None:
    head = (
        "关于成立镇防汛抗旱指挥部的通知\n各村（社区）：\n经研究，决定成立镇防汛抗旱指挥部。\n"
        "指挥长：张三 镇长\n特此通知。\n\n"
    )
    for signature in ("某某镇人民政府（代章）\n2020年5月6日", "某某镇人民政府(印) 2020年5月6日"):
        record = parse_text(head + signature)
        assert (record.issuer, str(record.date)) == ("某某镇人民政府", "2020-05-06")
    record = parse_text(head + "某某镇人民政府 2020年5月6日")
    assert (record.issuer, str(record.date)) == ("某某镇人民政府", "2020-05-06")
