"""Cut a normalised notice into segments: sentences, blank-line blocks and headed sections.

A segment is a sentence (ends with 。), a block between blank lines, or a header
(一、 （一） 1. or a line naming only a body/sub-group) with what follows it up to the
next cut. Role lists spanning single line breaks stay in one segment.
"""

from __future__ import annotations

from typing import NamedTuple

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import KIND_ALT, ROLE_ALT
from scrapers.parse.names import NAME

_NUM = r"(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．](?!\d))"
_GROUP_LINE = rf"[^\n，。：；、]{{2,40}}?(?:{KIND_ALT}|组)[ ]*(?=\n|$)"
# Candidate cuts, each starting with a literal character so that the scan is fast.
_CUT_RE = lazy_compile(
    r"\n[ ]*\n+|。|（(?=[一二三四五六七八九十]{1,3}）)|[：；](?=[一二三四五六七八九十]{1,3}、)|\n"
)
_LINE_HEAD_RE = lazy_compile(rf"{_NUM}|{_GROUP_LINE}")
_GROUP_LINE_RE = lazy_compile(_GROUP_LINE)
HEADER_RE = lazy_compile(rf"^{_NUM}?[ ]*([^\n。：；]{{1,60}}?)[ ]*(?:。|\n|$)")
_NUMBERED_RE = lazy_compile(rf"^{_NUM}")
_NUMBER_CHARS = frozenset("一二三四五六七八九十（0123456789")
# words of a statement, not of a header ("三、增补张三为委员")
_STATEMENT_RE = lazy_compile(r"担任|兼任|不再|增补|免去|职务|由|设在|为")
# a line that is only a role label: its numbered list follows on the next lines
_LABEL_LINE_RE = lazy_compile(rf"[ ]*{ROLE_ALT}(?:（[^）\n]{{0,30}}）)?[ ]*：[ ]*")
_NUMBERED_NAME_RE = lazy_compile(rf"^{_NUM}[ ]*({NAME})[ ]*(?:。|：|\n|[ ](?=\S)|$)")


class Segment(NamedTuple):
    start: int  # offset in the normalised text
    text: str
    header: str | None  # the header's words (numbering removed), when the segment opens with one
    body: str  # the text after the header line
    numbered: bool


def segments(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    listing = False  # inside a role label's numbered list (委员：\n1.王某 院长\n2.…)
    for m in _CUT_RE.finditer(text):
        cut = m.group()
        if cut == "。":
            _add(out, text, pos, m.end())
            pos = m.end()
        elif cut == "\n":
            if not _LINE_HEAD_RE.match(text, m.end()):
                continue
            if text[m.end()].isdigit():
                line = text[text.rfind("\n", pos, m.start()) + 1 : m.start()]
                listing = (listing and line[:1].isdigit()) or bool(_LABEL_LINE_RE.fullmatch(line))
                if listing:
                    continue
            _add(out, text, pos, m.start())
            pos = m.end()
        elif cut.startswith("\n"):
            _add(out, text, pos, m.start())
            pos = m.end()
        elif cut != "（":  # after ： before 一、
            _add(out, text, pos, m.end())
            pos = m.end()
        elif m.start() > pos:  # before （一）
            _add(out, text, pos, m.start())
            pos = m.start()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Segment], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    start += chunk.index(stripped[0])
    numbered = stripped[0] in _NUMBER_CHARS and bool(_NUMBERED_RE.match(stripped))
    header = None
    body = stripped
    # only a numbered segment or a short first line can open with a header
    short = len(stripped) <= 40 or "\n" in stripped[:42]
    m = HEADER_RE.match(stripped) if numbered or short else None
    if m and (numbered or _GROUP_LINE_RE.fullmatch(m.group(1))):
        header = m.group(1).strip()
        body = stripped[m.end() :]
        if any(c in header for c in "：，、") or len(header) > 40 or _STATEMENT_RE.search(header):
            header, body = None, _NUMBERED_RE.sub("", stripped)
    if header is None and numbered:
        m = _NUMBERED_NAME_RE.match(stripped)
        if m:
            header, body = m.group(1), stripped[m.end() :]
        else:  # （一）抢险救援组　组长：… : the item's number is not part of its words
            body = _NUMBERED_RE.sub("", stripped).lstrip(" ")
    out.append(Segment(start, stripped, header, body, numbered))
