"""Event forms across their variants, each on text written for the test: merges written
with the old names first, renamed bodies under a clean-up's 撤销 list, a report's
background, sub-groups set up with their body."""

from __future__ import annotations

import pytest

from scrapers.parse import parse_text


def _events(text: str, title: str | None = None) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(e.type, e.group, tuple(sorted(e.from_))) for e in parse_text(text, title=title).events}


_OLD = ("县城市管理工作领导小组", "县环境卫生整治工作领导小组")


@pytest.mark.parametrize(
    "sentence",
    [
        "县城市管理工作领导小组、县环境卫生整治工作领导小组合并为县城乡建设管理委员会。",
        "县城市管理工作领导小组与县环境卫生整治工作领导小组合并组建县城乡建设管理委员会。",
        "将县城市管理工作领导小组和县环境卫生整治工作领导小组整合为县城乡建设管理委员会。",
        "县城市管理工作领导小组、县环境卫生整治工作领导小组等2个机构合并为县城乡建设管理委员会。",
        "整合县城市管理工作领导小组、县环境卫生整治工作领导小组，组建县城乡建设管理委员会。",
    ],
)
def test_a_merge_with_the_old_names_before_or_after_the_verb(sentence: str) -> None:
    text = f"各乡镇人民政府：\n经县委、县政府研究同意，对县级议事协调机构进行清理规范。\n{sentence}\n"
    merges = {e for e in _events(text) if e[0] == "merge"}
    assert merges == {("merge", "县城乡建设管理委员会", tuple(sorted(_OLD)))}


def test_a_body_renamed_below_a_clean_ups_abolished_list_is_not_abolished() -> None:
    text = (
        "各乡镇人民政府：\n经研究，对县级议事协调机构进行清理。\n二、撤销的议事协调机构（2个）\n"
        "1．县治理公路超限超载工作领导小组\n2．县工业集聚区建设指挥部\n三、更名的议事协调机构（1个）\n"
        "县森林防火指挥部更名为县森林防灭火指挥部；\n四、有关要求\n撤销的机构，其工作由相关部门负责。\n"
    )
    found = _events(text)
    assert ("rename", "县森林防灭火指挥部", ("县森林防火指挥部",)) in found
    assert not any(e[0] == "abolish" and "森林" in e[1] for e in found)


@pytest.mark.parametrize(
    "background",
    [
        "此前，国务院于2010年2月成立国务院食品安全委员会。",
        "早在2010年，国务院就成立了国务院食品安全委员会。",
        "目前，全国已有20多个省区市成立了省级食品安全委员会。",
    ],
)
def test_a_reports_background_sets_nothing_up(background: str) -> None:
    text = (
        "某某省成立食品安全委员会\n\n记者2日获悉，某某省人民政府日前决定成立某某省食品安全委员会。"
        f"委员会由省长王明任主任。{background}\n"
    )
    assert _events(text) == {("establish", "某某省食品安全委员会", ())}


def test_the_special_groups_set_up_with_a_body_have_no_events_of_their_own() -> None:
    text = (
        "各乡镇党委：\n经县委研究决定，组建县委全面深化改革委员会。现将名单印发给你们。\n"
        "一、县委全面深化改革委员会\n主任：王明 县委书记\n二、专项小组\n"
        "（一）经济体制改革专项小组\n组长：李强 县长\n（二）文化体制改革专项小组\n组长：赵刚 副县长\n"
    )
    found = _events(text, title="关于印发县委全面深化改革委员会及其专项小组组成人员名单的通知")
    assert found == {("establish", "县委全面深化改革委员会", ())}


def _changes(statement: str) -> set[tuple[str, str | None, str | None]]:
    text = (
        "各乡镇人民政府：\n根据人事变动情况，现对县安全生产工作领导小组（以下简称领导小组）成员作如下调整：\n"
        f"{statement}\n领导小组其他成员不变。\n\n某某县人民政府办公室\n2019年3月2日\n"
    )
    record = parse_text(text, title="关于调整县安全生产工作领导小组成员的通知")
    return {
        (c.role, c.removed and c.removed.person, c.added and (c.added.person or c.added.unit))
        for c in record.changes
    }


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "一、王明同志因工作调动，不再担任领导小组组长，由县长李强同志担任组长。",
            {("组长", "王明", "李强")},
        ),
        (
            "原组长王明同志因工作调动，不再担任领导小组组长，组长由县委副书记、县长闾丘振东同志担任；",
            {("组长", "王明", "闾丘振东")},
        ),
        (
            "县城管局局长王明同志调离，其领导小组成员职务由接任的县城管局局长担任；",
            {("成员", "王明", "县城管局")},
        ),
        (
            "县卫生局局长王明同志不再担任领导小组成员，增补县卫生局副局长李强同志为领导小组成员。",
            {("成员", "王明", "李强")},
        ),
        (
            "增补县委常委李强同志为领导小组副组长，同时兼任领导小组办公室主任，原办公室主任王明同志不再兼任；",
            {("副组长", None, "李强"), ("主任", "王明", "李强")},
        ),
        (
            "增补县公安局局长李强同志为领导小组成员；县财政局原局长王明同志不再担任领导小组成员。",
            {("成员", None, "李强"), ("成员", "王明", None)},
        ),
    ],
)
def test_a_removal_and_an_addition_for_one_post_in_one_sentence_are_one_change(
    statement: str, expected: set[tuple[str, str | None, str | None]]
) -> None:
    """…由李强同志担任组长; …调离，其…职务由…担任; 不再担任成员，增补…为成员; 增补…，同时兼任…，
    原…不再兼任. Two sentences stay two changes."""
    assert _changes(statement) == expected


@pytest.mark.parametrize("tail", ["原两个领导小组及其办公室同时撤销。", "上述三个领导小组不再保留。"])
def test_a_count_of_bodies_named_before_is_no_body(tail: str) -> None:
    text = (
        "各乡镇人民政府：\n经研究，将县扶贫开发工作领导小组和县新农村建设领导小组合并为县乡村振兴领导小组。"
        f"{tail}\n"
    )
    assert not any("个" in e.group for e in parse_text(text).events)


def test_an_organs_cut_off_last_character_is_no_part_of_the_bodys_name() -> None:
    text = (
        "国家发展改革委关于调整社会信用体系建设工作领导小组组成人员的通知\n\n委内各司局：\n"
        "因人事变动，决定对国家发展改革委社会信用体系建设工作领导小组组成人员进行调整。\n"
        "组  长：王明  委主任\n成  员：李强  财金司司长\n\n国家发展改革委\n2020年3月2日\n"
    )
    record = parse_text(text)
    assert next(g.name for g in record.groups if g.parent is None) in (
        "社会信用体系建设工作领导小组",
        "国家发展改革委社会信用体系建设工作领导小组",
    )
    assert all(not e.group.startswith("委") for e in record.events)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "自治区食品安全委员会与自治区药品安全工作领导小组合并，组建自治区食品药品安全委员会。",
            ("merge", "自治区食品药品安全委员会", ("自治区药品安全工作领导小组", "自治区食品安全委员会")),
        ),
        (
            "自治区防汛抗旱指挥部更名为自治区防汛抗旱和防凌指挥部，原自治区防凌工作领导小组职能由其承担。",
            ("merge", "自治区防汛抗旱和防凌指挥部", ("自治区防凌工作领导小组",)),
        ),
        (
            "原自治区防凌工作领导小组的职责由自治区防汛抗旱指挥部承担。",
            ("merge", "自治区防汛抗旱指挥部", ("自治区防凌工作领导小组",)),
        ),
        (
            "市爱国卫生运动委员会与市创建卫生城市领导小组合并，保留市爱国卫生运动委员会名称。",
            ("merge", "市爱国卫生运动委员会", ("市创建卫生城市领导小组",)),
        ),
    ],
)
def test_merges_written_as_a_body_bearing_anothers_work(
    sentence: str, expected: tuple[str, str, tuple[str, ...]]
) -> None:
    text = f"各县（区）人民政府：\n经研究，决定对部分议事协调机构予以撤销和调整。\n{sentence}\n"
    found = _events(text)
    assert expected in found
    assert not any(e[0] == "abolish" for e in found)


def test_a_clean_ups_kept_bodies_listed_with_their_leaders_are_not_adjusted() -> None:
    text = (
        "各乡镇人民政府：\n经研究，对县政府议事协调机构进行清理。\n一、保留的议事协调机构（2个）\n"
        "1.某某县安全生产委员会\n主任：周明（县长）\n2.某某县防汛抗旱指挥部\n指挥长：陶金（副县长）\n"
        "二、撤销的议事协调机构（1个）\n1.某某县整顿市场经济秩序领导小组\n"
    )
    found = _events(text, title="某某县人民政府关于清理规范县政府议事协调机构的通知")
    assert found == {("abolish", "某某县整顿市场经济秩序领导小组", ())}


def test_xia_sheli_is_xiashe_then_a_name() -> None:
    text = "经研究，决定成立县委全面依法治县委员会。委员会下设立法协调小组、执法协调小组。\n主任：王明\n"
    assert all(e[1] != "法协调小组" for e in _events(text))


def test_the_old_composition_of_a_body_adjusted_is_not_abolished() -> None:
    text = (
        "院属各科室：\n经院长办公会研究，决定调整医院医疗质量与安全管理委员会。调整后的组成如下：\n"
        "主任委员：王明（院长）\n委员：李强（医务科科长）\n原医疗质量与安全管理委员会同时撤销。\n"
    )
    found = _events(text, title="关于调整医疗质量与安全管理委员会的通知")
    assert [e[0] for e in found] == ["adjust"]


@pytest.mark.parametrize(
    "heading", ["一、不再保留的机构（共3个）", "一、撤销以下议事协调机构", "（一）撤销的临时机构（3个）："]
)
def test_bodies_listed_under_an_abolishing_heading(heading: str) -> None:
    text = (
        "各县（市、区）人民政府：\n经研究，决定对部分议事协调机构进行清理。\n"
        f"{heading}\n1.某某市第二次全国经济普查领导小组\n2.某某市迎接省运会筹备工作委员会\n"
        "3.某某市减轻企业负担工作领导小组，其职责由市经济和信息化局承担，不再保留。\n"
        "二、合并的机构（共1个）\n1.某某市重大项目建设协调领导小组，并入某某市重点项目建设领导小组，不再单独保留。\n"
    )
    assert _events(text) == {
        ("abolish", "某某市第二次全国经济普查领导小组", ()),
        ("abolish", "某某市迎接省运会筹备工作委员会", ()),
        ("abolish", "某某市减轻企业负担工作领导小组", ()),
        ("merge", "某某市重点项目建设领导小组", ("某某市重大项目建设协调领导小组",)),
    }


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "一、李强同志（省委常委、常务副省长）任领导小组组长，王明同志不再担任组长。",
            {("组长", "王明", "李强")},
        ),
        ("三、县旅游局局长由李强同志接替王明同志担任领导小组成员。", {("成员", "王明", "李强")}),
        (
            "3.王明同志不再担任成员，由县农业农村局局长李强同志担任成员，并兼任领导小组办公室主任；",
            {("成员", "王明", "李强"), ("主任", None, "李强")},
        ),
        (
            "1.王明同志（原镇党委副书记、镇长）调离，不再担任领导小组副组长，由新任镇长李强同志担任；",
            {("副组长", "王明", "李强")},
        ),
        ("三、原成员王明（计划财务司副司长）调整为计划财务司一级巡视员，继续担任领导小组成员；", set()),
    ],
)
def test_more_one_for_one_change_forms(
    statement: str, expected: set[tuple[str, str | None, str | None]]
) -> None:
    """任…，…不再担任组长 (the post repeated); 由A接替B担任; …担任成员，并兼任…; …调离，不再担任…;
    继续担任 is no one new."""
    assert _changes(statement) == expected


def test_a_personnel_change_notice_lists_its_groups_partially() -> None:
    text = (
        "各乡镇人民政府：\n现对县安全生产工作领导小组成员作如下调整：\n"
        "王明同志不再担任领导小组成员，由李强同志担任。\n领导小组其他成员不变。\n"
    )
    record = parse_text(text, title="关于调整县安全生产工作领导小组成员的通知")
    assert record.changes and all(g.partial for g in record.groups)


def test_a_new_name_with_a_second_name_in_brackets() -> None:
    text = (
        "各盟市：\n经研究，自治区扶贫开发领导小组更名为自治区扶贫开发（革命老区建设）领导小组，职责不变。\n"
    )
    assert _events(text) == {
        ("rename", "自治区扶贫开发（革命老区建设）领导小组", ("自治区扶贫开发领导小组",))
    }


def test_a_body_a_merge_makes_is_not_abolished_by_the_list_before() -> None:
    text = (
        "各盟市：\n经研究，决定对部分议事协调机构进行调整。\n一、撤销以下议事协调机构（共1个）\n"
        "1.自治区第二次全国农业普查领导小组\n二、合并的议事协调机构\n"
        "将自治区节能工作领导小组和自治区应对气候变化工作领导小组合并为自治区应对气候变化及节能减排工作领导小组，"
        "具体组成人员另行通知。\n"
    )
    assert not any(e[0] == "abolish" and "节能减排" in e[1] for e in _events(text))


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "经研究，决定成立黑龙江省某某研究所科学道德与学风建设领导小组。",
            "黑龙江省某某研究所科学道德与学风建设领导小组",
        ),
        ("经研究，决定成立和平路街道民族团结工作领导小组。", "和平路街道民族团结工作领导小组"),
    ],
)
def test_a_name_beginning_with_words_that_lead_names_elsewhere(sentence: str, name: str) -> None:
    """研究所/研究院 are organs (not 经研究), 和平 a place (not 和 joining two names)."""
    assert ("establish", name, ()) in _events(f"各科室：\n{sentence}\n组  长：王明\n")


def test_a_notice_printed_whole_on_a_news_site_is_not_a_report() -> None:
    text = (
        "中共某某省委办公厅印发《关于成立某某省生态文明建设领导小组的通知》\n2022-03-09　来源：某某日报\n\n"
        "某办字〔2022〕14号\n\n各市、自治州党委和人民政府：\n经省委、省政府同意，成立某某省生态文明建设领导小组。"
        "组成人员如下：\n组　　长：王明　省委书记\n成　　员：李强　省委副秘书长\n\n"
        "中共某某省委办公厅\n2022年3月7日\n"
    )
    assert [g.partial for g in parse_text(text).groups if g.parent is None] == [False]


def test_a_page_headed_by_the_bodys_own_name_states_its_composition() -> None:
    text = (
        "某某市统计局 > 人口普查专栏\n\n某某市第七次全国人口普查领导小组\n\n发布时间：2020-09-03\n\n"
        "组　长：王明（市委副书记、市长）\n副组长：李强（副市长）\n成　员：赵刚（市统计局局长）\n"
    )
    assert [g.partial for g in parse_text(text).groups if g.parent is None] == [False]


@pytest.mark.parametrize("lead", ["经研究，决定撤销以下议事协调机构：\n", "一、撤销的议事协调机构（3个）\n"])
def test_a_body_name_broken_over_two_lines_in_an_abolished_list(lead: str) -> None:
    text = (
        f"各县（市、区）人民政府：\n{lead}1.某某市第六次全国人口普查领导小组\n"
        "2.某某市城乡居民社会养老保险试点工作领导\n小组\n3.某某市治理商业贿赂领导小组\n"
    )
    assert ("abolish", "某某市城乡居民社会养老保险试点工作领导小组", ()) in _events(text)


def test_a_news_report_quoting_the_notice_after_a_headline_that_does_not() -> None:
    text = (
        "南方网　>　时政\n　　某某省委办公厅印发通知　调整省委网络安全和信息化委员会组成人员\n"
        "2025-03-18 10:12　来源：某某日报\n　　某某日报讯　日前，中共某某省委办公厅印发"
        "《关于调整省委网络安全和信息化委员会组成人员的通知》（粤委办发电〔2025〕19号）。"
        "通知指出，原省委网络安全和信息化领导小组不再保留，"
        "其职责由省委网络安全和信息化委员会承担。\n"
    )
    record = parse_text(text)
    assert record.title == "关于调整省委网络安全和信息化委员会组成人员的通知"
    assert (record.issuer, record.doc_number) == ("中共某某省委办公厅", "粤委办发电〔2025〕19号")
    merges = {(e.group, tuple(e.from_)) for e in record.events if e.type == "merge"}
    assert merges == {("省委网络安全和信息化委员会", ("省委网络安全和信息化领导小组",))}


@pytest.mark.parametrize("mark", ["①", "(1)", "1)", "（1）"])
def test_abolished_items_numbered_in_any_style(mark: str) -> None:
    text = (
        "各县（区）人民政府：\n经研究，决定对议事协调机构进行清理。\n一、撤销的机构（2个）\n"
        f"{mark}某某市创建国家卫生城市工作领导小组\n"
        f"{mark.replace('1', '2').replace('①', '②')}某某市防治禽流感指挥部\n"
        "二、保留的机构\n保留某某市防汛抗旱指挥部等29个议事协调机构。\n"
    )
    assert _events(text) == {
        ("abolish", "某某市创建国家卫生城市工作领导小组", ()),
        ("abolish", "某某市防治禽流感指挥部", ()),
    }


def test_an_offices_separate_setup_abolished_is_not_its_body() -> None:
    text = (
        "国务院各部委：\n经研究，对国务院议事协调机构进行清理。\n"
        "1．撤销国务院西部地区开发领导小组办公室的单设机构，工作由国家发展改革委承担。\n"
        "2．撤销国务院纠正行业不正之风办公室。\n"
    )
    assert _events(text) == {("abolish", "国务院纠正行业不正之风办公室", ())}


@pytest.mark.parametrize(
    "note", ["（本文档仅显示前一页，下载后查看全文）", "全文预览已结束，下载即可查看全部内容", "展开全文"]
)
def test_a_document_sites_preview_note_marks_the_list_cut_off(note: str) -> None:
    text = (
        "各地区：\n经研究，决定调整省农业综合开发领导小组。\n组　长：王明　省长\n"
        f"成　员：李强　省财政厅厅长\n　　　　赵刚　省农委主任\n{note}\n"
    )
    record = parse_text(text, title="关于调整省农业综合开发领导小组的通知")
    assert [g.partial for g in record.groups if g.parent is None] == [True]


@pytest.mark.parametrize(
    ("sentence", "name", "alias"),
    [
        (
            "决定成立某某市第五次全国经济普查领导小组（简称“市领导小组”）。",
            "某某市第五次全国经济普查领导小组",
            "市领导小组",
        ),
        (
            "经市政府同意，建立宁德市农民工工作联席会议（以下简称联席会议）制度。",
            "宁德市农民工工作联席会议",
            "联席会议",
        ),
        (
            "将柳州市食品安全委员会、柳州市药品安全委员会合并为柳州市食品药品安全委员会（以下简称市食药安委）。",
            "柳州市食品药品安全委员会",
            "市食药安委",
        ),
    ],
)
def test_the_short_name_a_notice_gives_a_body_is_its_alias(sentence: str, name: str, alias: str) -> None:
    record = parse_text(f"各有关单位：\n{sentence}组成人员如下：\n主任：王明 市长\n委员：李强 市财政局局长\n")
    assert {g.name: g.alias for g in record.groups if g.parent is None}.get(name) == alias
