"""Fetch state for checks, read and written in batches.

A check of an unchanged source must cost well under a millisecond of CPU, so the state of
many sources is read in a few queries (`preload`) and their writes are kept in memory and
written in one transaction (`flush`) with multi-row upserts. Only this process's columns of
source_state are written: the daemon's (health_alerted, next_run_at, leases) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from scrapers.http import Conditional
from store.db import StoreError, utcnow
from store.state import CheckLog, HttpCache, NoticeAttachment, SeenItem, SourceState

_STATE: Table = SourceState.__table__  # type: ignore[attr-defined]
_CACHE: Table = HttpCache.__table__  # type: ignore[attr-defined]
_SEEN: Table = SeenItem.__table__  # type: ignore[attr-defined]
_LOG: Table = CheckLog.__table__  # type: ignore[attr-defined]
_ATTACHMENT: Table = NoticeAttachment.__table__  # type: ignore[attr-defined]
_CHUNK = 500
# source_state columns a check writes (the daemon owns the others)
CHECK_COLUMNS = (
    "last_check_at",
    "last_outcome",
    "last_error",
    "last_ok_at",
    "consecutive_failures",
    "failing_since",
    "baseline_done",
)


@dataclass
class SourceSnapshot:
    """What a check needs to know of a source's state before it starts."""

    baseline_done: bool = False
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_ok_at: datetime | None = None


@contextmanager
def _connection(engine: Engine, write: bool = False) -> Iterator[Connection]:
    """A connection (a transaction when writing); database errors become StoreError."""
    try:
        with engine.begin() if write else engine.connect() as conn:
            yield conn
    except SQLAlchemyError as e:
        raise StoreError(f"fetch state: {getattr(e, 'orig', None) or e}") from e


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _insert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _upsert(
    conn: Connection, table: Table, rows: list[dict[str, Any]], keys: list[str], update: Iterable[str]
) -> None:
    if not rows:
        return
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})
    conn.execute(stmt, rows)


class StateBook:
    """Reads fetch state (preloaded in bulk or on demand) and buffers the writes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sources: dict[str, SourceSnapshot] = {}
        self._http: dict[str, Conditional | None] = {}
        self._state_rows: dict[str, dict[str, Any]] = {}
        self._cache_rows: dict[str, dict[str, Any]] = {}
        self._seen_rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._log_rows: list[dict[str, Any]] = []
        self._attachment_rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._seen_urls: dict[str, set[str]] = {}  # the buffered seen rows by source

    # reading
    def preload(self, sources: Iterable[str], urls: Iterable[str]) -> None:
        """Read the state of many sources and the cache of their first list pages at once."""
        names, links = list(sources), list(urls)
        with _connection(self.engine) as conn:
            for chunk in _chunks(names):
                for row in conn.execute(select(_STATE).where(_STATE.c.source.in_(chunk))).mappings():
                    self._sources[row["source"]] = _snapshot(row)
            for name in names:
                self._sources.setdefault(name, SourceSnapshot())
            for chunk in _chunks(links):
                query = select(_CACHE.c.url, _CACHE.c.etag, _CACHE.c.last_modified, _CACHE.c.content_hash)
                for url, etag, modified, digest in conn.execute(query.where(_CACHE.c.url.in_(chunk))):
                    self._http[url] = Conditional(etag, modified, digest)
            for url in links:
                self._http.setdefault(url, None)

    def source(self, name: str) -> SourceSnapshot:
        """The state of a source; a preloaded one is used once (the next check reads afresh)."""
        snapshot = self._sources.pop(name, None)
        if snapshot is not None:
            return snapshot
        with _connection(self.engine) as conn:
            row = conn.execute(select(_STATE).where(_STATE.c.source == name)).mappings().first()
        return _snapshot(row) if row else SourceSnapshot()

    def conditional(self, url: str) -> Conditional | None:
        if url in self._http:
            return self._http.pop(url)
        with _connection(self.engine) as conn:
            query = select(_CACHE.c.etag, _CACHE.c.last_modified, _CACHE.c.content_hash)
            row = conn.execute(query.where(_CACHE.c.url == url)).first()
        return Conditional(*row) if row else None

    def seen_among(self, source: str, urls: list[str]) -> set[str]:
        """Which of these list links were seen before for this source."""
        known = self._seen_urls.get(source, set()).intersection(urls)  # buffered, not yet written
        with _connection(self.engine) as conn:
            for chunk in _chunks(urls):
                query = select(_SEEN.c.url).where(_SEEN.c.source == source, _SEEN.c.url.in_(chunk))
                known.update(conn.execute(query).scalars())
        return known

    # writing (buffered)
    def record_page(
        self, url: str, status: int | None, etag: str | None, modified: str | None, digest: str | None
    ) -> None:
        self._cache_rows[url] = {
            "url": url,
            "etag": etag,
            "last_modified": modified,
            "content_hash": digest,
            "status": status,
            "fetched_at": utcnow(),
        }

    def record_seen(
        self, source: str, url: str, title: str, date: str | None, matched: bool, notice_id: int | None
    ) -> None:
        self._seen_urls.setdefault(source, set()).add(url)
        self._seen_rows[(source, url)] = {
            "source": source,
            "url": url,
            "title": title,
            "date": date,
            "matched": matched,
            "notice_id": notice_id,
            "first_seen": utcnow(),
        }

    def record_attachment(
        self, source: str, page_url: str, url: str, name: str | None, notice_id: int | None, read: bool
    ) -> None:
        self._attachment_rows[(page_url, url)] = {
            "source": source,
            "page_url": page_url,
            "url": url,
            "name": name,
            "notice_id": notice_id,
            "read": read,
            "first_seen": utcnow(),
        }

    def record_check(self, source: str, state: dict[str, Any], log: dict[str, Any]) -> None:
        self._state_rows[source] = {"source": source, "health_alerted": False, **state}
        self._log_rows.append({"source": source, **log})

    @property
    def pending(self) -> int:
        rows = (self._state_rows, self._cache_rows, self._seen_rows, self._log_rows, self._attachment_rows)
        return sum(len(r) for r in rows)

    def flush(self) -> None:
        """Write every buffered row in one transaction."""
        if not self.pending:
            return
        state, cache = list(self._state_rows.values()), list(self._cache_rows.values())
        seen, log = list(self._seen_rows.values()), self._log_rows
        attachments = list(self._attachment_rows.values())
        with _connection(self.engine, write=True) as conn:
            _upsert(conn, _STATE, state, ["source"], CHECK_COLUMNS)
            _upsert(
                conn,
                _CACHE,
                cache,
                ["url"],
                ("etag", "last_modified", "content_hash", "status", "fetched_at"),
            )
            if seen:
                conn.execute(
                    _insert(conn, _SEEN).on_conflict_do_nothing(index_elements=["source", "url"]), seen
                )
            if log:
                conn.execute(_LOG.insert(), log)
            if attachments:
                ignore = _insert(conn, _ATTACHMENT).on_conflict_do_nothing(index_elements=["page_url", "url"])
                conn.execute(ignore, attachments)
        self._state_rows, self._cache_rows, self._seen_rows, self._log_rows = {}, {}, {}, []
        self._attachment_rows, self._seen_urls = {}, {}


def _snapshot(row: Any) -> SourceSnapshot:
    return SourceSnapshot(
        baseline_done=bool(row["baseline_done"]),
        consecutive_failures=int(row["consecutive_failures"] or 0),
        failing_since=row["failing_since"],
        last_ok_at=row["last_ok_at"],
    )
