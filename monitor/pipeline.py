"""One check of a source: list pages → new matching notices → parse → store → state.

Used by `monitor check`, `monitor backfill` and the daemon. A live check reads the first
list page or two (`live_pages`) and stops at links it has seen; backfill (`pages=N`) walks
on. An unchanged list page (304, or the same content hash) costs no parse. Fetch outcomes
are states (DESIGN rule 5): the check's outcome, error and the consecutive-failure count
are written to source_state, and every check to check_log.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from monitor.alerts.rules import Router, make_router
from monitor.checkstate import SourceSnapshot, StateBook
from monitor.config import Config, SourceConfig
from scrapers import attachments
from scrapers.decoding import sniff
from scrapers.extract import BadDocument, Page, decode_html, extract_page
from scrapers.http import (
    BAD_ENCODING,
    DISALLOWED,
    NOT_FOUND,
    OK,
    UNCHANGED,
    Fetcher,
    FetchPolicy,
    FetchResult,
    allowed_hosts_for,
    content_hash,
)
from scrapers.notice import parse_page
from scrapers.parse import PARSER_VERSION
from scrapers.sites import Adapter, ListItem, SiteOptions, make_adapter, title_matcher
from store.db import utcnow
from store.records import NoticeRecord

Progress = Callable[[int], Any]
Ingest = Callable[..., Any]  # store.ingest.ingest: (engine, record, *, raw, url, …) -> IngestResult


def _store_ingest() -> Ingest:
    from store.ingest import ingest  # imported on first use: the CLI loads without the store

    return ingest  # type: ignore[no-any-return]


@dataclass
class CheckResult:
    source: str
    outcome: str
    items: int = 0  # new list items found
    matched: int = 0  # of those, the ones whose title passed the filter
    new_notices: int = 0  # notices stored (not duplicates)
    events: list[dict[str, Any]] = field(default_factory=list)
    duration: float = 0.0
    error: str | None = None
    pages: int = 0  # list pages fetched
    details: int = 0  # notice pages fetched


@dataclass
class Runtime:
    """What checks share: the store, the config, one Fetcher (one AsyncClient), the alert
    router and the state book. With `batch`, state writes wait for `flush()`."""

    engine: Engine
    config: Config
    fetcher: Fetcher
    route: Router | None = None
    batch: bool = False
    ingest: Ingest | None = None
    state: StateBook = field(init=False)
    _plans: dict[str, tuple[SourceConfig, FetchPolicy, Adapter, Callable[[str], bool]]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.state = StateBook(self.engine)
        if self.route is None:
            self.route = make_router(self.config)

    @classmethod
    def create(cls, config: Config, engine: Engine, *, batch: bool = False) -> Runtime:
        scheduler = config.scheduler
        fetcher = Fetcher(
            user_agent=scheduler.user_agent, concurrency=scheduler.concurrency, proxy=scheduler.proxy
        )
        return cls(engine, config, fetcher, batch=batch)

    def plan(self, source: SourceConfig) -> tuple[FetchPolicy, Adapter, Callable[[str], bool]]:
        """A source's fetch policy, list adapter and title filter, made once per config."""
        cached = self._plans.get(source.name)
        if cached is None or cached[0] is not source:
            adapter = make_adapter(source.adapter, SiteOptions.from_source(source))
            cached = (source, policy_for(source, self.config), adapter, title_matcher(source.title_filter))
            self._plans[source.name] = cached
        return cached[1], cached[2], cached[3]

    def flush(self) -> None:
        self.state.flush()

    async def aclose(self) -> None:
        self.flush()
        await self.fetcher.aclose()


def policy_for(source: SourceConfig, config: Config) -> FetchPolicy:
    return FetchPolicy(
        min_delay=source.min_delay,
        allowed_hosts=allowed_hosts_for(source.list_urls, source.allowed_hosts),
        robots=source.robots,
        user_agent=source.user_agent or config.scheduler.user_agent,
        max_bytes=source.max_bytes,
        timeout=source.timeout,
        retries=source.retries,
        backoff=source.backoff,
    )


async def check_all(runtime: Runtime, sources: Iterable[SourceConfig]) -> list[CheckResult]:
    """Check many sources concurrently (politeness is per host), with batched state."""
    chosen = list(sources)
    urls = [url for s in chosen for url in runtime.plan(s)[1].first_urls()]
    runtime.state.preload([s.name for s in chosen], urls)
    batch, runtime.batch = runtime.batch, True
    try:
        return list(await asyncio.gather(*(check_source(runtime, s) for s in chosen)))
    finally:
        runtime.batch = batch
        if not batch:
            runtime.flush()


async def check_source(
    runtime: Runtime, source: SourceConfig, *, pages: int | None = None, progress: Progress | None = None
) -> CheckResult:
    """Check one source. `pages` (backfill) walks up to that many list pages of each column,
    past links already seen; without it, a live poll of `live_pages` pages."""
    started, clock = utcnow(), time.perf_counter()
    snapshot = runtime.state.source(source.name)
    check = _Check(runtime, source, snapshot, pages, progress)
    try:
        await check.run()
    except Exception as error:  # the daemon keeps running: a bug in one check is one failure
        check.fail("error", f"{type(error).__name__}: {error}")
    result = check.result(time.perf_counter() - clock)
    _record(runtime, source, snapshot, result, started)
    return result


def _record(
    runtime: Runtime, source: SourceConfig, snap: SourceSnapshot, result: CheckResult, started: Any
) -> None:
    good = result.outcome in (OK, UNCHANGED)
    failures = 0 if good else snap.consecutive_failures + 1
    state = {
        "last_check_at": started,
        "last_outcome": result.outcome,
        "last_error": result.error,
        "last_ok_at": started if good else snap.last_ok_at,
        "consecutive_failures": failures,
        "failing_since": None if good else (snap.failing_since or started),
        "baseline_done": snap.baseline_done or good,
    }
    log = {
        "started_at": started,
        "duration": result.duration,
        "outcome": result.outcome,
        "items": result.items,
        "matched": result.matched,
        "new_notices": result.new_notices,
        "events": len(result.events),
        "error": result.error,
    }
    runtime.state.record_check(source.name, state, log)
    if not runtime.batch:
        runtime.flush()


class _Check:
    """The work of one check; collects counts, events and the first failure."""

    def __init__(
        self,
        runtime: Runtime,
        source: SourceConfig,
        snap: SourceSnapshot,
        pages: int | None,
        progress: Progress | None,
    ) -> None:
        self.runtime, self.source, self.progress = runtime, source, progress
        self.fetcher = runtime.fetcher
        self.policy, self.adapter, self.matches = runtime.plan(source)
        self.backfill = pages is not None
        self.limit = max(1, pages if pages is not None else min(source.live_pages, source.max_pages))
        self.alert = snap.baseline_done or runtime.config.scheduler.alert_on_baseline
        self.outcome: str | None = None
        self.error: str | None = None
        self.changed = False
        self.done: dict[str, int | None] = {}  # link → notice id, this check (cross-posts)
        self.bodies: dict[str, int | None] = {}  # content hash → notice id, this check
        self.counts = CheckResult(source.name, OK)

    def fail(self, outcome: str, error: str | None) -> None:
        if self.outcome is None:
            self.outcome, self.error = outcome, error

    def result(self, duration: float) -> CheckResult:
        result = self.counts
        result.outcome = self.outcome or (OK if self.changed else UNCHANGED)
        result.error, result.duration = self.error, duration
        return result

    async def run(self) -> None:
        for url in self.adapter.first_urls():
            await self.walk(url)

    async def walk(self, url: str) -> None:
        """Read one column's list pages, newest first."""
        fallbacks: list[str] = []
        for page_no in range(self.limit):
            cached = None if self.backfill else self.runtime.state.conditional(url)
            fetched = await self.fetcher.fetch(url, self.policy, cached=cached)
            self.counts.pages += 1
            if self.progress:
                self.progress(1)
            if fetched.outcome == NOT_FOUND and fallbacks:  # a portal without index_1
                url = fallbacks.pop(0)
                fetched = await self.fetcher.fetch(url, self.policy)
            if fetched.outcome == UNCHANGED:
                return  # nothing new on this page, so nothing new behind it
            if not fetched.good:
                if page_no == 0:
                    self.fail(fetched.outcome, f"{url}: {fetched.error or fetched.outcome}")
                return  # a deep page that fails ends the walk, not the check
            self.changed = True
            text = self._decode(fetched)
            if text is None:
                return
            page = self.adapter.parse(text, fetched.final_url or url, page_no)
            if not page.items:
                self._remember_page(fetched)
                return  # an empty or stub page: the end of the list
            known = self.runtime.state.seen_among(self.source.name, [i.url for i in page.items])
            complete = True
            for item in page.items:
                if item.url not in known and item.url not in self.done:
                    complete &= await self.take(item)
            if complete:
                self._remember_page(fetched)
            # links known before this check mean the rest is known (not cross-posts seen just now)
            if (known - self.done.keys() and not self.backfill) or not page.next_urls:
                return
            url, fallbacks = page.next_urls[0], page.next_urls[1:]

    def _decode(self, fetched: FetchResult) -> str | None:
        """The list page's text; None (and the check fails) when it is not readable text."""
        if not fetched.body.strip():
            return ""  # an empty page lists nothing
        if self.source.encoding:
            return fetched.body.decode(self.source.encoding, "replace")
        try:
            sniff(fetched.body)
            return decode_html(fetched.body, fetched.charset)
        except BadDocument as e:
            self.fail(BAD_ENCODING, f"{fetched.url}: {e}")
            return None

    def _remember_page(self, fetched: FetchResult) -> None:
        self.runtime.state.record_page(
            fetched.url, fetched.status, fetched.etag, fetched.last_modified, fetched.content_hash
        )

    async def take(self, item: ListItem) -> bool:
        """A new list item: count it; fetch, parse and store it when its title matches.
        False when its page could not be read now (it is tried again next check)."""
        self.counts.items += 1
        if not self.matches(item.title):
            self._seen(item, False, None)
            return True
        self.counts.matched += 1
        fetched = await self.fetcher.fetch(item.url, self.policy)
        self.counts.details += 1
        if fetched.outcome in (NOT_FOUND, DISALLOWED):  # withdrawn, or not ours to fetch
            self._seen(item, True, None)
            return True
        if not fetched.good:
            self.fail(fetched.outcome, f"{item.url}: {fetched.error or fetched.outcome}")
            return False
        digest = content_hash(fetched.body)
        if digest in self.bodies:  # the same notice cross-posted under another link
            self._seen(item, True, self.bodies[digest])
            return True
        notice_id = await self.store(item, fetched)
        if notice_id is False:
            return False
        self.bodies[digest] = notice_id
        self._seen(item, True, notice_id)
        return True

    async def store(self, item: ListItem, fetched: FetchResult) -> int | bool | None:
        """Parse a notice page (and its members' attachment) and hand the record to the store."""
        try:
            page = extract_page(
                fetched.body,
                url=item.url,
                header_charset=fetched.charset,
                content_selector=self.source.content_selector,
                encoding=self.source.encoding,  # a configured codec overrides what the page says
            )
        except BadDocument as e:
            self.fail(BAD_ENCODING, f"{item.url}: {e}")
            return False
        extra, read = await self.attachment_text(page) if self.source.attachments else (None, set())
        try:
            record = parse_page(page, extra_text=extra)
        except Exception as error:  # a parser bug: log, count and keep the page for `monitor reparse`
            from monitor.reparse import keep_unparsed

            kept = {"url": item.url, "source": self.source.name, "error": error}
            await asyncio.to_thread(keep_unparsed, self.runtime.engine, fetched.body, **kept)
            return None
        record = self.finish(record, item)
        result = await asyncio.to_thread(
            self.runtime.ingest or _store_ingest(),
            self.runtime.engine,
            record,
            raw=fetched.body,
            url=item.url,
            observed_at=utcnow(),
            source=self.source.name,
            route=self.runtime.route,
            alert=self.alert,
            parser_version=PARSER_VERSION,
            list_date=item.date,  # dates a notice that states none (store.ingest.dated)
        )
        if not result.duplicate:
            self.counts.new_notices += 1
        self.counts.events.extend(result.events)
        for attachment in page.attachments:  # kept as evidence, read or not
            if attachments.is_document(attachment.url):
                self.runtime.state.record_attachment(
                    self.source.name, item.url, attachment.url, attachment.name, result.notice_id,
                    attachment.url in read,
                )  # fmt: skip
        return int(result.notice_id)

    def finish(self, record: NoticeRecord, item: ListItem) -> NoticeRecord:
        """What the list knows and the page did not say: the title, the region."""
        if not record.title:
            record.title = item.title
        if not record.region and self.source.region:
            record.region = self.source.region
        return record

    async def attachment_text(self, page: Page) -> tuple[str | None, set[str]]:
        """When the body says the members are listed in an attachment: the text of its
        .docx/.pdf attachments, and which were read."""
        if not attachments.names_in_attachment(page.text):
            return None, set()
        texts: list[str] = []
        read: set[str] = set()
        for attachment in page.attachments:
            if not attachment.url.startswith(("http://", "https://")) or not attachments.is_readable(
                attachment.url
            ):
                continue
            fetched = await self.fetcher.fetch(attachment.url, self.policy)
            self.counts.details += 1
            if not fetched.good:
                continue
            try:
                texts.append(attachments.attachment_text(fetched.body, attachment.url))
            except attachments.AttachmentError:
                continue
            read.add(attachment.url)
        return "\n".join(texts) or None, read

    def _seen(self, item: ListItem, matched: bool, notice_id: int | None) -> None:
        self.done[item.url] = notice_id
        self.runtime.state.record_seen(self.source.name, item.url, item.title, item.date, matched, notice_id)
