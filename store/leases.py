"""Who does what when several daemons share one database (DESIGN rule 8).

A source's check is leased through its source_state row (store.state.claim_lease,
renew_lease, release_lease): on PostgreSQL a daemon takes the row with `FOR UPDATE SKIP
LOCKED` and checks the source only when it is due and nobody else holds an unexpired lease.
On SQLite only one daemon may run per database file: `DaemonLock` holds an exclusive lock on
a file next to it (the real path, so a symlinked store is the same store), released by the
OS even when the daemon is killed. The lock is POSIX-only (fcntl), imported when taken, so
the rest of the package imports on Windows.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


class LeaseError(Exception):
    """Another daemon already works on this store."""


class DaemonLock:
    """An exclusive lock on `<db file>.daemon.lock`: a second daemon on the same SQLite file
    refuses to start. The file records the holder's pid and host for the error message."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{os.path.realpath(db_path)}.daemon.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl  # POSIX only: the daemon is; the CLI's other commands are not

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
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DaemonLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
