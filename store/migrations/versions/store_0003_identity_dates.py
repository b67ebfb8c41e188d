"""store: which date a notice takes effect on, name cores, a person's identity decisions

- `notice.date_source` / `notice.list_date`, `version.date_source`: an undated notice
  takes the publication date, else its list page's date, else the date first fetched,
  and says which.
- `group_name.core`: the name without the issuer's prefix, filled in for stored names.
- `group_decision`: `monitor groups link/unlink`, kept through every rebuild.

Revision ID: store_0003
Revises: store_0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.db

revision: str = "store_0003"
down_revision: str | None = "store_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("date_source", _TEXT(), nullable=True))
        batch.add_column(sa.Column("list_date", sa.Date(), nullable=True))
    with op.batch_alter_table("version") as batch:
        batch.add_column(sa.Column("date_source", _TEXT(), nullable=True))
    with op.batch_alter_table("group_name") as batch:
        batch.add_column(sa.Column("core", _TEXT(), nullable=True))
    op.create_index("ix_group_name_region_core", "group_name", ["region", "core"], unique=False)
    op.create_table(
        "group_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("old_region", _TEXT(), nullable=False),
        sa.Column("old_norm", _TEXT(), nullable=False),
        sa.Column("old_name", _TEXT(), nullable=False),
        sa.Column("new_region", _TEXT(), nullable=False),
        sa.Column("new_norm", _TEXT(), nullable=False),
        sa.Column("new_name", _TEXT(), nullable=False),
        sa.Column("linked", sa.Boolean(), nullable=False),
        sa.Column("created_at", store.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "old_region", "old_norm", "new_region", "new_norm", name="uq_group_decision_pair"
        ),
    )
    _fill_cores()


def _fill_cores() -> None:
    """The core of every stored name (the same function ingest uses from now on)."""
    from store.identity import name_core

    connection = op.get_bind()
    names = sa.table("group_name", sa.column("id"), sa.column("region"), sa.column("norm"), sa.column("core"))
    rows = connection.execute(sa.select(names.c.id, names.c.region, names.c.norm)).all()
    update = sa.update(names).where(names.c.id == sa.bindparam("row_id")).values(core=sa.bindparam("value"))
    values = [{"row_id": row.id, "value": name_core(row.norm, row.region)} for row in rows]
    if values:
        connection.execute(update, values)


def downgrade() -> None:
    op.drop_table("group_decision")
    op.drop_index("ix_group_name_region_core", table_name="group_name")
    with op.batch_alter_table("group_name") as batch:
        batch.drop_column("core")
    with op.batch_alter_table("version") as batch:
        batch.drop_column("date_source")
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("list_date")
        batch.drop_column("date_source")
