"""What every command shares: the context (config, store), output, and the error rule:
one line on stderr and an exit code (1 failure of the work, 2 bad usage or input)."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # imported when used: `monitor --help` and `parse` need neither config nor store
    from sqlalchemy.engine import Engine

    from monitor.config import Config

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

# Exception → exit code; modules add their own errors here (most specific first wins), keyed
# by the class or by its dotted name, so that a command module need not import a heavy module
# at startup only to name its error.
ERROR_EXIT_CODES: dict[type[BaseException] | str, int] = {
    "monitor.config.ConfigError": EXIT_BAD_INPUT,
    "store.db.StoreError": EXIT_FAILURE,
    "store.db.StoreUnusable": EXIT_BAD_INPUT,
}


class BadInput(click.ClickException):
    """Bad usage or input: exit 2 with one line."""

    exit_code = EXIT_BAD_INPUT


class Failure(click.ClickException):
    """The work failed: exit 1 with one line."""

    exit_code = EXIT_FAILURE


@dataclass
class AppContext:
    config_path: str | None = None
    db_url: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @cached_property
    def config(self) -> Config:
        from monitor.config import load_config

        return load_config(self.config_path, db_url=self.db_url)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from store.db import open_engine

            self._engine = open_engine(self.config.store.url)
        return self._engine


def exit_code_for(error: BaseException) -> int | None:
    for cls in type(error).__mro__:
        for key in (cls, f"{cls.__module__}.{cls.__qualname__}"):
            if key in ERROR_EXIT_CODES:
                return ERROR_EXIT_CODES[key]
    return None


def error_lines(error: BaseException) -> list[str]:
    """What the user reads: one line, or one per mistake for a config with several."""
    problems = getattr(error, "problems", None)
    if isinstance(problems, list) and problems:
        return [one_line(Exception(p)) for p in problems]
    return [one_line(error)]


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 500 else text[:497] + "..."


def emit_json(data: Any, *, lines: bool = False) -> None:
    """JSON on stdout (UTF-8, Chinese unescaped); `lines` prints one compact object a line."""
    if lines:
        for item in data:
            click.echo(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, empty: str = "(none)") -> None:
    """A plain aligned table that counts wide (CJK) characters as two columns."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if not cells:
        click.echo(empty)
        return
    widths = [display_width(h) for h in headers]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=False)]
    click.echo("  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=False)).rstrip())


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def warn(message: str) -> None:
    click.echo(message, err=True)


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
