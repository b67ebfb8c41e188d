"""Attachments of notices: which links are documents, when a notice's list of members sits
in one ("成员名单见附件"), and the text of a .docx or .pdf, bounded like page text."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from scrapers.decoding import MAX_TEXT_CHARS

DOC_EXTS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx")
READABLE_EXTS = (".docx", ".pdf")
MAX_DOCX_XML = 64 * 1024 * 1024  # word/document.xml, uncompressed; a long member list is ~1 MB
MAX_PDF_PAGES = 200
_PDF_STREAM = 20 * 1024 * 1024
_PDF_LIMITS = {
    "maximum_declared_stream_length": _PDF_STREAM,
    "zlib_maximum_output_length": _PDF_STREAM,
    "lzw_maximum_output_length": _PDF_STREAM,
    "run_length_maximum_output_length": _PDF_STREAM,
    "array_based_stream_maximum_output_length": _PDF_STREAM,
    "image_maximum_buffer_size": _PDF_STREAM,
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TR, _TC, _T = _W + "p", _W + "tr", _W + "tc", _W + "t"
# "成员名单见附件", "组成人员名单（附件）", "详见附件", "附件：…成员名单"
_NAMES_IN_ATTACHMENT = re.compile(
    r"(名单|组成人员|成员|人员|组成)[^。\n]{0,12}(见|详见)?[^。\n]{0,4}附件|附件[：:\s\d]{0,4}[^。\n]{0,40}(名单|组成人员|成员)"
)


class AttachmentError(Exception):
    """An attachment's text cannot be read."""


def is_document(url: str) -> bool:
    return unquote(urlsplit(url).path).lower().endswith(DOC_EXTS)


def is_readable(url: str) -> bool:
    return unquote(urlsplit(url).path).lower().endswith(READABLE_EXTS)


def names_in_attachment(text: str) -> bool:
    """Whether the body says the list of members is in an attachment."""
    return bool(_NAMES_IN_ATTACHMENT.search(text))


def attachment_text(data: bytes, url: str, limit: int = MAX_TEXT_CHARS) -> str:
    """The text of a .docx (paragraphs and table rows, in order) or a .pdf, at most `limit`
    characters. Memory and time are bounded by the input, whatever the file declares."""
    kind = "pdf" if data[:5] == b"%PDF-" else "docx" if data[:2] == b"PK" else None
    if kind is None:
        kind = "pdf" if url.lower().endswith(".pdf") else "docx"
    try:
        text = _pdf_text(data, limit) if kind == "pdf" else _docx_text(data, limit)
    except AttachmentError as e:
        raise AttachmentError(f"cannot read {kind} attachment {url}: {e}") from e
    except Exception as e:  # both formats fail in many ways on broken files
        raise AttachmentError(f"cannot read {kind} attachment {url}: {type(e).__name__}: {e}") from e
    return text[:limit]


def _docx_text(data: bytes, limit: int) -> str:
    """word/document.xml only (not images, styles …), streamed: each paragraph or table row
    is read and then dropped, and reading stops at `limit` characters."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise AttachmentError("no word/document.xml: not a .docx") from None
        if info.file_size > MAX_DOCX_XML:  # checked before anything is inflated
            raise AttachmentError(f"word/document.xml is {info.file_size} bytes (limit {MAX_DOCX_XML})")
        with archive.open(info) as raw:
            return "\n".join(_docx_lines(_Capped(raw, MAX_DOCX_XML), limit))


def _docx_lines(source: io.RawIOBase, limit: int) -> Iterator[str]:
    from lxml import etree

    total = 0
    events = etree.iterparse(source, events=("end",), tag=(_P, _TR), resolve_entities=False, no_network=True)
    for _, element in events:
        if _inside(element, _TR):
            continue  # a paragraph (or a nested table's row) of a row: read with the row
        if element.tag == _P:
            line = _texts(element)
        else:  # a row: its cells, apart
            line = "\u3000".join(c for c in (_texts(cell) for cell in element.iterchildren(_TC)) if c)
        element.clear()
        while element.getprevious() is not None:  # what was read is dropped: memory stays flat
            del element.getparent()[0]
        if line.strip():
            yield line
            total += len(line) + 1
            if total >= limit:
                return


def _texts(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_T))


def _inside(element: Any, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:  # libxml2 limits nesting (256) without huge_tree
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


class _Capped(io.RawIOBase):
    """A zip member read through a counter: a member that inflates past what its header
    declared (zipfile checks only the CRC, at the end) stops at `limit` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.left = raw, limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(min(size, 1 << 16) if size > 0 else 1 << 16)
        self.left -= len(data)
        if self.left < 0:
            raise AttachmentError("word/document.xml inflates past its limit")
        return data


def _pdf_text(data: bytes, limit: int) -> str:
    import pypdf

    texts: list[str] = []
    total = 0
    # pypdf's own limits (every stream's decoded size, filters, parsing work), tightened:
    # no notice attachment needs a 75 MB stream.
    with pypdf.apply_configuration(None, **_PDF_LIMITS):
        reader = pypdf.PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES or total >= limit:
                break
            text = page.extract_text() or ""
            texts.append(text)
            total += len(text) + 1
    return "\n".join(texts)
