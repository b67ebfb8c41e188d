"""The import-linter contract that keeps scrapers on store.records must name every store module."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_scrapers_contract_forbids_every_store_module_but_records() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    contract = next(c for c in contracts if c["name"] == "scrapers use only store.records")
    modules = {f"store.{p.stem}" for p in (ROOT / "store").glob("*.py")} - {"store.__init__", "store.records"}
    assert set(contract["forbidden_modules"]) == modules
