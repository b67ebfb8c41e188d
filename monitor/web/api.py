"""JSON under /api (CONTRACT §6): the CLI's --json shapes, conditional GET, errors as
`{"error": …}` with 400 or 404."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from monitor.status import status_data
from monitor.web import params
from monitor.web.deps import CONFIG, DB
from monitor.web.filters import CHANGES
from monitor.web.params import WebError
from monitor.web.respond import api_json
from store import listing, query

router = APIRouter(prefix="/api", tags=["api"])
API_LIMIT = 1000  # events per /api/changes call unless ?limit= says otherwise
API_MAX = 10_000


@router.get("/groups", summary="monitor groups --json")
def groups(request: Request, session: DB, region: str | None = None, search: str | None = None) -> Response:
    return api_json(request, query.groups(session, region=params.text(region), search=params.text(search)))


@router.get("/suggestions", summary="monitor groups --suggestions --json")
def suggestions(request: Request, session: DB) -> Response:
    return api_json(request, query.suggestions(session))


@router.get(
    "/groups/{group}", summary="a group: id, current name, all names, region, status, current version"
)
def group(request: Request, session: DB, group: str) -> Response:
    return api_json(request, listing.group_detail(session, group))


@router.get("/groups/{group}/history", summary="monitor history GROUP --json")
def history(request: Request, session: DB, group: str) -> Response:
    return api_json(request, query.history(session, group))


@router.get("/groups/{group}/asof/{day}", summary="monitor asof GROUP DATE --json")
def asof(request: Request, session: DB, group: str, day: str) -> Response:
    when = params.day(day, "date")
    assert when is not None
    return api_json(request, query.asof(session, group, when))


@router.get(
    "/changes",
    summary="monitor changes --json (oldest first; order=desc newest first)",
    description='An answer cut at `limit` (default 1000) has a `Link: <…>; rel="next"` header.',
)
def changes(
    request: Request,
    session: DB,
    chosen: CHANGES,
    limit: str | None = None,
    offset: str | None = None,
    order: str = "asc",
) -> Response:
    if order not in ("asc", "desc"):
        raise WebError(400, f"bad order {order!r}: asc or desc")
    size = params.number(limit, "limit", default=API_LIMIT, low=1, high=API_MAX)
    start = params.number(offset, "offset", default=0, low=0, high=10**9)
    # one more than asked tells whether the answer was cut
    events = chosen.fetch(session, limit=size + 1, offset=start, newest_first=order == "desc")
    body = [e.event for e in events[:size]]
    if len(events) <= size:
        return api_json(request, body)
    following = request.url.include_query_params(offset=start + size, limit=size)
    return api_json(request, body, headers={"Link": f'<{following}>; rel="next"'})


@router.get("/persons/{name}", summary="monitor person NAME [--region R] --json")
def person(request: Request, session: DB, name: str, region: str | None = None) -> Response:
    place = params.text(region)
    posts = query.person(session, name, region=place)
    if not posts:
        raise WebError(404, f"no posts known for {name!r}" + (f" in {place}" if place else ""))
    return api_json(request, posts)


@router.get("/status", summary="monitor status --json")
def status(request: Request, config: CONFIG) -> Response:
    return api_json(request, status_data(config, request.app.state.engine))
