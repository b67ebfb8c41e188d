"""Engine, sessions and migrations for both engines (SQLite file in WAL mode, PostgreSQL).

`open_engine(url)` creates the SQLite file's folder, sets the pragmas, and applies every
Alembic migration (`upgrade heads`) before returning, so the schema is always current. A
SQLite store that this user may only read is opened read-only (queries work, writes say so).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import orjson
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError, StatementError
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


class StoreUnusable(StoreError):
    """The store cannot be used as given: a URL of another kind of database, a folder that
    cannot be written, a schema newer than this program, a write to a read-only store.
    Bad input, not a failure of the work (the CLI exits 2)."""


_SCHEMES = {"sqlite": ("", "pysqlite"), "postgresql": ("", "psycopg"), "postgres": ("",)}
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")


def _shown(url: str) -> str:
    return _PASSWORD.sub(r"\1***@", url)


def check_url(url: str) -> str:
    """The URL when this program can open it (SQLite, or PostgreSQL through psycopg 3)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    backend, _, driver = scheme.partition("+")
    if driver not in _SCHEMES.get(backend, ()):
        raise StoreUnusable(
            f"unsupported database URL {_shown(url)!r}: use sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    return url


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


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(normalize_url(url))
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI the caller wrote; leave it as it is
        return None
    return Path(database)


def create(url: str) -> Engine:
    """An engine for URL, without touching the schema."""
    url = normalize_url(check_url(url))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError as e:
                raise StoreUnusable(f"cannot create the store in {path.parent}: not a folder") from e
            except OSError as e:
                raise StoreUnusable(f"cannot create the store's folder {path.parent}: {e.strerror}") from e
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **JSON_CODEC)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **JSON_CODEC)
    event.listen(engine, "connect", _postgresql_session)
    _ping_when_idle(engine)
    return engine


# A connection idle longer than this is tested (a round trip) before use: one the server
# closed while it waited in the pool (a restart) is replaced, not handed out. Testing
# every checkout (pool_pre_ping) cost a round trip on every ingest of a run of notices.
PING_AFTER_IDLE = 1.0  # seconds


def _ping_when_idle(engine: Engine) -> None:
    def checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as e:  # any failure: a connection to replace
            raise DisconnectionError(f"connection lost while idle: {e}") from e
        if not alive:
            raise DisconnectionError("connection lost while idle")

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


def _alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def schema_behind(connection: Connection) -> bool:
    """Whether the database lacks migrations this program has; a schema written by a newer
    program (revisions this one does not know) is refused with StoreUnusable."""
    script = ScriptDirectory.from_config(_alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    current = set(MigrationContext.configure(connection).get_current_heads())
    newer = sorted(current - known)
    if newer:
        raise StoreUnusable(
            f"the store's schema ({', '.join(newer)}) is newer than this version of monitor: upgrade monitor"
        )
    return current != set(script.get_heads())


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration (all branches) to the engine's database."""
    cfg = _alembic_config()
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Daemons starting together on a fresh database migrate one at a time.
                connection.execute(text("SELECT pg_advisory_xact_lock(7265646)"))
            if schema_behind(connection):
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "heads")
    except SQLAlchemyError as e:
        where = _shown(engine.url.render_as_string(hide_password=True))
        raise StoreError(f"cannot open the store {where}: {' '.join(str(_driver_error(e)).split())}") from e


def _driver_error(e: SQLAlchemyError) -> BaseException:
    """The driver's error behind E (its message says what went wrong), else E itself: only
    errors raised running a statement (StatementError, DBAPIError) carry one."""
    return (e.orig if isinstance(e, StatementError) else None) or e


def _read_only(path: Path) -> bool:
    """A SQLite store this user may read but not write (file or folder not writable)."""
    if not path.exists():
        return False
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def open_read_only(path: Path) -> Engine:
    """The SQLite store at `path`, for reading only. In WAL mode SQLite must create the
    `-shm` file to read; where the folder does not allow it and none exists (no one has the
    store open), the file is read as immutable."""
    shm = path.with_name(path.name + "-shm")
    mode = "mode=ro" if shm.exists() or os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
    url = f"sqlite:///file:{quote(str(path.resolve()))}?{mode}&uri=true"
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **JSON_CODEC)
    event.listen(engine, "connect", _sqlite_read_pragmas)
    try:
        with engine.connect() as connection:
            behind = schema_behind(connection)
    except SQLAlchemyError as e:
        engine.dispose()
        raise StoreUnusable(f"cannot read the store {path}: {_driver_error(e)}") from e
    except StoreError:
        engine.dispose()
        raise
    if behind:
        engine.dispose()
        raise StoreUnusable(
            f"the store {path} is read-only and its schema needs an upgrade: open it once with write access"
        )
    return engine


def is_read_only(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite" and "mode=ro" in str(engine.url)


def require_writable(engine: Engine) -> None:
    if is_read_only(engine):
        path = unquote((engine.url.database or "").removeprefix("file:"))
        raise StoreUnusable(f"the store {path} is read-only here (the file or its folder is not writable)")


def open_engine(url: str) -> Engine:
    """An engine whose database has the current schema (a read-only SQLite store: one that
    needs no migration, for queries)."""
    path = _sqlite_file(url)
    if path is not None and path.is_dir():
        raise StoreUnusable(f"the store {path} is a folder: give the path of a file in it")
    if path is not None and _read_only(path):
        return open_read_only(path)
    if path is not None and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        raise StoreUnusable(f"cannot create the store {path}: the folder is not writable")
    engine = create(url)
    try:
        migrate(engine)
    except StoreError as e:
        engine.dispose()
        if path is not None and isinstance(e.__cause__, OperationalError) and not path.exists():
            raise StoreUnusable(f"cannot create the store {path}: {e.__cause__.orig}") from e
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
        except OperationalError as e:
            session.rollback()
            if "readonly database" in str(e.orig):  # a store opened read-only, or a read-only disk
                raise StoreUnusable(f"the store is read-only: {e.orig}") from e
            raise
        except BaseException:
            session.rollback()
            raise
