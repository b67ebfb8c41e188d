"""A store derived by an older program (store.derive.DERIVATION_VERSION) is re-derived at
its next write, before that write derives anything on top of it: no false event from the
change of derivation, no alert for an event already stored, ids kept.

The older derivation is the real one of yesterday: posts with no person and no unit were
all one holder ("u:" span keys), so a listing of two such posts kept one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from store import diff, query
from store.db import open_engine, session_scope
from store.derive import DERIVATION_VERSION, rebuild_all
from store.ingest import ingest
from store.outbox import Alert
from store.records import NoticeRecord
from store.tables import PostSpan, StoreMeta


def _notice(day: str, extra: list[dict[str, Any]]) -> NoticeRecord:
    members = [
        {"role": "召集人", "person": "张三", "title": "市长"},
        {"role": "副召集人", "person": None, "title": "分管文旅工作的副市长"},
        {"role": "副召集人", "person": None, "title": "市文旅局局长"},
    ]
    group = {"name": "某市文旅工作联席会议", "members": members + extra}
    return NoticeRecord.model_validate(
        {"region": "某市", "issuer": "某市人民政府", "date": day, "groups": [group]}
    )


def _route(event: dict[str, Any]) -> list[str]:
    return ["webhook:test"]


def _alerted(engine: Engine) -> list[str]:
    with session_scope(engine) as s:
        return sorted(s.connection().execute(select(Alert.event_id)).scalars())  # type: ignore[call-overload]


def _spans(engine: Engine) -> list[tuple[str, str, str | None]]:
    with session_scope(engine) as s:
        rows = s.connection().execute(select(PostSpan.key, PostSpan.start, PostSpan.end))  # type: ignore[call-overload]
        return sorted((k, str(a), str(b) if b else None) for k, a, b in rows)


def _stamp(engine: Engine) -> str | None:
    with session_scope(engine) as s:
        query_ = select(StoreMeta.value).where(StoreMeta.key == "derivation")  # type: ignore[call-overload]
        return s.connection().execute(query_).scalar()


def _old_store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first notice derived as yesterday's program did, alerted; its event ids."""
    with monkeypatch.context() as patch:
        patch.setattr(diff, "holder_key", diff.id_holder_key)  # the derivation before "t:" keys
        patch.setattr("store.derive.holder_key", diff.id_holder_key)
        engine = open_engine(db_url)
        ingest(engine, _notice("2020-01-01", []), url="https://x/1", route=_route)
        with session_scope(engine) as s:
            s.connection().execute(delete(StoreMeta))  # that program kept no version
            ids = [e["id"] for e in query.changes(s)]
        assert any("|u:|" in key for key, _, _ in _spans(engine))
        engine.dispose()
    return ids


def test_the_next_notice_on_an_older_derivation_raises_no_false_event(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_ids = _old_store(db_url, monkeypatch)
    engine = open_engine(db_url)
    try:
        assert _stamp(engine) is None
        extra = [{"role": "成员", "person": "李四", "title": "市财政局局长"}]
        result = ingest(engine, _notice("2022-01-01", extra), url="https://x/2", route=_route)
        assert [(e["type"], e["after"]["person"]) for e in result.events] == [("member_added", "李四")]
        with session_scope(engine) as s:
            events = query.changes(s)
            first = query.history(s, "某市文旅工作联席会议")[0]
        assert [e["type"] for e in events] == ["group_established", "member_added"]
        assert [e["id"] for e in events[:1]] == old_ids  # the old event keeps its id…
        assert _alerted(engine) == sorted([*old_ids, result.events[0]["id"]])  # …and is not alerted again
        # Both posts held since 2020, in spans that the next notice did not end.
        deputies = [m["title"] for m in first["groups"][0]["members"] if m["role"] == "副召集人"]
        assert deputies == ["分管文旅工作的副市长", "市文旅局局长"]
        spans = _spans(engine)
        assert not any("|u:|" in key for key, _, _ in spans)
        assert [(s, e) for k, s, e in spans if "副召集人" in k] == [("2020-01-01", None)] * 2
        assert _stamp(engine) == str(DERIVATION_VERSION)
    finally:
        engine.dispose()


def test_a_rebuild_keeps_every_id_and_alerts_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    old_ids = _old_store(db_url, monkeypatch)
    engine = open_engine(db_url)
    try:
        with session_scope(engine) as s:
            rebuild_all(s)
        with session_scope(engine) as s:
            assert [e["id"] for e in query.changes(s)] == old_ids
        assert _alerted(engine) == sorted(old_ids)
        assert _stamp(engine) == str(DERIVATION_VERSION)
        # A store derived by this version is not derived again: the next notice appends.
        ingest(engine, _notice("2022-01-01", []), url="https://x/2", route=_route)
        assert _alerted(engine) == sorted(old_ids)
    finally:
        engine.dispose()


def test_a_new_store_is_stamped_at_its_first_notice(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        assert _stamp(engine) is None
        ingest(engine, _notice("2020-01-01", []), url="https://x/1")
        assert _stamp(engine) == str(DERIVATION_VERSION)
    finally:
        engine.dispose()
