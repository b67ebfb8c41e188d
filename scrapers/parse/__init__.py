"""The notice parser: text in, NoticeRecord out. Pure: no I/O, no global state."""

from __future__ import annotations

from scrapers.parse.metadata import read_metadata
from scrapers.parse.normalize import normalize
from store.records import NoticeRecord


def parse_text(text: str, *, meta: dict[str, str] | None = None, title: str | None = None) -> NoticeRecord:
    """Parse a notice's text (placeholder: metadata only, until the structure parser lands)."""
    clean = normalize(text)
    m = read_metadata(clean, meta=meta, title=title)
    return NoticeRecord(
        title=m.title,
        issuer=m.issuer,
        doc_number=m.doc_number,
        date=m.date,
        region=m.region,
        published=m.published,
    )
