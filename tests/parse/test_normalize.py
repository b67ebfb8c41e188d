"""normalize(): each guarantee of its docstring, as data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.parse.normalize import normalize

CASES = [
    # traditional → simplified, spaced-out characters joined
    ("組長：楊　智　市長", "组长：杨智 市长"),
    ("領導小組辦公室設在市政府辦公廳", "领导小组办公室设在市政府办公厅"),
    # a stray traditional character in a simplified text is kept (names)
    ("省政府副省长匡湧任副组长", "省政府副省长匡湧任副组长"),
    ("主 任 委 员：孙春兰 国务院副总理", "主任委员：孙春兰 国务院副总理"),
    ("组  长:张三  市长", "组长：张三 市长"),
    ("成　员：李四　市发展改革委主任", "成员：李四 市发展改革委主任"),
    ("成员：王刚 李强 张明", "成员：王刚 李强 张明"),
    ("王 刚 市长", "王刚 市长"),
    ("Ａ１ＢＣ号", "A1BC号"),
    ("（一）(二)", "（一）（二）"),
    ("会议10:30开始 http://x.cn", "会议10:30开始 http：//x.cn".replace("：//", "://")),
    ("组长︰张三", "组长：张三"),
    ("a&nbsp;b&amp;nbsp;c", "a b c"),
    ("张\u200b三\ufeff", "张三"),
    ("一行\r\n二行\r三行\u2028四行", "一行\n二行\n三行\n四行"),
    ("甲\n\n\n\n乙", "甲\n\n乙"),
    ("  组长 ：张三 \n  副组长：李四  ", "组长：张三\n副组长：李四"),
    ("互联网＋监管，“放管服”。", "互联网＋监管，“放管服”。"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text())
def test_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once
