"""Developer tool: print Alembic upgrade operations that create the named tables.

    python tools/gen_migration.py source_state http_cache

Paste the output into a new file under store/migrations/versions/ (one branch per area:
`branch_labels = ("<area>",)`, `down_revision = None` for its first revision).
"""

import sys

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine
from sqlmodel import SQLModel

import store.models  # noqa: F401


def main(names: list[str]) -> None:
    wanted = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        if table.name in names:
            table.to_metadata(wanted)
    with create_engine("sqlite://").connect() as connection:
        ops = produce_migrations(MigrationContext.configure(connection), wanted).upgrade_ops
        print(render_python_code(ops, render_as_batch=False))


if __name__ == "__main__":
    main(sys.argv[1:])
