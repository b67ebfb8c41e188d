"""store: the parser's version on each notice; pages whose parse raised (for reparse)

Revision ID: store_0004
Revises: store_0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.db

revision: str = "store_0004"
down_revision: str | None = "store_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("notice", sa.Column("parser_version", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        "parse_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("raw_zst", sa.LargeBinary(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("parser_version", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("observed_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("failed_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )


def downgrade() -> None:
    op.drop_table("parse_failure")
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("parser_version")
