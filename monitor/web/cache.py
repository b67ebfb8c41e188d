"""Rendered answers kept until the store changes: a page, API answer or feed asked again
is sent from memory, without routing, queries or rendering, while the store's data
version (`store.listing.DataVersion`) stays the same; any commit, by the daemon beside
the server or by another process, empties the cache. Every kept answer has an ETag, so a
client that holds it gets 304, whether or not the answer was kept when it asked.

Plain ASGI, inside the access guard: only requests that passed it get here."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.web.respond import etag_of, matches

# What the store alone decides. Not the sources page or /api/status (they read the clock
# and the config), nor the changes CSV (its file name has today's date), nor login.
KEPT_PATHS = ("/groups", "/persons/", "/notices/", "/api/groups", "/api/changes", "/api/persons/")
KEPT_EXACT = ("/", "/api/suggestions", "/feeds/changes.atom")
MAX_BYTES = 64 * 1024 * 1024  # all answers kept, in all, as charged by `charge`
MAX_ANSWER = 8 * 1024 * 1024  # larger ones are sent, not kept (15,000 suggestions: 3 MB)
MAX_ANSWERS = 20_000  # answers kept at most, however small (a crawler's distinct queries)
# Python's own memory for one kept answer beyond its bytes (the objects of the key, the
# header pairs, the Answer and the dict's slot). tracemalloc saw 750 bytes for an API
# answer with its 4 headers; the rest is room for a Link header (tests/web/test_cache.py
# checks that what is charged covers what is used).
ENTRY_OVERHEAD = 1024
# What the application must not see: the cache answers them itself, from what it keeps,
# so that a client's conditional GET still leaves a full answer to keep.
CONDITIONAL = (b"if-none-match", b"if-modified-since")

Key = tuple[str, str, str, bytes, bytes]


def kept(path: str) -> bool:
    return path in KEPT_EXACT or (path.startswith(KEPT_PATHS) and path != "/api/status")


@dataclass(frozen=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


def charge(key: Key, answer: Answer) -> int:
    """The memory an answer kept under KEY is counted for: its body, headers and key, and
    the fixed cost of the Python objects that hold them."""
    head = sum(len(name) + len(value) for name, value in answer.headers)
    return len(answer.body) + head + sum(map(len, key)) + ENTRY_OVERHEAD


class ResponseCache:
    """Keeps the 200 answers to GET requests for kept paths, by path, query, scheme and host
    (the feeds and links name the server), while VERSION() returns the value it had when the
    answer was made; at most MAX_BYTES (by `charge`) and MAX_ANSWERS answers, the least
    recently sent going first. VERSION() None keeps nothing."""

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], int | None],
        max_bytes: int = MAX_BYTES,
        max_answers: int = MAX_ANSWERS,
    ) -> None:
        self.app, self.version = app, version
        self.max_bytes, self.max_answers = max_bytes, max_answers
        self.answers: OrderedDict[Key, tuple[Answer, int]] = OrderedDict()  # answer, its charge
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
        found = self.answers.get(key)
        if found is None:
            answer = await self.make(scope, receive, send)
            if answer is None:  # sent as it came: not a 200, or too large
                return
            if self.seen == version:  # still current (no commit was seen meanwhile)
                self.keep(key, answer)
        else:
            answer = found[0]
            self.answers.move_to_end(key)
        await self.send(send, answer, headers.get(b"if-none-match"))

    async def make(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """The application's full answer, collected (asked without the client's conditional
        headers); or None once it was sent on unchanged."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def collect(message: Message) -> None:
            nonlocal start, passing, size
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > MAX_ANSWER and start is not None:
                    passing = True
                    await send(start)
                    await send({**message, "body": b"".join(chunks)})
            else:
                await send(message)

        plain = [(k, v) for k, v in scope["headers"] if k.lower() not in CONDITIONAL]
        await self.app({**scope, "headers": plain}, receive, collect)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        raw = [(k, v) for k, v in start["headers"] if k.lower() != b"etag"]
        found = [v for k, v in start["headers"] if k.lower() == b"etag"]
        etag = found[0] if found else etag_of(body).encode()
        return Answer([*raw, (b"etag", etag)], body, etag)

    def keep(self, key: Key, answer: Answer) -> None:
        replaced = self.answers.pop(key, None)  # two requests made it at once
        if replaced is not None:
            self.size -= replaced[1]
        cost = charge(key, answer)
        self.answers[key] = (answer, cost)
        self.size += cost
        while self.answers and (self.size > self.max_bytes or len(self.answers) > self.max_answers):
            _, (_, dropped) = self.answers.popitem(last=False)
            self.size -= dropped

    @staticmethod
    async def send(send: Send, answer: Answer, if_none_match: bytes | None) -> None:
        if if_none_match and matches(if_none_match.decode("latin-1"), answer.etag.decode("latin-1")):
            headers = [
                (k, v) for k, v in answer.headers if k.lower() not in (b"content-length", b"content-type")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body})
