"""store: indexes for the write path and for `changes`

Drops indexes no query reads (each costs a page write per ingested notice) and orders
the change-event index as `changes` lists events, so it streams without a sort.

Revision ID: store_0002
Revises: store_0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "store_0002"
down_revision: str | None = "store_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNUSED = (
    ("ix_notice_effective", "notice", ["effective"]),
    ("ix_notice_group_notice_id", "notice_group", ["notice_id"]),  # uq_notice_group_body covers it
    ("ix_version_notice_id", "version", ["notice_id"]),
    ("ix_change_event_type", "change_event", ["type"]),
)
ORDER = ["active", "effective", "group_id", "seq", "position"]


def upgrade() -> None:
    for name, table, _ in UNUSED:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_change_event_active_effective", table_name="change_event")
    op.create_index("ix_change_event_order", "change_event", ORDER, unique=False)


def downgrade() -> None:
    op.drop_index("ix_change_event_order", table_name="change_event")
    op.create_index("ix_change_event_active_effective", "change_event", ["active", "effective"], unique=False)
    for name, table, columns in UNUSED:
        op.create_index(name, table, columns, unique=False)
