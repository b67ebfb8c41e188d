"""The notice parser: text in, NoticeRecord out. Pure: no I/O, no global state.

normalize → read_metadata (title, issuer, doc number, date, region) → structure
(events, groups with their members, personnel changes). A failure of the parser is
raised, never hidden as an empty record: the pipeline keeps the page and counts it
(`monitor status`), and a later `monitor reparse` picks it up.
"""

from __future__ import annotations

from scrapers.parse.changes import partly_listed
from scrapers.parse.events import fullest_group_names, resolve_events, titled_group_names, with_aliases
from scrapers.parse.metadata import read_metadata
from scrapers.parse.names import aliases
from scrapers.parse.normalize import normalize
from scrapers.parse.partial import mark_accounts, mark_changed
from scrapers.parse.structure import parse_structure
from store.records import NoticeRecord

PARSER_VERSION = "2"  # bump when the output changes: stored with each notice (see `monitor reparse`)


def parse_text(text: str, *, meta: dict[str, str] | None = None, title: str | None = None) -> NoticeRecord:
    """Parse a notice's text into a NoticeRecord (CONTRACT §1)."""
    clean = normalize(text)
    clean_title = normalize(title) if title else None
    m = read_metadata(clean, meta=meta, title=clean_title, raw=text, raw_title=title)
    heading = normalize(m.title) if m.title else clean_title  # the title as the text reads
    events, groups, changes = parse_structure(clean, heading)
    events = resolve_events(clean, heading, events, groups)
    groups, changes = fullest_group_names(events, groups, changes)
    events, groups, changes = titled_group_names(heading, events, groups, changes)
    groups = with_aliases(groups, aliases(clean) if "称" in clean else {})
    groups = mark_accounts(groups, clean, heading)
    groups = mark_changed(groups, partly_listed(groups, changes))
    return NoticeRecord(
        title=m.title,
        issuer=m.issuer,
        doc_number=m.doc_number,
        date=m.date,
        region=m.region,
        published=m.published,
        events=events,
        groups=groups,
        changes=changes,
    )
