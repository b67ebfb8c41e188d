"""Attachments made in the tests: a .docx (python-docx) and a minimal PDF with CJK text
(a Type0 font, Identity-H, and a ToUnicode map, so text extraction recovers the characters)."""

from __future__ import annotations

import io


def make_docx(
    title: str, rows: list[tuple[str, str, str]], contacts: list[tuple[str, str]] | None = None
) -> bytes:
    """A member list as such attachments are written: "组长：姓名　职务" paragraphs, and
    a table (of liaison officers) whose cells are read too."""
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    for role, name, post in rows:
        document.add_paragraph(f"{role}：{name}　{post}")
    if contacts:
        table = document.add_table(rows=0, cols=2)
        for unit, phone in contacts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = unit, phone
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end"""


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` (BMP characters), each on its own line."""
    text = b"BT /F1 12 Tf 14 TL 50 780 Td\n"
    for line in lines:
        text += b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj T*\n"
    text += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(_TO_UNICODE), _TO_UNICODE),
    ]
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
