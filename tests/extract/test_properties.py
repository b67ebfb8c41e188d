"""Property tests: any bytes → a record or BadDocument; any text → a record. Never another error."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.extract import BadDocument
from scrapers.htmltext import limit_nesting
from scrapers.notice import read_notice
from scrapers.parse import parse_text
from scrapers.parse.metadata import read_metadata
from store.records import NoticeRecord

FRAGMENTS = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<div class='TRS_Editor'>",
        "<div id=zoom>",
        "</div>",
        "<p>",
        "</p>",
        "<br>",
        "<table><tr><td>",
        "</td><td>",
        "</td></tr></table>",
        "<meta charset=gbk>",
        "<meta charset=utf-8>",
        "<script>",
        "</script>",
        "<title>",
        "</title>",
        "<a href='x.pdf'>",
        "</a>",
        "&nbsp;",
        "<!--",
        "关于成立",
        "领导小组的通知",
        "组长：",
        "张三",
        "副组长由",
        "担任。",
        "〔2019〕",
        "10号",
        "青政办",
        "2019年2月14日",
        "二〇一九年二月十四日",
        "发文字号：",
        "成文日期：",
        "索 引 号：",
        "\n",
        "\t",
        " ",
        "（",
        "）",
        "《",
        "》",
        "\ufffd",
        "\x00",
        "\u3000",
    ]
)
HTMLISH = st.lists(FRAGMENTS, max_size=60).map("".join)
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"])


def _check(data: bytes, **kwargs: object) -> None:
    try:
        record = read_notice(data, **kwargs)  # type: ignore[arg-type]
    except BadDocument as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(record, NoticeRecord)
        record.to_json(explain=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_any_bytes_give_a_record_or_bad_document(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None)
@given(HTMLISH, ENCODINGS, st.sampled_from([None, "iso-8859-1", "gbk", "utf-8", "bogus"]))
def test_any_html_like_bytes_give_a_record_or_bad_document(
    text: str, encoding: str, header: str | None
) -> None:
    _check(text.encode(encoding, "replace"), header_charset=header, url="http://example.gov.cn/a/b.html")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000) | HTMLISH)
def test_any_text_gives_a_record(text: str) -> None:
    assert isinstance(parse_text(text), NoticeRecord)
    read_metadata(text, meta={"发文字号": text[:30], "成文日期": text[:12]}, title=text[:50])


CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        "组长副成员委员会领导小组关于的通知青海省人民政府办公厅〔〕号：，。“”（）镕䶮 abcXYZ019"
    ),
    min_size=1,
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(CJK_TEXT, st.sampled_from(["utf-8", "gbk", "gb2312", "gb18030", "big5"]), st.booleans())
def test_declared_encodings_round_trip(text: str, label: str, header_only: bool) -> None:
    from hypothesis import assume

    from scrapers.extract import decode_html

    page = f"<html><head></head><body><p>{text}</p></body></html>"
    if not header_only:
        page = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'
    try:
        data = page.encode(label)
    except UnicodeEncodeError:
        assume(False)
    decoded = decode_html(data, label if header_only else "iso-8859-1")
    assert decoded == page


# Fragments that keep the markup well formed around them (an open <title>, <script> or
# comment would, by HTML's rules, turn what follows into its text).
LAYOUT = FRAGMENTS.filter(lambda f: f not in {"<title>", "</title>", "<script>", "</script>", "<!--"})


@settings(max_examples=200, deadline=None)
@given(st.lists(LAYOUT, max_size=40).map("".join))
def test_script_and_style_never_reach_the_text(fragments: str) -> None:
    html = f"<html><head><style>.SECRET1{{}}</style></head><body>{fragments}"
    html += "<script>var SECRET2 = 1;</script><p>组长：张三</p></body></html>"
    try:
        page = read_notice_page(html)
    except BadDocument:
        return
    assert "SECRET1" not in page.text and "SECRET2" not in page.text


def read_notice_page(html: str):
    from scrapers.extract import extract_page

    return extract_page(html.encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(HTMLISH, st.integers(min_value=1, max_value=6))
def test_flattening_keeps_every_character_of_text_and_bounds_depth(html: str, depth: int) -> None:
    """limit_nesting only removes whole tags: the text between them is kept in order."""
    flat = limit_nesting(html, max_depth=depth)
    assert _TAGS.sub("", flat) == _TAGS.sub("", html)
    assert limit_nesting(html, max_depth=10_000) == html  # nothing that deep: untouched
