"""`monitor parse FILE...`: saved notices → NoticeRecords (CONTRACT §1)."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

import click

from monitor.cli import main
from monitor.cli.common import ERROR_EXIT_CODES, EXIT_BAD_INPUT, EXIT_FAILURE, one_line, print_table

if TYPE_CHECKING:
    from store.records import NoticeRecord

ERROR_EXIT_CODES["scrapers.decoding.BadDocument"] = EXIT_BAD_INPUT


@main.command("parse")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (one object; JSON Lines for several files)."
)
@click.option("--explain", is_flag=True, help="Show the sentence each member was read from.")
def parse_command(files: tuple[str, ...], as_json: bool, explain: bool) -> None:
    """Parse saved notices (HTML pages or plain text; "-" reads standard input).

    Prints each notice's title, number, date, issuer, region, events and groups. Exit 2
    when a file is not a readable notice (one line per bad file); the others still print.
    """
    try:
        exit_code = _parse_files(files, as_json=as_json, explain=explain)
    except BrokenPipeError:  # `monitor parse … | head`: the reader left; not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        exit_code = 0
    if exit_code:
        raise SystemExit(exit_code)


def _parse_files(files: tuple[str, ...], *, as_json: bool, explain: bool) -> int:
    from scrapers.notice import BadDocument, read_notice, read_notice_bytes

    exit_code = 0
    several = len(files) > 1
    for index, name in enumerate(files):
        try:
            record = read_notice(read_notice_bytes(name))
        except BadDocument as error:
            click.echo(f"error: {_label(name)}: {one_line(error)}", err=True)
            exit_code = max(exit_code, EXIT_BAD_INPUT)
            continue
        except Exception as error:  # a parser bug must not hide the other files' results
            message = f"internal error: {type(error).__name__}: {one_line(error)}"
            click.echo(f"error: {_label(name)}: {message}", err=True)
            exit_code = max(exit_code, EXIT_FAILURE)
            continue
        if as_json:
            data = record.to_json(explain=explain)
            if several:
                click.echo(json.dumps({"file": name, **data}, ensure_ascii=False, separators=(",", ":")))
            else:
                click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            if index:
                click.echo()
            _print_summary(record, name if several else None, explain)
    return exit_code


def _label(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _print_summary(record: NoticeRecord, name: str | None, explain: bool) -> None:
    if name is not None:
        click.echo(f"== {name}")
    published = f" (published {record.published})" if record.published else ""
    for label, value in (
        ("Title", record.title),
        ("Doc number", record.doc_number),
        ("Date", f"{record.date or '-'}{published}"),
        ("Issuer", record.issuer),
        ("Region", record.region),
    ):
        click.echo(f"{label + ':':<12}{value or '-'}")
    events = "; ".join(
        f"{e.type} {e.group}" + (f" (from {', '.join(e.from_)})" if e.from_ else "") for e in record.events
    )
    click.echo(f"{'Events:':<12}{events or '-'}")
    for group in record.groups:
        details = [
            f"{k} {v}"
            for k, v in (
                ("alias", group.alias),
                ("kind", group.kind),
                ("parent", group.parent),
                ("seat", group.seat),
            )
            if v
        ]
        click.echo(f"\n{group.name}" + (f"  ({'; '.join(details)})" if details else ""))
        headers = ["role", "person", "title", "unit"] + (["source"] if explain else [])
        rows = [
            [m.role, m.person, m.title, m.unit]
            + ([_snippet(m.source, m.person or m.unit)] if explain else [])
            for m in group.members
        ]
        print_table(headers, rows, empty="(no members listed)")
    if record.changes:
        click.echo("\nChanges")
        rows = [
            [c.group, c.role, _holder(c.removed), _holder(c.added)]
            + ([_snippet(c.source, None)] if explain else [])
            for c in record.changes
        ]
        print_table(["group", "role", "removed", "added"] + (["source"] if explain else []), rows)


def _holder(holder: object) -> str:
    if holder is None:
        return "-"
    person = getattr(holder, "person", None) or getattr(holder, "unit", None) or "?"
    title = getattr(holder, "title", None)
    return f"{person} ({title})" if title else person


def _snippet(source: str | None, around: str | None, width: int = 24) -> str:
    """The part of a long source sentence around the name, so the table stays readable."""
    if not source:
        return "-"
    source = " ".join(source.split())
    at = source.find(around) if around else -1
    if len(source) <= 2 * width + 10:
        return source
    if at < 0:
        return source[: 2 * width] + "…"
    start = max(0, at - width)
    end = min(len(source), at + len(around or "") + width)
    return ("…" if start else "") + source[start:end] + ("…" if end < len(source) else "")
