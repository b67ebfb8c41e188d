"""parse_text is total: any str gives a NoticeRecord whose JSON keeps to the contract."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.parse import parse_text
from scrapers.parse.normalize import normalize
from scrapers.parse.structure import parse_structure
from store.records import CATEGORIES, EVENT_TYPES, NoticeRecord

# Text made of the pieces notices are made of, so that the parser's paths are exercised.
PIECES = st.sampled_from(
    [
        "组长",
        "副组长",
        "成员",
        "主任",
        "委员",
        "：",
        ":",
        "，",
        "、",
        "。",
        "；",
        "\n",
        " ",
        "　",
        "由",
        "担任",
        "兼任",
        "任",
        "为",
        "不再担任",
        "增补",
        "同志",
        "（",
        "）",
        "(",
        ")",
        "领导小组",
        "协调小组",
        "委员会",
        "办公室设在",
        "下设",
        "个专题组",
        "成员单位",
        "分管负责人",
        "市政府",
        "副市长",
        "局长",
        "张三",
        "欧阳",
        "李",
        "王五",
        "一、",
        "（一）",
        "1.",
        "更名为",
        "合并调整为",
        "撤销",
        "成立",
        "（以下简称",
        "·",
        "組長",
        "楊",
        "&nbsp;",
        "\u200b",
        "Ａ１",
    ]
)
NOTICE_LIKE = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), NOTICE_LIKE))
def test_any_text_gives_a_record(text: str) -> None:
    record = parse_text(text)
    assert isinstance(record, NoticeRecord)
    data = record.to_json(explain=True)
    assert all(e["type"] in EVENT_TYPES for e in data["events"])
    for i, group in enumerate(data["groups"]):
        assert group["category"] in (*CATEGORIES, None)
        assert i == 0 or group["parent"] is not None or group["category"] is None
        for m in group["members"]:
            # a post with no name has only its title (CONTRACT §1)
            assert m["role"] and (m["person"] or m["unit"] or m["title"])


@settings(max_examples=300, deadline=None)
@given(NOTICE_LIKE, st.one_of(st.none(), NOTICE_LIKE))
def test_structure_parser_itself_never_raises(text: str, title: str | None) -> None:
    # parse_text guards against a failure of the structure parser; the parser must not need it
    events, groups, changes = parse_structure(normalize(text), title)
    assert isinstance(events, list) and isinstance(groups, list) and isinstance(changes, list)
