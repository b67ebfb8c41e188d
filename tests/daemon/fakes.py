"""A stand-in for monitor.pipeline.check_source, injected through Daemon(check=...): it
writes what a check writes (source state, check log, events with their outbox rows) into
the real database, so scheduling, leases and alerts are tested without portals."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from monitor.alerts.rules import make_router
from monitor.config import Config, SourceConfig
from store import outbox
from store.db import session_scope, utcnow
from store.state import CheckLog, SourceState
from tests.daemon.helpers import event


@dataclass
class Result:
    source: str
    outcome: str
    items: int = 0
    new_notices: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    duration: float = 0.0
    error: str | None = None


@dataclass
class FakeCheck:
    """`outcomes[source]` gives each check's outcome in turn (the last repeats); an "ok"
    check with `new_event` set writes one new event. Every call is kept in `calls`. With
    `gate`, a check sets `entered` and waits for the gate to open before it goes on."""

    config: Config
    engine: Engine
    outcomes: dict[str, list[str]] = field(default_factory=dict)
    gate: asyncio.Event | None = None
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    new_event: Callable[[str, int], bool] = lambda source, n: n == 1
    calls: list[tuple[str, float, str]] = field(default_factory=list)  # (source, monotonic, owner)
    owner: str = ""

    def bound(self, owner: str) -> Callable[[SourceConfig], Any]:
        async def check(source: SourceConfig) -> Result:
            return await self(source, owner)

        return check

    async def __call__(self, source: SourceConfig, owner: str = "") -> Result:
        self.calls.append((source.name, time.monotonic(), owner))
        n = sum(1 for c in self.calls if c[0] == source.name)
        if self.gate is not None:
            self.entered.set()
            await self.gate.wait()
        plan = self.outcomes.get(source.name, ["ok"])
        outcome = plan[min(n, len(plan)) - 1]
        events = (
            [event(n, id=f"{source.name}-{n}")] if outcome == "ok" and self.new_event(source.name, n) else []
        )
        await asyncio.to_thread(self._write, source.name, outcome, events)
        return Result(source.name, outcome, items=len(events), new_notices=len(events), events=events)

    def _write(self, name: str, outcome: str, events: list[dict[str, Any]]) -> None:
        route = make_router(self.config)
        now = utcnow()
        with session_scope(self.engine) as session:
            state = session.get(SourceState, name) or SourceState(source=name)
            good = outcome in ("ok", "unchanged")
            state.last_check_at, state.last_outcome = now, outcome
            state.last_error = None if good else f"{outcome} at the portal"
            state.consecutive_failures = 0 if good else state.consecutive_failures + 1
            state.failing_since = None if good else (state.failing_since or now)
            if good:
                state.last_ok_at = now
            session.add(state)
            session.add(CheckLog(source=name, outcome=outcome, events=len(events)))
            for e in events:
                outbox.enqueue(session, e["id"], e, route(e), batch=e["id"])
