"""All tables. Each area keeps its tables in its own module; importing this registers them."""

from store import outbox, reparse, state, tables  # noqa: F401
