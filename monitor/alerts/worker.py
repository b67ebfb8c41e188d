"""The outbox worker: claim due alert rows, deliver them (email per notice batch, webhook per
event), and record each outcome — delivered, retry later with backoff, or failed for good.

At least once: a row is marked delivered only after the receiver accepted it, so a crash in
between resends it (same event id, same Message-ID) and nothing is lost. Each result is
written the moment it is known, not after the round, so a slow receiver elsewhere cannot
leave an accepted email unmarked. Every channel delivers in its own task, each send within
its channel's deadline; a channel still busy is not claimed for again, so one slow or dead
receiver never holds up another. Alerts of a channel gone from the config stay pending.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.engine import Engine

from monitor.alerts import housekeeping
from monitor.alerts.delivery import DeliveryError
from monitor.alerts.email import send_email
from monitor.alerts.rules import configured_channels, webhook_key
from monitor.alerts.webhook import Webhook, make_webhook
from monitor.config import Config
from store import outbox
from store.db import session_scope

log = logging.getLogger("monitor.alerts")

CLOSE_GRACE = 1.0  # seconds sends still under way get at close (SIGTERM must stay prompt)

SAMPLE_EVENT: dict[str, Any] = {
    "id": "test:sample-holder-changed",
    "type": "holder_changed",
    "group": "省政府推进政府职能转变和“放管服”改革协调小组",
    "group_id": 0,
    "subgroup": None,
    "role": "组长",
    "before": {"person": "王予波", "title": "省政府常务副省长"},
    "after": {"person": "刘宁", "title": "省政府常务副省长"},
    "effective": "2021-03-02",
    "region": "青海省",
    "notice": {"doc_number": "青政办〔2021〕20号", "url": "https://example.org/notice", "title": "测试通知"},
    "test": True,
}


@dataclass
class Report:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.failed


class AlertWorker:
    """Delivers the outbox. `patience`: how long `run_once` waits for the channels it started
    (None: until all are done, for one-off commands and tests); a channel still sending after
    that goes on in the background, records its results itself, and is skipped by the next
    rounds until it is done (the daemon passes a few seconds)."""

    def __init__(
        self,
        config: Config,
        engine: Engine,
        owner: str,
        *,
        batch_size: int = 100,
        patience: float | None = None,
    ) -> None:
        self.config, self.engine, self.owner = config, engine, owner
        self.batch_size = batch_size
        self.patience = patience
        self.channels = configured_channels(config)
        self.webhooks: dict[str, Webhook] = {
            webhook_key(i, w): make_webhook(w) for i, w in enumerate(config.alerts.webhooks)
        }
        self._client: httpx.AsyncClient | None = None
        self._busy: dict[str, asyncio.Task[None]] = {}  # channel → its deliveries under way
        self._upkeep_at: float | None = None

    async def close(self) -> None:
        """Give sends under way a moment, then stop them (their claims are released by the
        next start on this host, or expire)."""
        busy = list(self._busy.values())
        if busy:
            _, late = await asyncio.wait(busy, timeout=CLOSE_GRACE)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=CLOSE_GRACE)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, headers={"User-Agent": "monitor"})
        return self._client

    def _claim(self, channels: list[str]) -> list[outbox.Alert]:
        with session_scope(self.engine) as session:
            return outbox.claim(
                session, self.owner, limit=self.batch_size, hold=self._hold(), channels=channels
            )

    def _hold(self) -> float:
        """A claim outlives its sends: they run at once, each within its channel's deadline."""
        timeouts = [w.timeout for w in self.config.alerts.webhooks]
        if self.config.alerts.email:
            timeouts.append(self.config.alerts.email.timeout)
        return 60.0 + 2 * max(timeouts, default=10.0)

    async def _upkeep(self) -> None:
        """At the first round and once a day: release claims of stopped processes of this
        host, prune old check logs and delivered alerts (monitor.alerts.housekeeping)."""
        now = time.monotonic()
        if self._upkeep_at is not None and now - self._upkeep_at < housekeeping.EVERY:
            return
        self._upkeep_at = now
        try:
            await asyncio.to_thread(housekeeping.upkeep, self.engine, self.config, self.owner)
        except Exception as e:  # upkeep must never stop delivery
            log.warning("alert upkeep skipped: %s", " ".join(str(e).split())[:300])

    async def run_once(self) -> Report:
        """Deliver every due alert of every configured channel that is not busy; returns what
        happened (to the sends that ended within `patience`)."""
        report = Report()
        await self._upkeep()
        idle = [channel for channel in self.channels if channel not in self._busy]
        if not idle:
            return report
        rows = await asyncio.to_thread(self._claim, idle)
        by_channel: dict[str, list[outbox.Alert]] = defaultdict(list)
        for row in rows:
            by_channel[row.channel].append(row)
        started = [self._start(channel, channel_rows, report) for channel, channel_rows in by_channel.items()]
        if not started:
            return report
        done, _ = await asyncio.wait(started, timeout=self.patience)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]  # the store failed: the caller says so
        return report

    def _start(self, channel: str, rows: list[outbox.Alert], report: Report) -> asyncio.Task[None]:
        task = asyncio.ensure_future(self._deliver_channel(channel, rows, report))
        self._busy[channel] = task
        task.add_done_callback(lambda t: self._finished(channel, t))
        return task

    def _finished(self, channel: str, task: asyncio.Task[None]) -> None:
        if self._busy.get(channel) is task:
            del self._busy[channel]
        if not task.cancelled() and task.exception() is not None:
            log.warning("alert delivery channel=%s: %s", channel, task.exception())

    async def _deliver_channel(self, channel: str, rows: list[outbox.Alert], report: Report) -> None:
        jobs: list[tuple[list[outbox.Alert], Callable[[], Awaitable[None]]]] = []
        if channel == "email":
            batches: dict[str, list[outbox.Alert]] = defaultdict(list)
            for row in rows:
                batches[row.batch or row.event_id].append(row)
            jobs = [(group, self._email_job(group)) for group in batches.values()]
        else:
            jobs = [([row], self._webhook_job(row)) for row in rows]
        await asyncio.gather(*(self._attempt(group, send, report) for group, send in jobs))

    async def _attempt(
        self, rows: list[outbox.Alert], send: Callable[[], Awaitable[None]], report: Report
    ) -> None:
        """One send and, at once, its result in the store."""
        result: DeliveryError | None = None
        try:
            await send()
        except DeliveryError as e:
            result = e
        except Exception as e:  # a bug in a channel: retried, and said
            result = DeliveryError(f"{type(e).__name__}: {e}")
        await asyncio.to_thread(self._record, rows, result, report)

    def _webhook_job(self, row: outbox.Alert) -> Callable[[], Awaitable[None]]:
        hook = self.webhooks.get(row.channel)

        async def send() -> None:
            if hook is None:  # not claimed unless configured; kept pending if it happens
                raise DeliveryError(f"channel {row.channel} is not configured")
            await hook.send(self.client, row.payload)

        return send

    def _email_job(self, rows: list[outbox.Alert]) -> Callable[[], Awaitable[None]]:
        email = self.config.alerts.email

        async def send() -> None:
            if email is None:
                raise DeliveryError("email is not configured")
            await send_email(email, [row.payload for row in rows])

        return send

    def _record(self, rows: list[outbox.Alert], error: DeliveryError | None, report: Report) -> None:
        """Write the outcome; log each alert once per change of state (delivered, retrying
        after its first failure, failed for good), later retries only at debug level."""
        alerts = self.config.alerts
        with session_scope(self.engine) as session:
            for row in rows:
                assert row.id is not None
                if error is None:
                    if outbox.mark_delivered(session, row.id, self.owner):
                        report.delivered += 1
                        log.info(
                            "alert delivered channel=%s event=%s attempts=%d",
                            row.channel,
                            row.event_id,
                            row.attempts + 1,
                        )
                    continue
                status = outbox.mark_failed(
                    session,
                    row.id,
                    self.owner,
                    str(error),
                    permanent=error.permanent,
                    base=alerts.retry_base,
                    cap=alerts.retry_max_delay,
                    give_up_after=alerts.retry_for,
                )
                if status == outbox.FAILED:
                    report.failed += 1
                    log.warning("alert failed channel=%s event=%s error=%s", row.channel, row.event_id, error)
                elif status == outbox.PENDING:
                    report.retrying += 1
                    level = logging.INFO if row.attempts == 0 else logging.DEBUG
                    message = "alert retrying channel=%s event=%s error=%s"
                    log.log(level, message, row.channel, row.event_id, error)
                report.errors.append(f"{row.channel}: {error}")


async def send_samples(config: Config, event: dict[str, Any] | None = None) -> list[tuple[str, str | None]]:
    """Send a sample event to every configured channel now (no outbox): (channel, error|None)."""
    event = event or SAMPLE_EVENT
    results: list[tuple[str, str | None]] = []
    if config.alerts.email is not None:
        try:
            await send_email(config.alerts.email, [event])
            results.append(("email", None))
        except DeliveryError as e:
            results.append(("email", str(e)))
    async with httpx.AsyncClient() as client:
        for index, webhook in enumerate(config.alerts.webhooks):
            try:
                await make_webhook(webhook).send(client, event)
                results.append((webhook_key(index, webhook), None))
            except DeliveryError as e:
                results.append((webhook_key(index, webhook), str(e)))
    return results
