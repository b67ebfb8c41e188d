"""The FastAPI application: routers for pages, API and feeds, the access guard, the
security headers, and errors as a clear 400/404 page or `{"error": …}`, never a traceback."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.config import Config
from monitor.web import security
from monitor.web.cache import ResponseCache
from monitor.web.docs import add_docs
from monitor.web.params import WebError
from monitor.web.render import templates
from store.listing import DataVersion
from store.query import QueryError

log = logging.getLogger("monitor.web")
STATIC = Path(__file__).with_name("static")
ERROR_TITLES = {
    400: "参数错误",
    401: "需要登录",
    404: "未找到",
    405: "不支持的请求方法",
    413: "请求内容过大",
    500: "服务器内部错误",
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/feeds/")) or path.endswith((".csv", ".json", ".atom"))


def query_status(error: QueryError) -> int:
    """An unknown group, person or version is 404; a question asked wrongly is 400."""
    text = str(error)
    return 400 if ("several groups" in text or "unknown event type" in text) else 404


def error_response(request: Request, status: int, message: str, *, bad_date: bool = False) -> Response:
    if wants_json(request):
        response: Response = JSONResponse({"error": message}, status_code=status)
    else:
        title = ERROR_TITLES.get(status, "错误")
        context = {"status": status, "title": title, "message": message, "bad_date": bad_date}
        response = templates.TemplateResponse(request, "error.html", context, status_code=status)
    security.add_headers(response.headers, request.url.path)
    return response


STORE_THREADS = 4  # below the store pool's 5 connections


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Routes read the store in worker threads. Forty of them (anyio's default) fight for
    # one GIL and more store connections than the pool keeps (the rest are opened and
    # closed per request): a few answer more requests, sooner. Large notice pages have a
    # lane of their own (pages.slow_lane), so they never hold all four.
    to_thread.current_default_thread_limiter().total_tokens = STORE_THREADS
    yield
    app.state.data_version.close()


def create_app(config: Config, engine: Engine, *, token: str | None = None) -> FastAPI:
    """The web application over ENGINE's store. With TOKEN every page, API call and feed
    asks for it (bearer header or the login cookie)."""
    from monitor.web import api, feeds, pages

    app = FastAPI(
        title="monitor",
        summary="Leading and coordinating bodies of Chinese governments: versions, changes, people.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served by monitor.web.docs, with no CDN
        redoc_url=None,
    )
    app.state.config, app.state.engine, app.state.token = config, engine, token
    app.state.data_version = DataVersion(engine)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_docs(app)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(feeds.router)

    app.add_middleware(ResponseCache, version=app.state.data_version.read)
    app.add_middleware(Guard, token=token)  # outermost: the access check comes first

    @app.exception_handler(WebError)
    async def web_error(request: Request, error: WebError) -> Response:
        return error_response(request, error.status, error.message, bad_date=error.bad_date)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, error: QueryError) -> Response:
        return error_response(request, query_status(error), str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        return error_response(request, 400, f"bad parameter {where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = str(error.detail) if error.status_code != 404 else f"no page at {request.url.path}"
        response = error_response(request, error.status_code, message)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def crash(request: Request, error: Exception) -> Response:
        log.exception("error answering %s", request.url.path)
        return error_response(request, 500, "the server could not answer this request; see its log")

    return app


class Guard:
    """Every response: the access check when a token is set, the security headers, and the
    server's own time (Server-Timing). Plain ASGI, so it costs next to nothing per request."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                security.add_headers(headers, path)
                headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
            await send(message)

        if self.token and security.needs_login(path):
            request = Request(scope)
            if not security.authorized(request, self.token):
                await self.refuse(request)(scope, receive, send_with_headers)
                return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def refuse(request: Request) -> Response:
        if wants_json(request):
            return JSONResponse(
                {"error": "a token is required: Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
