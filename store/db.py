"""Engine, sessions and migrations for both engines (SQLite file in WAL mode, PostgreSQL).

`open_engine(url)` creates the SQLite file's folder, sets the pragmas, and applies every
Alembic migration (`upgrade heads`) before returning, so the schema is always current.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import DateTime, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
# JSON columns (records, compositions, event payloads) through orjson: several times
# faster than the json module both ways, and it writes Chinese as UTF-8, not \u escapes.
JSON_CODEC: dict[str, Any] = {
    "json_serializer": lambda v: orjson.dumps(v, option=orjson.OPT_NON_STR_KEYS).decode(),  # int keys as json
    "json_deserializer": orjson.loads,
}


class StoreError(Exception):
    """The store cannot do what was asked (unreachable database, failed migration…)."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on both engines (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Checkpoint the WAL every 8,000 pages (32 MB) rather than 1,000: pages that many
    # notices touch (index leaves) are copied back once, with fewer fsyncs (ingest +9%).
    cursor.execute("PRAGMA wal_autocheckpoint=8000")
    cursor.close()


def _postgresql_session(dbapi_connection: Any, _record: Any) -> None:
    # psycopg prepares a statement after 5 runs, and PostgreSQL may then keep one generic
    # plan for it. A plan made while a table was small (a new store; autovacuum off or not
    # yet run) stays a sequential scan as the table grows: ingest fell from 70 to 40
    # notices/s on notice lookups. Planning each run for its own values avoids that.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()


def create(url: str) -> Engine:
    """An engine for URL, without touching the schema."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **JSON_CODEC)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, **JSON_CODEC)
    event.listen(engine, "connect", _postgresql_session)
    return engine


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration (all branches) to the engine's database."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Daemons starting together on a fresh database migrate one at a time.
                connection.execute(text("SELECT pg_advisory_xact_lock(7265646)"))
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "heads")
    except SQLAlchemyError as e:
        raise StoreError(f"cannot migrate {engine.url.render_as_string()}: {e.orig or e}") from e


def open_engine(url: str) -> Engine:
    """An engine whose database has the current schema."""
    engine = create(url)
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    return engine


def optimize(engine: Engine) -> None:
    """Refresh the query planner's statistics after much writing (the daemon does it hourly,
    the CLI after ingest, backfill and rebuild). Without them PostgreSQL, where autovacuum
    is off or has not run yet, plans a store of thousands of groups as if it were empty:
    `history` hash-joined every notice (13 ms instead of 1 ms at 16,000 notices)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA optimize")
        elif connection.dialect.name == "postgresql":
            existing = set(inspect(connection).get_table_names())
            tables = [t for t in SQLModel.metadata.tables if t in existing]
            if tables:
                connection.exec_driver_sql("ANALYZE " + ", ".join(f'"{t}"' for t in tables))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
