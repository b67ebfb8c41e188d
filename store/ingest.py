"""NoticeRecord → stored notice → group identities → versions → new change events → outbox.

One notice is one transaction (a crash leaves no half-version). Writers are serialised:
on SQLite the transaction takes the write lock at its start (BEGIN IMMEDIATE) so it never
has to upgrade a read lock; on PostgreSQL it takes a transaction-level advisory lock, since
re-deriving a group's timeline reads what a concurrent writer may be changing (READ
COMMITTED would let two writers each create the group the other just created). Unique
constraints and a retry of the whole transaction remain as the backstop.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, cast, func, insert, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.sql.compiler import Compiled
from sqlmodel import Session

from store import identity, outbox
from store.batch import insert_new
from store.db import StoreError, session_scope, utcnow
from store.derive import rebuild_group, split_bodies
from store.records import NoticeRecord
from store.schema import table_of
from store.tables import GroupName, Grp, Notice, NoticeGroup

try:  # zstandard is a declared dependency; zlib keeps old rows readable without it
    import zstandard
except ImportError:  # pragma: no cover
    zstandard = None  # type: ignore[assignment]  # mypy types the name as the module: None is its absence

ATTEMPTS = 10
NOTICE, LINK = table_of(Notice), table_of(NoticeGroup)
FIND_NOTICE = select(NOTICE.c.id).where(
    (NOTICE.c.sha256 == bindparam("sha")) | (NOTICE.c.record_hash == bindparam("rhash"))
)
INSERT_LINK = insert(LINK)
# Round trips are what an ingest costs on PostgreSQL (~14 statements a notice), so the
# common path folds lookups into the writes that follow them: a new notice is inserted
# unless its bytes or content are known (no lookup first), and a body under a name already
# known is linked to that name's group by one INSERT … SELECT (identity.resolve's first case).
_GRP, _NAMES = table_of(Grp), table_of(GroupName)
LINK_KNOWN_NAME = (
    insert(LINK)
    .from_select(
        ["notice_id", "group_id", "body"],
        select(bindparam("notice_id"), _NAMES.c.group_id, bindparam("body"))
        .join(_GRP, _GRP.c.id == _NAMES.c.group_id)
        .where(
            _NAMES.c.region == bindparam("region"),
            _NAMES.c.norm == bindparam("norm"),
            _GRP.c.absorbed_into.is_(None),
        ),
    )
    .returning(LINK.c.group_id)
)

Route = Callable[[dict[str, Any]], Iterable[str]]
T = TypeVar("T")


@dataclass
class _Dating:
    list_date: date | None
    fetched_at: datetime


@dataclass
class IngestResult:
    notice_id: int
    duplicate: bool
    events: list[dict[str, Any]] = field(default_factory=list)


def compress(raw: bytes) -> bytes:
    if zstandard is not None:
        return b"zst:" + zstandard.ZstdCompressor(level=6).compress(raw)
    return b"zlb:" + zlib.compress(raw, 6)


def decompress(blob: bytes) -> bytes:
    tag, data = blob[:4], blob[4:]
    if tag == b"zst:":
        return zstandard.ZstdDecompressor().decompress(data)
    return zlib.decompress(data)


def record_hash(record: NoticeRecord) -> str:
    text = json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# Where a notice's effective date came from, in the order they are preferred.
DATE_SOURCES = ("date", "published", "list", "fetched")


def effective_date(record: NoticeRecord, observed_at: datetime, list_date: date | None = None) -> date:
    """Notice time, not fetch time (DESIGN rule 2)."""
    return dated(record, observed_at, list_date)[0]


def dated(record: NoticeRecord, fetched_at: datetime, list_date: date | None = None) -> tuple[date, str]:
    """The effective date and which one it is: the signing date, else the publication
    date, else the list page's date, else the date the notice was first fetched."""
    if record.date is not None:
        return record.date, "date"
    if record.published is not None:
        return record.published, "published"
    if list_date is not None:
        return list_date, "list"
    return fetched_at.date(), "fetched"


def _list_date(value: date | str | None) -> date | None:
    """A list page's date as given (ISO text from the list adapter); unreadable is none."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def record_columns(
    record: NoticeRecord, fetched_at: datetime, list_date: date | None, parser_version: str | None
) -> dict[str, Any]:
    """The notice row's columns that come from its parse (set again by a reparse)."""
    effective, date_source = dated(record, fetched_at, list_date)
    return {
        "doc_number": record.doc_number,
        "title": record.title,
        "region": record.region,
        "effective": effective,
        "date_source": date_source,
        "record": record.to_json(explain=True),
        "parser_version": parser_version,
    }


def ingest(
    engine: Engine,
    record: NoticeRecord,
    *,
    raw: bytes | None = None,
    url: str | None = None,
    observed_at: datetime | None = None,
    source: str | None = None,
    route: Route | None = None,
    alert: bool = True,
    parser_version: str | None = None,
    list_date: date | str | None = None,
    fetched_at: datetime | None = None,
) -> IngestResult:
    """Store one notice and derive its consequences, all in one transaction.

    LIST_DATE (the list page's date for the notice) and FETCHED_AT (when it was first
    fetched; default OBSERVED_AT) date a notice that states no date of its own."""
    observed_at = observed_at or utcnow()
    when = _Dating(_list_date(list_date), fetched_at or observed_at)
    return write(
        engine,
        lambda session: _ingest(
            session, record, raw, url, observed_at, source, route, alert, when, parser_version
        ),
        "cannot store notice",
        locks_first=True,
    )


def write(engine: Engine, work: Callable[[Session], T], what: str, *, locks_first: bool = False) -> T:
    """Run WORK in one write transaction, serialised with every other writer; retried from
    a fresh snapshot when another writer got there first (same group, same notice) or held
    the lock. WHAT begins the StoreError's message. LOCKS_FIRST: WORK's first statement
    takes the PostgreSQL writers' lock itself (insert_notice), saving a round trip."""
    for attempt in range(ATTEMPTS):
        try:
            with session_scope(engine) as session:
                _begin_write(session, pg_lock=not locks_first)
                return work(session)
        except (IntegrityError, OperationalError) as e:
            if attempt == ATTEMPTS - 1:
                raise StoreError(f"{what}: {e.orig or e}") from e
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        except DBAPIError as e:
            raise StoreError(f"{what}: {e.orig or e}") from e
    raise AssertionError("unreachable")


INGEST_LOCK_KEY = 0x6D6F6E69  # 'moni': one ingest at a time per PostgreSQL database


def _begin_write(session: Session, *, pg_lock: bool = True) -> None:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql" and pg_lock:
        # The commit does not wait for the WAL flush (an fsync, ~7 ms here: more than the
        # rest of an ingest). The durability of SQLite's WAL with synchronous=NORMAL: a
        # crash of the server or machine may undo the last ingests (never half of one);
        # a crash of the monitor loses nothing. The seen-links and HTTP-cache state are
        # committed after their notice, and a later commit flushes the WAL up to itself,
        # so an undone notice is never marked seen: the next check fetches it again.
        connection.execute(select(*WRITER_LOCK))


# What the first statement of a PostgreSQL write transaction does (see _begin_write).
WRITER_LOCK = (
    func.pg_advisory_xact_lock(INGEST_LOCK_KEY),
    func.set_config("synchronous_commit", "off", true()),
    func.set_config("plan_cache_mode", "auto", true()),
    func.set_config("enable_seqscan", "off", true()),
)
# The notice row, inserted unless its bytes or content are known, by a statement that first
# takes the writers' lock (one round trip for both on PostgreSQL). Its row comes from the
# lock's own one-row SELECT, so the lock is held before the insert looks for a conflict;
# a notice a writer stored while this one waited is a conflict (ON CONFLICT sees rows
# committed after the statement began), and every later statement sees it.
_LOCKED_ROW = select(*WRITER_LOCK).subquery("writer_lock")
_NOTICE_COLUMNS = [c for c in NOTICE.c if c.name != "id"]
_NOTICE_VALUES = [cast(bindparam(c.name, type_=c.type), c.type) for c in _NOTICE_COLUMNS]
INSERT_NOTICE_LOCKED = (
    postgresql.insert(NOTICE)
    .from_select([c.name for c in _NOTICE_COLUMNS], select(*_NOTICE_VALUES).select_from(_LOCKED_ROW))
    .on_conflict_do_nothing()
    .returning(NOTICE.c.id)
)


def insert_notice(conn: Connection, values: dict[str, Any]) -> int | None:
    """Insert the notice row unless the same bytes or content are stored (then None); on
    PostgreSQL the same statement takes the writers' lock (write(..., locks_first=True))."""
    if conn.dialect.name == "postgresql":
        return _insert_notice_with_begin(conn, values)
    return conn.execute(insert_new(conn, NOTICE, NOTICE.c.id), values).scalar()


# Per dialect (each engine has its own JSON serializer): the compiled statement and the
# columns' bind processors.
_PREPARED: WeakKeyDictionary[Dialect, tuple[Compiled, list[tuple[str, Callable[[Any], Any]]]]] = (
    WeakKeyDictionary()
)


def _insert_notice_with_begin(conn: Connection, values: dict[str, Any]) -> int | None:
    """INSERT_NOTICE_LOCKED as the transaction's first statement, with its BEGIN in the
    same round trip: psycopg sends a transaction's BEGIN on its own and waits for it,
    except in pipeline mode. SQLAlchemy cannot read a result in pipeline mode, so this one
    statement goes to the driver directly, its values processed by the columns' types as
    SQLAlchemy would (and its errors raised as SQLAlchemy's)."""
    import psycopg  # PostgreSQL only

    dialect = conn.dialect
    if dialect not in _PREPARED:
        bound = [(c.name, c.type.bind_processor(dialect)) for c in _NOTICE_COLUMNS]
        _PREPARED[dialect] = (
            INSERT_NOTICE_LOCKED.compile(dialect=dialect),
            [(name, p) for name, p in bound if p is not None],
        )
    compiled, processors = _PREPARED[dialect]
    params = dict(compiled.construct_params(values) or {})
    for name, process in processors:
        params[name] = process(params[name])
    driver: Any = conn.connection.driver_connection  # a psycopg connection (checked out: open)
    try:
        with driver.pipeline(), driver.cursor() as cursor:
            cursor.execute(compiled.string, params)
            row = cursor.fetchone()
    except psycopg.Error as e:
        raise DBAPIError.instance(compiled.string, None, e, psycopg.Error) from e
    return row[0] if row else None


def _ingest(
    session: Session,
    record: NoticeRecord,
    raw: bytes | None,
    url: str | None,
    observed_at: datetime,
    source: str | None,
    route: Route | None,
    alert: bool,
    when: _Dating,
    parser_version: str | None,
) -> IngestResult:
    rhash = record_hash(record)
    sha = hashlib.sha256(raw).hexdigest() if raw is not None else rhash
    conn = session.connection()
    values = {
        "sha256": sha,
        "record_hash": rhash,
        "url": url,
        "source": source,
        "list_date": when.list_date,
        "observed_at": observed_at,
        "raw_zst": compress(raw) if raw is not None else None,
        **record_columns(record, when.fetched_at, when.list_date, parser_version),
    }
    notice_id = insert_notice(conn, values)
    if notice_id is None:  # the same bytes or the same content are stored already
        existing = conn.execute(FIND_NOTICE, {"sha": sha, "rhash": rhash}).scalar_one()
        return IngestResult(notice_id=existing, duplicate=True)
    stored = values["record"]
    touched = link_bodies(session, notice_id, record)
    events: list[dict[str, Any]] = []
    for group_id in sorted(touched):
        events += rebuild_group(session, group_id, records={notice_id: stored})
    if alert and route is not None:
        enqueue_alerts(session, events, route, notice_id)
    return IngestResult(notice_id=notice_id, duplicate=False, events=events)


def link_bodies(session: Session, notice_id: int, record: NoticeRecord) -> set[int]:
    """Link each body of the notice to its group (creating or joining groups as the notice
    says); returns the groups whose derived data must be rebuilt."""
    conn = session.connection()
    touched: set[int] = set()
    resolved: list[tuple[str, bool, int]] = []
    for body in split_bodies(record):
        group_id = None
        if not (body.renamed_from or body.merged_from or (body.main or {}).get("alias")):
            region = identity.region_key(record.region)
            norm = identity.normalize_name(body.name, region)
            params = {"notice_id": notice_id, "body": body.name, "region": region, "norm": norm}
            group_id = conn.execute(LINK_KNOWN_NAME, params).scalar()
        if group_id is None:
            group_id, others = identity.resolve(
                session,
                body.name,
                record.region,
                renamed_from=body.renamed_from,
                merged_from=body.merged_from,
                alias=(body.main or {}).get("alias"),
            )
            touched |= others
            conn.execute(INSERT_LINK, {"notice_id": notice_id, "group_id": group_id, "body": body.name})
        touched.add(group_id)
        resolved.append((body.name, "abolish" in body.actions and not body.main, group_id))
    identity.suggest_replacements(session, resolved)
    return touched


def enqueue_alerts(session: Session, events: list[dict[str, Any]], route: Route, notice_id: int) -> None:
    """Alert rows for EVENTS, in the transaction that stores them (the outbox)."""
    for event in events:
        outbox.enqueue(session, event["id"], event, route(event), batch=f"notice:{notice_id}")
