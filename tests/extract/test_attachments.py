"""Attachment text (.docx, .pdf): read in order, capped, and bounded in memory whatever the
file declares. Peak memory is measured with tracemalloc (every Python bytes object)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable

import pytest

from scrapers.attachments import MAX_DOCX_XML, AttachmentError, attachment_text
from scrapers.extract import Page
from scrapers.notice import MAX_TEXT_CHARS, parse_page
from tests.scrape.docs import make_docx, make_pdf, pdf_from_objects

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = b"<w:p><w:r><w:t>" + "组员：张三　某局局长".encode() + b"</w:t></w:r></w:p>"
PEAK_LIMIT = 40 * 1024 * 1024


def peak_of(call: Callable[[], object]) -> tuple[object, int]:
    tracemalloc.start()
    try:
        try:
            result: object = call()
        except AttachmentError as e:
            result = e
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def docx_with_document(paragraphs: int, block: bytes = PARAGRAPH) -> bytes:
    """A .docx whose word/document.xml holds `paragraphs` copies of `block`, streamed in."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f"<w:document {W}><w:body>".encode())
            batch = block * 10_000
            for _ in range(paragraphs // 10_000):
                member.write(batch)
            member.write(block * (paragraphs % 10_000))
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def test_docx_paragraphs_and_table_rows_in_order() -> None:
    contacts = [("市委办", "12345"), ("市政府办", "67890")]
    data = make_docx("某某领导小组成员名单", [("组长", "王强", "市长")], contacts)
    lines = attachment_text(data, "http://x/a.docx").split("\n")
    assert lines == ["某某领导小组成员名单", "组长：王强　市长", "市委办　12345", "市政府办　67890"]


def test_a_docx_whose_document_xml_is_huge_is_refused_before_inflating() -> None:
    size = len(PARAGRAPH)
    data = docx_with_document(MAX_DOCX_XML // size + 1000)  # ~64 MB of XML in a ~1 MB file
    assert len(data) < 2 * 1024 * 1024
    result, peak = peak_of(lambda: attachment_text(data, "http://x/a.docx"))
    assert isinstance(result, AttachmentError) and "limit" in str(result)
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


def lie_about_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size a zip declares for member `name` (local header and
    central directory), as a hostile file would."""
    out = bytearray(data)
    local = out.find(b"PK\x03\x04" + out[4:4])  # first local header
    while local >= 0:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_a_docx_that_lies_about_its_size_stops_at_the_limit() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        xml = f"<w:document {W}><w:body>".encode() + PARAGRAPH * (MAX_DOCX_XML // len(PARAGRAPH) + 1000)
        archive.writestr("word/document.xml", xml + b"</w:body></w:document>")
        del xml
    data = lie_about_size(out.getvalue(), b"word/document.xml", 1000)
    result, peak = peak_of(lambda: attachment_text(data, "http://x/a.docx", limit=10 * MAX_DOCX_XML))
    assert isinstance(result, AttachmentError)
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


def test_docx_text_stops_at_the_limit() -> None:
    data = docx_with_document(200_000)  # 2.6 million characters of text
    result, peak = peak_of(lambda: attachment_text(data, "http://x/a.docx", limit=10_000))
    assert isinstance(result, str) and len(result) == 10_000 and result.startswith("组员：张三")
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"


def pdf_with_stream(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes of spaces."""
    compressor = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    stream = b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    return pdf_from_objects(objects)


def test_a_pdf_stream_bomb_stops_at_the_stream_limit() -> None:
    data = pdf_with_stream(70 * 1024 * 1024)  # under pypdf's default 75 MB, over ours
    result, peak = peak_of(lambda: attachment_text(data, "http://x/a.pdf"))
    assert isinstance(result, AttachmentError) and "Limit" in str(result)
    assert peak < 2 * PEAK_LIMIT, f"peak {peak / 1e6:.0f} MB"  # pypdf's own 75 MB limit: 155 MB


def test_pdf_text_is_read() -> None:
    text = attachment_text(make_pdf(["组长：王强　市长", "副组长：李明"]), "http://x/a.pdf")
    assert "王强" in text and "李明" in text


def test_attachment_text_is_capped_like_page_text() -> None:
    page = Page(text="关于调整某某领导小组成员的通知\n成员名单见附件。\n某某市人民政府\n2024年1月1日")
    extra = "说明\n" * (MAX_TEXT_CHARS // 3 + 1) + "组长：王强　市长"  # past the cap
    record = parse_page(page, extra_text=extra)
    assert "王强" not in record.model_dump_json()
    control = parse_page(page, extra_text="组长：王强　市长")  # the same line, within the cap
    assert "王强" in control.model_dump_json()


@pytest.mark.parametrize("data", [b"PK\x03\x04 not a zip", b"%PDF-1.4 broken", b"\x00\x01"])
def test_broken_attachments_are_one_error(data: bytes) -> None:
    with pytest.raises(AttachmentError, match="cannot read"):
        attachment_text(data, "http://x/a.docx")
