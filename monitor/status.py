"""`monitor status --json` and the web's sources page: each source's last check, outcome,
failures and next run, and the alerts pending and failed (one function for both)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.alerts.rules import configured_channels
from monitor.config import Config
from store import outbox
from store.reparse import failure_counts
from store.state import read_states


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def status_data(config: Config, engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        states = read_states(session.connection())
        alerts = outbox.stats(session, channels=configured_channels(config))
        parse_failures = failure_counts(session)
    configured = [s.name for s in config.sources]
    names = configured + sorted(set(states) - set(configured))  # sources no longer configured but with state
    sources = []
    for name in names:
        state = states.get(name, {})
        sources.append(
            {
                "source": name,
                "configured": name in configured,
                "last_check": _iso(state.get("last_check_at")),
                "outcome": state.get("last_outcome"),
                "consecutive_failures": state.get("consecutive_failures") or 0,
                "failing_since": _iso(state.get("failing_since")),
                "last_error": state.get("last_error"),
                "next_run": _iso(state.get("next_run_at")),
                "lease_owner": state.get("lease_owner"),
            }
        )
    return {"sources": sources, "alerts": alerts, "parse_failures": parse_failures}
