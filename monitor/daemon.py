"""`monitor run`: poll every source on its schedule and deliver alerts, until SIGTERM/SIGINT.

APScheduler 3 (AsyncIOScheduler, in-memory jobs rebuilt from config on every start) fires one
job per source at its interval with jitter, coalescing missed runs, one instance at a time,
and an alert-delivery job every few seconds. Several daemons may share one PostgreSQL store:
before checking, a daemon takes the source's lease in the database (store.leases), so each
source is checked by one daemon per interval, and alert rows are claimed with SKIP LOCKED.
On SQLite a second daemon on the same file refuses to start.
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

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select, update

from monitor.alerts.health import health_alert
from monitor.alerts.worker import AlertWorker
from monitor.config import Config, SourceConfig
from store import leases
from store.db import optimize, session_scope, utcnow
from store.state import SourceState

log = logging.getLogger("monitor.daemon")

STOP_TIMEOUT = 8.0  # seconds given to checks in hand after SIGTERM (the promise is 10)
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
        return os.path.abspath(url.database)
    return None


class Daemon:
    """The scheduler loop. `check` may be injected (tests, benchmarks); by default each
    check runs monitor.pipeline.check_source with one shared Runtime."""

    def __init__(
        self, config: Config, engine: Engine, *, check: CheckFn | None = None, owner: str | None = None
    ) -> None:
        self.config, self.engine = config, engine
        self.owner = owner or daemon_id()
        self.sources = {s.name: s for s in config.sources}
        self._check_fn = check
        self._runtime: Any = None
        self.worker = AlertWorker(config, engine, self.owner, patience=config.scheduler.delivery_interval)
        self.stop_event = asyncio.Event()
        self._inflight: set[asyncio.Task[Any]] = set()
        self._delivering = asyncio.Lock()
        self._deliver_again = False
        self._lock: leases.DaemonLock | None = None
        self.checks = 0  # checks this daemon ran (for tests and the demo)
        self.on_check: Callable[[CheckOutcome], None] | None = None

    # lifecycle ---------------------------------------------------------------------------
    def stop(self) -> None:
        self.stop_event.set()

    async def run(self) -> None:
        """Run until `stop()` (or SIGTERM/SIGINT when `install_signals` was called)."""
        path = sqlite_path(self.engine)
        if path:
            self._lock = leases.DaemonLock(path)
            self._lock.acquire()
        try:
            await asyncio.to_thread(self._prepare_state, path is not None)
            if self._check_fn is None:
                self._check_fn = self._pipeline_check()
            scheduler = self._schedule()
            scheduler.start()
            log.info("daemon %s started: %d sources", self.owner, len(self.sources))
            await self.stop_event.wait()
            log.info("daemon stopping: %d task(s) in hand", len(self._inflight))
            scheduler.shutdown(wait=False)
            await self._finish_inflight()
        finally:
            await self.worker.close()
            if self._runtime is not None:
                await self._runtime.aclose()
            if self._lock:
                self._lock.release()
        log.info("daemon stopped")

    def install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop)

    async def _finish_inflight(self) -> None:
        if not self._inflight:
            return
        _, pending = await asyncio.wait(set(self._inflight), timeout=STOP_TIMEOUT)
        for task in pending:  # a hung fetch: give up on it (its lease is released in finally)
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1.0)

    def _pipeline_check(self) -> CheckFn:
        from monitor.pipeline import Runtime, check_source

        self._runtime = Runtime.create(self.config, self.engine)

        async def check(source: SourceConfig) -> CheckOutcome:
            return await check_source(self._runtime, source)

        return check

    def _prepare_state(self, exclusive: bool) -> None:
        """Create missing state rows; with the SQLite lock held, leases left by a killed
        daemon are ours to clear (no other daemon can be running)."""
        with session_scope(self.engine) as session:
            leases.ensure_sources(session, list(self.sources))
            if exclusive:
                stale = update(SourceState).where(SourceState.lease_owner.is_not(None))  # type: ignore[union-attr]
                session.exec(stale.values(lease_owner=None, lease_until=None))  # type: ignore[call-overload]

    # scheduling --------------------------------------------------------------------------
    def _schedule(self) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        due = self._due_times()
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

    def _due_times(self) -> dict[str, datetime | None]:
        with session_scope(self.engine) as session:
            rows = session.exec(select(SourceState)).all()
            return {row.source: row.next_run_at for row in rows}

    def _track(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
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
        if not await asyncio.to_thread(self._claim, name, claimed_at, slack):
            log.debug("check skipped source=%s (another daemon has it this interval)", name)
            return
        next_run = claimed_at + timedelta(seconds=interval)
        deliver_now = False
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
            alerted = await asyncio.to_thread(self._health, name)
            deliver_now = alerted or bool(result.events)
            if self.on_check:
                self.on_check(result)
        except asyncio.CancelledError:
            next_run = utcnow()  # cut short by shutdown: due again at once
            raise
        except SQLAlchemyError as e:
            log.error("check source=%s: store unavailable: %s", name, " ".join(str(e).split())[:300])
        except Exception:  # a bug in one check must not stop the daemon
            log.exception("check source=%s crashed", name)
        finally:
            await asyncio.shield(asyncio.to_thread(self._release, name, next_run))
        if deliver_now:
            self._track(self._deliver())  # deliver now, not at the next delivery tick

    def _claim(self, name: str, now: datetime, slack: float) -> bool:
        hold = self.config.scheduler.lease
        try:
            with session_scope(self.engine) as session:
                return leases.claim_source(session, name, self.owner, hold=hold, slack=slack, now=now)
        except SQLAlchemyError as e:
            log.warning("cannot take the lease of source=%s: %s", name, e)
            return False

    def _release(self, name: str, next_run: datetime) -> None:
        try:
            with session_scope(self.engine) as session:
                leases.release_source(session, name, self.owner, next_run_at=next_run)
        except SQLAlchemyError as e:  # the lease expires by itself after scheduler.lease
            log.warning("cannot release the lease of source=%s: %s", name, e)

    def _health(self, name: str) -> bool:
        """Enqueue a "failing" alert after N failures in a row, and a "recovered" one after."""
        if not self.config.alerts.health:
            return False
        with session_scope(self.engine) as session:
            return health_alert(session, self.config, name)

    async def _optimize_job(self) -> None:
        """Keep the planner's statistics current as the store grows (store.db.optimize)."""
        if self.stop_event.is_set():
            return
        try:
            await asyncio.to_thread(optimize, self.engine)
        except SQLAlchemyError as e:
            log.warning("store statistics not refreshed: %s", e)

    # delivery ----------------------------------------------------------------------------
    async def _deliver_job(self) -> None:
        if not self.stop_event.is_set():
            await self._shielded(self._deliver())

    async def _deliver(self) -> None:
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
