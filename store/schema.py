"""The Core table behind a SQLModel class, typed.

SQLModel does not declare `Model.__table__` to type checkers; every table class registers
its table in `SQLModel.metadata` under its name, where a `Table` is found."""

from __future__ import annotations

from sqlalchemy import Table
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    """The table of MODEL, a `table=True` class: `table_of(Notice).c.id`, `insert(table_of(Notice))`."""
    name = model.__tablename__
    if not isinstance(name, str):
        raise TypeError(f"{model.__name__} has no table name")
    return model.metadata.tables[name]
