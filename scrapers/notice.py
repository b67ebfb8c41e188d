"""A saved notice (bytes of an HTML page or plain text) → NoticeRecord: extract, then parse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from scrapers.decoding import MAX_INPUT_BYTES, BadDocument, check_size
from scrapers.extract import extract_page
from scrapers.parse import parse_text
from scrapers.parse.metadata import read_metadata
from scrapers.parse.normalize import normalize
from store.records import NoticeRecord

__all__ = ["MAX_INPUT_BYTES", "BadDocument", "read_notice", "read_notice_bytes"]


def read_notice(
    data: bytes,
    *,
    url: str | None = None,
    header_charset: str | None = None,
    content_selector: str | None = None,
    extra_text: str | None = None,
) -> NoticeRecord:
    """Parse a notice page's bytes; `extra_text` (attachments' text) is parsed with the body.

    Raises BadDocument when the bytes are not a readable notice.
    """
    page = extract_page(data, url=url, header_charset=header_charset, content_selector=content_selector)
    if not extra_text:
        return parse_text(page.text, meta=page.meta, title=page.title)
    record = parse_text(f"{page.text}\n{extra_text}", meta=page.meta, title=page.title)
    # The notice's own metadata comes from the page: an attachment's dates and numbers
    # (a member list dated later, a cited document) must not replace the signature's.
    own = read_metadata(normalize(page.text), meta=page.meta, title=page.title)
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
    check_size(len(data))
    return data
