"""Source-health alerts (DESIGN rule 5): one alert when a source has failed N checks in a
row ("failing since …: challenge"), one more when it recovers. They go through the outbox
like change events, with stable ids so a restart never sends one twice."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from monitor.alerts.rules import make_router
from monitor.config import Config
from store import outbox
from store import state as source_state

GOOD = ("ok", "unchanged")


def _every_channel(config: Config) -> list[str]:
    """Health alerts go to every channel: rules select change events, not operations news."""
    route = make_router(config.model_copy(update={"alerts": config.alerts.model_copy(update={"rules": []})}))
    return route({})


def health_alert(session: Session, config: Config, source: str) -> bool:
    """Look at the source's state after a check; enqueue a failing/recovered alert when due.
    Returns whether one was enqueued. Runs in the caller's transaction."""
    conn = session.connection()
    row = source_state.read_states(conn, [source]).get(source)
    if row is None:
        return False
    state = source_state.SourceState.model_validate(row)
    threshold = config.scheduler.failure_threshold
    event: dict[str, Any] | None = None
    if not state.health_alerted and state.consecutive_failures >= threshold and state.failing_since:
        since = state.failing_since.isoformat(timespec="seconds")
        event = {
            "id": f"health:{source}:failing:{since}",
            "type": "source_failing",
            "source": source,
            "since": since,
            "outcome": state.last_outcome,
            "error": state.last_error,
            "failures": state.consecutive_failures,
            "message": f"source {source} failing since {since}: {state.last_outcome}"
            + (f" ({state.last_error})" if state.last_error else ""),
        }
        source_state.set_health_alerted(conn, source, True)
    elif state.health_alerted and state.last_outcome in GOOD:
        since = state.last_ok_at.isoformat(timespec="seconds") if state.last_ok_at else "now"
        event = {
            "id": f"health:{source}:recovered:{since}",
            "type": "source_recovered",
            "source": source,
            "since": since,
            "outcome": state.last_outcome,
            "message": f"source {source} recovered at {since}",
        }
        source_state.set_health_alerted(conn, source, False)
    if event is None:
        return False
    outbox.enqueue(session, event["id"], event, _every_channel(config), batch=event["id"])
    return True
