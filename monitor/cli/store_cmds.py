"""Commands: store_cmds (to be written)."""

from monitor.cli import main  # noqa: F401
