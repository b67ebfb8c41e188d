"""Who may read, and what a browser may do with a page: the access token (bearer header
or a cookie set by the login form), and the security headers sent with every response."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from starlette.datastructures import MutableHeaders

COOKIE = "monitor_token"
# Pages are server-rendered with one stylesheet: no script, no inline style, no framing.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# /docs (monitor.web.docs) runs its viewer's script, from this server, with
# an inline start-up script and inline styles; the API they call is this server's.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; "
    "frame-ancestors 'none'"
)
OPEN_PATHS = ("/login", "/static/")


def cookie_value(token: str) -> str:
    """What the cookie holds: derived from the token, so the token itself is not stored."""
    return hmac.new(token.encode(), b"monitor-web-session", hashlib.sha256).hexdigest()


def token_matches(given: str, token: str) -> bool:
    return hmac.compare_digest(given.strip().encode(), token.encode())


def authorized(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() == "bearer" and token_matches(given, token):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), cookie_value(token).encode())


def needs_login(path: str) -> bool:
    return not path.startswith(OPEN_PATHS)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def add_headers(headers: MutableHeaders, path: str) -> None:
    docs = path == "/docs" or path.startswith("/docs/")
    headers["Content-Security-Policy"] = DOCS_POLICY if docs else PAGE_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
