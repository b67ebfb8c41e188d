"""The 信息公开 label/value pairs portals print above a notice (索引号, 发文字号, 成文日期 …).

Found in a page's metadata table and, in saved text, at the top of the notice itself.
Each label is stored under a fixed key; dates are reduced to the date itself.
"""

from __future__ import annotations

import re

# 信息公开 labels, possibly spaced ("索 引 号"), and the fixed key each one is stored under.
_LABELS: dict[str, str | None] = {
    "索引号": "索引号",
    "发文字号": "发文字号",
    "文号": "发文字号",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发文单位": "发布机构",
    "发布单位": "发布机构",
    "成文日期": "成文日期",
    "成文时间": "成文日期",
    "发布日期": "发布日期",
    "发布时间": "发布日期",
    "公开日期": "发布日期",
    "主题分类": "主题分类",
    "公文时效": "公文时效",
    "有效性": "公文时效",
    "标题": "标题",
    "名称": "标题",
    "来源": "来源",
    "信息来源": "来源",
    # Labels that only end the value before them (font-size switches, hit counters).
    "字号": None,
    "浏览次数": None,
    "访问量": None,
    "点击数": None,
    "作者": None,
}


def _label_pattern(label: str) -> str:
    # Labels glued to the previous value ("…办公厅公文时效：有效") are common; only the short,
    # ambiguous ones must not follow another Chinese character.
    guard = r"(?<![\u4e00-\u9fff])" if len(label) <= 2 else ""
    return guard + r"\s*".join(label)


_LABEL_RE = re.compile(
    "(" + "|".join(_label_pattern(x) for x in sorted(_LABELS, key=len, reverse=True)) + r")\s*(?:[:：]|\t)"
)
_DATE_KEYS = {"成文日期", "发布日期"}
_DATE = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def read_label_table(text: str) -> dict[str, str]:
    """The 信息公开 label/value pairs ("发文字号：青政办〔2019〕10号"), first occurrence of each."""
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if len(line) > 400:
            continue
        matches = list(_LABEL_RE.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip(" \t:：")
            # A value is one cell: stop at the next cell boundary.
            value = value.split("\t")[0].strip()
            key = _LABELS[re.sub(r"\s+", "", match.group(1))]
            if key in _DATE_KEYS:
                date = _DATE.search(value)
                value = date.group(0) if date else ""
            if key and value and key not in found and len(value) <= 200:
                found[key] = value
    return found
