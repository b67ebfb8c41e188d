"""Store commands: ingest, groups (link, unlink), history, asof, changes, person, rebuild (CONTRACT §3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from monitor.cli import main
from monitor.cli.common import (
    ERROR_EXIT_CODES,
    EXIT_BAD_INPUT,
    AppContext,
    BadInput,
    emit_json,
    json_option,
    print_table,
    warn,
)

if TYPE_CHECKING:
    from store.records import NoticeRecord

ERROR_EXIT_CODES["store.query.QueryError"] = EXIT_BAD_INPUT


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"bad {what} {value!r}: use YYYY-MM-DD") from None


def _read(path: str, url: str | None) -> tuple[NoticeRecord, bytes | None]:
    """A saved page (parsed with the project's parser) or a NoticeRecord JSON file."""
    from scrapers.notice import read_notice, read_notice_bytes

    if path.endswith(".json"):
        from monitor.recordfile import BadRecordFile, read_record_file

        try:
            return read_record_file(path), None
        except BadRecordFile as e:
            raise BadInput(f"{path}: {e}") from e
    data = read_notice_bytes(path)
    return read_notice(data, url=url), data


def _describe(event: dict[str, Any]) -> str:
    def show(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, dict):
            who = value.get("person") or value.get("unit") or "?"
            return f"{who}（{value['title']}）" if value.get("title") else who
        if isinstance(value, list):
            return "、".join(value)
        return str(value)

    return f"{show(event['before'])} → {show(event['after'])}"


def _event_rows(events: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            _dated(e["effective"], e.get("date_source")),
            e["group_id"],
            e["type"],
            e.get("subgroup") or "",
            e.get("role") or "",
            _describe(e),
        ]
        for e in events
    ]


EVENT_HEADERS = ["effective", "group", "type", "subgroup", "role", "change"]


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--url", default=None, help="The URL the notice was published at (one file).")
@click.option("--no-alert", is_flag=True, help="Store without queueing alerts.")
@json_option
@click.pass_obj
def ingest(app: AppContext, files: tuple[str, ...], url: str | None, no_alert: bool, as_json: bool) -> None:
    """Parse saved notices (or NoticeRecord .json files) and add them to the store."""
    from monitor.alerts.rules import make_router
    from scrapers.notice import BadDocument
    from scrapers.parse import PARSER_VERSION
    from store.db import optimize
    from store.ingest import ingest as ingest_record

    if url and len(files) > 1:
        raise BadInput("--url applies to one file; ingest the files one by one")
    route = None if no_alert else make_router(app.config)
    results, failed = [], False
    for path in files:
        try:
            record, raw = _read(path, url)
        except (BadDocument, BadInput) as e:
            warn(f"error: {path}: {e}" if not str(e).startswith(path) else f"error: {e}")
            failed = True
            continue
        version = PARSER_VERSION if raw is not None else None  # a .json record: not parsed here
        result = ingest_record(
            app.engine, record, raw=raw, url=url, route=route, alert=not no_alert, parser_version=version
        )
        results.append({"file": path, **result.__dict__})
        if not as_json:
            state = "already stored" if result.duplicate else f"{len(result.events)} new change(s)"
            click.echo(f"{path}: notice {result.notice_id}, {state}")
            if result.events:
                print_table(EVENT_HEADERS, _event_rows(result.events))
    if any(not r["duplicate"] for r in results):
        optimize(app.engine)
    if as_json:
        emit_json(results)
    if failed:
        raise SystemExit(EXIT_BAD_INPUT)


@main.group(invoke_without_command=True)
@click.option("--region", default=None, help="Only groups of this region.")
@click.option("--search", default=None, help="Only groups with a name containing TEXT.")
@click.option("--suggestions", is_flag=True, help="List identity candidates for a person to judge instead.")
@json_option
@click.pass_context
def groups(
    ctx: click.Context, region: str | None, search: str | None, suggestions: bool, as_json: bool
) -> None:
    """The groups known, with their current names (and: groups link / unlink)."""
    from store import query
    from store.db import session_scope

    if ctx.invoked_subcommand is not None:
        return
    app: AppContext = ctx.obj
    with session_scope(app.engine) as session:
        if suggestions:
            rows = query.suggestions(session)
            if as_json:
                emit_json(rows)
                return
            print_table(
                ["group", "name", "maybe same as", "name", "score", "why"],
                [
                    [r["group_id"], r["group"], r["candidate_id"], r["candidate"], r["score"], r["reason"]]
                    for r in rows
                ],
            )
            return
        found = query.groups(session, region=region, search=search)
    if as_json:
        emit_json(found)
        return
    print_table(
        ["id", "region", "name", "versions", "first", "last", "status"],
        [[g["id"], g["region"], g["name"], g["versions"], g["first"], g["last"], g["status"]] for g in found],
    )


def _decide(app: AppContext, old: str, new: str, linked: bool, as_json: bool) -> None:
    from store import links
    from store.db import optimize, session_scope

    with session_scope(app.engine) as session:
        result = (links.link if linked else links.unlink)(session, old, new)
    optimize(app.engine)
    if as_json:
        emit_json(result)
    elif linked:
        click.echo(f"linked: {result['old']} → {result['new']} are one body (group {result['group_id']})")
    else:
        ids = ", ".join(map(str, result["group_ids"]))
        click.echo(f"unlinked: {result['old']} and {result['new']} are two bodies (groups {ids})")


@groups.command()
@click.argument("old")
@click.argument("new")
@json_option
@click.pass_obj
def link(app: AppContext, old: str, new: str, as_json: bool) -> None:
    """OLD and NEW (ids or names) are one body: kept through every rebuild."""
    _decide(app, old, new, True, as_json)


@groups.command()
@click.argument("old")
@click.argument("new")
@json_option
@click.pass_obj
def unlink(app: AppContext, old: str, new: str, as_json: bool) -> None:
    """OLD and NEW (ids or names) are two bodies: kept through every rebuild."""
    _decide(app, old, new, False, as_json)


DATE_SOURCES = {
    "published": "date from publication",
    "list": "date from the list page",
    "fetched": "date first fetched",
}


def _dated(effective: str, source: str | None) -> str:
    """An effective date, saying where it came from when the notice was not dated."""
    note = DATE_SOURCES.get(source or "")
    return f"{effective} ({note})" if note else effective


def _print_version(v: dict[str, Any]) -> None:
    notice = v["notice"]
    state = "  (abolished)" if v.get("abolished") else ""
    state += "  (partial listing)" if v.get("partial") else ""
    click.echo(f"v{v['version']}  {_dated(v['effective'], v.get('date_source'))}  {v['name']}{state}")
    click.echo(f"    notice: {notice.get('doc_number') or ''} {notice.get('title') or ''}".rstrip())
    for g in v["groups"]:
        if g.get("parent") is not None:
            seat = f" 设在{g['seat']}" if g.get("seat") else ""
            partial = " (partial listing)" if g.get("partial") else ""
            click.echo(f"  [{g['name']}]{seat}{partial}")
        for m in g["members"]:
            who = m.get("person") or m.get("unit") or ""
            click.echo(f"    {m['role']}: {who}" + (f"（{m['title']}）" if m.get("title") else ""))


@main.command()
@click.argument("group")
@json_option
@click.pass_obj
def history(app: AppContext, group: str, as_json: bool) -> None:
    """Every version of a group, oldest first (GROUP: an id or any name it has had)."""
    from store import query
    from store.db import session_scope

    with session_scope(app.engine) as session:
        versions = query.history(session, group)
    if as_json:
        emit_json(versions)
        return
    for v in versions:
        _print_version(v)


@main.command()
@click.argument("group")
@click.argument("day", metavar="DATE")
@json_option
@click.pass_obj
def asof(app: AppContext, group: str, day: str, as_json: bool) -> None:
    """The group's composition on DATE (YYYY-MM-DD)."""
    from store import query
    from store.db import session_scope

    when = _date(day, "date")
    with session_scope(app.engine) as session:
        version = query.asof(session, group, when)
    if as_json:
        emit_json(version)
    else:
        _print_version(version)


@main.command()
@click.option("--group", default=None, help="Only this group (an id or any of its names).")
@click.option("--since", default=None, help="Only changes effective on or after DATE.")
@click.option("--type", "type_", default=None, help="Only events of this type.")
@json_option
@click.pass_obj
def changes(app: AppContext, group: str | None, since: str | None, type_: str | None, as_json: bool) -> None:
    """Change events (CONTRACT §2), by effective date."""
    from store import query
    from store.db import session_scope

    after = _date(since, "--since date") if since else None
    with session_scope(app.engine) as session:
        events = query.changes(session, group=group, since=after, type=type_)
    if as_json:
        emit_json(events)
    else:
        print_table(EVENT_HEADERS, _event_rows(events))


@main.command()
@click.argument("name")
@click.option(
    "--region", default=None, help="Only posts in this region (a namesake elsewhere is another person)."
)
@json_option
@click.pass_obj
def person(app: AppContext, name: str, region: str | None, as_json: bool) -> None:
    """Every post a person held, with from/to dates."""
    from store import query
    from store.db import session_scope

    with session_scope(app.engine) as session:
        posts = query.person(session, name, region=region)
    if as_json:
        emit_json(posts)
        warn(f"note: {query.PERSON_ASSUMPTION}")
        return
    several = len({p["namesake"] for p in posts}) > 1
    print_table(
        ["person", "from", "to", "group", "subgroup", "role", "title", "region"],
        [
            [
                f"{p['person']} ({p['namesake']})" if several else p["person"],
                p["from"],
                p["to"] or "now",
                f"{p['group']} ({p['group_id']})",
                p["subgroup"],
                p["role"],
                p["title"],
                p["region"],
            ]
            for p in posts
        ],
    )
    click.echo(f"note: {query.PERSON_ASSUMPTION}")


@main.command()
@click.pass_obj
def rebuild(app: AppContext) -> None:
    """Re-derive every group's versions and events from the stored notices (no alerts)."""
    from store.db import optimize, session_scope
    from store.derive import rebuild_all

    with session_scope(app.engine) as session:
        count = rebuild_all(session)
    optimize(app.engine)
    click.echo(f"rebuilt {count} group(s)")
