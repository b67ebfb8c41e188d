"""store: notices, group identities, versions, post spans, change events

Revision ID: store_0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.db

revision: str = "store_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("store",)
depends_on: str | Sequence[str] | None = None

TABLES = (
    "change_event",
    "post_span",
    "version",
    "notice_group",
    "group_suggestion",
    "group_alias",
    "group_name",
    "notice",
    "grp",
)


def upgrade() -> None:
    op.create_table(
        "grp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("absorbed_into", sa.Integer(), nullable=True),
        sa.Column("created_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_grp_region"), "grp", ["region"], unique=False)
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("record_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("doc_number", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("observed_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("raw_zst", sa.LargeBinary(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_hash"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_index(op.f("ix_notice_doc_number"), "notice", ["doc_number"], unique=False)
    op.create_index(op.f("ix_notice_effective"), "notice", ["effective"], unique=False)
    op.create_table(
        "change_event",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["notice.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_event_active_effective", "change_event", ["active", "effective"], unique=False)
    op.create_index(op.f("ix_change_event_group_id"), "change_event", ["group_id"], unique=False)
    op.create_index(op.f("ix_change_event_type"), "change_event", ["type"], unique=False)
    op.create_table(
        "group_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("norm", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "norm", name="uq_group_alias_group_norm"),
    )
    op.create_index(op.f("ix_group_alias_group_id"), "group_alias", ["group_id"], unique=False)
    op.create_index(op.f("ix_group_alias_norm"), "group_alias", ["norm"], unique=False)
    op.create_index(op.f("ix_group_alias_region"), "group_alias", ["region"], unique=False)
    op.create_table(
        "group_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("norm", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "norm", name="uq_group_name_region_norm"),
    )
    op.create_index(op.f("ix_group_name_group_id"), "group_name", ["group_id"], unique=False)
    op.create_index(op.f("ix_group_name_name"), "group_name", ["name"], unique=False)
    op.create_index(op.f("ix_group_name_norm"), "group_name", ["norm"], unique=False)
    op.create_table(
        "group_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["grp.id"],
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "candidate_id", name="uq_group_suggestion_pair"),
    )
    op.create_index(op.f("ix_group_suggestion_group_id"), "group_suggestion", ["group_id"], unique=False)
    op.create_table(
        "notice_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["notice.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("notice_id", "body", name="uq_notice_group_body"),
    )
    op.create_index(op.f("ix_notice_group_group_id"), "notice_group", ["group_id"], unique=False)
    op.create_index(op.f("ix_notice_group_notice_id"), "notice_group", ["notice_id"], unique=False)
    op.create_table(
        "post_span",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subgroup", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("person", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_post_span_group_id"), "post_span", ["group_id"], unique=False)
    op.create_index(op.f("ix_post_span_person"), "post_span", ["person"], unique=False)
    op.create_table(
        "version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("abolished", sa.Boolean(), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["grp.id"],
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["notice.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "seq", name="uq_version_group_seq"),
    )
    op.create_index("ix_version_group_effective", "version", ["group_id", "effective"], unique=False)
    op.create_index(op.f("ix_version_notice_id"), "version", ["notice_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
