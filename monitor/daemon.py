"""`monitor run`: poll every source on its schedule and deliver alerts, until SIGTERM, SIGINT
or SIGHUP (all three stop it gracefully; the config is read again by starting it again).

APScheduler 3 (AsyncIOScheduler, in-memory jobs rebuilt from config on every start) fires one
job per source at its interval with jitter, coalescing missed runs, one instance at a time,
and an alert-delivery job every few seconds. Several daemons may share one PostgreSQL store:
before checking, a daemon takes the source's lease in the database (store.state), renews it
while a long check runs, and gives it back with the check's state; each source is checked by
one daemon per interval, and alert rows are claimed with SKIP LOCKED. On SQLite a second
daemon on the same file refuses to start, so this one needs no leases.

The event loop only waits: checks read pages in worker processes and call the store in
threads (monitor.pipeline), and the state of finished checks is written behind them
(`_settle`), so a store locked by another process delays the writing, not the checks.
POSIX only (signals, fork server, fcntl lock).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import unquote

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from monitor.alerts.worker import AlertWorker
from monitor.config import Config, SourceConfig
from monitor.offload import in_thread
from store import leases
from store import state as source_state
from store.db import StoreError, optimize, utcnow

log = logging.getLogger("monitor.daemon")

STOP_TIMEOUT = 6.0  # seconds given to checks in hand after SIGTERM (the promise is 10)
LAST_WRITE_TIMEOUT = 1.5  # seconds for the last state write at stop (the store may be locked)
WRITE_RETRY = 5.0  # seconds before state refused by the store is written again
OPTIMIZE_EVERY = 3600.0  # seconds between refreshes of the query planner's statistics


class CheckOutcome(Protocol):
    """What the daemon reads of a check (monitor.pipeline.CheckResult has these)."""

    source: str
    outcome: str
    items: int
    new_notices: int
    events: list[dict[str, Any]]
    duration: float
    error: str | None


CheckFn = Callable[[SourceConfig], Awaitable[CheckOutcome]]


def daemon_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def sqlite_path(engine: Engine) -> str | None:
    url = make_url(engine.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = url.database
        if database.startswith("file:"):  # a URI (a read-only store): its path, unquoted
            database = unquote(database.removeprefix("file:").split("?", 1)[0])
        return os.path.realpath(database)  # a symlink is the same store
    return None


class Daemon:
    """The scheduler loop. `check` may be injected (tests, benchmarks); by default each
    check runs monitor.pipeline.check_source with one shared Runtime."""

    def __init__(
        self, config: Config, engine: Engine, *, check: CheckFn | None = None, owner: str | None = None
    ) -> None:
        from monitor.pipeline import Runtime

        self.config, self.engine = config, engine
        self.owner = owner or daemon_id()
        self.sources = {s.name: s for s in config.sources}
        self._check_fn = check
        self._runtime = Runtime.create(config, engine, batch=True)
        self.worker = AlertWorker(config, engine, self.owner, patience=config.scheduler.delivery_interval)
        self.stop_event = asyncio.Event()
        self._inflight: set[asyncio.Task[Any]] = set()  # checks and deliveries
        self._writes: set[asyncio.Task[Any]] = set()  # state writes (the store may be locked)
        self._delivering = asyncio.Lock()
        self._deliver_again = False
        self._settling = False
        self._settle_again = False
        self._lock: leases.DaemonLock | None = None
        self.exclusive = False  # the only daemon on this store (SQLite): no leases
        self._next_due: dict[str, datetime] = {}  # when each source this daemon checked is due
        self.checks = 0  # checks this daemon ran (for tests and the demo)
        self.on_check: Callable[[CheckOutcome], None] | None = None

    # lifecycle ---------------------------------------------------------------------------
    def stop(self) -> None:
        self.stop_event.set()

    async def run(self) -> None:
        """Run until `stop()` (or a signal when `install_signals` was called)."""
        path = sqlite_path(self.engine)
        if path:
            self._lock = leases.DaemonLock(path)
            self._lock.acquire()
            self.exclusive = True
        try:
            due = await in_thread(self._prepare_state)
            if self._check_fn is None:
                self._check_fn = self._pipeline_check()
            scheduler = self._schedule(due)
            scheduler.start()
            log.info("daemon %s started: %d sources", self.owner, len(self.sources))
            await self.stop_event.wait()
            log.info("daemon stopping: %d task(s) in hand", len(self._inflight))
            scheduler.shutdown(wait=False)
            await self._finish_inflight()
        finally:
            await self._last_write()
            await self.worker.close()
            await self._runtime.fetcher.aclose()
            if self._lock:
                self._lock.release()
        log.info("daemon stopped")

    def install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(sig, self.stop)

    async def _finish_inflight(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STOP_TIMEOUT
        while self._inflight and loop.time() < deadline:  # work in hand may start more (writes, delivery)
            await asyncio.wait(set(self._inflight), timeout=deadline - loop.time())
        pending = set(self._inflight)
        for task in pending:  # a hung fetch or a locked store: give up on it
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1.0)

    async def _last_write(self) -> None:
        """Write what finished checks found, if the store takes it in time: a store locked by
        another process must not hold up the exit (unwritten items are fetched again)."""
        if self._writes:
            await asyncio.wait(set(self._writes), timeout=LAST_WRITE_TIMEOUT)
        for task in set(self._writes):
            task.cancel()  # its thread may still write its rows before the process ends
        if self._writes:
            await asyncio.wait(set(self._writes), timeout=1.0)
        try:
            await asyncio.wait_for(self._runtime.settle(), LAST_WRITE_TIMEOUT)
        except (TimeoutError, SQLAlchemyError, StoreError) as e:
            rows = self._runtime.state.pending
            log.warning("stopped without writing %d row(s) of check state: %s", rows, e or "store busy")

    def _pipeline_check(self) -> CheckFn:
        from monitor.pipeline import check_source

        async def check(source: SourceConfig) -> CheckOutcome:
            return await check_source(self._runtime, source)

        return check

    def _prepare_state(self) -> dict[str, datetime | None]:
        """Create missing state rows; with the SQLite lock held, leases left by a killed
        daemon are ours to clear (no other daemon can be running). Returns when each source
        is due."""
        with self.engine.begin() as conn:
            source_state.ensure_sources(conn, list(self.sources))
            if self.exclusive:
                source_state.clear_leases(conn)
            return source_state.due_times(conn)

    # scheduling --------------------------------------------------------------------------
    def _schedule(self, due: dict[str, datetime | None]) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        now = utcnow()
        for name, source in self.sources.items():
            interval = self.config.source_interval(source)
            spread = self._jitter(interval)
            first = max(now, due.get(name) or now) + timedelta(seconds=random.uniform(0, spread))
            trigger = IntervalTrigger(seconds=interval, start_date=first, jitter=spread or None, timezone=UTC)
            scheduler.add_job(
                self._check_job,
                trigger,
                args=[name],
                id=f"check:{name}",
                next_run_time=first,
                misfire_grace_time=max(1, int(interval)),
            )
        every = self.config.scheduler.delivery_interval
        trigger = IntervalTrigger(seconds=every, timezone=UTC)
        scheduler.add_job(
            self._deliver_job, trigger, id="deliver", next_run_time=now, misfire_grace_time=None
        )
        trigger = IntervalTrigger(seconds=OPTIMIZE_EVERY, timezone=UTC)
        scheduler.add_job(self._optimize_job, trigger, id="optimize", misfire_grace_time=None)
        return scheduler

    def _jitter(self, interval: float) -> float:
        return min(interval * self.config.scheduler.jitter, 600.0)

    def _track(self, coro: Awaitable[Any], into: set[asyncio.Task[Any]] | None = None) -> asyncio.Task[Any]:
        tasks = self._inflight if into is None else into
        task = asyncio.ensure_future(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    # checks ------------------------------------------------------------------------------
    async def _check_job(self, name: str) -> None:
        if self.stop_event.is_set():
            return
        await self._shielded(self._check(name))

    async def _shielded(self, coro: Awaitable[Any]) -> None:
        """Run `coro` so that shutting the scheduler down (which cancels its job tasks) does
        not cancel the work in hand: `run` waits for it instead."""
        try:
            await asyncio.shield(self._track(coro))
        except asyncio.CancelledError:
            if not self.stop_event.is_set():
                raise

    async def _check(self, name: str) -> None:
        source = self.sources[name]
        interval = self.config.source_interval(source)
        claimed_at = utcnow()
        slack = min(self._jitter(interval) + 1.0, interval / 2)
        due = self._next_due.get(name)
        if due and due > claimed_at + timedelta(seconds=slack):
            return  # a late run just happened: the scheduler's grid fired again too soon
        if not self.exclusive and not await in_thread(self._claim, name, claimed_at, slack):
            log.debug("check skipped source=%s (another daemon has it this interval)", name)
            return
        next_run = claimed_at + timedelta(seconds=interval)
        keeper = None if self.exclusive else asyncio.ensure_future(self._keep_lease(name))
        events = False
        try:
            assert self._check_fn is not None
            result = await self._check_fn(source)
            self.checks += 1
            log.info(
                "check source=%s outcome=%s items=%d new_notices=%d events=%d duration=%.3fs%s",
                name,
                result.outcome,
                result.items,
                result.new_notices,
                len(result.events),
                result.duration,
                f" error={result.error}" if result.error else "",
            )
            events = bool(result.events)
            if self.on_check:
                self.on_check(result)
        except asyncio.CancelledError:
            next_run = utcnow()  # cut short by shutdown: due again at once
            raise
        except (SQLAlchemyError, StoreError) as e:
            log.error("check source=%s: store unavailable: %s", name, " ".join(str(e).split())[:300])
        except Exception:  # a bug in one check must not stop the daemon
            log.exception("check source=%s crashed", name)
        finally:
            if keeper is not None:
                keeper.cancel()
            # the lease goes back with the check's state, written behind the check
            self._next_due[name] = next_run  # the store has it once the state is written
            self._runtime.state.record_release(name, None if self.exclusive else self.owner, next_run)
            self._track(self._settle(deliver=events), self._writes)

    async def _keep_lease(self, name: str) -> None:
        """Renew the lease while a long check runs, so that no other daemon takes the source."""
        hold = self.config.scheduler.lease
        while True:
            await asyncio.sleep(hold / 3)
            if not await in_thread(self._renew, name, hold):
                log.warning("lost the lease of source=%s during its check", name)
                return

    async def _settle(self, deliver: bool = False) -> None:
        """Write the state of finished checks (one writer; a call during a write makes it go
        round again). Rows the store refuses stay buffered and are written on a later call."""
        if self._settling:
            self._settle_again = True
            if deliver:
                self._track(self._deliver())
            return
        self._settling = True
        try:
            while True:
                self._settle_again = False
                try:
                    alerted = await self._runtime.settle()
                except (SQLAlchemyError, StoreError) as e:
                    log.warning("check state not written yet: %s", " ".join(str(e).split())[:300])
                    self._track(self._retry_settle(), self._writes)
                    return
                if alerted or deliver:
                    self._track(self._deliver())  # deliver now, not at the next delivery tick
                deliver = False
                if not self._settle_again:
                    return
        finally:
            self._settling = False

    async def _retry_settle(self) -> None:
        try:
            await asyncio.wait_for(self.stop_event.wait(), WRITE_RETRY)
        except TimeoutError:
            await self._settle()

    def _claim(self, name: str, now: datetime, slack: float) -> bool:
        hold = self.config.scheduler.lease
        try:
            with self.engine.begin() as conn:
                return source_state.claim_lease(conn, name, self.owner, hold=hold, slack=slack, now=now)
        except SQLAlchemyError as e:
            log.warning("cannot take the lease of source=%s: %s", name, e)
            return False

    def _renew(self, name: str, hold: float) -> bool:
        try:
            with self.engine.begin() as conn:
                return source_state.renew_lease(conn, name, self.owner, hold=hold)
        except SQLAlchemyError as e:  # keep checking: the lease may still hold
            log.warning("cannot renew the lease of source=%s: %s", name, e)
            return True

    async def _optimize_job(self) -> None:
        """Keep the planner's statistics current as the store grows (store.db.optimize)."""
        if self.stop_event.is_set():
            return
        try:
            await in_thread(optimize, self.engine)
        except SQLAlchemyError as e:
            log.warning("store statistics not refreshed: %s", e)

    # delivery ----------------------------------------------------------------------------
    async def _deliver_job(self) -> None:
        if not self.stop_event.is_set():
            await self._shielded(self._deliver())

    async def _deliver(self) -> None:
        if self.stop_event.is_set():
            return  # stopping: alerts not yet claimed stay pending for the next start
        if self._delivering.locked():
            self._deliver_again = True  # the run under way goes round once more
            return
        async with self._delivering:
            try:
                while True:
                    self._deliver_again = False
                    report = await self.worker.run_once()
                    full = report.attempted >= self.worker.batch_size
                    if self.stop_event.is_set() or not (full or self._deliver_again):
                        break
            except SQLAlchemyError as e:
                log.warning("alert delivery: store unavailable: %s", e)


def run_daemon(config: Config, engine: Engine, **kwargs: Any) -> None:
    """Blocking entry point of `monitor run`."""

    async def main() -> None:
        daemon = Daemon(config, engine, **kwargs)
        daemon.install_signals()
        await daemon.run()

    asyncio.run(main())
