"""Safety: scraped text is escaped everywhere, a Content-Security-Policy is sent, the view
is read-only, and an address other than loopback needs a token (or --public)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.engine import Engine

from monitor.config import Config, config_from_dict
from monitor.web.server import ServeError, access_token, start_background
from tests.web.helpers import ATTR, SCRIPT

HOSTILE_PAGES = [
    "/",
    "/groups",
    "/groups/3",
    "/groups/3?from=1&to=1",
    f"/persons/{quote('刘宁')}",
    "/?q=alert",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_scraped_text_is_escaped(client: httpx.Client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    text = page.text
    assert SCRIPT not in text and "<script" not in text.lower()
    assert ATTR not in text and not re.search(r"<[^>]*\sonmouseover=", text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_notice_url_that_is_not_http_is_never_a_link(client: httpx.Client) -> None:
    notice_id = re.search(r'href="/notices/(\d+)"', client.get("/?region=" + quote("甘肃省")).text).group(1)
    page = client.get(f"/notices/{notice_id}").text
    assert "javascript:alert(3)" in page  # shown as text
    assert 'href="javascript:' not in page
    assert 'href="javascript:' not in client.get("/groups/3").text


@pytest.mark.parametrize("path", ["/", "/groups/1", "/api/groups", "/feeds/changes.atom", "/no/such/page"])
def test_security_headers(client: httpx.Client, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_read_only(client: httpx.Client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/api/groups/1")
        assert response.status_code == 405, method
    assert client.post("/", data={"x": "1"}).status_code == 405


def _config(token_env: str | None = None) -> Config:
    return config_from_dict({"web": {"token_env": token_env} if token_env else {}})


def test_other_addresses_need_a_token_or_public(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_WEB_TOKEN", raising=False)
    assert access_token(_config(), "127.0.0.1", public=False) is None
    assert access_token(_config(), "::1", public=False) is None
    with pytest.raises(ServeError, match="token_env"):
        access_token(_config(), "0.0.0.0", public=False)
    assert access_token(_config(), "0.0.0.0", public=True) is None
    monkeypatch.delenv("WEB_TEST_TOKEN", raising=False)
    with pytest.raises(ServeError, match="WEB_TEST_TOKEN"):
        access_token(_config("WEB_TEST_TOKEN"), "192.0.2.1", public=False)
    monkeypatch.setenv("WEB_TEST_TOKEN", "s3cret")
    assert access_token(_config("WEB_TEST_TOKEN"), "192.0.2.1", public=False) == "s3cret"
    assert access_token(_config("WEB_TEST_TOKEN"), "127.0.0.1", public=False) == "s3cret"


def test_the_token_is_read_from_monitor_web_token_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_WEB_TOKEN", raising=False)
    with pytest.raises(ServeError, match=r"export MONITOR_WEB_TOKEN=<token>.*--public"):
        access_token(_config(), "0.0.0.0", public=False)
    monkeypatch.setenv("MONITOR_WEB_TOKEN", "s3cret")
    assert access_token(_config(), "0.0.0.0", public=False) == "s3cret"  # the README's example
    assert access_token(_config(), "127.0.0.1", public=False) == "s3cret"
    assert access_token(config_from_dict({"web": {"token_env": ""}}), "127.0.0.1", public=False) is None


def test_token_as_bearer_or_login_cookie(config: Config, store: Engine) -> None:
    server = start_background(config, store, host="127.0.0.1", port=0, token="s3cret")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as anonymous:
            denied = anonymous.get("/api/groups")
            assert denied.status_code == 401 and "token" in denied.json()["error"]
            assert anonymous.get("/feeds/changes.atom").status_code == 401
            page = anonymous.get("/groups/1?asof=2020-06-01")
            assert page.status_code == 303
            assert page.headers["location"] == "/login?next=" + quote("/groups/1?asof=2020-06-01", safe="")
            assert anonymous.get("/static/style.css").status_code == 200
            wrong = anonymous.get("/api/groups", headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            right = anonymous.get("/api/groups", headers={"Authorization": "Bearer s3cret"})
            assert right.status_code == 200 and right.json()[0]["id"] == 1
        with httpx.Client(base_url=server.url, timeout=60) as browser:
            form = browser.get("/login?next=/groups/1")
            assert 'name="token"' in form.text and 'value="/groups/1"' in form.text
            bad = browser.post("/login", data={"token": "nope", "next": "/groups/1"})
            assert bad.status_code == 401 and "令牌不正确" in bad.text and not browser.cookies
            good = browser.post("/login", data={"token": "s3cret", "next": "/groups/1"})
            assert good.status_code == 303 and good.headers["location"] == "/groups/1"
            assert "s3cret" not in str(browser.cookies.get("monitor_token"))
            assert browser.get("/groups/1").status_code == 200
            assert browser.get("/api/changes?limit=1").status_code == 200
            away = browser.post("/login", data={"token": "s3cret", "next": "//evil.example/"})
            assert away.headers["location"] == "/"
    finally:
        server.stop()


def test_login_refuses_a_large_body_declared_or_chunked(config: Config, store: Engine) -> None:
    server = start_background(config, store, host="127.0.0.1", port=0, token="s3cret")
    big = b"token=" + b"x" * 64_000  # small enough to sit in the socket buffers while refused

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 1000):
            yield big[start : start + 1000]

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        with httpx.Client(base_url=server.url, timeout=60) as anonymous:
            declared = anonymous.post("/login", content=big, headers=form)
            assert declared.status_code == 413 and "too large" in declared.text
            chunked = anonymous.post("/login", content=chunks(), headers=form)
            assert "content-length" not in chunked.request.headers
            assert chunked.status_code == 413 and "too large" in chunked.text
            small = anonymous.post("/login", data={"token": "s3cret", "next": "/groups"})
            assert small.status_code == 303 and small.headers["location"] == "/groups"
    finally:
        server.stop()
