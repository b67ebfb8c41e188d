"""`monitor demo`: the main job, offline. A demo portal, an SMTP server and a webhook receiver
start on 127.0.0.1; the daemon polls the portal with a temporary SQLite store; notices appear
one after another (a baseline, then a personnel change, a rename, a restructuring); every
alert is printed as it arrives; at the end the Qinghai group's history is printed."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import click

from monitor.config import Config, config_from_dict
from monitor.daemon import Daemon
from monitor.demo.servers import DemoPortal, MailReceiver, WebhookReceiver, load_notices
from store import outbox
from store.db import open_engine, session_scope

SECRET = "demo-secret"


class DemoError(Exception):
    """The demo cannot run here (no loopback network, for one)."""


GROUP = "省政府推进政府职能转变和“放管服”改革协调小组"


def say(text: str) -> None:
    click.echo(text)


def demo_config(db_url: str, portal: str, smtp_port: int, hook_url: str, interval: float) -> Config:
    return config_from_dict(
        {
            "store": {"url": db_url},
            "scheduler": {"interval": interval, "jitter": 0, "delivery_interval": 1},
            "sources": [
                {
                    "name": "demo-portal",
                    "region": "青海省",
                    "list_urls": [f"{portal}/zfwj/"],
                    "min_delay": 0,
                    "live_pages": 1,
                }
            ],
            "alerts": {
                "email": {
                    "host": "127.0.0.1",
                    "port": smtp_port,
                    "to": ["analyst@example.org"],
                    "timeout": 5,
                },
                "webhooks": [{"url": hook_url, "secret_env": "MONITOR_DEMO_WEBHOOK_SECRET", "name": "demo"}],
                "retry_base": 1,
            },
        },
        "demo config",
    )


def _pending(daemon: Daemon) -> int:
    with session_scope(daemon.engine) as session:
        return int(outbox.stats(session)["pending"])


async def _drive(daemon: Daemon, portal: DemoPortal, keep_running: bool, interval: float) -> None:
    """Stop once every notice is up, has been polled, and every alert is out."""
    task = asyncio.create_task(daemon.run())
    daemon.install_signals()
    shown = 0
    all_up_at: float | None = None
    while not task.done():
        await asyncio.sleep(0.2)
        if daemon.checks:
            portal.start_clock()  # the baseline is in: now notices appear one by one
        published = portal.published()
        for notice in published[shown:]:
            say(f"\n[portal] published {notice.doc_number} {notice.title}")
        shown = len(published)
        if keep_running or daemon.stop_event.is_set():
            continue
        if portal.all_published and all_up_at is None:
            all_up_at = time.monotonic()
        settled = all_up_at is not None and time.monotonic() - all_up_at > interval * 2 + 1
        if settled and await asyncio.to_thread(_pending, daemon) == 0:
            daemon.stop()
    await task


def _print_history(engine: Any) -> None:
    from sqlmodel import Session

    from store.query import history

    say(f"\n=== History of {GROUP} (monitor history) ===")
    with Session(engine) as session:
        try:
            versions = history(session, GROUP)
        except Exception as error:  # the demo still ends with what the receivers saw
            say(f"(history unavailable: {error})")
            return
    for version in versions:
        notice = version.get("notice") or {}
        number = notice.get("doc_number") or ""
        say(f"  v{version['version']}  {version['effective']}  {version['name']}  {number}")
        groups = version.get("groups") or []
        if groups:
            order = {"组长": 0, "副组长": 1}
            members = [m for m in groups[0].get("members", []) if m.get("role") in order]
            leaders = sorted(members, key=lambda m: order[m["role"]])
            posts = "，".join(f"{m['role']} {m.get('person') or m.get('unit')}" for m in leaders)
            subs = [g["name"] for g in groups[1:] if g.get("category") != "办公室"]
            say(f"      {posts}")
            say(f"      {len(subs)} 个下设组：{'、'.join(subs)}")


def _print_alerts(hook: WebhookReceiver, mail: MailReceiver) -> None:
    say("\n=== Change events received by the webhook, in order ===")
    from monitor.alerts.formatting import summary

    for event in hook.events:
        say(f"  {event.get('effective') or '':10}  {summary(event)}")
    twice = [i for i, n in hook.received.items() if n > 1]
    say(
        f"\n{len(hook.received)} distinct events by webhook, {len(mail.messages)} emails; "
        f"{'none' if not twice else len(twice)} delivered twice."
    )


def run_demo(*, keep_running: bool = False, step: float = 3.0, workdir: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="  [daemon] %(message)s")
    for noisy in ("apscheduler", "httpx", "httpcore", "monitor.alerts", "mail.log", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    os.environ["MONITOR_DEMO_WEBHOOK_SECRET"] = SECRET
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="monitor-demo-"))
    db_url = f"sqlite:///{folder / 'demo.db'}"
    interval = max(1.0, step / 2)
    notices = load_notices()
    try:
        portal = DemoPortal(notices, initial=2, step=step)
        hook = WebhookReceiver(SECRET, say)
        mail = MailReceiver(say)
    except OSError as e:
        raise DemoError(f"cannot start the demo servers on 127.0.0.1: {e}") from e
    say(f"demo portal  {portal.url}/zfwj/   ({len(notices)} notices, a new one every {step:g}s)")
    say(f"smtp server  127.0.0.1:{mail.port}   webhook receiver {hook.url}")
    say(f"store        {db_url}   poll every {interval:g}s")
    say("The first poll stores the portal's notices as the baseline (no alerts for them).")
    engine = web = None
    try:
        config = demo_config(db_url, portal.url, mail.port, hook.url, interval)
        engine = open_engine(db_url)
        daemon = Daemon(config, engine)
        web = start_web(config, engine)
        asyncio.run(_drive(daemon, portal, keep_running, interval))
        _print_alerts(hook, mail)
        _print_history(engine)
    finally:  # Ctrl-C or a failure stops the web view too, not only a finished run
        if web is not None:
            web.stop()
        if engine is not None:
            engine.dispose()
        portal.close()
        hook.close()
        mail.close()
    say(f"\nThe demo store is kept at {folder / 'demo.db'}: try `monitor --db {db_url} status`.")
    return 0


def start_web(config: Config, engine: Any) -> Any:
    """The web view on the demo store (a free port on 127.0.0.1), its URL printed."""
    from monitor.web.server import ServeError, start_background

    try:
        web = start_background(config, engine, host="127.0.0.1", port=0)
    except ServeError as e:  # the demo runs on without it
        say(f"web view    not started: {e}")
        return None
    say(f"web view     {web.url}   (changes, bodies, people; API at {web.url}docs)")
    return web
