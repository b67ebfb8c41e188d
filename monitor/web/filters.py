"""The filter of change events shared by the changes page, its CSV, the Atom feeds and
/api/changes: one FastAPI dependency (`CHANGES`), so each reads the same parameters alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends
from sqlmodel import Session

from monitor.web import params
from store import listing


@dataclass(frozen=True)
class ChangeFilter:
    region: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    group: str | None = None

    @classmethod
    async def read(
        cls,
        region: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        q: str | None = None,
        group: str | None = None,
        text: str | None = None,
    ) -> ChangeFilter:
        """The filter from query parameters; TEXT is the API's name for Q. Async though it
        waits for nothing: FastAPI runs a sync dependency in a thread, a hop per request."""
        return cls(
            region=params.text(region),
            type=params.event_type(type),
            since=params.day(since, "since"),
            until=params.day(until, "until"),
            q=params.text(q) or params.text(text),
            group=params.text(group),
        )

    def fields(self) -> dict[str, str]:
        """The filter as query parameters (empty ones left out), for links."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items() if v}

    def query_string(self, **extra: str | int) -> str:
        return urlencode({**self.fields(), **{k: str(v) for k, v in extra.items()}})

    def fetch(
        self, session: Session, *, limit: int, offset: int = 0, newest_first: bool = True
    ) -> list[listing.ListedEvent]:
        """Matching events, newest first unless NEWEST_FIRST is false."""
        return listing.changes(
            session,
            group=self.group,
            since=self.since,
            until=self.until,
            type=self.type,
            region=self.region,
            text=self.q,
            limit=limit,
            offset=offset,
            newest_first=newest_first,
        )


CHANGES = Annotated[ChangeFilter, Depends(ChangeFilter.read)]
