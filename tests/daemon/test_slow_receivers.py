"""Slow receivers against the outbox worker: a webhook that sends its headers and then one
byte at a time, an SMTP server that talks a byte at a time, one that never answers QUIT.
Each send has one deadline for the whole exchange; each result is in the store as soon as
it is known; a slow channel never holds up another."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from monitor.alerts.delivery import DeliveryError
from monitor.alerts.email import send_email
from monitor.alerts.worker import AlertWorker
from monitor.config import EmailConfig
from store import outbox
from store.db import open_engine
from tests.daemon.helpers import add_alerts, alert_rows, alerts_config, event
from tests.servers import SMTPServer, free_port

SAFETY = 60.0  # a net far above any expected wait: on a loaded machine waits only get longer


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


async def until(condition: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + SAFETY
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class Dribbler:
    """A TCP server on 127.0.0.1 that reads a request, then answers `preamble` and one byte
    every `gap` seconds, forever (the issue's receiver: headers, then a byte every 5 s)."""

    preamble: bytes
    gap: float
    read_request: bool = True
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    open_connections: int = 0
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        try:
            if self.read_request:
                await reader.readuntil(b"\r\n\r\n")
            self.connected.set()
            writer.write(self.preamble)
            while True:
                await writer.drain()
                await asyncio.sleep(self.gap)
                writer.write(b"x")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.open_connections -= 1
            writer.close()


@contextlib.asynccontextmanager
async def dribbler(preamble: bytes, gap: float, *, read_request: bool = True) -> AsyncIterator[Dribbler]:
    server_state = Dribbler(preamble, gap, read_request)
    server = await asyncio.start_server(server_state.handle, "127.0.0.1", 0)
    server_state.port = server.sockets[0].getsockname()[1]
    try:
        yield server_state
    finally:
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 5)


HEADERS_THEN_BYTES = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n"


async def test_webhook_dribbling_its_body_is_cut_at_the_deadline(engine: Engine) -> None:
    # a byte every 0.2 s never trips a 1 s per-read timeout: only a deadline for the whole send ends it
    async with dribbler(HEADERS_THEN_BYTES, gap=0.2) as slow:
        config = alerts_config(hooks=[{"url": f"http://127.0.0.1:{slow.port}/hook", "timeout": 1}])
        add_alerts(engine, [event(1)], ["webhook:0"])
        worker = AlertWorker(config, engine, "test")
        report = await asyncio.wait_for(worker.run_once(), SAFETY)
        await worker.close()
        assert slow.connected.is_set()
    assert report.retrying == 1 and report.delivered == 0
    [row] = alert_rows(engine)
    assert row.status == outbox.PENDING and row.attempts == 1 and row.claimed_by is None
    assert "no complete answer within 1s" in (row.last_error or "")


async def test_smtp_server_talking_a_byte_at_a_time_is_cut_at_the_deadline() -> None:
    async with dribbler(b"220", gap=0.2, read_request=False) as slow:
        config = EmailConfig(host="127.0.0.1", port=slow.port, to=["a@example.org"], timeout=1)
        with pytest.raises(DeliveryError, match="no complete answer within 1s") as caught:
            await asyncio.wait_for(send_email(config, [event(1)]), SAFETY)
        assert not caught.value.permanent
        await until(lambda: slow.open_connections == 0, "the abandoned connection to close")


class _NoGoodbye:
    """Accepts every message and never answers QUIT."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 accepted"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(3600)
        return "221 bye"


async def test_an_accepted_email_is_delivered_whatever_follows(engine: Engine) -> None:
    from aiosmtpd.controller import Controller

    box, port = _NoGoodbye(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        config = alerts_config(smtp_port=port)
        assert config.alerts.email is not None
        config.alerts.email.timeout = 600  # waiting for the goodbye would outlast the test
        add_alerts(engine, [event(1)], ["email"], batch="notice:1")
        worker = AlertWorker(config, engine, "test")
        report = await asyncio.wait_for(worker.run_once(), SAFETY)
        again = await worker.run_once()  # a later round (or a restart) sends nothing more
        await worker.close()
    finally:
        controller.stop()
    assert report.delivered == 1 and again.attempted == 0
    assert len(box.messages) == 1
    [row] = alert_rows(engine)
    assert row.status == outbox.DELIVERED and row.attempts == 1


async def test_email_is_recorded_while_a_webhook_hangs_and_later_emails_go_out(engine: Engine) -> None:
    async with dribbler(HEADERS_THEN_BYTES, gap=5) as slow:
        with SMTPServer() as smtp:
            hooks = [{"url": f"http://127.0.0.1:{slow.port}/hook", "timeout": 600}]
            config = alerts_config(smtp_port=smtp.port, hooks=hooks)
            add_alerts(engine, [event(1)], ["email", "webhook:0"], batch="notice:1")
            worker = AlertWorker(config, engine, "test")
            first = asyncio.ensure_future(worker.run_once())  # held up by the webhook

            def status(channel: str) -> str | None:
                rows = [r for r in alert_rows(engine) if r.channel == channel]
                return rows[-1].status if rows else None

            await until(lambda: status("email") == outbox.DELIVERED, "the email marked delivered")
            assert slow.connected.is_set() and not first.done()  # the webhook still hangs
            assert status("webhook:0") == outbox.PENDING

            add_alerts(engine, [event(2)], ["email", "webhook:0"], batch="notice:2")
            delivered = 0
            deadline = time.monotonic() + SAFETY
            while delivered == 0 and time.monotonic() < deadline:  # rounds until the email task is free
                delivered = (await asyncio.wait_for(worker.run_once(), SAFETY)).delivered
                await asyncio.sleep(0.02)
            assert delivered == 1 and len(smtp.messages) == 2  # the busy webhook was skipped
            assert not first.done()

            first.cancel()
            await worker.close()  # stops the hung send
    rows = {(r.event_id, r.channel): r for r in alert_rows(engine)}
    assert rows["ev-1", "email"].status == rows["ev-2", "email"].status == outbox.DELIVERED
    assert rows["ev-1", "webhook:0"].status == rows["ev-2", "webhook:0"].status == outbox.PENDING
    assert rows["ev-2", "webhook:0"].claimed_by is None  # never claimed while the channel was busy


async def test_the_daemon_keeps_emailing_while_a_webhook_hangs(engine: Engine) -> None:
    from monitor.config import config_from_dict
    from monitor.daemon import Daemon

    async with dribbler(HEADERS_THEN_BYTES, gap=5) as slow:
        with SMTPServer() as smtp:
            config = config_from_dict(
                {
                    "store": {"url": engine.url.render_as_string(hide_password=False)},
                    "scheduler": {"delivery_interval": "0.5s"},
                    "alerts": {
                        "email": {"host": "127.0.0.1", "port": smtp.port, "to": ["a@example.org"]},
                        "webhooks": [{"url": f"http://127.0.0.1:{slow.port}/hook", "timeout": 600}],
                    },
                }
            )
            add_alerts(engine, [event(1)], ["email", "webhook:0"], batch="notice:1")
            daemon = Daemon(config, engine, owner="d")
            running = asyncio.ensure_future(daemon.run())

            def emailed(event_id: str) -> bool:
                rows = [r for r in alert_rows(engine) if (r.event_id, r.channel) == (event_id, "email")]
                return bool(rows) and rows[0].status == outbox.DELIVERED

            await until(lambda: emailed("ev-1") and slow.connected.is_set(), "the first email")
            add_alerts(engine, [event(2)], ["email", "webhook:0"], batch="notice:2")
            await until(lambda: emailed("ev-2"), "the second email, sent while the webhook hangs")
            assert slow.open_connections == 1 and len(smtp.messages) == 2
            daemon.stop()
            await asyncio.wait_for(running, SAFETY)  # the hung send does not hold up the stop
    assert {r.status for r in alert_rows(engine) if r.channel == "webhook:0"} == {outbox.PENDING}
