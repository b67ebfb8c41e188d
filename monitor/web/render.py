"""Jinja2 templates (autoescaped: every scraped text is escaped) and their filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from monitor.web import labels
from store.diff import is_office

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


def safe_url(url: Any) -> str | None:
    """A link target from scraped data only when it is http(s): never javascript: or data:."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


# Leaders first, then the other roles as the notice names them, members and liaisons last.
LEADING_ROLES = (
    "第一组长",
    "组长",
    "第一副组长",
    "常务副组长",
    "副组长",
    "主任委员",
    "常务副主任委员",
    "副主任委员",
    "主任",
    "常务副主任",
    "副主任",
    "总召集人",
    "召集人",
    "副召集人",
    "第一总指挥",
    "总指挥",
    "副总指挥",
    "指挥长",
    "副指挥长",
    "主席",
    "副主席",
    "秘书长",
    "副秘书长",
)
TRAILING_ROLES = ("成员", "委员", "联络员")


def _role_rank(role: str) -> int:
    if role in LEADING_ROLES:
        return LEADING_ROLES.index(role)
    if role in TRAILING_ROLES:
        return 1000 + TRAILING_ROLES.index(role)
    return 500


def members_by_role(group: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The group's members grouped by role: leaders first, members last."""
    roles: dict[str, list[dict[str, Any]]] = {}
    for member in group.get("members") or []:
        roles.setdefault(member.get("role") or "成员", []).append(member)
    return sorted(roles.items(), key=lambda item: _role_rank(item[0]))


def structure(version: dict[str, Any] | None) -> dict[str, Any] | None:
    """A version's composition as a drawing: the main group, its office, its sub-groups."""
    if not version or not version.get("groups"):
        return None
    groups = version["groups"]
    subs = groups[1:]
    return {
        "main": groups[0],
        "office": [g for g in subs if is_office(g)],
        "subgroups": [g for g in subs if not is_office(g)],
    }


env = templates.env
env.auto_reload = False  # templates ship with the package: no stat() of each file per request
env.filters["event_label"] = labels.event_label
env.filters["event_kind"] = labels.event_kind
env.filters["describe"] = labels.describe
env.filters["holder"] = labels.holder_text
env.filters["status_label"] = lambda s: labels.STATUS_LABELS.get(s, s)
env.filters["safe_url"] = safe_url
env.globals["members_by_role"] = members_by_role
env.globals["EVENT_LABELS"] = labels.EVENT_LABELS
