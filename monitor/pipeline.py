"""One check of a source: list pages → new matching notices → parse → store → state.

Used by `monitor check`, `monitor backfill` and the daemon. A live check reads the first
list page or two (`live_pages`) and stops at links it has seen; backfill (`pages=N`) walks
on. An unchanged list page (304, or the same content hash) costs no parse. Fetch outcomes
are states (DESIGN rule 5): the check's outcome, error and the consecutive-failure count
are written to source_state, and every check to check_log.

Nothing here blocks the event loop: list and notice pages are read in worker processes
with time and memory limits (monitor.offload, monitor.pagework), store calls run in
threads, and state is written in batches (`Runtime.settle`, the one "after a check" step of
`monitor check`, `backfill` and the daemon: state, check log, lease, health alerts).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor import pagework
from monitor.alerts.rules import Router, make_router
from monitor.checkstate import SourceSnapshot, StateBook
from monitor.config import Config, SourceConfig
from monitor.offload import PagePool, TooComplex, in_thread, shared_pool
from monitor.reparse import Unparsed, keep_unparsed
from scrapers import attachments
from scrapers.extract import BadDocument, Page
from scrapers.http import (
    BAD_ENCODING,
    DISALLOWED,
    NOT_FOUND,
    OK,
    UNCHANGED,
    Conditional,
    Fetcher,
    FetchPolicy,
    FetchResult,
    allowed_hosts_for,
    content_hash,
)
from scrapers.parse import PARSER_VERSION
from scrapers.sites import Adapter, ListItem, SiteOptions, make_adapter
from store.db import utcnow
from store.records import NoticeRecord

Progress = Callable[[int], Any]
Ingest = Callable[..., Any]  # store.ingest.ingest: (engine, record, *, raw, url, …) -> IngestResult

TOO_COMPLEX = "too_complex"  # a page over the reading worker's time or memory limit
INTERRUPTED = "interrupted"  # the check was stopped (SIGTERM, Ctrl-C) before its end
NOT_COUNTED = (INTERRUPTED,)  # outcomes that neither reset nor add to the failure count


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
    deferred: int = 0  # matching items left for the next check (max_notices_per_check)


@dataclass
class Runtime:
    """What checks share: the store, the config, one Fetcher (one AsyncClient), the page
    pool, the alert router and the state book. With `batch`, state writes wait for `settle()`."""

    engine: Engine
    config: Config
    fetcher: Fetcher
    route: Router | None = None
    batch: bool = False
    ingest: Ingest | None = None
    pages: PagePool = field(default_factory=shared_pool)
    state: StateBook = field(init=False)
    _plans: dict[str, tuple[SourceConfig, FetchPolicy, Adapter, SiteOptions]] = field(
        init=False, default_factory=dict
    )
    _writing: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.state = StateBook(self.engine, after_write=self._health)
        if self.route is None:
            self.route = make_router(self.config)

    @classmethod
    def create(cls, config: Config, engine: Engine, *, batch: bool = False) -> Runtime:
        scheduler = config.scheduler
        fetcher = Fetcher(
            user_agent=scheduler.user_agent, concurrency=scheduler.concurrency, proxy=scheduler.proxy
        )
        return cls(engine, config, fetcher, batch=batch)

    def plan(self, source: SourceConfig) -> tuple[FetchPolicy, Adapter, SiteOptions]:
        """A source's fetch policy, list adapter and its options, made once per config."""
        cached = self._plans.get(source.name)
        if cached is None or cached[0] is not source:
            options = SiteOptions.from_source(source)
            cached = (source, policy_for(source, self.config), make_adapter(source.adapter, options), options)
            self._plans[source.name] = cached
        return cached[1], cached[2], cached[3]

    def _health(self, session: Session, sources: list[str]) -> bool:
        """Source-health alerts, in the transaction that writes the checks' state."""
        if not self.config.alerts.health:
            return False
        from monitor.alerts.health import health_alert

        return any([health_alert(session, self.config, name) for name in sources])

    async def settle(self) -> bool:
        """After checks: write their state, log, leases and health alerts in one transaction,
        in a thread. Returns whether health alerts were queued. On a store error the rows
        stay buffered for the next call, and the error is raised."""
        async with self._writing:
            batch = self.state.take()
            if batch is None:
                return False
            try:
                alerted = await in_thread(self.state.write, batch)
            except asyncio.CancelledError:
                raise  # the thread goes on: the batch is written if the store lets it in time
            except BaseException:
                self.state.restore(batch)  # rolled back: written by a later call
                raise
            self.state.done()
            return alerted

    async def aclose(self) -> None:
        try:
            await self.settle()
        finally:
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


def notice_budget(source: SourceConfig, config: Config) -> int:
    """How many notice pages one live check may fetch (the rest wait for the next check)."""
    return source.max_notices_per_check or config.scheduler.max_notices_per_check


async def check_all(runtime: Runtime, sources: Iterable[SourceConfig]) -> list[CheckResult]:
    """Check many sources concurrently (politeness is per host), with batched state."""
    chosen = list(sources)
    urls = [url for s in chosen for url in runtime.plan(s)[1].first_urls()]
    await in_thread(runtime.state.preload, [s.name for s in chosen], urls)
    batch, runtime.batch = runtime.batch, True
    try:
        return list(await asyncio.gather(*(check_source(runtime, s) for s in chosen)))
    finally:
        runtime.batch = batch
        if not batch:
            await runtime.settle()


async def check_source(
    runtime: Runtime, source: SourceConfig, *, pages: int | None = None, progress: Progress | None = None
) -> CheckResult:
    """Check one source. `pages` (backfill) walks up to that many list pages of each column,
    past links already seen; without it, a live poll of `live_pages` pages.

    A check stopped by cancellation (SIGTERM, Ctrl-C) still records what it did."""
    started, clock = utcnow(), time.perf_counter()
    snapshot = runtime.state.buffered_source(source.name)
    if snapshot is None:
        snapshot = await in_thread(runtime.state.stored_source, source.name)
    check = _Check(runtime, source, snapshot, pages, progress)
    try:
        await check.run()
    except asyncio.CancelledError:
        check.fail(INTERRUPTED, "stopped before the end of the check")
        record_check(runtime, source, snapshot, check.result(time.perf_counter() - clock), started)
        raise
    except Exception as error:  # the daemon keeps running: a bug in one check is one failure
        check.fail("error", f"{type(error).__name__}: {error}")
    result = check.result(time.perf_counter() - clock)
    record_check(runtime, source, snapshot, result, started)
    if not runtime.batch:
        await runtime.settle()
    return result


def record_check(
    runtime: Runtime, source: SourceConfig, snap: SourceSnapshot, result: CheckResult, started: Any
) -> None:
    """Buffer a check's source state and log row (written by `Runtime.settle`)."""
    good = result.outcome in (OK, UNCHANGED)
    if result.outcome in NOT_COUNTED:
        failures, since = snap.consecutive_failures, snap.failing_since
    else:
        failures = 0 if good else snap.consecutive_failures + 1
        since = None if good else (snap.failing_since or started)
    state = {
        "last_check_at": started,
        "last_outcome": result.outcome,
        "last_error": result.error,
        "last_ok_at": started if good else snap.last_ok_at,
        "consecutive_failures": failures,
        "failing_since": since,
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
        self.fetcher, self.pool = runtime.fetcher, runtime.pages
        self.policy, self.adapter, self.options = runtime.plan(source)
        self.backfill = pages is not None
        self.limit = max(1, pages if pages is not None else min(source.live_pages, source.max_pages))
        self.budget = None if self.backfill else notice_budget(source, runtime.config)
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

    async def conditional(self, url: str) -> Conditional | None:
        if self.backfill:
            return None
        known, cached = self.runtime.state.buffered_conditional(url)
        return cached if known else await in_thread(self.runtime.state.stored_conditional, url)

    async def walk(self, url: str) -> None:
        """Read one column's list pages, newest first."""
        fallbacks: list[str] = []
        for page_no in range(self.limit):
            fetched = await self.fetcher.fetch(url, self.policy, cached=await self.conditional(url))
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
            reading = await self.read_list(fetched, url, page_no)
            if reading is None:
                return
            page = reading.page
            if not page.items:
                self._remember_page(fetched)
                return  # an empty or stub page: the end of the list
            links = [i.url for i in page.items]
            known = self.runtime.state.buffered_seen(self.source.name, links)
            known |= await in_thread(self.runtime.state.stored_seen, self.source.name, links)
            complete = True
            for item, matched in zip(page.items, reading.matched, strict=True):
                if item.url not in known and item.url not in self.done:
                    complete &= await self.take(item, matched)
            if complete:
                self._remember_page(fetched)
            if self.counts.deferred:
                return  # over the budget: the rest of the list waits for the next check
            # links known before this check mean the rest is known (not cross-posts seen just now)
            if (known - self.done.keys() and not self.backfill) or not page.next_urls:
                return
            url, fallbacks = page.next_urls[0], page.next_urls[1:]

    async def read_list(self, fetched: FetchResult, url: str, page_no: int) -> pagework.ListReading | None:
        """The list page read in a worker; None (and the check fails) when it cannot be."""
        try:
            return await self.pool.run(
                pagework.read_list,
                fetched.body,
                fetched.charset,
                self.source.encoding,
                self.source.adapter,
                self.options,
                self.source.title_filter,
                fetched.final_url or url,
                page_no,
            )
        except BadDocument as e:
            self.fail(BAD_ENCODING, f"{fetched.url}: {e}")
        except TooComplex as e:
            self.fail(TOO_COMPLEX, f"{fetched.url}: {e}")
        return None

    def _remember_page(self, fetched: FetchResult) -> None:
        self.runtime.state.record_page(
            fetched.url, fetched.status, fetched.etag, fetched.last_modified, fetched.content_hash
        )

    async def take(self, item: ListItem, matched: bool) -> bool:
        """A new list item: count it; fetch, parse and store it when its title matches.
        False when its page could not be read now (it is tried again next check)."""
        self.counts.items += 1
        if not matched:
            self._seen(item, False, None)
            return True
        self.counts.matched += 1
        if self.budget is not None and self.counts.details >= self.budget:
            self.counts.deferred += 1
            return False  # not marked seen: the next check takes it
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

    async def read(self, item: ListItem, fetched: FetchResult) -> tuple[NoticeRecord, Page, set[str]] | None:
        """A notice page (and its members' attachments) read into a record, in workers."""
        try:
            reading = await self.pool.run(
                pagework.read_notice,
                fetched.body,
                item.url,
                fetched.charset,
                self.source.content_selector,
                self.source.encoding,  # a configured codec overrides what the page says
                self.source.attachments,
            )
            read: set[str] = set()
            record = reading.record
            if record is None:
                extra, read = await self.attachment_text(reading.page)
                record = await self.pool.run(pagework.parse_notice, reading.page, extra)
        except BadDocument as e:
            self.fail(BAD_ENCODING, f"{item.url}: {e}")
            return None
        except TooComplex as e:
            self.fail(TOO_COMPLEX, f"{item.url}: {e}")
            return None
        except Exception as error:  # a parser bug: logged, counted, the page kept for `monitor reparse`
            await in_thread(
                keep_unparsed, self.runtime.engine, fetched.body, item.url, self.source.name, error
            )
            raise Unparsed from error
        return record, reading.page, read

    async def store(self, item: ListItem, fetched: FetchResult) -> int | bool | None:
        """Parse a notice page and hand the record to the store (in a thread)."""
        try:
            reading = await self.read(item, fetched)
        except Unparsed:
            return None  # seen: `monitor reparse` stores it once the parser reads it
        if reading is None:
            return False
        record, page, read = reading
        record = self.finish(record, item)
        result = await in_thread(
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
        """The text of the .docx/.pdf attachments that hold the members, and which were read.
        Each is read in a worker: a zip or PDF bomb costs that worker, not the daemon."""
        texts: list[str] = []
        read: set[str] = set()
        for url in pagework.wanted_attachments(page):
            fetched = await self.fetcher.fetch(url, self.policy)
            self.counts.details += 1
            if not fetched.good:
                continue
            try:
                texts.append(await self.pool.run(pagework.read_attachment, fetched.body, url))
            except (attachments.AttachmentError, TooComplex):
                continue
            read.add(url)
        return "\n".join(texts) or None, read

    def _seen(self, item: ListItem, matched: bool, notice_id: int | None) -> None:
        self.done[item.url] = notice_id
        self.runtime.state.record_seen(self.source.name, item.url, item.title, item.date, matched, notice_id)
