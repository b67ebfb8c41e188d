"""Edges of the command line: hostile JSON to ingest, LIKE wildcards in --search, a closed
pipe on stdout, and importing the CLI where fcntl does not exist (Windows)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_cli
from tests.store.helpers import notices


def test_ingest_refuses_deep_or_huge_json_and_stores_the_rest(tmp_path: Path, sqlite_url: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: its size alone refuses it
    good = str(notices("hechang")[0])
    done = run_cli("--db", sqlite_url, "ingest", "--json", str(deep), good, str(huge))
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err and "internal error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "deep.json" in lines[0] and "huge.json: too large" in lines[1], lines
    assert [r["file"] for r in json.loads(done.stdout)] == [good]  # the good file is stored


def test_search_takes_percent_and_underscore_literally(sqlite_url: str) -> None:
    files = [str(p) for p in notices("hechang")]
    assert run_cli("--db", sqlite_url, "ingest", *files).returncode == 0
    every = json.loads(run_cli("--db", sqlite_url, "groups", "--json").stdout)
    assert every
    for wildcard in ("%", "_"):
        found = run_cli("--db", sqlite_url, "groups", "--json", "--search", wildcard)
        assert found.returncode == 0 and json.loads(found.stdout) == [], wildcard


def test_a_closed_pipe_ends_the_command_quietly(sqlite_url: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader (`head`) has gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "--db", sqlite_url, "groups"],
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def test_the_cli_imports_without_fcntl() -> None:
    code = "import sys; sys.modules['fcntl'] = None; import monitor.cli, store.leases, monitor.daemon"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
