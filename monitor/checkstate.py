"""Fetch state for checks, read and written in batches, written off the event loop.

A check of an unchanged source must cost well under a millisecond of CPU, so the state of
many sources is read in a few queries (`preload`) and their writes are kept in memory and
written in one transaction with multi-row upserts. The writes are taken from the buffers
(`take`, on the loop), written in a worker thread (`write`), and put back if the store
refused them (`restore`): a locked or unreachable store delays the writing, never a check.
Reads look at the rows not yet written first, so a check sees what the last one found.

source_state is read and written only through store.state's API; `write` also runs the
`after_write` hook (the health alerts) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from scrapers.http import Conditional
from store import state as source_state
from store.db import StoreError, session_scope, utcnow
from store.state import CheckLog, HttpCache, NoticeAttachment, SeenItem

_CACHE: Table = HttpCache.__table__  # type: ignore[attr-defined]
_SEEN: Table = SeenItem.__table__  # type: ignore[attr-defined]
_LOG: Table = CheckLog.__table__  # type: ignore[attr-defined]
_ATTACHMENT: Table = NoticeAttachment.__table__  # type: ignore[attr-defined]
_CHUNK = 500
CHECK_COLUMNS = source_state.CHECK_COLUMNS

AfterWrite = Callable[[Session, list[str]], bool]  # (session, sources written) -> alerts queued


@dataclass
class SourceSnapshot:
    """What a check needs to know of a source's state before it starts."""

    baseline_done: bool = False
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_ok_at: datetime | None = None


@dataclass
class StateBatch:
    """Rows waiting to be written."""

    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)
    attachments: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    releases: dict[str, tuple[str | None, datetime]] = field(default_factory=dict)

    def __len__(self) -> int:
        parts = (self.state, self.cache, self.seen, self.log, self.attachments, self.releases)
        return sum(len(p) for p in parts)

    def under(self, newer: StateBatch) -> None:
        """Put these (older) rows under `newer`: where both have a row, the newer one wins."""
        for name in ("state", "cache", "seen", "attachments", "releases"):
            getattr(newer, name).update({**getattr(self, name), **getattr(newer, name)})
        newer.log[:0] = self.log


@contextmanager
def _connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reading; database errors become StoreError."""
    try:
        with engine.connect() as conn:
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


class StateBook:
    """Reads fetch state (preloaded in bulk or on demand) and buffers the writes.

    The buffer methods run on the event loop's thread; `preload`, `stored_*` and `write`
    touch the database and run in a worker thread (monitor.offload.in_thread)."""

    def __init__(self, engine: Engine, after_write: AfterWrite | None = None) -> None:
        self.engine = engine
        self.after_write = after_write
        self._sources: dict[str, SourceSnapshot] = {}
        self._http: dict[str, Conditional | None] = {}
        self._pending = StateBatch()
        self._writing = StateBatch()  # taken, being written: still visible to reads

    # reading ---------------------------------------------------------------------------
    def preload(self, sources: Iterable[str], urls: Iterable[str]) -> None:
        """Read the state of many sources and the cache of their first list pages at once."""
        names, links = list(sources), list(urls)
        with _connection(self.engine) as conn:
            rows = source_state.read_states(conn, names)
            cached: dict[str, Conditional] = {}
            for chunk in _chunks(links):
                query = select(_CACHE.c.url, _CACHE.c.etag, _CACHE.c.last_modified, _CACHE.c.content_hash)
                for url, etag, modified, digest in conn.execute(query.where(_CACHE.c.url.in_(chunk))):
                    cached[url] = Conditional(etag, modified, digest)
        for name in names:
            self._sources[name] = _snapshot(rows[name]) if name in rows else SourceSnapshot()
        for url in links:
            self._http[url] = cached.get(url)

    def buffered_source(self, name: str) -> SourceSnapshot | None:
        """The state of a source from rows not yet written or preloaded; None: read the store.
        A preloaded one is used once (the next check reads afresh)."""
        row = self._pending.state.get(name) or self._writing.state.get(name)
        if row is not None:
            self._sources.pop(name, None)
            return _snapshot(row)
        return self._sources.pop(name, None)

    def stored_source(self, name: str) -> SourceSnapshot:
        with _connection(self.engine) as conn:
            row = source_state.read_states(conn, [name]).get(name)
        return _snapshot(row) if row else SourceSnapshot()

    def buffered_conditional(self, url: str) -> tuple[bool, Conditional | None]:
        """(known, conditional-GET values) from rows not yet written or preloaded."""
        row = self._pending.cache.get(url) or self._writing.cache.get(url)
        if row is not None:
            self._http.pop(url, None)
            return True, Conditional(row["etag"], row["last_modified"], row["content_hash"])
        if url in self._http:
            return True, self._http.pop(url)
        return False, None

    def stored_conditional(self, url: str) -> Conditional | None:
        with _connection(self.engine) as conn:
            query = select(_CACHE.c.etag, _CACHE.c.last_modified, _CACHE.c.content_hash)
            row = conn.execute(query.where(_CACHE.c.url == url)).first()
        return Conditional(*row) if row else None

    def buffered_seen(self, source: str, urls: list[str]) -> set[str]:
        wanted = set(urls)
        return {
            url
            for batch in (self._pending, self._writing)
            for (s, url) in batch.seen
            if s == source and url in wanted
        }

    def stored_seen(self, source: str, urls: list[str]) -> set[str]:
        """Which of these list links the store has seen for this source."""
        known: set[str] = set()
        with _connection(self.engine) as conn:
            for chunk in _chunks(urls):
                query = select(_SEEN.c.url).where(_SEEN.c.source == source, _SEEN.c.url.in_(chunk))
                known.update(conn.execute(query).scalars())
        return known

    # writing (buffered) ----------------------------------------------------------------
    def record_page(
        self, url: str, status: int | None, etag: str | None, modified: str | None, digest: str | None
    ) -> None:
        self._pending.cache[url] = {
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
        self._pending.seen[(source, url)] = {
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
        self._pending.attachments[(page_url, url)] = {
            "source": source,
            "page_url": page_url,
            "url": url,
            "name": name,
            "notice_id": notice_id,
            "read": read,
            "first_seen": utcnow(),
        }

    def record_check(self, source: str, state: dict[str, Any], log: dict[str, Any]) -> None:
        self._pending.state[source] = {"source": source, **state}
        self._pending.log.append({"source": source, **log})

    def record_release(self, source: str, owner: str | None, next_run_at: datetime) -> None:
        """Give the source's lease back (if `owner` holds one) and set its next run, with the
        check's state, in the same transaction."""
        self._pending.releases[source] = (owner, next_run_at)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def take(self) -> StateBatch | None:
        """The rows to write now (they stay visible to reads until written)."""
        if not self._pending:
            return None
        batch, self._pending = self._pending, StateBatch()
        self._writing = batch  # one write at a time: callers hold Runtime.writing
        return batch

    def restore(self, batch: StateBatch) -> None:
        """The store refused `batch`: keep its rows for the next write."""
        batch.under(self._pending)
        self._writing = StateBatch()

    def done(self) -> None:
        self._writing = StateBatch()

    def write(self, batch: StateBatch) -> bool:
        """Write a batch in one transaction (in a worker thread); the after-write hook (health
        alerts) runs in it too. Returns whether the hook queued alerts."""
        state = list(batch.state.values())
        try:
            with session_scope(self.engine) as session:
                conn = session.connection()
                for name, (_, due) in batch.releases.items():
                    row = batch.state.get(name)
                    if row is not None:
                        row["next_run_at"] = due
                source_state.write_checks(conn, state)
                for name, (owner, due) in batch.releases.items():
                    source_state.release_lease(conn, name, owner, next_run_at=due)
                _write_rows(conn, batch)
                checked = list({**batch.state, **batch.releases})  # checks whose state is final
                alerted = bool(self.after_write and checked and self.after_write(session, checked))
        except SQLAlchemyError as e:
            raise StoreError(f"fetch state: {getattr(e, 'orig', None) or e}") from e
        return alerted

    def flush(self) -> bool:
        """Write every buffered row now, in this thread (callers off the event loop)."""
        batch = self.take()
        if batch is None:
            return False
        try:
            alerted = self.write(batch)
        except BaseException:
            self.restore(batch)
            raise
        self.done()
        return alerted


def _write_rows(conn: Connection, batch: StateBatch) -> None:
    if batch.cache:
        stmt = _insert(conn, _CACHE)
        columns = ("etag", "last_modified", "content_hash", "status", "fetched_at")
        stmt = stmt.on_conflict_do_update(index_elements=["url"], set_={c: stmt.excluded[c] for c in columns})
        conn.execute(stmt, list(batch.cache.values()))
    if batch.seen:
        ignore = _insert(conn, _SEEN).on_conflict_do_nothing(index_elements=["source", "url"])
        conn.execute(ignore, list(batch.seen.values()))
    if batch.log:
        conn.execute(_LOG.insert(), batch.log)
    if batch.attachments:
        ignore = _insert(conn, _ATTACHMENT).on_conflict_do_nothing(index_elements=["page_url", "url"])
        conn.execute(ignore, list(batch.attachments.values()))


def _snapshot(row: Any) -> SourceSnapshot:
    return SourceSnapshot(
        baseline_done=bool(row["baseline_done"]),
        consecutive_failures=int(row["consecutive_failures"] or 0),
        failing_since=row["failing_since"],
        last_ok_at=row["last_ok_at"],
    )
