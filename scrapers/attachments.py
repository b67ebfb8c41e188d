"""Attachments of notices: which links are documents, when a notice's list of members sits
in one ("成员名单见附件"), and the text of a .docx or .pdf."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote, urlsplit

DOC_EXTS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx")
READABLE_EXTS = (".docx", ".pdf")
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


def attachment_text(data: bytes, url: str) -> str:
    """The text of a .docx (paragraphs and table cells, in order) or a .pdf."""
    kind = "pdf" if data[:5] == b"%PDF-" else "docx" if data[:2] == b"PK" else None
    if kind is None:
        kind = "pdf" if url.lower().endswith(".pdf") else "docx"
    try:
        return _pdf_text(data) if kind == "pdf" else _docx_text(data)
    except Exception as e:  # both libraries raise many kinds on broken files
        raise AttachmentError(f"cannot read {kind} attachment {url}: {type(e).__name__}: {e}") from e


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row.iterchildren()
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append("　".join(c for c in cells if c))
    return "\n".join(line for line in lines if line.strip())


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
