"""SIGTERM (or SIGHUP) stops `monitor backfill` as Ctrl-C does: what the walk found so far
(seen items, the check's log row, the source's state) is written, and it exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlmodel import Session, select

from store.db import open_engine
from store.state import CheckLog, SeenItem, SourceState
from tests.conftest import ROOT
from tests.daemon.process import write_config
from tests.servers import HTTPServer, Reply, Request

HTML = {"Content-Type": "text/html; charset=utf-8"}
FIRST = (
    "<html><body><ul>"
    + "".join(
        f'<li><a href="/n{i}.html">安平市关于做好第{i}期农业生产工作的通知</a><span>2024-03-0{i}</span></li>'
        for i in range(1, 4)
    )
    + '</ul><a href="/list_1.html">下一页</a></body></html>'
)


def test_sigterm_during_backfill_writes_what_it_found(tmp_path: Path, sqlite_url: str) -> None:
    gate = threading.Event()

    def stalled(request: Request) -> Reply:
        gate.wait(30)  # the second list page answers only when the test lets it
        return Reply(200, "<html><body><ul></ul></body></html>", HTML)

    with HTTPServer() as portal:
        portal.route("/robots.txt", Reply(404))
        portal.route("/list/", Reply(200, FIRST, HTML))
        portal.route("/list_1.html", stalled)
        source = {"name": "anping", "list_urls": [portal.url + "/list/"], "min_delay": 0}
        config = write_config(tmp_path / "config.toml", {"store": {"url": sqlite_url}, "sources": [source]})
        env = {"PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config), "backfill", "--source", "anping"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 60  # a safety net: waits for the event below
            while portal.hits("/list_1.html") == 0 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert portal.hits("/list_1.html") == 1, proc.stderr.read().decode() if proc.stderr else ""
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=30)
        finally:
            gate.set()
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    engine = open_engine(sqlite_url)
    with Session(engine) as session:
        seen = session.exec(select(SeenItem)).all()
        logs = session.exec(select(CheckLog)).all()
        state = session.get(SourceState, "anping")
    engine.dispose()
    assert sorted(s.url.rsplit("/", 1)[1] for s in seen) == ["n1.html", "n2.html", "n3.html"]
    assert [log.outcome for log in logs] == ["interrupted"]
    assert state is not None and state.last_outcome == "interrupted" and state.consecutive_failures == 0
