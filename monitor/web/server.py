"""Serving the web application with uvicorn: in the foreground (`monitor serve`), or in a
thread beside the daemon (`monitor run --serve`) and the demo. The socket is bound first,
so a taken port is one clear error and the URL is known before the first request."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from sqlalchemy.engine import Engine
from uvicorn.supervisors import Multiprocess

from monitor.config import Config, config_from_dict
from monitor.web.app import create_app
from store.db import open_engine

log = logging.getLogger("monitor.web")


class ServeError(Exception):
    """The web view cannot start as asked (a public address without a token, a taken port)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def access_token(config: Config, host: str, public: bool) -> str | None:
    """The token requests must carry, or None: the value of the variable [web] token_env
    names (MONITOR_WEB_TOKEN by default). Loopback needs none unless it is set; any other
    address needs one unless PUBLIC says the view is meant to be open."""
    if public:
        return None
    web = config.web
    token = web.token
    if token is None and not is_loopback(host):
        where = f"export {web.token_env}=<token>" if web.token_env else 'set [web] token_env = "NAME"'
        raise ServeError(
            f"serving on {host} needs an access token: {where} (the variable [web] token_env names), "
            "or pass --public to serve without one"
        )
    return token


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it a keep-alive client waited ~40 ms for
    # each response body (Nagle's algorithm against the client's delayed ACK).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class _Server(uvicorn.Server):
    """A uvicorn server that says when it is ready (an event, not a sleep)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        """SIGINT/SIGTERM stop the server and that is all: uvicorn would raise the signal
        again afterwards, and Ctrl-C, the way a server is meant to stop, would exit 130."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _uvicorn_config(app: Any, log_level: str, *, own_logging: bool = True) -> uvicorn.Config:
    """Uvicorn's settings; beside the daemon or the demo it leaves their logging set up alone."""
    return uvicorn.Config(
        app,
        log_level=log_level,
        access_log=log_level == "debug",
        lifespan="on",
        log_config=uvicorn.config.LOGGING_CONFIG if own_logging else None,
        # Longer than uvicorn's 5 s: a client reusing a connection just as the server
        # closes it sees a failed request; busy clients keep theirs alive meanwhile.
        timeout_keep_alive=30,
    )


def default_workers() -> int:
    """One serving process per CPU, at most 4: one process answers on one core only (Python's
    interpreter lock), and the pages are CPU work (templates, queries); each process keeps its
    own answers and store connections."""
    return max(1, min(4, os.cpu_count() or 1))


def serve(
    config: Config,
    engine: Engine,
    sock: socket.socket,
    *,
    token: str | None,
    log_level: str = "info",
    workers: int = 1,
) -> None:
    """Serve until SIGINT/SIGTERM. With several WORKERS, as many processes share the socket
    (uvicorn's supervisor), each with its own store connections: several cores answer."""
    if workers <= 1:
        app = create_app(config, engine, token=token)
        _Server(_uvicorn_config(app, log_level)).run(sockets=[sock])
        return
    os.environ[WORKER_CONFIG_ENV] = config.model_dump_json()
    os.environ[WORKER_TOKEN_ENV] = token or ""
    settings = uvicorn.Config(
        f"{__name__}:worker_app",
        factory=True,
        workers=workers,
        log_level=log_level,
        access_log=log_level == "debug",
        lifespan="on",
        timeout_keep_alive=30,
    )
    Multiprocess(settings, sockets=[sock]).run()


WORKER_CONFIG_ENV = "MONITOR_WEB_WORKER_CONFIG"
WORKER_TOKEN_ENV = "MONITOR_WEB_WORKER_TOKEN"


def worker_app() -> Any:
    """The application in a worker process of `serve --workers N`: the parent's config."""
    config = config_from_dict(json.loads(os.environ[WORKER_CONFIG_ENV]), "web worker config")
    return create_app(config, open_engine(config.store.url), token=os.environ.get(WORKER_TOKEN_ENV) or None)


@dataclass
class Background:
    """A web server running in a thread of this process."""

    url: str
    server: _Server
    thread: threading.Thread
    sock: socket.socket
    errors: list[BaseException] = field(default_factory=list)

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        self.sock.close()


def start_background(
    config: Config,
    engine: Engine,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str | None = None,
    log_level: str = "warning",
    ready_timeout: float = 60.0,
) -> Background:
    """Start the web view in a thread and return once it accepts requests."""
    sock = bind(host, port)
    server = _Server(_uvicorn_config(create_app(config, engine, token=token), log_level, own_logging=False))
    errors: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as e:  # SystemExit from a failed startup included
            errors.append(e)
            server.ready.set()

    thread = threading.Thread(target=run, name="monitor-web", daemon=True)
    thread.start()
    if not server.ready.wait(ready_timeout) or errors:
        server.should_exit = True
        sock.close()
        raise ServeError(f"the web view did not start: {errors[0] if errors else 'timed out'}")
    return Background(url_of(sock), server, thread, sock, errors)


@contextmanager
def serve_beside(config: Config, engine: Engine, *, enabled: bool = True) -> Iterator[Background | None]:
    """The web view on [web] host and port in a thread while the block runs (the daemon's
    `run --serve`); nothing when not ENABLED."""
    if not enabled:
        yield None
        return
    host = config.web.host
    token = access_token(config, host, public=False)
    background = start_background(config, engine, host=host, port=config.web.port, token=token)
    log.info("web view at %s", background.url)
    try:
        yield background
    finally:
        background.stop()
