"""state: source health and leases, HTTP cache, seen list items, check log

Revision ID: state_0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.db

revision: str = "state_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("state",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "check_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("started_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("new_notices", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_check_log_source"), "check_log", ["source"], unique=False)
    op.create_index(op.f("ix_check_log_started_at"), "check_log", ["started_at"], unique=False)
    op.create_table(
        "http_cache",
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("last_modified", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("fetched_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_table(
        "seen_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("date", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("first_seen", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "url", name="uq_seen_item_source_url"),
    )
    op.create_index(op.f("ix_seen_item_source"), "seen_item", ["source"], unique=False)
    op.create_index(op.f("ix_seen_item_url"), "seen_item", ["url"], unique=False)
    op.create_table(
        "source_state",
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("last_check_at", store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("last_ok_at", store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("failing_since", store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("health_alerted", sa.Boolean(), nullable=False),
        sa.Column("baseline_done", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", store.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("lease_until", store.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("source"),
    )


def downgrade() -> None:
    for table in ("check_log", "http_cache", "seen_item", "source_state"):
        op.drop_table(table)
