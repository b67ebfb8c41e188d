"""The CPU work of a check, run in a worker process (monitor.offload) so that a hostile page
costs a bounded time and memory there and never blocks the daemon's event loop.

Each function takes and returns plain picklable values. Errors the caller handles
(BadDocument, AttachmentError) are raised as they are; the pool turns time and memory
overruns into `offload.TooComplex`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from scrapers import attachments
from scrapers.decoding import sniff
from scrapers.extract import BadDocument, Page, decode_html, extract_page
from scrapers.notice import parse_page
from scrapers.sites import Adapter, ListPage, SiteOptions, make_adapter, title_matcher
from store.records import NoticeRecord

__all__ = ["BadDocument", "ListReading", "NoticeReading", "read_attachment", "read_list", "read_notice"]


@dataclass
class ListReading:
    """A list page read: its items and links on, and which item titles pass the filter."""

    page: ListPage
    matched: list[bool] = field(default_factory=list)


@dataclass
class NoticeReading:
    """A notice page read. `record` is None when its members sit in attachments still to be
    fetched: the caller reads them and calls `parse_notice(page, text)`."""

    page: Page
    record: NoticeRecord | None


_ADAPTERS: dict[str, Adapter] = {}


def _adapter(name: str, options: SiteOptions) -> Adapter:
    key = f"{name}:{options!r}"  # SiteOptions holds a list: not hashable, its repr is a key
    if key not in _ADAPTERS:
        if len(_ADAPTERS) > 1000:
            _ADAPTERS.clear()
        _ADAPTERS[key] = make_adapter(name, options)
    return _ADAPTERS[key]


@lru_cache(maxsize=256)
def _matcher(pattern: str | None) -> Callable[[str], bool]:
    return title_matcher(pattern)


def list_text(body: bytes, charset: str | None, encoding: str | None) -> str:
    """A list page's text; BadDocument when it is not readable text."""
    if not body.strip():
        return ""  # an empty page lists nothing
    if encoding:
        return body.decode(encoding, "replace")
    sniff(body)
    return decode_html(body, charset)


def read_list(
    body: bytes,
    charset: str | None,
    encoding: str | None,
    adapter: str,
    options: SiteOptions,
    title_filter: str | None,
    url: str,
    page_no: int,
) -> ListReading:
    """Decode a list page, read its items and match their titles against the filter."""
    page = _adapter(adapter, options).parse(list_text(body, charset, encoding), url, page_no)
    matches = _matcher(title_filter)
    return ListReading(page, [matches(item.title) for item in page.items])


def read_notice(
    body: bytes,
    url: str,
    charset: str | None,
    content_selector: str | None,
    encoding: str | None,
    with_attachments: bool,
) -> NoticeReading:
    """Extract a notice page and parse it, unless the body says its members are listed in a
    readable attachment (then the caller fetches those first)."""
    page = extract_page(
        body, url=url, header_charset=charset, content_selector=content_selector, encoding=encoding
    )
    if with_attachments and wanted_attachments(page):
        return NoticeReading(page, None)
    return NoticeReading(page, parse_page(page))


def wanted_attachments(page: Page) -> list[str]:
    """The attachments to read: when the body says the members are in one, its .docx/.pdf."""
    if not attachments.names_in_attachment(page.text):
        return []
    return [
        a.url
        for a in page.attachments
        if a.url.startswith(("http://", "https://")) and attachments.is_readable(a.url)
    ]


def read_attachment(data: bytes, url: str) -> str:
    return attachments.attachment_text(data, url)


def parse_notice(page: Page, extra_text: str | None) -> NoticeRecord:
    return parse_page(page, extra_text=extra_text)
