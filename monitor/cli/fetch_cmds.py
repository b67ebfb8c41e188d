"""Commands that fetch: `monitor check` (one poll now) and `monitor backfill` (older pages)."""

from __future__ import annotations

import os
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import click

from monitor.cli import main
from monitor.cli.common import AppContext, BadInput, emit_json, print_table, stderr_is_tty, warn

if TYPE_CHECKING:
    from monitor.config import SourceConfig
    from monitor.pipeline import CheckResult

T = TypeVar("T")

HEADERS = ("source", "outcome", "pages", "new items", "matched", "new notices", "events", "seconds", "error")


def _row(result: CheckResult) -> list[Any]:
    return [
        result.source,
        result.outcome,
        result.pages,
        result.items,
        result.matched,
        result.new_notices,
        len(result.events),
        f"{result.duration:.2f}",
        result.error or "",
    ]


def _as_json(result: CheckResult) -> dict[str, Any]:
    return {
        "source": result.source,
        "outcome": result.outcome,
        "pages": result.pages,
        "items": result.items,
        "matched": result.matched,
        "new_notices": result.new_notices,
        "events": result.events,
        "duration": round(result.duration, 3),
        "error": result.error,
    }


def _report(results: list[CheckResult], as_json: bool) -> None:
    from scrapers.http import GOOD_OUTCOMES

    if as_json:
        emit_json([_as_json(r) for r in results])
    else:
        print_table(HEADERS, [_row(r) for r in results])
    failed = [r for r in results if r.outcome not in GOOD_OUTCOMES]
    for result in failed:
        warn(f"{result.source}: {result.outcome}: {result.error or ''}".rstrip(": "))
    if failed:
        sys.exit(1)


def run_stoppable(work: Coroutine[Any, Any, T]) -> T:
    """Run `work`; SIGTERM and SIGHUP stop it as Ctrl-C does: the check in hand is cut short,
    what it found (seen items, check log, source state) is written, and the command exits 130
    with "interrupted"."""
    import asyncio
    import contextlib
    import signal

    async def runner() -> T:
        task, loop = asyncio.current_task(), asyncio.get_running_loop()
        assert task is not None
        for name in ("SIGTERM", "SIGHUP"):
            # not on Windows, nor on an event loop without signal support
            with contextlib.suppress(AttributeError, NotImplementedError):
                loop.add_signal_handler(getattr(signal, name), task.cancel)
        return await work

    try:
        return asyncio.run(runner())
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None


async def _check(app: AppContext, sources: list[SourceConfig]) -> list[CheckResult]:
    from monitor.pipeline import Runtime, check_all

    runtime = Runtime.create(app.config, app.engine)
    try:
        results = await check_all(runtime, sources)
    finally:
        await runtime.aclose()  # the after-check step: state, log, health alerts
    await _send_alerts(app)
    return results


async def _send_alerts(app: AppContext) -> None:
    """One delivery round of the outbox after one-off checks (the daemon delivers on its
    own schedule): what cannot be delivered now stays there for the next round."""
    import socket

    from monitor.alerts.worker import AlertWorker

    config, engine = app.config, app.engine
    if config.alerts.email is None and not config.alerts.webhooks:
        return
    worker = AlertWorker(config, engine, f"cli:{socket.gethostname()}:{os.getpid()}")
    try:
        report = await worker.run_once()
    finally:
        await worker.close()
    if report.attempted:
        warn(f"alerts: {report.delivered} delivered, {report.retrying} to retry, {report.failed} failed")


@main.command()
@click.option("--source", "source_name", default=None, help="Check only this source.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def check(app: AppContext, source_name: str | None, as_json: bool) -> None:
    """Poll every source (or one) once now: fetch, parse and store new notices, send alerts.

    Exit 1 when a source's check failed (challenge, blocked, timeout…); its state is stored."""
    config = app.config
    sources = [config.source(source_name)] if source_name else list(config.sources)
    if not sources:
        raise BadInput("no sources configured: add [[sources]] to the config")
    _report(run_stoppable(_check(app, sources)), as_json)


async def _backfill(app: AppContext, source: SourceConfig, pages: int, progress: bool) -> CheckResult:
    from tqdm import tqdm

    from monitor.pipeline import Runtime, check_source

    runtime = Runtime.create(app.config, app.engine)
    columns = len(source.list_urls)
    with tqdm(
        total=pages * columns, unit="page", file=sys.stderr, disable=not progress, desc=source.name
    ) as bar:
        try:
            result = await check_source(runtime, source, pages=pages, progress=bar.update)
        finally:
            await runtime.aclose()
    await _send_alerts(app)
    return result


@main.command()
@click.option("--source", "source_name", required=True, help="The source to walk.")
@click.option(
    "--pages", type=click.IntRange(min=1), default=None, help="List pages per column (default max_pages)."
)
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a tty).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def backfill(
    app: AppContext, source_name: str, pages: int | None, progress: bool | None, as_json: bool
) -> None:
    """Walk a source's older list pages and store the matching notices they list."""
    from store.db import optimize

    source = app.config.source(source_name)
    show = stderr_is_tty() if progress is None else progress
    result = run_stoppable(_backfill(app, source, pages or source.max_pages, show))
    if result.new_notices:
        optimize(app.engine)
    _report([result], as_json)
