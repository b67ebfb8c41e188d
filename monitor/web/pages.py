"""The analysts' pages (Chinese, ISO dates): changes (home), bodies, a body, a person, a
notice, sources; and the login form when a token is required."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from monitor.status import status_data
from monitor.web import params, security
from monitor.web.deps import CONFIG, DB
from monitor.web.filters import CHANGES
from monitor.web.params import WebError
from monitor.web.render import structure, templates
from store import listing, query

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _page_number(value: str | None) -> int:
    return params.number(value, "page", default=1, low=1, high=1_000_000)


@router.get("/")
def changes_page(
    request: Request,
    session: DB,
    chosen: CHANGES,
    page: str | None = None,
    size: str | None = None,
) -> Response:
    number = _page_number(page)
    per_page = params.number(size, "size", default=PAGE_SIZE, low=5, high=500)
    rows = chosen.fetch(session, limit=per_page + 1, offset=(number - 1) * per_page)
    context = {
        "filter": chosen,
        "rows": rows[:per_page],
        "page": number,
        "size": "" if per_page == PAGE_SIZE else f"size={per_page}",
        "more": len(rows) > per_page,
        "regions": listing.regions(session),
    }
    return _page(request, "changes.html", context)


@router.get("/groups")
def groups_page(
    request: Request, session: DB, q: str | None = None, region: str | None = None, page: str | None = None
) -> Response:
    text, place, number = params.text(q), params.text(region), _page_number(page)
    found = listing.search_groups(
        session, text=text, region=place, limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE
    )
    shown = found[:PAGE_SIZE]
    pairs = listing.suggestions_among(session, [g["id"] for g in shown])
    context = {
        "q": text or "",
        "region": place or "",
        "groups": shown,
        "page": number,
        "more": len(found) > PAGE_SIZE,
        "suggestions": pairs,
        "regions": listing.regions(session),
    }
    return _page(request, "groups.html", context)


@router.get("/groups/{group}")
def group_page(
    request: Request,
    session: DB,
    group: str,
    asof: str | None = None,
    first: Annotated[str | None, Query(alias="from")] = None,
    second: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    detail, versions = listing.group_and_history(session, group)
    if group != str(detail["id"]):  # a name (maybe a former one): the page lives at its id
        target = f"/groups/{detail['id']}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(target, status_code=307)
    when = params.day(asof, "asof")
    shown, asof_error = (versions[-1] if versions else None), None
    if when is not None:
        try:
            shown = query.asof(session, group, when)
        except query.QueryError:
            shown, asof_error = None, f"{when.isoformat()} 之前尚无该机构的版本"
    count = len(versions)
    a = params.number(first, "from", default=max(1, count - 1), low=1, high=max(1, count))
    b = params.number(second, "to", default=count, low=1, high=max(1, count))
    compared = None
    if first is not None or second is not None:
        compared = listing.compare(versions, detail["region"], a, b)
    context = {
        "group": detail,
        "versions": versions,
        "timeline": listing.timeline(session, detail["id"]),
        "shown": shown,
        "drawing": structure(shown),
        "asof": when.isoformat() if when else "",
        "asof_error": asof_error,
        "first": a,
        "second": b,
        "compared": compared,
    }
    return _page(request, "group.html", context)


@router.get("/persons")
def person_search(name: str | None = None) -> Response:
    text = params.text(name)
    if not text:
        raise WebError(400, "give a name: /persons?name=…")
    return RedirectResponse(f"/persons/{quote(text, safe='')}", status_code=303)


@router.get("/persons/{name}")
def person_page(request: Request, session: DB, name: str) -> Response:
    posts = query.person(session, name)
    if not posts:
        raise WebError(404, f"no posts known for {name!r}")
    by_region: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        by_region.setdefault(post.get("region") or "（地区不详）", []).append(post)
    context = {"name": name, "by_region": by_region}
    return _page(request, "person.html", context)


NOTICE_TEXTS = 32  # pages whose extracted text is kept: extracting a large page is slow
_texts: OrderedDict[tuple[bytes, str | None], str] = OrderedDict()
_texts_lock = threading.Lock()


def notice_text(notice: dict[str, Any]) -> str | None:
    """The stored page's readable text (the project's extractor), or None without a page.
    Kept for the last NOTICE_TEXTS pages (by content), so a notice read again, or a reload,
    does not extract up to 10 MB again."""
    raw = notice.get("raw")
    if not raw:
        return None
    key = (hashlib.blake2b(raw, digest_size=16).digest(), notice.get("url"))
    with _texts_lock:
        if key in _texts:
            _texts.move_to_end(key)
            return _texts[key]
    text = _extract(raw, notice.get("url"))
    with _texts_lock:
        _texts[key] = text
        while len(_texts) > NOTICE_TEXTS:
            _texts.popitem(last=False)
    return text


def _extract(raw: bytes, url: str | None) -> str:
    from scrapers.decoding import BadDocument
    from scrapers.extract import extract_page

    try:
        return extract_page(raw, url=url).text
    except BadDocument as error:
        return f"（无法读取原文：{error}）"


SLOW_PAGE = 1024 * 1024  # stored pages larger than this are read in the slow lane
SLOW_THREADS = 2  # large notice pages made at once (a 10 MB page: 1.6 s of CPU)
_slow_lane: RunVar[CapacityLimiter] = RunVar("slow_lane")


def slow_lane() -> CapacityLimiter:
    """The threads of this event loop for slow work, apart from those of the store's reads
    (app.STORE_THREADS): large notice pages then wait for each other, not every request."""
    try:
        return _slow_lane.get()
    except LookupError:
        _slow_lane.set(CapacityLimiter(SLOW_THREADS))
        return _slow_lane.get()


@router.get("/notices/{notice_id}")
async def notice_page(request: Request, session: DB, notice_id: str) -> Response:
    number = params.number(notice_id, "notice id", default=0, low=1, high=2**62)
    notice = await to_thread.run_sync(listing.notice, session, number)

    def made() -> Response:  # the text extracted (or kept), the page rendered
        return _page(request, "notice.html", {"notice": notice, "text": notice_text(notice)})

    slow = len(notice.get("raw") or b"") > SLOW_PAGE
    return await to_thread.run_sync(made, limiter=slow_lane() if slow else None)


@router.get("/sources")
def sources_page(request: Request, config: CONFIG) -> Response:
    return _page(request, "sources.html", {"status": status_data(config, request.app.state.engine)})


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return _page(request, "login.html", {"next": security.safe_next(next), "failed": False})


LOGIN_BODY_MAX = 4096  # a token and a next path; /login is open to anyone, so bounded


async def small_body(request: Request, limit: int = LOGIN_BODY_MAX) -> bytes:
    """The request body, refused (413) past LIMIT bytes: a declared length is checked first,
    a chunked body is read only up to the limit."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
        raise WebError(413, f"request body too large (at most {limit} bytes)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise WebError(413, f"request body too large (at most {limit} bytes)")
    return bytes(body)


@router.post("/login")
async def login(request: Request) -> Response:
    token: str | None = request.app.state.token
    form = parse_qs((await small_body(request)).decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0]
    target = security.safe_next((form.get("next") or ["/"])[0])
    if not token:
        return RedirectResponse(target, status_code=303)
    if given and security.token_matches(given, token):
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            security.COOKIE,
            security.cookie_value(token),
            httponly=True,
            samesite="strict",
            max_age=30 * 86400,
        )
        return response
    return _page(request, "login.html", {"next": target, "failed": True}, status=401)
