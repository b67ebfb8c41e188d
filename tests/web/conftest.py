"""Fixtures of the web tests: a store with the demo data (plus hostile text) and clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from monitor.config import Config, load_config
from monitor.web.server import Background, start_background
from store.db import open_engine
from tests.web.helpers import load_demo, load_hostile


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One store for a test module (read-only tests): the demo notices and a hostile one."""
    path = tmp_path_factory.mktemp("web") / "web.db"
    engine = open_engine(f"sqlite:///{path}")
    load_demo(engine)
    load_hostile(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def config_file(store: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config naming one source (never polled here), for the status page and the CLI."""
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text(
        f'[store]\nurl = "{store.url}"\n\n[[sources]]\nname = "qinghai"\nregion = "青海省"\n'
        'list_urls = ["http://127.0.0.1:9/zfwj/"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def config(config_file: Path) -> Config:
    return load_config(config_file)


@pytest.fixture(scope="module")
def server(config: Config, store: Engine) -> Iterator[Background]:
    """The web view served by uvicorn on 127.0.0.1 (a free port), as `monitor serve` runs it."""
    background = start_background(config, store, host="127.0.0.1", port=0)
    yield background
    background.stop()


@pytest.fixture(scope="module")
def client(server: Background) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=False) as c:
        yield c


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Engine]:
    engine = open_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def server_url(server: Background) -> str:
    return server.url
