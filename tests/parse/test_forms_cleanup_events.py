"""Event forms of clean-up and merge notices (second set) (CONTRACT §1 `events`), on short notices written
here, one per family: the bodies merged written before 合并, a body's work passed to another
coordinating body, bodies listed under a 不再保留 heading, counts that name no body, and the
bodies a clean-up keeps as they are.
"""

from __future__ import annotations

from scrapers.parse import parse_text

Ev = tuple[str, str, tuple[str, ...]]


def events(text: str) -> set[Ev]:
    return {(e.type, e.group, tuple(sorted(e.from_))) for e in parse_text(text).events}


HEAD = "某市人民政府关于撤销和合并部分议事协调机构的通知\n各县（区）人民政府，市政府各部门：\n"


def test_bodies_merged_written_before_the_verb_into_a_new_body() -> None:
    text = (
        HEAD
        + "二、合并的议事协调机构\n市食品安全委员会与市药品安全工作领导小组合并，组建市食品药品安全委员会。\n"
    )
    assert ("merge", "市食品药品安全委员会", ("市药品安全工作领导小组", "市食品安全委员会")) in events(text)
    assert not {e for e in events(text) if e[0] == "abolish"}


def test_bodies_merged_keeping_one_name_merge_into_that_one() -> None:
    text = (
        HEAD
        + "二、合并以下议事协调机构：\n1.市绿化委员会与市植树造林工作领导小组合并，保留市绿化委员会名称。\n"
    )
    assert events(text) == {("merge", "市绿化委员会", ("市植树造林工作领导小组",))}


def test_a_body_whose_work_another_coordinating_body_takes_is_merged_into_it() -> None:
    text = HEAD + "三、市防汛指挥部更名为市防汛抗旱指挥部，原市抗旱工作领导小组职能由其承担。\n"
    found = events(text)
    assert ("rename", "市防汛抗旱指挥部", ("市防汛指挥部",)) in found
    assert ("merge", "市防汛抗旱指挥部", ("市抗旱工作领导小组",)) in found
    assert not {e for e in found if e[0] == "abolish"}


def test_bodies_listed_under_a_no_longer_kept_heading_and_items_ending_themselves() -> None:
    text = (
        HEAD
        + "决定撤销下列议事协调机构，其工作分别由有关职能部门承担：\n"
        + "一、不再保留的机构（共2个）\n1.市第二次全国经济普查领导小组\n2.市迎接省运会筹备工作委员会\n"
        + "二、工作职责转由职能部门承担的机构（共2个）\n"
        + "1.市减轻企业负担工作领导小组，其职责由市经济和信息化局承担，不再保留。\n"
        + "2.市重大项目建设协调领导小组，并入市重点项目建设领导小组，不再单独保留。\n"
    )
    assert events(text) == {
        ("abolish", "市第二次全国经济普查领导小组", ()),
        ("abolish", "市迎接省运会筹备工作委员会", ()),
        ("abolish", "市减轻企业负担工作领导小组", ()),
        ("merge", "市重点项目建设领导小组", ("市重大项目建设协调领导小组",)),
    }


def test_a_count_of_bodies_is_no_body() -> None:
    text = (
        "某县人民政府关于成立县治水工作领导小组的通知\n"
        "经县政府同意，将县河道整治工作领导小组和县水污染防治工作领导小组合并，组建县治水工作领导小组，"
        "原两个领导小组同时撤销。领导小组组成人员如下：\n组长：张三　县长\n"
    )
    found = events(text)
    assert ("merge", "县治水工作领导小组", ("县水污染防治工作领导小组", "县河道整治工作领导小组")) in found
    assert not {e for e in found if e[0] == "abolish"}


def test_bodies_a_clean_up_keeps_as_they_are_get_no_event() -> None:
    text = (
        "某县人民政府关于清理规范县政府议事协调机构的通知\n经县政府研究，保留议事协调机构2个，撤销1个。\n"
        "一、保留的议事协调机构及其负责人（2个）\n1.某县安全生产委员会\n主任：张三（县长）\n"
        "2.某县绿化委员会\n主任：李四（副县长）\n"
        "二、撤销的议事协调机构（1个）\n1.某县殡葬改革领导小组\n"
    )
    assert events(text) == {("abolish", "某县殡葬改革领导小组", ())}


def test_the_body_a_merge_makes_is_not_abolished_by_the_list_before_it() -> None:
    text = (
        HEAD
        + "一、撤销以下议事协调机构（共2个）\n1.市第三次全国经济普查领导小组\n2.市节能减排工作协调小组\n"
        + "二、合并的议事协调机构\n"
        + "将市节能工作领导小组和市应对气候变化工作领导小组合并为市应对气候变化工作委员会，"
        + "具体组成人员另行通知。\n"
    )
    found = events(text)
    assert (
        "merge",
        "市应对气候变化工作委员会",
        ("市应对气候变化工作领导小组", "市节能工作领导小组"),
    ) in found
    assert ("abolish", "市应对气候变化工作委员会", ()) not in found


def test_a_new_name_with_a_bracketed_part() -> None:
    text = HEAD + "三、市扶贫开发领导小组更名为市扶贫开发（革命老区建设）领导小组，职责和组成人员不变。\n"
    assert ("rename", "市扶贫开发（革命老区建设）领导小组", ("市扶贫开发领导小组",)) in events(text)


def test_a_list_after_a_sentence_ending_in_a_colon_and_a_name_the_page_wrapped() -> None:
    text = (
        HEAD
        + "经研究，决定撤销以下3个议事协调机构：\n1.市第六次全国人口普查领导小组\n"
        + "2.市城乡居民社会养老保险试点工作领导\n小组\n3.市清理化解乡村债务领导小组\n"
        + "撤销的议事协调机构工作由相关职能部门承担。\n"
    )
    assert events(text) == {
        ("abolish", "市第六次全国人口普查领导小组", ()),
        ("abolish", "市城乡居民社会养老保险试点工作领导小组", ()),
        ("abolish", "市清理化解乡村债务领导小组", ()),
    }


def test_circled_numbers_before_listed_names() -> None:
    text = (
        HEAD + "一、撤销以下议事协调机构：\n①市创建国家卫生城市工作领导小组\n②市第二次全国农业普查领导小组\n"
    )
    assert events(text) == {
        ("abolish", "市创建国家卫生城市工作领导小组", ()),
        ("abolish", "市第二次全国农业普查领导小组", ()),
    }


def test_a_body_no_longer_kept_whose_duties_another_body_takes_is_merged_into_it() -> None:
    text = (
        "省委办公厅关于调整省委网络安全和信息化委员会组成人员的通知\n"
        "原省委网络安全和信息化领导小组不再保留，其职责由省委网络安全和信息化委员会承担。\n"
    )
    found = events(text)
    assert ("merge", "省委网络安全和信息化委员会", ("省委网络安全和信息化领导小组",)) in found
    assert not {e for e in found if e[0] == "abolish"}


def test_a_body_no_longer_kept_whose_duties_a_department_takes_is_abolished() -> None:
    text = HEAD + "市节能工作领导小组不再保留，其职责由市发展改革委承担。\n"
    assert events(text) == {("abolish", "市节能工作领导小组", ())}
