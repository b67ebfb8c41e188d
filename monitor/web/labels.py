"""Chinese labels and one-line descriptions of change events for pages, feeds and CSV."""

from __future__ import annotations

from typing import Any

EVENT_LABELS = {
    "group_established": "成立",
    "group_renamed": "更名",
    "group_merged": "合并",
    "group_abolished": "撤销",
    "subgroup_added": "增设下设机构",
    "subgroup_removed": "撤销下设机构",
    "subgroup_renamed": "下设机构更名",
    "office_moved": "办公室调整",
    "holder_changed": "人员更替",
    "member_added": "新增成员",
    "member_removed": "成员退出",
    "title_changed": "职务变化",
}

# How a difference is highlighted: something appeared, went away, or is now otherwise.
EVENT_KIND = {
    "group_established": "added",
    "subgroup_added": "added",
    "member_added": "added",
    "group_abolished": "removed",
    "subgroup_removed": "removed",
    "member_removed": "removed",
}

STATUS_LABELS = {"active": "存续", "abolished": "已撤销", "merged": "已合并"}


def event_label(type_: str) -> str:
    return EVENT_LABELS.get(type_, type_)


def event_kind(type_: str) -> str:
    return EVENT_KIND.get(type_, "changed")


def holder_text(value: Any) -> str:
    """A holder ({person, title, unit}), a name, or a list of names, as one short text."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        who = value.get("person") or value.get("unit") or "（未具名）"
        return f"{who}（{value['title']}）" if value.get("title") else str(who)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


# Events whose before/after is the (sub-)group's own name: the name alone says it.
_NAME_ONLY = {
    "group_established": "after",
    "subgroup_added": "after",
    "group_abolished": "before",
    "subgroup_removed": "before",
}


def describe(event: dict[str, Any]) -> str:
    """'组长：王予波（省政府常务副省长） → 刘宁（…）' and the like."""
    side = _NAME_ONLY.get(event.get("type", ""))
    if side and event.get(side) is not None:
        return holder_text(event[side])
    where = "·".join(x for x in (event.get("subgroup"), event.get("role")) if x)
    change = f"{holder_text(event.get('before'))} → {holder_text(event.get('after'))}"
    return f"{where}：{change}" if where else change
