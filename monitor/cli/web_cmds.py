"""`monitor serve`: the read-only web view, JSON API and Atom feeds (CONTRACT §6)."""

from __future__ import annotations

import click

from monitor.cli import main
from monitor.cli.common import ERROR_EXIT_CODES, EXIT_BAD_INPUT, AppContext

ERROR_EXIT_CODES["monitor.web.server.ServeError"] = EXIT_BAD_INPUT


@main.command("serve")
@click.option("--host", default=None, help="Address to listen on (default [web] host, 127.0.0.1).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port (default [web] port, 8080; 0 picks a free one).",
)
@click.option("--public", is_flag=True, help="Serve without an access token on any address.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes serving (default: one per CPU, at most 4).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="info",
    show_default=True,
    help="How much the server logs.",
)
@click.pass_obj
def serve_command(
    app: AppContext, host: str | None, port: int | None, public: bool, workers: int | None, log_level: str
) -> None:
    """The web view, read API and Atom feeds over the store, until Ctrl-C."""
    from monitor.web.server import access_token, bind, default_workers, serve, url_of

    config = app.config
    host = host or config.web.host
    port = config.web.port if port is None else port
    token = access_token(config, host, public)
    engine = app.engine
    sock = bind(host, port)
    access = "token required" if token else "open to anyone who can reach it" if public else "local only"
    click.echo(f"monitor web view: {url_of(sock)}  (API docs at /docs; {access}; Ctrl-C stops)", err=True)
    serve(config, engine, sock, token=token, log_level=log_level, workers=workers or default_workers())
