"""A store that cannot be used as given is one plain line and exit 2, never "internal error":
another kind of database, a path that cannot be written, a schema from a newer monitor, a
read-only store (which still answers queries)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from monitor.cli import main
from store.db import open_engine
from tests.conftest import ROOT

NOTICE = ROOT / "monitor" / "demo" / "notices" / "01_qinghai_2019_establish.txt"


def monitor(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["--config", os.devnull, *args])
    return result.exit_code, result.stderr.splitlines(), result.stdout


@pytest.mark.parametrize(
    "url", ["mysql://root:hunter2@db.example/monitor", "postgresql+psycopg2://u@h/db", "monitor.db"]
)
def test_another_kind_of_database(url: str) -> None:
    code, lines, _ = monitor("--db", url, "groups")
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("error: --db: unsupported database URL"), lines
    assert "hunter2" not in lines[0]


def test_a_path_that_cannot_hold_a_store(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, lines, _ = monitor("--db", f"sqlite:///{blocker}/m.db", "groups")
    assert (code, lines) == (2, [f"error: cannot create the store in {blocker}: not a folder"])


def test_a_schema_from_a_newer_monitor(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = open_engine(url)
    with engine.begin() as connection:
        newer = "UPDATE alembic_version SET version_num = 'store_9999' WHERE version_num LIKE 'store%'"
        connection.execute(text(newer))
    engine.dispose()
    code, lines, _ = monitor("--db", url, "groups")
    assert code == 2
    assert lines == [
        "error: the store's schema (store_9999) is newer than this version of monitor: upgrade monitor"
    ]


def _as_reader(args: list[str]) -> list[str]:
    """Run as a user that file permissions bind: root loses its override of them."""
    if os.geteuid() != 0:
        return args
    if not shutil.which("setpriv"):
        pytest.skip("running as root and setpriv is missing: cannot make a store read-only")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}", *args]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = _as_reader([sys.executable, "-m", "monitor", "--config", os.devnull, *args])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture
def read_only_store(tmp_path: Path) -> str:
    folder = tmp_path / "store"
    folder.mkdir()
    url = f"sqlite:///{folder / 'm.db'}"
    code, lines, _ = monitor("--db", url, "ingest", str(NOTICE), "--url", "https://example.org/1")
    assert code == 0, lines
    (folder / "m.db").chmod(0o444)
    folder.chmod(0o555)  # and no -shm file may be made beside it
    yield url
    folder.chmod(0o755)


def test_a_read_only_store_answers_queries(read_only_store: str) -> None:
    result = _cli("--db", read_only_store, "groups")
    assert result.returncode == 0, result.stderr
    assert "协调小组" in result.stdout
    result = _cli("--db", read_only_store, "changes", "--json")
    assert result.returncode == 0 and '"type": "group_' in result.stdout, result.stderr


def test_writing_to_a_read_only_store_is_one_line(read_only_store: str) -> None:
    other = NOTICE.with_name("02_chongqing_2020_adjust.txt")
    result = _cli("--db", read_only_store, "ingest", str(other), "--url", "https://example.org/2")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the store is read-only"), lines
    result = _cli("--db", read_only_store, "run")
    path = read_only_store.removeprefix("sqlite:///")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: the store {path} is read-only here (the file or its folder is not writable)"
    ]


def test_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    try:
        result = _cli("--db", f"sqlite:///{folder / 'm.db'}", "groups")
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: cannot create the store {folder / 'm.db'}: the folder is not writable"
    ]
