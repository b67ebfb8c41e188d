"""A saved notice (bytes of an HTML page or plain text) → NoticeRecord: extract, then parse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scrapers.decoding import MAX_INPUT_BYTES, MAX_TEXT_CHARS, BadDocument, check_size
from scrapers.extract import Page, extract_page
from scrapers.parse import parse_text
from scrapers.parse.metadata import read_metadata
from scrapers.parse.normalize import normalize
from store.records import NoticeRecord

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_TEXT_CHARS",
    "BadDocument",
    "parse_page",
    "read_notice",
    "read_notice_bytes",
]


def read_notice(
    data: bytes,
    *,
    url: str | None = None,
    header_charset: str | None = None,
    content_selector: str | None = None,
    extra_text: str | None = None,
    encoding: str | None = None,
) -> NoticeRecord:
    """Parse a notice page's bytes; `extra_text` (attachments' text) is parsed with the body.

    `encoding` (a source's configured encoding) overrides what the page declares.
    Raises BadDocument when the bytes are not a readable notice.
    """
    page = extract_page(
        data, url=url, header_charset=header_charset, content_selector=content_selector, encoding=encoding
    )
    return parse_page(page, extra_text=extra_text)


def parse_page(page: Page, *, extra_text: str | None = None) -> NoticeRecord:
    """The record of an extracted page (for callers that already hold the Page)."""
    text = page.text
    if len(text) > MAX_TEXT_CHARS:
        # No notice is this long; keep its start (the lists) and its end (the signature)
        # so that a huge page costs bounded time.
        text = text[: MAX_TEXT_CHARS - 50_000] + "\n" + text[-50_000:]
    if not extra_text:
        return parse_text(text, meta=page.meta, title=page.title)
    extra_text = extra_text[:MAX_TEXT_CHARS]  # attachments' text: capped like the page's
    record = parse_text(f"{text}\n{extra_text}", meta=page.meta, title=page.title)
    # The notice's own metadata comes from the page: an attachment's dates and numbers
    # (a member list dated later, a cited document) must not replace the signature's.
    own = read_metadata(normalize(text), meta=page.meta, title=page.title, raw=text, raw_title=page.title)
    for name in ("title", "issuer", "doc_number", "date", "region", "published"):
        setattr(record, name, getattr(own, name))
    return record


def read_notice_bytes(path: str) -> bytes:
    """A file's bytes ("-" = standard input), refusing oversize input before reading it all."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise BadDocument(f"too large: over {MAX_INPUT_BYTES // 1024 // 1024} MB on standard input")
        return data
    try:
        file = Path(path)
        if file.is_dir():
            raise BadDocument("is a directory, not a notice")
        check_size(os.stat(file).st_size)
        with file.open("rb") as handle:  # capped: the file may grow, or be a device
            data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise BadDocument(f"cannot read: {error.strerror or error}") from error
    if len(data) > MAX_INPUT_BYTES:  # a file that grew, or a device without a size
        raise BadDocument(f"too large: over {MAX_INPUT_BYTES // 1024 // 1024} MB")
    return data
