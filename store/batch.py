"""Statements that save round trips on the write path (an ingest on PostgreSQL costs what
its round trips cost): an INSERT that skips rows whose unique key exists, and says which
rows it inserted, replaces a lookup followed by an insert."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

_BUILT: dict[tuple[str, str, tuple[str, ...]], Any] = {}


def insert_new(conn: Connection, table: Table, *returning: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING RETURNING: rows whose unique key is taken
    are skipped and return nothing. Built once per dialect and table."""
    key = (conn.dialect.name, table.name, tuple(c.name for c in returning))
    if key not in _BUILT:
        from sqlalchemy.dialects import postgresql, sqlite

        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        _BUILT[key] = dialect.insert(table).on_conflict_do_nothing().returning(*returning)
    return _BUILT[key]
