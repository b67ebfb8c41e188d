"""Commands: `run` (the daemon), `status`, `alerts test`, `demo`."""

from __future__ import annotations

import logging
import sys

import click

from monitor.cli import main
from monitor.cli.common import ERROR_EXIT_CODES, EXIT_FAILURE, AppContext, emit_json, json_option, print_table

ERROR_EXIT_CODES["store.leases.LeaseError"] = EXIT_FAILURE


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("apscheduler", "httpx", "httpcore", "alembic", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@main.command()
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="info",
    show_default=True,
)
@click.option("--serve", is_flag=True, help="Also serve the web view ([web] host and port) in this process.")
@click.pass_obj
def run(app: AppContext, log_level: str, serve: bool) -> None:
    """The daemon: poll every source on schedule and deliver alerts, until SIGTERM/SIGINT."""
    from monitor.daemon import run_daemon
    from monitor.web.server import serve_beside
    from store.db import require_writable

    require_writable(app.engine)  # a read-only store: one line now, not a failure per check
    setup_logging(log_level)
    with serve_beside(app.config, app.engine, enabled=serve):
        run_daemon(app.config, app.engine)


@main.command()
@json_option
@click.pass_obj
def status(app: AppContext, as_json: bool) -> None:
    """Each source's last check, outcome, failures and next run; alerts pending and failed."""
    from monitor.status import status_data

    data = status_data(app.config, app.engine)
    if as_json:
        emit_json(data)
        return
    rows = [
        (
            s["source"],
            s["last_check"],
            s["outcome"],
            s["consecutive_failures"],
            s["next_run"],
            s["last_error"],
        )
        for s in data["sources"]
    ]
    print_table(["source", "last check", "outcome", "failures", "next run", "last error"], rows)
    a = data["alerts"]
    click.echo(
        f"\nalerts: {a['pending']} pending ({a['retrying']} retrying), {a['failed']} failed, "
        f"{a['delivered_last_day']} delivered in the last day"
    )
    for failure in a["failures"]:
        click.echo(f"  failed: {failure['channel']} event {failure['event_id']}: {failure['error']}")
    for waiting in a.get("unconfigured", []):
        click.echo(f"  waiting: {waiting['pending']} for {waiting['channel']}, which is not in the config")
    p = data["parse_failures"]
    click.echo(f"parse failures: {p['open']} page(s) waiting for `monitor reparse` ({p['total']} ever)")


@main.group()
def alerts() -> None:
    """Alert channels."""


@alerts.command("test")
@json_option
@click.pass_obj
def alerts_test(app: AppContext, as_json: bool) -> None:
    """Send a sample event to every configured channel now and report each result."""
    import asyncio

    from monitor.alerts.worker import send_samples

    config = app.config
    if config.alerts.email is None and not config.alerts.webhooks:
        raise click.UsageError("no alert channels configured ([alerts.email], [[alerts.webhooks]])")
    results = asyncio.run(send_samples(config))
    if as_json:
        emit_json([{"channel": c, "ok": e is None, "error": e} for c, e in results])
    else:
        for channel, error in results:
            click.echo(f"{channel}: {'ok' if error is None else 'FAILED: ' + error}")
    if any(error for _, error in results):
        sys.exit(EXIT_FAILURE)


@main.command()
@click.option("--keep-running", is_flag=True, help="Keep the demo daemon running until Ctrl-C.")
@click.option("--step", default=3.0, show_default=True, help="Seconds between new notices on the portal.")
@click.option("--dir", "workdir", default=None, help="Keep the demo's store here (default: a temp dir).")
def demo(keep_running: bool, step: float, workdir: str | None) -> None:
    """Run the whole job offline: a bundled demo portal, SMTP server and webhook receiver on
    127.0.0.1, the daemon polling them, then the group's history."""
    from monitor.demo.run import DemoError, run_demo

    ERROR_EXIT_CODES[DemoError] = EXIT_FAILURE
    sys.exit(run_demo(keep_running=keep_running, step=step, workdir=workdir))
