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
