"""store: `store_meta`, facts about the store itself (the derivation version)

A store migrated here has no `derivation` row: its versions, events and spans were
derived by an older program, and are re-derived at its next write (store.derive).

Revision ID: store_0005
Revises: store_0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "store_0005"
down_revision: str | None = "store_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
