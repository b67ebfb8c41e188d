"""Who does what when several daemons share one database (DESIGN rule 8).

A source's check is leased through its `SourceState` row: a daemon takes the row with
`FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite serialises writers and ignores the clause), and
checks the source only when it is due (`next_run_at`) and nobody else holds an unexpired
lease. On SQLite only one daemon may run per database file: `DaemonLock` holds an exclusive
lock on a file next to it, released by the OS even when the daemon is killed.
"""

from __future__ import annotations

import fcntl
import os
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from store.db import utcnow
from store.state import SourceState


class LeaseError(Exception):
    """Another daemon already works on this store."""


def ensure_sources(session: Session, names: list[str]) -> None:
    """Create the missing state rows of these sources; daemons starting together may race
    to create the same row, so the insert skips rows that exist (ON CONFLICT DO NOTHING)."""
    if not names:
        return
    table = SourceState.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]  # the same API
    rows = [{"source": name, **_DEFAULTS} for name in names]
    session.execute(insert(table).on_conflict_do_nothing(index_elements=["source"]), rows)


_DEFAULTS = {"consecutive_failures": 0, "health_alerted": False, "baseline_done": False}


def _state_for_update(session: Session, source: str) -> SourceState | None:
    query = select(SourceState).where(SourceState.source == source).with_for_update(skip_locked=True)
    return session.exec(query).first()  # None: missing, or another daemon holds it locked


def claim_source(
    session: Session,
    source: str,
    owner: str,
    *,
    hold: float,
    slack: float = 0.0,
    now: datetime | None = None,
) -> bool:
    """Take the lease on `source` for `hold` seconds if it is due (within `slack` seconds)
    and no other daemon holds it. Commit the session to make the lease visible."""
    now = now or utcnow()
    row = _state_for_update(session, source)
    if row is None:
        return False
    if row.lease_owner not in (None, owner) and row.lease_until and row.lease_until > now:
        return False
    if row.next_run_at and row.next_run_at > now + timedelta(seconds=slack):
        return False  # another daemon checked it during this interval
    row.lease_owner, row.lease_until = owner, now + timedelta(seconds=hold)
    session.add(row)
    return True


def release_source(session: Session, source: str, owner: str, *, next_run_at: datetime) -> None:
    """Give the lease back and say when the source is next due."""
    row = session.get(SourceState, source, with_for_update=True)
    if row is None:
        return
    if row.lease_owner == owner:
        row.lease_owner = row.lease_until = None
    row.next_run_at = next_run_at
    session.add(row)


class DaemonLock:
    """An exclusive lock on `<db file>.daemon.lock`: a second daemon on the same SQLite file
    refuses to start. The file records the holder's pid and host for the error message."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.daemon.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise LeaseError(
                f"another daemon ({holder}) is already running on this SQLite store "
                f"(lock {self.path}); SQLite allows one daemon — use PostgreSQL to run several"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {os.uname().nodename}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DaemonLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
