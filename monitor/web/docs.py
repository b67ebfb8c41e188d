"""The API's documentation page, /docs (Swagger UI), with its script and styles served
from this server: the tool runs where there is no internet, and FastAPI's own page loads
them from a CDN. The files are those the `fastapi-offline` package ships (Swagger UI 5,
which reads the OpenAPI 3.1 that FastAPI writes). No /redoc: ReDoc's page fetches its logo
from a CDN whatever it is told, and one documentation page is enough."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/static"


def assets_folder() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


def add_docs(app: FastAPI) -> None:
    """/docs on APP (made with docs_url=None, redoc_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=assets_folder()), name="docs-static")
    openapi = app.openapi_url or "/openapi.json"
    title = f"{app.title} API"  # not APP itself: FastAPI caches routes' endpoints module-wide

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )
