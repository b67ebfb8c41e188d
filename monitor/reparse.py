"""`monitor reparse`: read the stored raw pages again with the current extractor and parser,
give each notice its new record and re-derive what follows; and what a check does with a
page whose parse raises (kept, logged with its URL, counted, picked up by the next reparse).

Events that stay keep their ids (store.reparse). Events that appear are recorded and,
only when asked (`alert=True`), alerted; an event that was ever stored is never alerted
again, whatever a reparse does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from monitor import pagework
from monitor.config import Config, SourceConfig
from scrapers.extract import BadDocument
from scrapers.parse import PARSER_VERSION
from store import query
from store import reparse as stored
from store.db import session_scope
from store.ingest import Route, ingest
from store.records import NoticeRecord
from store.state import NoticeAttachment

log = logging.getLogger(__name__)

# A page's bytes, its URL and its source's config (None: not from a configured source) → record.
Parse = Callable[[bytes, str | None, SourceConfig | None], NoticeRecord]


def parse_stored(raw: bytes, url: str | None, source: SourceConfig | None) -> NoticeRecord:
    """What a check does with a fetched page (monitor.pagework): extract it with the
    source's settings, parse it."""
    selector, encoding = (source.content_selector, source.encoding) if source else (None, None)
    record = pagework.read_notice(raw, url or "", None, selector, encoding, False).record
    assert record is not None  # (None only when asked to wait for attachments)
    return record


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class Unparsed(Exception):
    """A page whose parse raised (kept by keep_unparsed, not stored as a notice)."""


def keep_unparsed(
    engine: Engine, raw: bytes, url: str | None, source: str | None, error: BaseException
) -> None:
    """A parse raised: log it with the page's URL and keep the page for a later reparse.
    Never stored as an empty record; `monitor status` counts these."""
    log.error("parse failed: %s: %s (page kept for `monitor reparse`)", url, one_line(error))
    log.debug("parse failure at %s", url, exc_info=error)
    stored.record_failure(
        engine, raw, url=url, source=source, error=one_line(error), parser_version=PARSER_VERSION
    )


@dataclass
class ReparseSummary:
    notices: int = 0  # stored notices looked at
    unchanged: int = 0
    changed: list[dict[str, Any]] = field(default_factory=list)  # notices whose record changed
    recovered: list[dict[str, Any]] = field(default_factory=list)  # pages whose parse raised before
    skipped: list[dict[str, Any]] = field(default_factory=list)  # could not be parsed again, and why
    failed: list[dict[str, Any]] = field(default_factory=list)  # the parse raised (old record kept)
    appeared: list[dict[str, Any]] = field(default_factory=list)  # events
    disappeared: list[dict[str, Any]] = field(default_factory=list)
    stayed: int = 0
    alerted: int = 0  # events queued for alerting

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def reparse(
    engine: Engine,
    config: Config,
    *,
    source: str | None = None,
    since: date | None = None,
    group: str | None = None,
    alert: bool = False,
    route: Route | None = None,
    parse: Parse = parse_stored,
    parser_version: str = PARSER_VERSION,
) -> ReparseSummary:
    """Parse the stored pages (of SOURCE, effective since SINCE, about GROUP) again and
    re-derive. With ALERT, events that appear are queued through ROUTE."""
    summary = ReparseSummary()
    sources = {s.name: s for s in config.sources}
    with session_scope(engine) as session:
        group_id = query.find_group(session, group).id if group else None
        notices = stored.stored_notices(session, source=source, since=since, group_id=group_id)
        failures = [] if group_id else stored.open_failures(session, source=source, since=since)
        groups = stored.groups_of(session, [n.id for n in notices])
        before = stored.active_events(session, groups)
        from_attachments = _read_attachments(session, [n.id for n in notices])
    summary.notices = len(notices)
    route = route if alert else None
    for notice in notices:
        if not notice.has_raw:
            summary.skipped.append(_about(notice, reason="no page stored (ingested as a record)"))
            continue
        if notice.id in from_attachments:
            summary.skipped.append(
                _about(notice, reason="members read from attachments, which are not stored")
            )
            continue
        with session_scope(engine) as session:
            raw = stored.raw_page(session, notice.id)
        config_of = sources.get(notice.source or "")
        record = _parse(parse, raw or b"", notice.url, config_of, summary, _about(notice))
        if record is None:
            continue
        _fill_from_listing(record, notice.title, config_of)
        done = stored.replace_record(
            engine, notice.id, record, parser_version=parser_version, route=route, alert=alert
        )
        groups |= done.groups
        summary.alerted += len(done.events) if route else 0
        if done.changed:
            summary.changed.append(_about(notice))
        else:
            summary.unchanged += 1
    for failure in failures:
        groups |= _retry_failure(engine, failure, sources, parse, parser_version, route, summary)
    with session_scope(engine) as session:
        after = stored.active_events(session, groups)
    summary.appeared = [after[i] for i in after if i not in before]
    summary.disappeared = [before[i] for i in before if i not in after]
    summary.stayed = sum(1 for i in after if i in before)
    return summary


def _parse(
    parse: Parse,
    raw: bytes,
    url: str | None,
    source: SourceConfig | None,
    summary: ReparseSummary,
    about: dict[str, Any],
) -> NoticeRecord | None:
    try:
        return parse(raw, url, source)
    except BadDocument as e:
        summary.skipped.append(about | {"reason": f"not a readable page: {e}"})
    except Exception as e:  # a parser bug: the notice keeps the record it has
        log.error("parse failed: %s: %s", url, one_line(e))
        summary.failed.append(about | {"error": one_line(e)})
    return None


def _retry_failure(
    engine: Engine,
    failure: stored.FailedPage,
    sources: dict[str, SourceConfig],
    parse: Parse,
    parser_version: str,
    route: Route | None,
    summary: ReparseSummary,
) -> set[int]:
    """A page whose parse raised before: parse it again; store it when that works."""
    with session_scope(engine) as session:
        raw = stored.failure_raw(session, failure.id)
    config_of = sources.get(failure.source or "")
    about = {"failure_id": failure.id, "url": failure.url}
    try:
        record = parse(raw, failure.url, config_of)
    except Exception as e:  # still failing: count the attempt, keep the page
        keep_unparsed(engine, raw, failure.url, failure.source, e)
        summary.failed.append(about | {"error": one_line(e)})
        return set()
    _fill_from_listing(record, None, config_of)
    result = ingest(
        engine,
        record,
        raw=raw,
        url=failure.url,
        observed_at=failure.observed_at,
        source=failure.source,
        route=route,
        alert=route is not None,
        parser_version=parser_version,
    )
    stored.failure_stored(engine, failure.id, result.notice_id)
    summary.alerted += len(result.events) if route else 0
    summary.recovered.append(about | {"notice_id": result.notice_id})
    with session_scope(engine) as session:
        return stored.groups_of(session, [result.notice_id])


def _fill_from_listing(record: NoticeRecord, title: str | None, source: SourceConfig | None) -> None:
    """What the check knew and the page may not say (as monitor.pipeline does): the title
    from the list, the region from the source's config."""
    if not record.title and title:
        record.title = title
    if not record.region and source is not None and source.region:
        record.region = source.region


def _read_attachments(session: Any, notice_ids: list[int]) -> set[int]:
    """Notices whose members came from attachment text, which the store does not keep:
    parsing the page alone would lose them."""
    table = NoticeAttachment.__table__  # type: ignore[attr-defined]
    found: set[int] = set()
    for start in range(0, len(notice_ids), 1000):
        chunk = notice_ids[start : start + 1000]
        rows = session.connection().execute(
            select(table.c.notice_id).where(table.c.notice_id.in_(chunk), table.c.read.is_(True))
        )
        found |= set(rows.scalars())
    return found


def _about(notice: stored.StoredNotice, **extra: Any) -> dict[str, Any]:
    observed: datetime = notice.observed_at
    return {
        "notice_id": notice.id,
        "url": notice.url,
        "title": notice.title,
        "effective": notice.effective.isoformat(),
        "observed_at": observed.isoformat(timespec="seconds"),
        **extra,
    }
