"""Nothing blocks the daemon's event loop: page reading runs in worker processes with time and
memory limits, store calls in threads, check state is written behind the checks. Real
portal on 127.0.0.1, real SQLite file locked by another real process."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.config import Config, config_from_dict
from monitor.daemon import Daemon
from monitor.offload import PagePool, TooComplex
from monitor.pipeline import Runtime, check_all
from store.db import open_engine
from store.state import SourceState
from tests.daemon.helpers import until
from tests.daemon.process import DaemonProcess, write_config
from tests.servers import HTTPServer, Reply, Request

HTML = {"Content-Type": "text/html; charset=utf-8"}

# Holds SQLite's write lock (BEGIN IMMEDIATE) until its stdin closes, at most 60 s.
HOLDER = """
import signal, sqlite3, sys
signal.alarm(60)
conn = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
print("released", flush=True)
"""


class LockHolder:
    """Another process holding the SQLite write lock; `events` records when it took and gave it."""

    def __init__(self, db: Path, events: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.events = events
        self.locked = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.append(line.strip())
            if line.strip() == "locked":
                self.locked.set()

    def release(self) -> None:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        self.proc.wait(30)


def spin() -> None:
    while True:
        pass


def hog() -> int:
    return len(b"x" * (3 << 30))


async def test_a_task_over_its_time_is_stopped_and_the_pool_goes_on() -> None:
    pool = PagePool(workers=1, timeout=1.0)
    try:
        with pytest.raises(TooComplex, match="took over 1 s"):
            await pool.run(spin)
        assert await pool.run(len, b"abc") == 3  # a new worker took the killed one's place
    finally:
        pool.close()


async def test_a_task_over_its_memory_is_refused() -> None:
    pool = PagePool(workers=1, memory=1 << 30)
    try:
        with pytest.raises(TooComplex, match="MB"):
            await pool.run(hog)
        assert await pool.run(len, b"ab") == 2
    finally:
        pool.close()


def changing_list(request: Request, counter: list[int] = [0]) -> Reply:  # noqa: B006
    """A list page with a new (non-matching) item at each request: each check reads it."""
    counter[0] += 1
    rows = "".join(
        f'<li><a href="/n{i}.html">安平市关于做好第{i}期农业生产工作的通知</a><span>2024-03-01</span></li>'
        for i in range(counter[0], counter[0] + 3)
    )
    return Reply(200, f"<html><body><ul>{rows}</ul></body></html>", HTML)


def portal_config(db_url: str, portal: HTTPServer, **extra: Any) -> Config:
    sources = [
        {"name": name, "list_urls": [f"{portal.url}/{name}/"], "min_delay": 0, **extra} for name in ("a", "b")
    ]
    return config_from_dict(
        {"store": {"url": db_url}, "scheduler": {"interval": "1s", "jitter": 0}, "sources": sources}
    )


def last_checks(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        return {n: getattr(session.get(SourceState, n), "last_check_at", None) for n in ("a", "b")}


@pytest.fixture
def portal() -> Iterator[HTTPServer]:
    with HTTPServer() as server:
        server.route("/robots.txt", Reply(404))
        server.route("/a/", changing_list)
        server.route("/b/", changing_list)
        yield server


async def test_checks_go_on_while_another_process_holds_the_store(
    portal: HTTPServer, sqlite_url: str, tmp_path: Path
) -> None:
    """A store locked for writing by another process delays the writing of check state, not
    the checks: both sources are checked, on schedule, while the lock is held."""
    engine = open_engine(sqlite_url)
    daemon = Daemon(portal_config(sqlite_url, portal), engine)
    order: list[str] = []
    daemon.on_check = lambda result: order.append(f"check {result.source} {result.outcome}")
    task = asyncio.create_task(daemon.run())
    holder = None
    try:
        await until(lambda: all(last_checks(engine).values()), "the first checks written")
        before = last_checks(engine)
        holder = LockHolder(tmp_path / "monitor.db", order)
        await asyncio.to_thread(holder.locked.wait, 30)
        start = order.index("locked")
        await until(lambda: {"check a ok", "check b ok"} <= set(order[start:]) and len(order) >= start + 5)
        assert "released" not in order  # all those checks ran while the lock was held
        assert last_checks(engine) == before  # their state waits for the store
        holder.release()
        await until(lambda: all(last_checks(engine)[n] > before[n] for n in before), "the state written")
    finally:
        if holder:
            holder.release()
        daemon.stop()
        await asyncio.wait_for(task, 30)
        engine.dispose()


async def test_a_page_over_the_reading_limits_does_not_hold_up_other_sources(
    portal: HTTPServer, sqlite_url: str
) -> None:
    """A title filter that backtracks without end on one list: that check is cut off by the
    worker's time limit (or finishes, with a linear-time matcher); the other is unaffected."""
    portal.route(
        "/hostile/",
        Reply(200, '<ul><li><a href="/x.html">' + "a" * 40 + "!</a><span>2024-03-01</span></li></ul>", HTML),
    )
    config = config_from_dict(
        {
            "sources": [
                {"name": "hostile", "list_urls": [portal.url + "/hostile/"], "title_filter": "(a+)+$"},
                {"name": "a", "list_urls": [portal.url + "/a/"]},
            ]
        }
    )
    engine = open_engine(sqlite_url)
    pool = PagePool(workers=2, timeout=2.0)
    runtime = Runtime.create(config, engine)
    runtime.pages = pool
    try:
        hostile, calm = await check_all(runtime, config.sources)
    finally:
        await runtime.aclose()
        pool.close()
        engine.dispose()
    assert calm.outcome == "ok" and calm.items == 3
    assert hostile.outcome in ("too_complex", "ok"), hostile
    if hostile.outcome == "too_complex":
        assert "took over 2 s" in (hostile.error or "")


def test_sigterm_is_honoured_while_the_store_is_locked(
    portal: HTTPServer, sqlite_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "monitor.db"
    sources = [{"name": n, "list_urls": [f"{portal.url}/{n}/"], "min_delay": 0} for n in ("a", "b")]
    config = write_config(
        tmp_path / "config.toml",
        {"store": {"url": sqlite_url}, "scheduler": {"interval": "1s", "jitter": 0}, "sources": sources},
    )
    events: list[str] = []
    with DaemonProcess(config) as daemon:
        daemon.wait_for(lambda: sum("check source=" in line for line in daemon.lines) >= 2, what="checks")
        holder = LockHolder(db, events)
        try:
            assert holder.locked.wait(30)
            seen = len(daemon.lines)
            daemon.wait_for(
                lambda: any("check source=" in line for line in daemon.lines[seen:]), what="a check"
            )
            code, took = daemon.terminate(timeout=30)
            assert "released" not in events  # the lock was held all along
        finally:
            holder.release()
    assert code == 0, daemon.log
    assert took < 10, (took, daemon.log)
    assert "Traceback" not in daemon.log


def test_sighup_stops_the_daemon_gracefully(portal: HTTPServer, sqlite_url: str, tmp_path: Path) -> None:
    sources = [{"name": "a", "list_urls": [f"{portal.url}/a/"], "min_delay": 0}]
    config = write_config(
        tmp_path / "config.toml",
        {"store": {"url": sqlite_url}, "scheduler": {"interval": "1s", "jitter": 0}, "sources": sources},
    )
    with DaemonProcess(config) as daemon:
        daemon.wait_log("check source=a")
        daemon.proc.send_signal(signal.SIGHUP)
        code = daemon.proc.wait(30)
    assert code == 0, daemon.log
    daemon._reader.join(5)
    assert "daemon stopped" in daemon.log
