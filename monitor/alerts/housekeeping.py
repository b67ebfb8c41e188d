"""Upkeep of the outbox that the alert worker runs when it starts and once a day after:
claims left by a process of this host that is gone (a daemon killed mid-delivery) are
released at once rather than when they expire, and check_log rows and delivered alerts
older than `[store] keep_history` are deleted."""

from __future__ import annotations

import logging
import os
import socket

import psutil
from sqlalchemy.engine import Engine

from monitor.config import Config
from store import outbox, retention
from store.db import session_scope

log = logging.getLogger("monitor.alerts")

EVERY = 86400.0  # seconds between two rounds in a long-running daemon


def _host_and_pid(owner: str) -> tuple[str, int] | None:
    """The host and process of a claim's owner: a daemon's id is "host:pid:random"
    (monitor.daemon.daemon_id), a one-off command's "cli:host:pid"."""
    parts = owner.split(":")
    if len(parts) != 3:
        return None
    host, pid = (parts[1], parts[2]) if parts[0] == "cli" else (parts[0], parts[1])
    return (host, int(pid)) if pid.isdigit() else None


def owner_is_gone(owner: str, me: str) -> bool:
    """Whether `owner` was a process of this host that no longer runs. Owners on other hosts
    are never judged: their claims expire by themselves."""
    where = _host_and_pid(owner)
    if where is None or owner == me or where[0] != socket.gethostname():
        return False
    host_pid = where[1]
    if host_pid == os.getpid():
        return True  # our pid, another owner: an earlier process that had this pid
    return not psutil.pid_exists(host_pid)


def release_dead_claims(engine: Engine, me: str) -> int:
    with session_scope(engine) as session:
        gone = [owner for owner in outbox.claim_owners(session) if owner_is_gone(owner, me)]
        released = outbox.release_claims(session, gone)
    if released:
        log.info("released %d alert claim(s) of stopped process(es): %s", released, ", ".join(gone))
    return released


def prune_history(engine: Engine, config: Config) -> dict[str, int]:
    with session_scope(engine) as session:
        pruned = retention.prune(session, config.store.keep_history)
    if any(pruned.values()):
        log.info(
            "pruned %d check log row(s) and %d delivered alert(s) older than %gd",
            pruned["check_log"],
            pruned["alerts"],
            config.store.keep_history / 86400,
        )
    return pruned


def upkeep(engine: Engine, config: Config, me: str) -> None:
    release_dead_claims(engine, me)
    prune_history(engine, config)
