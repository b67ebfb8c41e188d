"""Atom 1.0 feeds of change events (all, or per group, region, type) and CSV downloads of
a changes query and of a group's composition."""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request, Response

from monitor.web import params
from monitor.web.deps import DB
from monitor.web.filters import CHANGES, ChangeFilter
from monitor.web.labels import describe, event_label, holder_text
from monitor.web.render import safe_url
from monitor.web.respond import ATOM_TYPE, conditional, csv_download
from store import query

router = APIRouter(tags=["feeds"])
ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
CSV_MAX = 10_000
EPOCH = "1970-01-01T00:00:00Z"


def _stamp(day: str | None) -> str:
    return f"{day}T00:00:00Z" if day else EPOCH


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _entry(feed: ET.Element, event: dict[str, Any], base: str) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"urn:monitor:event:{event['id']}")
    _sub(entry, "title", f"{event['group']}：{event_label(event['type'])}（{describe(event)}）")
    _sub(entry, "updated", _stamp(event.get("effective")))
    _sub(entry, "published", _stamp(event.get("effective")))
    _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}groups/{event['group_id']}")
    notice = event.get("notice") or {}
    if safe_url(notice.get("url")):
        _sub(entry, "link", rel="related", type="text/html", href=notice["url"])
    _sub(entry, "category", term=event["type"], label=event_label(event["type"]))
    lines = [f"{event_label(event['type'])}：{describe(event)}", f"生效日期：{event.get('effective')}"]
    if notice.get("title") or notice.get("doc_number"):
        lines.append(f"通知：{notice.get('title') or ''} {notice.get('doc_number') or ''}".strip())
    _sub(entry, "summary", "\n".join(lines), type="text")


def atom(events: list[dict[str, Any]], chosen: ChangeFilter, base: str, self_url: str) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-CN"})
    described = "，".join(f"{k}={v}" for k, v in chosen.fields().items())
    _sub(feed, "id", "urn:monitor:feed:changes" + (f"?{chosen.query_string()}" if described else ""))
    _sub(feed, "title", "机构变更" + (f"（{described}）" if described else ""))
    _sub(feed, "updated", max((_stamp(e.get("effective")) for e in events), default=EPOCH))
    _sub(_sub(feed, "author"), "name", "monitor")
    _sub(feed, "generator", "monitor")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    query_string = chosen.query_string()
    _sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=base + (f"?{query_string}" if query_string else ""),
    )
    for event in events:
        _entry(feed, event, base)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )


@router.get("/feeds/changes.atom", summary="Atom feed of change events (all, or by region, type, group)")
def changes_feed(
    request: Request,
    session: DB,
    chosen: CHANGES,
    limit: str | None = None,
) -> Response:
    size = params.number(limit, "limit", default=FEED_SIZE, low=1, high=500)
    events = [e.event for e in chosen.fetch(session, limit=size)]
    body = atom(events, chosen, str(request.base_url), str(request.url))
    return conditional(request, body, ATOM_TYPE)


CHANGE_HEADERS = [
    "生效日期",
    "机构",
    "机构ID",
    "类型",
    "下设机构",
    "职务",
    "变化前",
    "变化后",
    "文号",
    "通知标题",
    "通知网址",
    "事件ID",
]


@router.get("/changes.csv", summary="CSV of a changes query (the changes page's filters)")
def changes_csv(
    request: Request,
    session: DB,
    chosen: CHANGES,
) -> Response:
    events = [e.event for e in chosen.fetch(session, limit=CSV_MAX)]
    rows = [
        [
            e.get("effective"),
            e.get("group"),
            e.get("group_id"),
            event_label(e["type"]),
            e.get("subgroup"),
            e.get("role"),
            holder_text(e.get("before")) if e.get("before") is not None else "",
            holder_text(e.get("after")) if e.get("after") is not None else "",
            (e.get("notice") or {}).get("doc_number"),
            (e.get("notice") or {}).get("title"),
            (e.get("notice") or {}).get("url"),
            e.get("id"),
        ]
        for e in events
    ]
    return csv_download(request, f"changes-{date.today().isoformat()}.csv", CHANGE_HEADERS, rows)


COMPOSITION_HEADERS = ["机构", "上级", "类别", "设在", "职务", "姓名", "职务全称", "单位"]


@router.get("/groups/{group}/composition.csv", summary="CSV of a group's composition (now, or ?asof=DATE)")
def composition_csv(request: Request, session: DB, group: str, asof: str | None = None) -> Response:
    when = params.day(asof, "asof")
    if when is None:
        versions = query.history(session, group)
        if not versions:
            raise params.WebError(404, f"group {group!r} has no version")
        version = versions[-1]
    else:
        version = query.asof(session, group, when)
    rows = [
        [
            g.get("name"),
            g.get("parent"),
            g.get("category"),
            g.get("seat"),
            m.get("role"),
            m.get("person"),
            m.get("title"),
            m.get("unit"),
        ]
        for g in version["groups"]
        for m in (g.get("members") or [{}])
    ]
    name = f"{version['name']}-{version['effective']}.csv"
    return csv_download(request, name, COMPOSITION_HEADERS, rows)
