"""`monitor reparse`: parse the stored pages again with the current parser (CONTRACT §3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from monitor.cli import main
from monitor.cli.common import AppContext, BadInput, Failure, emit_json, json_option, print_table

if TYPE_CHECKING:
    from monitor.reparse import ReparseSummary


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"bad --since date {value!r}: use YYYY-MM-DD") from None


def _events(events: list[dict[str, Any]]) -> list[list[Any]]:
    def who(value: Any) -> str:
        if isinstance(value, dict):
            return str(value.get("person") or value.get("unit") or "?")
        if isinstance(value, list):
            return "、".join(value)
        return "—" if value is None else str(value)

    return [
        [e["effective"], e["group_id"], e["type"], e.get("subgroup") or "", e.get("role") or "",
         f"{who(e['before'])} → {who(e['after'])}"]
        for e in events
    ]  # fmt: skip


@main.command()
@click.option("--source", default=None, help="Only notices fetched from this source.")
@click.option("--since", default=None, help="Only notices effective on or after DATE (YYYY-MM-DD).")
@click.option("--group", default=None, help="Only notices about this group (an id or any of its names).")
@click.option("--alert", is_flag=True, help="Queue alerts for the events that appear (default: record only).")
@json_option
@click.pass_obj
def reparse(
    app: AppContext, source: str | None, since: str | None, group: str | None, alert: bool, as_json: bool
) -> None:
    """Parse the stored pages again with the current parser and re-derive what changed:
    notices whose record changed, events that appeared, disappeared or stayed."""
    from monitor.alerts.rules import make_router
    from monitor.reparse import reparse as run_reparse
    from store.db import optimize

    after = _since(since)
    configured = [s.name for s in app.config.sources]
    if source is not None and source not in configured:
        raise BadInput(f"no source named {source!r} (configured: {', '.join(configured) or 'none'})")
    route = make_router(app.config) if alert else None
    summary = run_reparse(
        app.engine, app.config, source=source, since=after, group=group, alert=alert, route=route
    )
    if summary.changed or summary.recovered:
        optimize(app.engine)
    if as_json:
        emit_json(summary.to_json())
    else:
        _print_summary(summary, alert)
    if summary.failed:  # the pages stay stored; the work failed for them (CONTRACT §3: exit 1)
        raise Failure(f"{len(summary.failed)} page(s) could not be parsed; kept for the next reparse")


def _print_summary(summary: ReparseSummary, alert: bool) -> None:
    click.echo(
        f"reparsed {summary.notices} notice(s): {len(summary.changed)} record(s) changed, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped, {len(summary.failed)} failed; "
        f"{len(summary.recovered)} page(s) whose parse had failed now stored"
    )
    for n in summary.changed:
        click.echo(
            f"  changed: notice {n['notice_id']}  {n['effective']}  {n.get('title') or n.get('url') or ''}"
        )
    for n in summary.recovered:
        click.echo(f"  stored:  notice {n['notice_id']}  {n.get('url') or ''}")
    for n in summary.skipped:
        click.echo(f"  skipped: notice {n['notice_id']}  {n.get('url') or ''}: {n['reason']}")
    for n in summary.failed:
        which = f"notice {n['notice_id']}" if "notice_id" in n else f"page {n['failure_id']}"
        click.echo(f"  failed:  {which}  {n.get('url') or ''}: {n['error']}")
    alerted = f", {summary.alerted} alerted" if alert else " (not alerted: use --alert)"
    click.echo(
        f"events: {len(summary.appeared)} appeared{alerted if summary.appeared else ''}, "
        f"{len(summary.disappeared)} disappeared, {summary.stayed} stayed"
    )
    headers = ["effective", "group", "type", "subgroup", "role", "change"]
    if summary.appeared:
        click.echo("appeared:")
        print_table(headers, _events(summary.appeared))
    if summary.disappeared:
        click.echo("disappeared:")
        print_table(headers, _events(summary.disappeared))
