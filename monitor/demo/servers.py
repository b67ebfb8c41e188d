"""The demo's local world on 127.0.0.1: a government portal whose notice column gains a
notice every few seconds, a webhook receiver and an SMTP server that print what they get."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from monitor.alerts import formatting
from monitor.alerts.webhook import EVENT_ID_HEADER, SIGNATURE_HEADER

Say = Callable[[str], None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DemoNotice:
    path: str
    title: str
    date: str
    doc_number: str
    publisher: str
    text: str


def load_notices() -> list[DemoNotice]:
    folder = resources.files("monitor.demo") / "notices"
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    return [
        DemoNotice(
            path=item["path"],
            title=item["title"],
            date=item["date"],
            doc_number=item["doc_number"],
            publisher=item["publisher"],
            text=(folder / item["file"]).read_text(encoding="utf-8"),
        )
        for item in timeline
    ]


def notice_page(notice: DemoNotice) -> str:
    paragraphs = "".join(
        f"<p>{escape(line.strip())}</p>" for line in notice.text.splitlines() if line.strip()
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(notice.title)}_演示政府门户网站</title>"
        f'<meta name="ArticleTitle" content="{escape(notice.title)}">'
        f'<meta name="PubDate" content="{notice.date} 10:00">'
        f'<meta name="ContentSource" content="{escape(notice.publisher)}">'
        '</head><body><div class="header"><a href="/">首页</a> &gt; <a href="/zfwj/">政府文件</a></div>'
        '<table class="xxgk_table">'
        f"<tr><td>发布机构：</td><td>{escape(notice.publisher)}</td>"
        f"<td>成文日期：</td><td>{notice.date}</td></tr>"
        f"<tr><td>发文字号：</td><td>{escape(notice.doc_number)}</td>"
        f"<td>发布日期：</td><td>{notice.date}</td></tr></table>"
        f'<div class="article"><h1>{escape(notice.title)}</h1>'
        f'<div class="TRS_Editor">{paragraphs}</div></div>'
        '<div class="footer">演示门户（monitor demo）</div></body></html>'
    )


def list_page(notices: list[DemoNotice]) -> str:
    items = "".join(
        f'<li><a href=".{n.path.removeprefix("/zfwj")}" title="{escape(n.title)}" target="_blank">'
        f'{escape(n.title[:24])}…</a><span class="date">{n.date}</span></li>'
        for n in reversed(notices)  # newest first, as portals list them
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府文件_演示政府门户网站</title></head>'
        '<body><div class="nav"><a href="/">首页</a><a href="/zfwj/">政府文件</a></div>'
        f'<div class="list"><ul>{items}</ul></div></body></html>'
    )


class _Server:
    """A ThreadingHTTPServer on 127.0.0.1 with a port chosen by the OS."""

    def __init__(self, handle: Callable[[BaseHTTPRequestHandler], tuple[int, str, bytes]]) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                status, kind, body = handle(self)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class DemoPortal(_Server):
    """`initial` notices are up at start; one more appears every `step` seconds."""

    def __init__(self, notices: list[DemoNotice], *, initial: int = 2, step: float = 3.0) -> None:
        self.notices, self.initial, self.step = notices, initial, step  # step 0: by hand
        self.started: float | None = None  # the timeline runs from start_clock()
        super().__init__(self._handle)

    def start_clock(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def published(self) -> list[DemoNotice]:
        count = self.initial
        if self.step and self.started is not None:
            count += int((time.monotonic() - self.started) / self.step)
        return self.notices[: min(len(self.notices), count)]

    @property
    def all_published(self) -> bool:
        return len(self.published()) == len(self.notices)

    def _handle(self, request: BaseHTTPRequestHandler) -> tuple[int, str, bytes]:
        path = request.path.split("?")[0]
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path in ("/zfwj/", "/zfwj/index.html"):
            return 200, html, list_page(self.published()).encode("utf-8")
        for notice in self.published():
            if notice.path == path:
                return 200, html, notice_page(notice).encode("utf-8")
        return 404, html, b"<html><body>404 Not Found</body></html>"


class WebhookReceiver(_Server):
    """Checks each POST's signature, prints the event, and counts event ids."""

    def __init__(self, secret: str, say: Say) -> None:
        self.secret, self.say = secret, say
        self.received: Counter[str] = Counter()
        self.events: list[dict[str, Any]] = []
        self.first_receipt: dict[str, float] = {}
        super().__init__(self._handle)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def _handle(self, request: BaseHTTPRequestHandler) -> tuple[int, str, bytes]:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get(SIGNATURE_HEADER, "")):
            self.say("  webhook: REJECTED a request with a bad signature")
            return 401, "text/plain", b"bad signature"
        event = json.loads(body)
        event_id = request.headers.get(EVENT_ID_HEADER, "")
        self.received[event_id] += 1
        self.first_receipt.setdefault(event_id, time.monotonic())
        if self.received[event_id] == 1:
            self.events.append(event)
        again = " (again: dropped by id)" if self.received[event_id] > 1 else ""
        self.say(f"  webhook ✓ signed  {formatting.summary(event)}{again}")
        return 200, "application/json", b'{"ok":true}'


class MailReceiver:
    """A real SMTP server (aiosmtpd) that prints each message's subject."""

    def __init__(self, say: Say) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        outer = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = message_from_bytes(envelope.content, policy=policy.default)
                outer.messages.append(message)
                say(f"  email   ✉ to {', '.join(envelope.rcpt_tos)}: {message['Subject']}")
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()
