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


def members_by_role(group: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The group's members grouped by role, roles in the order the notice first names them."""
    roles: dict[str, list[dict[str, Any]]] = {}
    for member in group.get("members") or []:
        roles.setdefault(member.get("role") or "成员", []).append(member)
    return list(roles.items())


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
env.filters["event_label"] = labels.event_label
env.filters["event_kind"] = labels.event_kind
env.filters["describe"] = labels.describe
env.filters["holder"] = labels.holder_text
env.filters["status_label"] = lambda s: labels.STATUS_LABELS.get(s, s)
env.filters["safe_url"] = safe_url
env.globals["members_by_role"] = members_by_role
env.globals["EVENT_LABELS"] = labels.EVENT_LABELS
