"""state: attachments of notice pages

Revision ID: state_0002
Revises: state_0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.db

revision: str = "state_0002"
down_revision: str | None = "state_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notice_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("page_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.Column("first_seen", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("page_url", "url", name="uq_notice_attachment_page_url"),
    )
    op.create_index(op.f("ix_notice_attachment_page_url"), "notice_attachment", ["page_url"], unique=False)
    op.create_index(op.f("ix_notice_attachment_source"), "notice_attachment", ["source"], unique=False)


def downgrade() -> None:
    op.drop_table("notice_attachment")
