"""The 信息公开 label/value pairs portals print above a notice (索引号, 发文字号, 成文日期 …).

Found in a page's metadata table and, in saved text, at the top of the notice itself.
Each label is stored under a fixed key; dates are reduced to the date itself.
"""

from __future__ import annotations

import re

from scrapers.lazyre import lazy_compile

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


_FIRST_CHARS = "".join(sorted({label[0] for label in _LABELS}))
# A label, then a colon or a cell/line boundary before its value.
_LABEL_RE = lazy_compile(
    f"(?=[{_FIRST_CHARS}])("
    + "|".join(_label_pattern(x) for x in sorted(_LABELS, key=len, reverse=True))
    + r")[ \t\u3000]*([:：\t]|\n)"
)
_DATE_KEYS = {"成文日期", "发布日期"}
_DATE = lazy_compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def read_label_table(text: str) -> dict[str, str]:
    """The 信息公开 label/value pairs ("发文字号：青政办〔2019〕10号"), first occurrence of each.

    The value follows the label on the same line, or on the next line when the page puts
    label and value in separate cells; it ends at the next label, cell or line.
    """
    found: dict[str, str] = {}
    matches = list(_LABEL_RE.finditer(text))
    for i, match in enumerate(matches):
        label = re.sub(r"\s+", "", match.group(1))
        if match.group(2) == "\n" and len(label) <= 2:
            continue  # a bare short word at a line end is not a label
        end = matches[i + 1].start() if i + 1 < len(matches) else min(len(text), match.end() + 400)
        segment = text[match.end() : end]
        value = next((line.strip(" \t:：\u3000") for line in segment.split("\n") if line.strip()), "")
        value = value.split("\t")[0].strip()
        key = _LABELS[label]
        if key in _DATE_KEYS:
            date = _DATE.search(value)
            value = date.group(0).strip() if date else ""
        if key and value and key not in found and len(value) <= 200:
            found[key] = value
    return found
