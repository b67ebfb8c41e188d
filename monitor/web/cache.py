"""Rendered answers kept until the store changes: a page, API answer or feed asked again
is sent from memory, without routing, queries or rendering, while the store's data
version (`store.listing.DataVersion`) stays the same; any commit, by the daemon beside
the server or by another process, empties the cache. Every kept answer has an ETag, so a
client that holds it gets 304.

Plain ASGI, inside the access guard: only requests that passed it get here."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# What the store alone decides. Not the sources page or /api/status (they read the clock
# and the config), nor the changes CSV (its file name has today's date), nor login.
KEPT_PATHS = ("/groups", "/persons/", "/notices/", "/api/groups", "/api/changes", "/api/persons/")
KEPT_EXACT = ("/", "/api/suggestions", "/feeds/changes.atom")
MAX_BYTES = 64 * 1024 * 1024  # all answers kept, in all
MAX_ANSWER = 8 * 1024 * 1024  # larger ones are sent, not kept (15,000 suggestions: 3 MB)


def kept(path: str) -> bool:
    return path in KEPT_EXACT or (path.startswith(KEPT_PATHS) and path != "/api/status")


@dataclass(frozen=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def matches(header: bytes | None, etag: bytes) -> bool:
    if not header:
        return False
    tags = {t.strip().removeprefix(b"W/") for t in header.split(b",")}
    return b"*" in tags or etag in tags


class ResponseCache:
    """Keeps the 200 answers to GET requests for kept paths, by path, query, scheme and host
    (the feeds and links name the server), while VERSION() returns the value it had when the
    answer was made. VERSION() None keeps nothing."""

    def __init__(self, app: ASGIApp, version: Callable[[], int | None], max_bytes: int = MAX_BYTES) -> None:
        self.app, self.version, self.max_bytes = app, version, max_bytes
        self.answers: OrderedDict[tuple[str, str, str, bytes, bytes], Answer] = OrderedDict()
        self.size = 0
        self.seen: int | None = None  # the data version the kept answers were made at

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not kept(scope["path"]):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        if version != self.seen:  # the store changed: nothing kept is current
            self.answers.clear()
            self.size, self.seen = 0, version
        headers = dict(scope["headers"])
        key = (
            scope.get("scheme", "http"),
            scope.get("root_path", ""),
            scope["path"],
            scope["query_string"],
            headers.get(b"host", b""),
        )
        answer = self.answers.get(key)
        if answer is None:
            answer = await self.make(scope, receive, send)
            if answer is None:  # sent as it came: not a 200, or too large
                return
            if self.seen == version:  # still current (no commit was seen meanwhile)
                self.keep(key, answer)
        else:
            self.answers.move_to_end(key)
        await self.send(send, answer, headers.get(b"if-none-match"))

    async def make(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """The application's answer, collected; or None once it was sent on unchanged."""
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def collect(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_ANSWER and start is not None:
                    passing = True
                    await send(start)
                    await send({**message, "body": b"".join(chunks)})
            else:
                await send(message)

        await self.app(scope, receive, collect)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        raw = [(k, v) for k, v in start["headers"] if k.lower() != b"etag"]
        found = [v for k, v in start["headers"] if k.lower() == b"etag"]
        etag = found[0] if found else etag_of(body)
        return Answer([*raw, (b"etag", etag)], body, etag)

    def keep(self, key: tuple[str, str, str, bytes, bytes], answer: Answer) -> None:
        replaced = self.answers.pop(key, None)  # two requests made it at once
        if replaced is not None:
            self.size -= len(replaced.body)
        self.answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes and self.answers:
            _, dropped = self.answers.popitem(last=False)
            self.size -= len(dropped.body)

    @staticmethod
    async def send(send: Send, answer: Answer, if_none_match: bytes | None) -> None:
        if matches(if_none_match, answer.etag):
            headers = [
                (k, v) for k, v in answer.headers if k.lower() not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body})
