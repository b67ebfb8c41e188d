"""The `monitor` command: parse arguments, call the library, format the result.

Each area registers its commands from its own module (see the imports at the bottom).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from monitor.cli.common import EXIT_FAILURE, AppContext, error_lines, exit_code_for, one_line


class Main(click.Group):
    """Turns the project's own errors into one line and an exit code; no tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `monitor groups | head`: the reader has gone, end quietly
            _quiet_stdout()
            sys.exit(141)  # as a Unix tool killed by SIGPIPE
        except Exception as error:  # the edge: every error becomes one line
            code = exit_code_for(error)
            if code is None:
                code = EXIT_FAILURE
                messages = [f"internal error: {type(error).__name__}: {one_line(error)}"]
            else:
                messages = error_lines(error)
            for message in messages:
                click.echo(f"error: {message}", err=True)
            sys.exit(code)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit raises nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="MONITOR_CONFIG",
    default=None,
    help="Config file (default ./config.toml, or $MONITOR_CONFIG).",
)
@click.option(
    "--db",
    "db_url",
    envvar="MONITOR_DATABASE_URL",
    default=None,
    help="Database URL, overriding [store] url (also $MONITOR_DATABASE_URL).",
)
@click.version_option(package_name="monitor")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, db_url: str | None) -> None:
    """Watch government portals for notices about leading and coordinating bodies."""
    ctx.obj = AppContext(config_path=config_path, db_url=db_url)


import monitor.cli.alerts_cmds  # noqa: E402,F401
from monitor.cli import daemon_cmds, fetch_cmds, parse_cmds, reparse_cmds, store_cmds, web_cmds  # noqa: E402,F401
