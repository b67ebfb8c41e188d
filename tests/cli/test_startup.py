"""`monitor --help` and `monitor parse` start without the store's engine, migrations, the
web stack or the fetcher: each command imports what it needs when it runs. Timing is
measured by benchmarks/cli_startup.py; this checks the mechanism, in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What only some commands need: the store's engine and migrations, the web stack, the scheduler,
# the fetcher, and the config (pydantic) that a bare `--help` has no use for.
HEAVY = {"alembic", "sqlalchemy", "sqlmodel", "fastapi", "uvicorn", "apscheduler", "httpx", "pydantic"}


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["parse", "--help"], ["check", "--help"], ["serve", "--help"]])
def test_help_imports_nothing_heavy(argv: list[str]) -> None:
    code = (
        "import sys\nfrom monitor.cli import main\n"
        f"try:\n    main({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    modules = loaded_after(code)
    assert not {m.split(".")[0] for m in modules} & HEAVY
    assert "monitor.config" not in modules and "monitor.pipeline" not in modules


def test_errors_named_by_module_resolve_to_exception_classes() -> None:
    """Command modules register their errors by dotted name (so as not to import them at
    startup): each name must be a real exception class, or its exit code never applies."""
    import importlib

    import monitor.cli  # noqa: F401  (registers every command module's errors)
    from monitor.cli.common import ERROR_EXIT_CODES

    for key in ERROR_EXIT_CODES:
        if isinstance(key, str):
            module, _, name = key.rpartition(".")
            cls = getattr(importlib.import_module(module), name)
            assert isinstance(cls, type) and issubclass(cls, BaseException), key
            assert cls.__module__ == module, f"{key}: defined in {cls.__module__}"


def test_every_command_module_still_registers_its_commands() -> None:
    from monitor.cli import main

    assert {"run", "status", "check", "backfill", "parse", "ingest", "serve"} <= set(main.commands)


def test_help_starts_no_event_loop_machinery() -> None:
    modules = loaded_after("from monitor.cli import main")
    assert "asyncio" not in modules


def test_importing_the_parser_compiles_no_pattern_of_its_own() -> None:
    """Parser patterns compile on first use (scrapers.lazyre), not when `monitor parse`
    imports the parser: that was 80 ms of its start."""
    probe = (
        "import re, sys\ncompiled = []\nplain = re.compile\n"
        "def spy(*args):\n"
        "    compiled.append(sys._getframe(1).f_code.co_filename)\n"
        "    return plain(*args)\n"
        "re.compile = spy\nimport scrapers.notice\n"
        "print(sum('scrapers/parse' in name for name in compiled))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-1] == "0"
