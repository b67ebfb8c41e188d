"""The migrations build exactly the schema the models declare (tables, columns, indexes),
on both engines, so a model change without its migration fails here."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers every table)
from store.db import JSON_CODEC, open_engine, optimize
from store.ingest import ingest
from tests.store.helpers import all_changes, load, notices, series_names


def test_migrations_match_the_models(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            indexes = {ix["name"] for ix in inspect(connection).get_indexes("change_event")}
    finally:
        engine.dispose()
    assert differences == []
    assert "ix_change_event_order" in indexes and "ix_change_event_type" not in indexes


def test_migrating_twice_changes_nothing(db_url: str) -> None:
    open_engine(db_url).dispose()
    engine = open_engine(db_url)  # a second start finds every revision applied
    try:
        with engine.connect() as connection:
            heads = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    assert "store_0005" in heads


def test_optimize_refreshes_statistics_and_changes_no_answer(db_url: str) -> None:
    engine = open_engine(db_url)
    try:
        for path in notices(series_names()[0]):
            ingest(engine, load(path))
        before = all_changes(engine)
        optimize(engine)
        optimize(engine)  # again: harmless
        assert all_changes(engine) == before
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                # ANALYZE sets the row estimate synchronously (-1 means never analyzed).
                estimate = connection.exec_driver_sql(
                    "SELECT reltuples FROM pg_class WHERE relname = 'notice'"
                ).scalar()
            assert estimate is not None and estimate > 0
    finally:
        engine.dispose()


def test_json_columns_encode_as_the_json_module_would_read_them() -> None:
    encode, decode = JSON_CODEC["json_serializer"], JSON_CODEC["json_deserializer"]
    value = {1: "整数键", "groups": [{"name": "领导小组", "members": []}], "when": None}
    text = encode(value)
    assert json.loads(text) == decode(text) == {"1": "整数键", "groups": value["groups"], "when": None}
    assert "领导小组" in text  # UTF-8, not \u escapes
    assert decode(json.dumps({"name": "领导小组"})) == {"name": "领导小组"}  # rows written before orjson
