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
# a line naming only a body, or heading its list (附件1\n市减灾委员会组成人员名单)
_GROUP_LINE = rf"[^\n，。：；、]{{2,40}}?(?:{KIND_ALT}|组)(?:(?:组成人员|成员)(?:调整后的)?名单)?[ ]*(?=\n|$)"
_LIST_SUFFIX_RE = lazy_compile(r"(?<=[会组议部班制构])(?:组成人员|成员)(?:调整后的)?名单$")
# 一、调整市安全生产委员会组成人员: the heading names the body it adjusts
_ACTION_HEADING_RE = lazy_compile(
    rf"^(?:调整|调整充实|充实|成立|设立|组建|建立)(.{{2,40}}?(?:{KIND_ALT}))(?:组成人员|成员)?(?:名单)?$"
)
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
# a line that is only a role label (委员：, （二）委员：): its numbered list follows on the next lines
_LABEL_LINE_RE = lazy_compile(rf"[ ]*(?:{_NUM}[ ]*)?{ROLE_ALT}(?:（[^）\n]{{0,30}}）)?[ ]*：[ ]*")
# 一、抢险救灾组 负责…: a numbered group's name and its text on one line (line breaks lost)
# (二)专家委员（按姓氏笔划为序） 马敏 教授…: a sub-list's heading likewise
_NUMBERED_GROUP_RE = lazy_compile(
    rf"^{_NUM}[ ]*([^\s，。：；、（]{{2,30}}?(?:{KIND_ALT}|组|委员|成员))"
    r"(?:（[^）\n]{0,20}）[ ]*|[ ]+)(?=\S)"
)
_NUMBERED_NAME_RE = lazy_compile(rf"^{_NUM}[ ]*({NAME})[ ]*(?:。|：|\n|[ ](?=\S)|$)")


class Segment(NamedTuple):
    start: int  # offset in the normalised text
    text: str
    header: str | None  # the header's words (numbering removed), when the segment opens with one
    body: str  # the text after the header line
    numbered: bool


_GOES_ON = ("由", "其职务由", "该职务由", "其职由")  # a sentence that finishes the one before it


def segments(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    listing = False  # inside a role label's numbered list (委员：\n1.王某 院长\n2.…)
    for m in _CUT_RE.finditer(text):
        cut = m.group()
        if cut == "。":
            if text.startswith(_GOES_ON, m.end()):  # …不再担任指挥长。由李四同志担任。: one statement
                continue
            _add(out, text, pos, m.end())
            pos = m.end()
        elif cut == "\n":
            if not _LINE_HEAD_RE.match(text, m.end()):
                continue
            if text[m.end()].isdigit():
                line = text[max(pos, text.rfind("\n", pos, m.start()) + 1) : m.start()]
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
        header = _LIST_SUFFIX_RE.sub("", m.group(1).strip())
        if numbered and (acted := _ACTION_HEADING_RE.match(header)):
            header = acted.group(1)
        body = stripped[m.end() :]
        if numbered and " " in header and (g := _NUMBERED_GROUP_RE.match(stripped)):
            header, body = g.group(1), stripped[g.end() :]  # 一、抢险救灾组 负责组织抢险救灾。
        if any(c in header for c in "：，、") or len(header) > 40 or _STATEMENT_RE.search(header):
            header, body = None, _NUMBERED_RE.sub("", stripped)
    if header is None and numbered:
        m = _NUMBERED_NAME_RE.match(stripped) or _NUMBERED_GROUP_RE.match(stripped)
        if m:
            header, body = m.group(1), stripped[m.end() :]
        else:  # （一）抢险救援组　组长：… : the item's number is not part of its words
            body = _NUMBERED_RE.sub("", stripped).lstrip(" ")
    out.append(Segment(start, stripped, header, body, numbered))
