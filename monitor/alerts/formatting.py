"""How a change event reads to a person: a one-line summary, a plain-text body and an
HTML body (every scraped string escaped), shared by email and the chat webhooks."""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

LABELS = {
    "group_established": "成立",
    "group_renamed": "更名",
    "group_merged": "合并",
    "group_abolished": "撤销",
    "subgroup_added": "新设",
    "subgroup_removed": "撤销",
    "subgroup_renamed": "更名",
    "office_moved": "办公室调整",
    "holder_changed": "变动",
    "member_added": "增补",
    "member_removed": "调整",
    "title_changed": "职务变化",
    "source_failing": "来源故障",
    "source_recovered": "来源恢复",
}


def _side(value: Any) -> str:
    """A before/after value as text: a holder, a name, or a list of names."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        person = value.get("person") or value.get("unit") or ""
        title = value.get("title")
        return f"{person}（{title}）" if person and title else person or title or "—"
    if isinstance(value, list):
        return "、".join(_side(v) for v in value)
    return str(value)


def _holder(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("person") or value.get("unit") or "—")
    return _side(value)


def where(event: dict[str, Any]) -> str:
    group = str(event.get("group") or "")
    sub = event.get("subgroup")
    return f"{group}·{sub}" if sub else group


def summary(event: dict[str, Any]) -> str:
    """ "【变动】…协调小组：组长 王予波 → 刘宁" and the like."""
    kind = str(event.get("type") or "")
    label = LABELS.get(kind, kind)
    if kind in ("source_failing", "source_recovered"):
        return f"【{label}】{event.get('message') or event.get('source')}"
    role = event.get("role") or ""
    before, after = event.get("before"), event.get("after")
    if kind == "holder_changed":
        detail = f"{role} {_holder(before)} → {_holder(after)}"
    elif kind == "title_changed":
        detail = f"{role} {_holder(after)}：{_side_title(before)} → {_side_title(after)}"
    elif kind == "member_added":
        detail = f"{role} 增加 {_side(after)}"
    elif kind == "member_removed":
        detail = f"{role} 减少 {_side(before)}"
    elif kind in ("group_renamed", "subgroup_renamed", "office_moved"):
        detail = f"{_side(before)} → {_side(after)}"
    elif kind == "group_merged":
        detail = f"由 {_side(before)} 合并"
    else:
        detail = ""
    head = f"【{label}】{where(event)}"
    return f"{head}：{detail}" if detail else head


def _side_title(value: Any) -> str:
    return str(value.get("title") or "—") if isinstance(value, dict) else _side(value)


def _notice_lines(event: dict[str, Any]) -> list[tuple[str, str]]:
    notice = event.get("notice") or {}
    lines = []
    for key, label in (("title", "文件"), ("doc_number", "文号"), ("url", "链接")):
        if notice.get(key):
            lines.append((label, str(notice[key])))
    if event.get("effective"):
        lines.insert(0, ("生效日期", str(event["effective"])))
    return lines


# which event leads a message about several: the weightiest change first
PRIORITY = [
    "group_abolished",
    "group_merged",
    "group_renamed",
    "group_established",
    "holder_changed",
    "subgroup_renamed",
    "subgroup_added",
    "subgroup_removed",
    "office_moved",
    "member_added",
    "member_removed",
    "title_changed",
]


def by_weight(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    return sorted(events, key=lambda e: rank.get(str(e.get("type")), len(rank)))


def subject(events: list[dict[str, Any]]) -> str:
    events = by_weight(events)
    first = summary(events[0])
    return first if len(events) == 1 else f"{first}（等 {len(events)} 项变动）"


def plain_text(events: list[dict[str, Any]]) -> str:
    parts = []
    for event in by_weight(events):
        lines = [summary(event)]
        lines += [f"  {label}：{value}" for label, value in _notice_lines(event)]
        lines.append(f"  事件编号：{event.get('id')}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def html(events: list[dict[str, Any]]) -> str:
    items = []
    for event in by_weight(events):
        rows = "".join(
            f"<tr><th align='left'>{escape(label)}</th><td>{_link(label, value)}</td></tr>"
            for label, value in _notice_lines(event)
        )
        items.append(
            f"<li><p><b>{escape(summary(event))}</b></p><table>{rows}</table>"
            f"<p><small>{escape(str(event.get('id')))}</small></p></li>"
        )
    return f"<html><body><ul>{''.join(items)}</ul></body></html>"


def _link(label: str, value: str) -> str:
    if label == "链接" and value.startswith(("http://", "https://")):
        return f'<a href="{escape(value, quote=True)}">{escape(value)}</a>'
    return escape(value)


# Characters that make inline markdown (emphasis, code, links, images, HTML, strike, tables):
# a backslash before each keeps a scraped title such as "关于*加强*…" or "[点此](javascript:…)"
# plain text. Line breaks are folded, so a value never starts a line and the characters that
# only count there (# - + 1. >) stay as they are: dates and numbers read unescaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")


def markdown_text(value: str) -> str:
    """Scraped text made safe to place in a chat robot's markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _markdown_link(url: str) -> str:
    """A link only to http(s); the URL percent-encoded so that no ')' or space ends it early."""
    text = markdown_text(url)
    if not url.startswith(("http://", "https://")):
        return text
    return f"[{text}]({quote(url, safe=URL_SAFE)})"


URL_SAFE = "/:?&=#%@+,;~!$'*"  # characters a link keeps; ( ) [ ] < > and spaces are encoded


def markdown(events: list[dict[str, Any]]) -> str:
    """A short markdown summary for chat (DingTalk, WeCom), every scraped string escaped.
    (Feishu gets `plain_text`, sent as a text message: nothing in it is formatting.)"""
    lines = []
    for event in events:
        lines.append(f"**{markdown_text(summary(event))}**")
        for label, value in _notice_lines(event):
            shown = _markdown_link(value) if label == "链接" else markdown_text(value)
            lines.append(f"> {label}：{shown}")
    return "\n\n".join(lines)
