"""Polite, bounded HTTP fetching of portal pages.

One shared httpx.AsyncClient; per-host concurrency 1 with a minimum delay between requests
to a host; a global concurrency limit; robots.txt (cached per host); conditional GET; bodies
streamed and capped; redirects followed by hand, at most 5 and only to allowed hosts; retries
with exponential backoff and jitter for timeouts, connection errors, 429 and 5xx.

A fetch never raises for what a server does: the result carries an outcome (DESIGN rule 5).
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from scrapers.content_coding import ACCEPT_ENCODING, EncodingRefused, decoder_for
from scrapers.decoding import MAX_INPUT_BYTES
from scrapers.transport import LightTransport

OK = "ok"
UNCHANGED = "unchanged"
CHALLENGE = "challenge"
BLOCKED = "blocked"
NOT_FOUND = "not_found"
SERVER_ERROR = "server_error"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
BAD_ENCODING = "bad_encoding"
BAD_REDIRECT = "bad_redirect"  # a loop, too many hops, another host, a non-http scheme
DISALLOWED = "disallowed"  # robots.txt says no
HTTP_ERROR = "http_error"  # another 4xx
CONNECTION_ERROR = "connection_error"

# Outcomes after which the content may be used; every other one is a failure of the check.
GOOD_OUTCOMES = frozenset({OK, UNCHANGED})

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
READ_TIMEOUT = 15.0  # seconds of silence (connect, or between reads) within a request
SHELL_SIZE = 2048  # a 200 page under this that holds only script is an anti-bot shell
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 600.0  # an unreachable robots.txt (5xx, 412, timeout) is asked again after this
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_SCRIPT = re.compile(rb"<script\b.*?(?:</script\s*>|$)", re.I | re.S)
_TAG = re.compile(rb"<[^>]*>")


class FetchError(Exception):
    """A fetch could not even be attempted (bad URL); servers' answers are outcomes instead."""


@dataclass
class Conditional:
    """What we know about a URL from the last fetch: for conditional GET and the hash check."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


@dataclass
class FetchResult:
    url: str
    outcome: str
    status: int | None = None
    final_url: str | None = None
    body: bytes = b""
    charset: str | None = None  # from the Content-Type header
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    error: str | None = None
    attempts: int = 1

    @property
    def good(self) -> bool:
        return self.outcome in GOOD_OUTCOMES


@dataclass
class FetchPolicy:
    """Per-source knobs (from SourceConfig)."""

    min_delay: float = 1.0
    allowed_hosts: frozenset[str] = frozenset()  # origins (allowed_hosts_for); empty: the URL's own
    robots: bool = True
    user_agent: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 30.0  # the whole request, connect to last byte
    read_timeout: float = READ_TIMEOUT  # silence allowed while connecting or reading
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubles each time


@dataclass
class _Host:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last: float = 0.0  # monotonic time the last request to this host ended


@dataclass
class _Robots:
    loaded: float  # monotonic time
    parser: RobotFileParser | None  # None: not reachable, every path allowed for now
    ttl: float = ROBOTS_TTL
    answers: dict[tuple[str, str], bool] = field(default_factory=dict)


def host_twins(host: str) -> set[str]:
    """A host and its www / bare twin."""
    host = host.lower()
    twin = host[4:] if host.startswith("www.") else "www." + host
    return {host, twin}


_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """`scheme://host:port` with the default port filled in; None for a non-http(s) URL."""
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.hostname.lower()}:{port}"


def _origins(host: str, scheme: str | None, port: int | None) -> set[str]:
    """A host's twins on a port; on a default port (or none given) http and https both:
    portals move between them and that is the same site. Another port is another site."""
    if port is None or (scheme is not None and port == _DEFAULT_PORTS[scheme]):
        pairs = list(_DEFAULT_PORTS.items())
    else:
        pairs = [(scheme, port)] if scheme else [("http", port), ("https", port)]
    return {f"{s}://{twin}:{p}" for twin in host_twins(host) for s, p in pairs}


def allowed_hosts_for(urls: Iterable[str], extra: Iterable[str] = ()) -> frozenset[str]:
    """The origins (scheme, host, port) a source may fetch from: its URLs' hosts and their
    www twins, and `extra` hosts from config (`name` for the default ports, `name:port`)."""
    origins: set[str] = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname and parts.scheme in _DEFAULT_PORTS:
            try:
                port = parts.port
            except ValueError:
                continue
            origins |= _origins(parts.hostname, parts.scheme, port)
    for entry in extra:
        host, _, port_text = entry.strip().rpartition(":") if ":" in entry else (entry.strip(), "", "")
        if port_text.isdigit():
            origins |= _origins(host, None, int(port_text))
        elif host:
            origins |= _origins(host, None, None)
    return frozenset(origins)


def is_allowed(url: str, allowed: frozenset[str]) -> bool:
    return origin_of(url) in allowed


def content_hash(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def classify(status: int, body: bytes, headers: httpx.Headers) -> str:
    """The outcome of a final (non-redirect) response. 412 (Ruishu: `$_ts`, `<meta r="m">`)
    and 521 (Jiasule: a script setting `__jsl_clearance`) are anti-bot pages; so is a small
    page that only sets that cookie, whatever its status."""
    if status in (412, 521) or (len(body) < 4 * SHELL_SIZE and b"__jsl_clearance" in body):
        return CHALLENGE
    if status in (403, 406, 451):
        return BLOCKED
    if status in (404, 410):
        return NOT_FOUND
    if status == 429 or status >= 500:
        return SERVER_ERROR
    if status >= 400:
        return HTTP_ERROR
    if status == 200 and is_script_shell(body, headers.get("content-type", "")):
        return CHALLENGE
    return OK


def is_script_shell(body: bytes, content_type: str) -> bool:
    """A small HTML page that is nothing but script: an anti-bot page that computes a cookie."""
    if len(body) >= SHELL_SIZE or b"<script" not in body.lower():
        return False
    if content_type and "html" not in content_type.lower():
        return False
    visible = _TAG.sub(b"", _SCRIPT.sub(b"", body))
    return len(visible.strip()) < 16


def retry_after(headers: httpx.Headers, cap: float = 120.0) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        return min(cap, max(0.0, parsedate_to_datetime(value).timestamp() - time.time()))
    except (TypeError, ValueError, IndexError):
        return None


def header_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


class Fetcher:
    """Fetches URLs politely through one shared AsyncClient. Use `async with Fetcher(...)`."""

    def __init__(
        self,
        *,
        user_agent: str,
        concurrency: int = 16,
        client: httpx.AsyncClient | None = None,
        connect_timeout: float = 10.0,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        """`proxy` (config) is used for http and https; without it HTTP_PROXY, HTTPS_PROXY,
        ALL_PROXY and NO_PROXY are read from the environment unless `trust_env` is false."""
        self.user_agent = user_agent
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(
            transport=LightTransport(proxy=proxy, trust_env=trust_env),
            follow_redirects=False,
            timeout=httpx.Timeout(30.0, connect=connect_timeout),
            trust_env=False,
        )
        self._global = asyncio.Semaphore(max(concurrency, 1))
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self.requests = 0  # sent, for tests and benchmarks

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()

    async def fetch(self, url: str, policy: FetchPolicy, *, cached: Conditional | None = None) -> FetchResult:
        """GET url (following allowed redirects); a conditional GET when `cached` is given.
        An unchanged answer (304, or the same content hash) has outcome UNCHANGED."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url!r}")
        allowed = policy.allowed_hosts or allowed_hosts_for([url])
        if not is_allowed(url, allowed):
            return FetchResult(url, DISALLOWED, error=f"{parts.netloc} is not an allowed host")
        if policy.robots and not await self._robots_allow(url, parts, policy):
            return FetchResult(url, DISALLOWED, error="robots.txt disallows this URL")
        result = await self._with_retries(url, policy, allowed, cached)
        if result.outcome == OK:
            result.content_hash = content_hash(result.body)
            if cached and cached.content_hash and cached.content_hash == result.content_hash:
                result.outcome = UNCHANGED
        return result

    async def _with_retries(
        self, url: str, policy: FetchPolicy, allowed: frozenset[str], cached: Conditional | None
    ) -> FetchResult:
        attempt = 0
        while True:
            attempt += 1
            result, wait = await self._follow(url, policy, allowed, cached)
            result.attempts = attempt
            retryable = result.outcome in (TIMEOUT, CONNECTION_ERROR, SERVER_ERROR)
            if not retryable or attempt > policy.retries:
                return result
            delay = policy.backoff * 2 ** (attempt - 1)
            delay = delay * (0.5 + random.random())  # jitter: spread retries of many clients
            await asyncio.sleep(max(delay, wait or 0.0))

    async def _follow(
        self, url: str, policy: FetchPolicy, allowed: frozenset[str], cached: Conditional | None
    ) -> tuple[FetchResult, float | None]:
        """One attempt: the request and its redirects. Returns the result and a Retry-After."""
        seen: list[str] = []
        set_cookie = False
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            seen.append(current)
            result, response_headers = await self._request(current, policy, cached if not _hop else None)
            result.url = url
            if result.status not in _REDIRECTS or response_headers is None:
                busy = response_headers is not None and result.outcome == SERVER_ERROR
                return result, retry_after(response_headers) if busy and response_headers else None
            set_cookie = set_cookie or "set-cookie" in response_headers
            location = response_headers.get("location")
            if not location:
                return FetchResult(url, BAD_REDIRECT, result.status, error="redirect without Location"), None
            target = urljoin(current, location.strip())
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                return FetchResult(
                    url, BAD_REDIRECT, result.status, error=f"redirect to {parts.scheme}:"
                ), None
            if not is_allowed(target, allowed):
                error = f"redirect to another host: {parts.netloc}"
                return FetchResult(url, BAD_REDIRECT, result.status, error=error), None
            if seen.count(target) >= 2:
                break  # visited twice already: a loop
            current = target
        if set_cookie:
            return FetchResult(url, CHALLENGE, 302, error="redirect loop setting a cookie"), None
        error = f"more than {MAX_REDIRECTS} redirects" if len(set(seen)) > 2 else "redirect loop"
        return FetchResult(url, BAD_REDIRECT, 302, error=error), None

    async def _request(
        self, url: str, policy: FetchPolicy, cached: Conditional | None
    ) -> tuple[FetchResult, httpx.Headers | None]:
        headers = {"User-Agent": policy.user_agent or self.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
        if cached and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        host = self._hosts.setdefault(urlsplit(url).netloc.lower(), _Host())
        async with host.lock:
            wait = host.last + policy.min_delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._global:
                    self.requests += 1
                    return await self._send(url, headers, policy)
            finally:
                host.last = time.monotonic()

    async def _send(
        self, url: str, headers: dict[str, str], policy: FetchPolicy
    ) -> tuple[FetchResult, httpx.Headers | None]:
        try:
            async with asyncio.timeout(policy.timeout):
                request = self.client.build_request("GET", url, headers=headers)
                short = min(policy.read_timeout, policy.timeout)
                timeout = httpx.Timeout(policy.timeout, connect=short, read=short)
                request.extensions["timeout"] = timeout.as_dict()
                response = await self.client.send(request, stream=True)
                try:
                    return await self._read(url, response, policy), response.headers
                finally:
                    await response.aclose()
        except httpx.TimeoutException as e:
            return FetchResult(url, TIMEOUT, error=f"timed out: {e}"), None
        except TimeoutError:
            return FetchResult(url, TIMEOUT, error=f"no complete answer within {policy.timeout:g}s"), None
        except httpx.DecodingError as e:
            return FetchResult(url, BAD_ENCODING, error=f"bad content encoding: {e}"), None
        except (httpx.TransportError, OSError) as e:
            return FetchResult(url, CONNECTION_ERROR, error=f"{type(e).__name__}: {e}"[:300]), None
        except httpx.HTTPError as e:
            return FetchResult(url, CONNECTION_ERROR, error=f"{type(e).__name__}: {e}"[:300]), None

    async def _read(self, url: str, response: httpx.Response, policy: FetchPolicy) -> FetchResult:
        status = response.status_code
        if status == 304:  # the poll path: nothing else of the answer is needed
            return FetchResult(url, UNCHANGED, status)
        headers = response.headers
        content_type = headers.get("content-type")
        result = FetchResult(
            url,
            OK,
            status,
            final_url=str(response.url),
            charset=header_charset(content_type),
            content_type=content_type,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )
        if status in _REDIRECTS:
            return result
        # No page is read past what extraction takes (decoding.MAX_INPUT_BYTES), whatever
        # max_bytes says: a bigger one is too large here, not unreadable later.
        limit = min(policy.max_bytes, MAX_INPUT_BYTES)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            result.outcome, result.error = TOO_LARGE, f"{int(declared)} bytes declared (limit {limit})"
            return result
        try:
            body = await _read_body(response, limit)
        except EncodingRefused as e:
            result.outcome, result.error = BAD_ENCODING, str(e)
            return result
        if body is None:
            result.outcome, result.error = TOO_LARGE, f"body over {limit} bytes"
            return result
        result.body = body
        result.outcome = classify(status, result.body, response.headers)
        if result.outcome != OK:
            result.error = f"HTTP {status}" + (" (anti-bot page)" if result.outcome == CHALLENGE else "")
            result.body = b""  # an error or challenge page is never parsed as content
        return result

    async def _robots_allow(self, url: str, parts: SplitResult, policy: FetchPolicy) -> bool:
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        entry = self._robots.get(origin)
        if entry is None or time.monotonic() - entry.loaded > entry.ttl:
            async with self._robots_locks.setdefault(origin, asyncio.Lock()):
                entry = self._robots.get(origin)
                if entry is None or time.monotonic() - entry.loaded > entry.ttl:
                    parser = await self._load_robots(origin, policy)
                    # An unreachable robots.txt is remembered too (as scrapy does): asked
                    # again after ROBOTS_RETRY, not before every page of the check.
                    entry = _Robots(time.monotonic(), parser, ROBOTS_TTL if parser else ROBOTS_RETRY)
                    self._robots[origin] = entry
        if entry.parser is None:
            return True
        agent = (policy.user_agent or self.user_agent).split("/")[0]
        allowed = entry.answers.get((agent, url))
        if allowed is None:  # the same list URLs are asked about on every poll
            allowed = entry.answers[(agent, url)] = entry.parser.can_fetch(agent, url)
        return allowed

    async def _load_robots(self, origin: str, policy: FetchPolicy) -> RobotFileParser | None:
        """robots.txt of an origin; a 4xx means no rules. None when unreachable (5xx, 412,
        timeout): every path is allowed and the page fetch reports the server's state itself."""
        robots_policy = FetchPolicy(
            min_delay=policy.min_delay,
            allowed_hosts=allowed_hosts_for([origin]),
            robots=False,
            user_agent=policy.user_agent,
            max_bytes=512 * 1024,
            timeout=min(policy.timeout, 20.0),
            retries=0,
        )
        result, _ = await self._follow(
            origin + "/robots.txt", robots_policy, robots_policy.allowed_hosts, None
        )
        parser = RobotFileParser()
        if result.outcome == OK:
            parser.parse(result.body.decode("utf-8", "replace").splitlines())
        elif result.status is not None and 400 <= result.status < 500 and result.outcome != CHALLENGE:
            parser.parse([])
        else:
            return None
        return parser


async def _read_body(response: httpx.Response, limit: int) -> bytes | None:
    """The decoded body, or None once it passes `limit` bytes (counted both as they arrive
    and as they are decoded, a bounded step at a time). EncodingRefused for an encoding
    we did not ask for, stacked encodings, or data that does not decode."""
    decoder = decoder_for(response.headers.get("content-encoding"))
    chunks: list[bytes] = []
    raw = size = 0
    async for data in response.aiter_raw():
        raw += len(data)
        if raw > limit:
            return None
        for piece in decoder.feed(data):
            size += len(piece)
            if size > limit:
                return None
            chunks.append(piece)
    for piece in decoder.end():
        size += len(piece)
        if size > limit:
            return None
        chunks.append(piece)
    return b"".join(chunks)
