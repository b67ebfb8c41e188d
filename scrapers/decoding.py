"""Bytes → str for notice pages: refuse what is not a document, then find the encoding.

Order of belief: a BOM; valid UTF-8 (GBK text is practically never valid UTF-8, and
pages moved to UTF-8 often keep an old <meta charset=gb2312>); the page's own
<meta charset> / http-equiv / XML declaration; the HTTP header charset (ignored when it
is a server default such as iso-8859-1); GB18030; charset-normalizer's guess. GBK and
GB2312 are decoded as GB18030, their superset, because portals label GB18030-only
characters (rare names) as "gb2312".
"""

from __future__ import annotations

import codecs
import re

MAX_INPUT_BYTES = 10 * 1024 * 1024  # a notice page is rarely over 1 MB; 10 MB leaves room
MAX_TEXT_CHARS = 500_000  # of page or attachment text parsed; a long notice is ~30 000 characters


class BadDocument(Exception):
    """The input is not a readable notice (empty, binary, a PDF, undecodable, too large)."""


# Magic numbers of files people save by mistake instead of the notice page.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file, not a notice page"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word/Office (OLE .doc/.xls) file, not a notice page"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a notice page"),
    (b"\xff\xd8\xff", "a JPEG image, not a notice page"),
    (b"GIF87a", "a GIF image, not a notice page"),
    (b"GIF89a", "a GIF image, not a notice page"),
    (b"\x1f\x8b", "gzip-compressed data, not a notice page"),
    (b"Rar!\x1a\x07", "a RAR archive, not a notice page"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive, not a notice page"),
    (b"{\\rtf", "an RTF document, not a notice page"),
    (b"\x7fELF", "an executable, not a notice page"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Server defaults that say nothing about the page (HTTP/1.1 used to imply latin-1).
_WEAK_HEADER = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}

# C0 controls that never appear in text (tab, newlines, form feed and ESC do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ue000-\uf8ff\U00010000-\U0010ffff]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(n: int) -> None:
    if n > MAX_INPUT_BYTES:
        raise BadDocument(f"too large: {size_text(n)} (limit {MAX_INPUT_BYTES // 1024 // 1024} MB)")


def _bom(data: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def sniff(data: bytes) -> None:
    """Raise BadDocument when the bytes are plainly not a notice page."""
    check_size(len(data))
    if not data.strip():
        raise BadDocument("empty file")
    if _bom(data)[0]:
        return
    head = data[:16]
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096]:
            raise BadDocument("an Office (.docx/.xlsx) file, not a notice page")
        raise BadDocument("a ZIP archive, not a notice page")
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise BadDocument("a WebP image, not a notice page")
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise BadDocument(message)
    sample = data[:8192]
    # Text never holds NULs or many C0 controls; UTF-16 without a BOM is treated as binary.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if b"\x00" in sample or controls > len(sample) * 0.02:
        raise BadDocument("binary data, not a notice")


def codec_name(label: str | None) -> str | None:
    """A Python codec for a charset label, GBK family → gb18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"gbk", "gb2312", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "gb18030", "euc-cn", "csgb2312"}:
        return "gb18030"
    if label in {"x-user-defined", "none", "auto"}:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    """The page's own declaration: <meta charset>, http-equiv, or an XML declaration."""
    match = _META_CHARSET.search(data[:8192]) or _XML_ENCODING.match(data[:200])
    return codec_name(match.group(1).decode("ascii", "replace")) if match else None


def _bad_ratio(text: str) -> float:
    """Share of characters that show a wrong decoding: replacement marks, controls, private use."""
    if not text:
        return 1.0
    bad = text.count("\ufffd") + len(_NOT_TEXT.findall(text))
    return bad / len(text)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes: GBK read as UTF-8 breaks nearly every non-ASCII character instead."""
    text = data.decode("utf-8", "replace")
    errors = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return text if non_ascii and errors <= 0.02 * non_ascii else None


def _plainly_utf8(data: bytes) -> str | None:
    """Valid UTF-8 with many non-ASCII characters, nearly all of them CJK-range (GBK pairs
    that happen to be valid UTF-8 decode to Latin/Greek/Cyrillic letters instead)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    low = sum(1 for ch in non_ascii if ord(ch) < 0x2000)
    return text if len(non_ascii) >= 20 and low <= len(non_ascii) * 0.05 else None


def decode_html(data: bytes, header_charset: str | None = None, *, encoding: str | None = None) -> str:
    """Decode a page's bytes; raise BadDocument when no encoding reads it.

    `encoding` forces a codec (a source configured for a portal that lies about its charset).
    """
    forced = codec_name(encoding)
    if forced:
        text = data.decode(forced, "replace")
        if _bad_ratio(text) > 0.05:
            raise BadDocument(f"unreadable as {encoding}")
        return text.removeprefix("\ufeff")
    bom, skip = _bom(data)
    if bom:
        text = data[skip:].decode(bom, "replace")
        if _bad_ratio(text) > 0.05:
            raise BadDocument("unreadable encoding")
        return text
    header = codec_name(header_charset)
    if header in {codec_name(w) for w in _WEAK_HEADER}:
        header = None
    declared = list(dict.fromkeys(n for n in (meta_charset(data), header) if n))
    if declared and declared[0] != "utf-8" and not data.isascii():
        # Chinese text that is valid UTF-8 is UTF-8 whatever the page claims: a long GBK
        # text practically never forms valid UTF-8, while pages that moved to UTF-8 often
        # keep their old <meta charset=gb2312>.
        plain = _plainly_utf8(data)
        if plain is not None:
            return plain
    for name in [*declared, "utf-8"]:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    for name in declared:  # the page said what it is: a few bad bytes do not change that
        text = data.decode(name, "replace")
        if _bad_ratio(text) < 0.01:
            return text
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    try:
        text = data.decode("gb18030")
        if _bad_ratio(text) < 0.01:
            return text
    except UnicodeDecodeError:
        pass
    # Nothing reads it cleanly: take the reading with the fewest bad characters.
    readings = [data.decode(name, "replace") for name in dict.fromkeys([*declared, "utf-8", "gb18030"])]
    guess = _detect(data)
    if guess is not None:
        readings.append(guess)
    best = min(readings, key=_bad_ratio)
    if _bad_ratio(best) > 0.05:
        raise BadDocument("unreadable encoding")
    return best


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported late: only needed for odd pages

    try:
        match = from_bytes(data[:200_000]).best()
    except Exception:  # the detector is a heuristic; its failure only means "no guess"
        return None
    if match is None or match.encoding is None:
        return None
    name = codec_name(match.encoding) or match.encoding
    try:
        return data.decode(name, "replace")
    except LookupError:
        return None
