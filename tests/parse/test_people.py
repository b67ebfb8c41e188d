"""read_holders(): the text naming a role's holders → persons with titles, or units."""

from __future__ import annotations

import pytest

from scrapers.parse.lexicon import SURNAMES
from scrapers.parse.people import Post, read_holders

P = Post
CASES = [
    # title before name, shared title, two posts in one title, compound surname, padded name
    (
        "省政府副秘书长晁海军、苏全仁，省公安厅副厅长兼省大数据中心主任上官云飞，人行兰州中心支行行长卓玛",
        [
            P("晁海军", "省政府副秘书长"),
            P("苏全仁", "省政府副秘书长"),
            P("上官云飞", "省公安厅副厅长兼省大数据中心主任"),
            P("卓玛", "人行兰州中心支行行长"),
        ],
    ),
    (
        "省政府办公厅副巡视员、省政府信息与政务公开办公室主任周洋城",
        [P("周洋城", "省政府办公厅副巡视员、省政府信息与政务公开办公室主任")],
    ),
    ("由市政府秘书长、办公厅主任欧顺清", [P("欧顺清", "市政府秘书长、办公厅主任")]),
    # name before title, run together, several people with no separator
    ("唐良智市委副书记、市政府市长", [P("唐良智", "市委副书记、市政府市长")]),
    (
        "吴存荣市委常委、市政府常务副市长欧顺清市政府秘书长、办公厅主任",
        [P("吴存荣", "市委常委、市政府常务副市长"), P("欧顺清", "市政府秘书长、办公厅主任")],
    ),
    (
        "丁向阳国务院副秘书长欧阳明高科技部副部长罗文工业和信息化部副部长司马义·铁力瓦尔地国家民委副主任易纲人民银行行长",
        [
            P("丁向阳", "国务院副秘书长"),
            P("欧阳明高", "科技部副部长"),
            P("罗文", "工业和信息化部副部长"),
            P("司马义·铁力瓦尔地", "国家民委副主任"),
            P("易纲", "人民银行行长"),
        ],
    ),
    ("王平省地方金融监管局局长", [P("王平", "省地方金融监管局局长")]),
    ("扎顿西宁海关关长", [P("扎顿", "西宁海关关长")]),
    ("国网衢州供电公司总经理孙涛", [P("孙涛", "国网衢州供电公司总经理")]),
    # lines: name, space, title; continuation lines
    ("胡春林 国务院副总理", [P("胡春林", "国务院副总理")]),
    ("王雷 县委常委、常务副县长\n沈建华 副县长", [P("王雷", "县委常委、常务副县长"), P("沈建华", "副县长")]),
    ("黄建华 党委副书记、院长", [P("黄建华", "党委副书记、院长")]),
    ("边巴次仁 市交通运输局局长", [P("边巴次仁", "市交通运输局局长")]),
    # titles in brackets; names without titles
    ("王伟（副校长） 蒋霞（研究生院院长）", [P("王伟", "副校长"), P("蒋霞", "研究生院院长")]),
    ("林少华 法律顾问（院外）", [P("林少华", "法律顾问（院外）")]),
    ("张宏、李娜、沈雯（社区代表）", [P("张宏", None), P("李娜", None), P("沈雯", "社区代表")]),
    ("丁宁 马晓东 欧阳立新", [P("丁宁", None), P("马晓东", None), P("欧阳立新", None)]),
    ("李晓超同志", [P("李晓超", None)]),
    # units with the official named for them
    (
        "由市发展改革委、市公安局、重庆海关分管负责人担任",
        [
            P(None, "分管负责人", "市发展改革委"),
            P(None, "分管负责人", "市公安局"),
            P(None, "分管负责人", "重庆海关"),
        ],
    ),
    (
        "办公室、人力资源部、安全环保部主要负责人",
        [
            P(None, "主要负责人", "办公室"),
            P(None, "主要负责人", "人力资源部"),
            P(None, "主要负责人", "安全环保部"),
        ],
    ),
    # names whose surname is not in the lexicon, in slots where only a name fits
    ("茆海军", [P("茆海军", None)]),
    ("茆海军、蒉述仁", [P("茆海军", None), P("蒉述仁", None)]),
    ("蒉述仁（副县长）", [P("蒉述仁", "副县长")]),
    ("市委副书记 茆海军、县长 蒉述仁", [P("茆海军", "市委副书记"), P("蒉述仁", "县长")]),
    ("茆海军 县委书记\n蒉述仁 县长", [P("茆海军", "县委书记"), P("蒉述仁", "县长")]),
    ("县长茆明，副县长蒉强", [P("茆明", "县长"), P("蒉强", "副县长")]),
    # a bare list of units (成员：街道武装部、北山派出所、各社区): units, the collective dropped
    ("街道武装部、北山派出所、各社区", [P(None, None, "街道武装部"), P(None, None, "北山派出所")]),
    # references that name nobody
    ("县委常委 常务副县长", []),
    ("各专题组和保障组组长、副组长", []),
    ("", []),
]


def test_slot_names_use_surnames_the_lexicon_lacks() -> None:
    assert "茆" not in SURNAMES and "蒉" not in SURNAMES  # else the slot cases test nothing


@pytest.mark.parametrize(("span", "expected"), CASES)
def test_read_holders(span: str, expected: list[Post]) -> None:
    assert read_holders(span)[0] == expected


def test_generic_unit_reference_gives_the_official() -> None:
    assert read_holders("由各成员单位主要负责同志担任") == ([], "主要负责同志")


# Mixed lists and posts with no name (CONTRACT §1: person null, title the post, unit the organ).
MIXED = [
    (
        "市政府办公室主任彭伟洪，罗浮镇、黄槐镇政府主要负责同志，市财政局、市农业农村局（市乡村振兴局）主要负责同志",
        [
            P("彭伟洪", "市政府办公室主任"),
            P(None, "主要负责同志", "罗浮镇"),
            P(None, "主要负责同志", "黄槐镇政府"),
            P(None, "主要负责同志", "市财政局"),
            P(None, "主要负责同志", "市农业农村局（市乡村振兴局）"),
        ],
    ),
    ("分管民政工作的省领导", [P(None, "分管民政工作的省领导")]),
    ("省政府分管商务工作的副省长", [P(None, "分管商务工作的副省长", "省政府")]),
    ("市政府秘书长", [P(None, "秘书长", "市政府")]),
    ("县委副书记、县长", [P(None, "县委副书记、县长")]),
    ("郑国平，县委副书记", [P("郑国平", "县委副书记")]),
    ("区府办副主任、统计局局长", [P(None, "副主任", "区府办"), P(None, "局长", "统计局")]),
    # names run together with no separator
    ("王国强赵白鸽江帆", [P("王国强", None), P("赵白鸽", None), P("江帆", None)]),
    ("顾法明罗迈金婷", [P("顾法明", None), P("罗迈", None), P("金婷", None)]),
    ("市政府办公室", []),
]


@pytest.mark.parametrize(("span", "expected"), MIXED)
def test_mixed_lists_and_posts_without_names(span: str, expected: list[Post]) -> None:
    assert read_holders(span)[0] == expected
