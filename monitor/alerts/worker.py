"""The outbox worker: claim due alert rows, deliver them (email per notice batch, webhook per
event), and record each outcome — delivered, retry later with backoff, or failed for good.

At least once: a row is marked delivered only after the receiver accepted it, so a crash in
between resends it (same event id, same Message-ID) and nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.engine import Engine

from monitor.alerts.delivery import DeliveryError
from monitor.alerts.email import send_email
from monitor.alerts.rules import webhook_key
from monitor.alerts.webhook import Webhook, make_webhook
from monitor.config import Config
from store import outbox
from store.db import session_scope

log = logging.getLogger("monitor.alerts")

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
    def __init__(self, config: Config, engine: Engine, owner: str, *, batch_size: int = 100) -> None:
        self.config, self.engine, self.owner = config, engine, owner
        self.batch_size = batch_size
        self.webhooks: dict[str, Webhook] = {
            webhook_key(i, w): make_webhook(w) for i, w in enumerate(config.alerts.webhooks)
        }
        self._client: httpx.AsyncClient | None = None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, headers={"User-Agent": "monitor"})
        return self._client

    def _claim(self) -> list[outbox.Alert]:
        with session_scope(self.engine) as session:
            return outbox.claim(session, self.owner, limit=self.batch_size, hold=self._hold())

    def _hold(self) -> float:
        timeouts = [w.timeout for w in self.config.alerts.webhooks]
        if self.config.alerts.email:
            timeouts.append(self.config.alerts.email.timeout)
        return 60.0 + 2 * max(timeouts, default=10.0)

    async def run_once(self) -> Report:
        """Deliver every due alert once; returns what happened."""
        report = Report()
        rows = await asyncio.to_thread(self._claim)
        if not rows:
            return report
        jobs: list[tuple[list[outbox.Alert], Callable[[], Awaitable[None]]]] = []
        batches: dict[str, list[outbox.Alert]] = defaultdict(list)
        for row in rows:
            if row.channel == "email":
                batches[row.batch or row.event_id].append(row)
            else:
                jobs.append(([row], self._webhook_job(row)))
        for group in batches.values():
            jobs.append((group, self._email_job(group)))
        results = await asyncio.gather(*(send() for _, send in jobs), return_exceptions=True)
        for (group, _), result in zip(jobs, results, strict=True):
            await asyncio.to_thread(self._record, group, result, report)
        return report

    def _webhook_job(self, row: outbox.Alert) -> Callable[[], Awaitable[None]]:
        hook = self.webhooks.get(row.channel)

        async def send() -> None:
            if hook is None:
                raise DeliveryError(f"channel {row.channel} is no longer configured", permanent=True)
            await hook.send(self.client, row.payload)

        return send

    def _email_job(self, rows: list[outbox.Alert]) -> Callable[[], Awaitable[None]]:
        email = self.config.alerts.email

        async def send() -> None:
            if email is None:
                raise DeliveryError("email is no longer configured", permanent=True)
            await send_email(email, [row.payload for row in rows])

        return send

    def _record(self, rows: list[outbox.Alert], result: BaseException | None, report: Report) -> None:
        alerts = self.config.alerts
        with session_scope(self.engine) as session:
            for row in rows:
                assert row.id is not None
                if result is None:
                    if outbox.mark_delivered(session, row.id, self.owner):
                        report.delivered += 1
                        log.info("alert delivered channel=%s event=%s", row.channel, row.event_id)
                    continue
                error = result if isinstance(result, DeliveryError) else DeliveryError(repr(result))
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
                    log.info("alert retry channel=%s event=%s error=%s", row.channel, row.event_id, error)
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
