"""Encodings of saved portal pages: BOM, header and meta charsets, GBK as GB18030, bad bytes."""

from __future__ import annotations

import pytest

from scrapers.extract import BadDocument, decode_html, extract_page
from tests.conftest import DATA

PAGES = DATA / "pages"
TITLE = "青海省人民政府办公厅关于成立省政府推进政府职能转变和“放管服”改革协调小组的通知"
MEMBER_SENTENCE = "省政府常务副省长王予波任协调小组组长"


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("qinghai_utf8.html", None),
        ("qinghai_utf8.html", "utf-8"),
        ("qinghai_gbk_nometa.html", None),
        ("qinghai_gbk_nometa.html", "gbk"),
        ("qinghai_gbk_nometa.html", "iso-8859-1"),  # a server default, not a statement
        ("qinghai_gbk_meta.html", None),
        ("qinghai_gbk_meta.html", "utf-8"),  # header and meta disagree: the meta wins
        ("qinghai_utf8_bom.html", None),
        ("qinghai_utf8_bom.html", "gbk"),  # a BOM beats everything
        ("qinghai_header_latin1_meta_gbk.html", "ISO-8859-1"),
        ("qinghai_header_latin1_meta_gbk.html", None),
    ],
)
def test_every_encoding_of_the_page_reads_the_same(name: str, header: str | None) -> None:
    page = extract_page((PAGES / name).read_bytes(), header_charset=header)
    assert page.title == TITLE
    assert MEMBER_SENTENCE in page.text
    assert page.meta["发文字号"] == "青政办〔2019〕10号"
    assert "\ufffd" not in page.text


def test_gb2312_label_reads_gb18030_only_characters() -> None:
    text = '<html><head><meta charset="gb2312"></head><body><p>副组长：王㐀 𠀾生 镕基</p></body></html>'
    assert decode_html(text.encode("gb18030")) == text


def test_header_charset_used_when_the_page_declares_none() -> None:
    text = "<p>副组长：刘宁 省政府常务副省长</p>" * 3
    assert decode_html(text.encode("gbk"), "GBK") == text
    assert decode_html(text.encode("gbk"), None) == text  # detected: not UTF-8, reads as GB18030


def test_utf8_with_a_few_bad_bytes_keeps_the_text() -> None:
    good = "组长由省政府副秘书长晁海军担任。" * 200
    data = good.encode() + b"\xff\xfe\xfa" + good.encode()
    text = decode_html(data)
    assert text.count("\ufffd") <= 3
    assert text.startswith(good)


def test_mostly_undecodable_bytes_are_refused() -> None:
    with pytest.raises(BadDocument, match="unreadable encoding"):
        decode_html(b"\xfe\xfd\xfc" * 2000)


def test_utf16_with_bom_is_read() -> None:
    text = "<html><body><p>关于成立协调小组的通知</p></body></html>"
    assert decode_html(b"\xff\xfe" + text.encode("utf-16-le")) == text


def test_unknown_charset_label_is_ignored() -> None:
    text = '<meta charset="x-no-such-charset"><p>组长：张三</p>'
    assert decode_html(text.encode()) == text


def test_xml_declaration_gives_the_encoding() -> None:
    text = '<?xml version="1.0" encoding="gbk"?>\n<html><body><p>组长：张三</p></body></html>'
    assert decode_html(text.encode("gbk"), "utf-8") == text


def test_configured_encoding_overrides_the_page() -> None:
    text = '<meta charset="utf-8"><p>副组长：刘宁</p>'  # the page lies: it is GBK
    assert decode_html(text.encode("gbk"), "utf-8", encoding="gbk") == text
    page = extract_page(text.encode("gbk"), encoding="GB2312")
    assert page.text == "副组长：刘宁"
    with pytest.raises(BadDocument, match="unreadable as utf-8"):
        decode_html(text.encode("gbk") * 5, encoding="utf-8")


def test_valid_utf8_wins_over_a_stale_gb2312_meta() -> None:
    text = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    text += "<p>副组长：刘宁，省政府常务副省长；成员：各成员单位分管负责同志</p>"
    assert decode_html(text.encode("utf-8"), "gbk") == text


def test_gbk_page_with_a_few_bad_bytes_stays_gbk() -> None:
    good = '<meta charset="gbk"><p>' + "组长由省政府副秘书长晁海军担任。" * 200 + "</p>"
    data = good.encode("gbk").replace("晁".encode("gbk"), b"\x81\x20", 2)
    text = decode_html(data, "utf-8")
    assert text.count("\ufffd") <= 2
    assert text.count("组长由省政府副秘书长") == 200
