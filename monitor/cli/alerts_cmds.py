"""`monitor alerts retry`: put failed alerts back in the queue."""

from __future__ import annotations

import click

from monitor.cli.common import AppContext, BadInput, emit_json, json_option
from monitor.cli.daemon_cmds import alerts


@alerts.command("retry")
@click.option("--channel", default=None, help="Only this channel (a key such as email or webhook:NAME).")
@json_option
@click.pass_obj
def alerts_retry(app: AppContext, channel: str | None, as_json: bool) -> None:
    """Requeue failed alerts (all, or one channel's) for a fresh round of tries: the daemon,
    or the next `monitor check`, delivers them."""
    from monitor.alerts.rules import channel_words
    from store import outbox
    from store.db import session_scope

    config = app.config
    key = channel
    if channel is not None:
        words = channel_words(config.alerts.email, config.alerts.webhooks)
        if channel in words and len(words[channel]) == 1:
            key = words[channel][0]  # a webhook's name stands for its key
        elif not channel.startswith(("email", "webhook:")):
            raise BadInput(f"no channel {channel!r}: give email or webhook:NAME")
    with session_scope(app.engine) as session:
        count = outbox.requeue_failed(session, key)
    if as_json:
        emit_json({"requeued": count, "channel": key})
    else:
        click.echo(f"{count} failed alert(s) requeued" + (f" for {key}" if key else ""))
