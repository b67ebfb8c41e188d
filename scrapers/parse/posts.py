"""Find role statements in a segment and the text that names their holders.

Three forms:
- label:    组长：张三 市长 / 成员（按姓氏笔画为序）：… / 领导小组成员包括：…  (holders after)
- by-由:    组长由市长张三担任 / 副组长由市发展改革委…分管负责人担任     (holders between)
- verb:     省政府常务副省长王予波任协调小组组长 / 李四兼任办公室主任     (holders before)
plus 成员单位：… (a unit list for 成员).
Each statement yields (group reference, role, holder text, source sentence).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scrapers.parse.lexicon import KIND_ALT, ROLE_ALT

_GREF = r"[^\s，。；：、]{0,25}?"
_MARKER_RE = re.compile(
    rf"(?P<verb>(?<![主责信继聘])任|兼任|担任|出任)(?P<vgref>{_GREF})(?P<vrole>{ROLE_ALT})"
    rf"(?P<more>(?:兼(?:任)?{_GREF}(?:{ROLE_ALT}))*)(?=[，。；、\s）]|$)"
    rf"|(?P<lrole>{ROLE_ALT})(?:（[^）]{{0,30}}）)?(?:包括|为|是|有|名单)?[ ]*："
    rf"|(?P<yrole>{ROLE_ALT})(?:分别)?由"
    rf"|(?P<units>成员单位)(?:包括|为|是|有|名单)?[ ]*："
)
_MORE_RE = re.compile(rf"兼(?:任)?({_GREF})({ROLE_ALT})")
_YOU_END_RE = re.compile(r"担任|兼任|出任|组成")
_STOP_RE = re.compile(rf"(?:(?:{KIND_ALT})?办公室)?(?:下设|设在)|(?:(?<=[，；\n])|^)(?:负责|承担)")
_BACK_STOP = "，。；：\n"
_GREF_TAIL_RE = re.compile(rf"((?:[^\s，。；：、]{{0,20}}?(?:{KIND_ALT}|(?<![副长])组))?(?:办公室)?)$")


class Statement(NamedTuple):
    gref: str  # the group the notice names with the role ("" = the one in context)
    role: str
    holders: str  # the text naming the holders
    source: str  # the sentence it came from
    units: bool = False  # a 成员单位 list


def _back_start(body: str, end: int, floor: int) -> int:
    i = end
    while i > floor and body[i - 1] not in _BACK_STOP:
        i -= 1
    return i


def _forward_end(body: str, start: int, limit: int) -> int:
    stop = _STOP_RE.search(body, start, limit)
    return stop.start() if stop else limit


def _gref_before(body: str, start: int, floor: int) -> str:
    """A group named right before a label's role word (领导小组成员：, 办公室主任：)."""
    m = _GREF_TAIL_RE.search(body[max(floor, start - 24) : start])
    return m.group(1) if m else ""


def statements(body: str) -> list[Statement]:
    """Role statements of one segment's body, in order."""
    matches = list(_MARKER_RE.finditer(body))
    out: list[Statement] = []
    floor = 0
    for i, m in enumerate(matches):
        if m.start() < floor:
            continue
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if m.group("verb"):
            start = _back_start(body, m.start(), floor)
            holders = body[start : m.start()]
            source = body[start : m.end()]
            roles = [(m.group("vgref"), m.group("vrole"))]
            roles += [(g, r) for g, r in _MORE_RE.findall(m.group("more"))]
            for gref, role in roles:
                out.append(Statement(gref, role, holders, source))
            floor = m.end()
            continue
        limit = _next_start(body, nxt, m.end()) if nxt else len(body)
        if m.group("yrole"):
            end_m = _YOU_END_RE.search(body, m.end())
            end = end_m.start() if end_m else _forward_end(body, m.end(), limit)
            gref = _gref_before(body, m.start(), floor)
            out.append(
                Statement(gref, m.group("yrole"), body[m.end() : end], body[m.start() - len(gref) : end + 2])
            )
            floor = end_m.end() if end_m else end
            continue
        end = _forward_end(body, m.end(), limit)
        text = body[m.end() : end]
        if m.group("units"):
            out.append(Statement("", "成员", text, body[m.start() : end], units=True))
        else:
            gref = _gref_before(body, m.start(), floor)
            out.append(Statement(gref, m.group("lrole"), text, body[m.start() - len(gref) : end]))
        floor = end
    return out


def _next_start(body: str, nxt: re.Match[str], floor: int) -> int:
    """Where the next statement's own text begins (a verb statement reaches back)."""
    if nxt.group("verb"):
        return max(floor, _back_start(body, nxt.start(), floor))
    gref = _gref_before(body, nxt.start(), floor)
    return max(floor, nxt.start() - len(gref))
