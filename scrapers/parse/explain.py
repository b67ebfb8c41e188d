"""Each member's own piece of the sentence it was read from (for --explain and the store).

A list of 4,000 members is one statement; giving each member the whole statement as its
source makes the explained record quadratic in the input (4,000 members → 199 MB of JSON).
A member keeps instead the statement's opening (its label, "成员：") and its own item:
the text from the separator before its name to the one after, at most a few dozen
characters either side. The size of each source is bounded, so the record is linear.
"""

from __future__ import annotations

from scrapers.lazyre import lazy_compile

SHORT = 160  # a statement this short is every member's source as it is
_HEAD = 40  # at most this much of the statement's opening is kept (up to its colon)
_REACH = 40  # characters kept before the holder's name (and after it), within its item
_AHEAD = 2000
_BACK = 200
_ITEM_SEPS = "，；。\n"
_END_SEPS = "、，；。\n"  # the holder's item ends at the next separator of any kind
_END_SEP_RE = lazy_compile(f"[{_END_SEPS}]")  # the first of them: one search, not a find for each


def _head(source: str) -> str:
    colon = source.find("：", 0, _HEAD)
    return source[: colon + 1] if colon != -1 else source[:20]


class ItemSources:
    """Cut members' sources out of one statement, holders taken in order (linear overall)."""

    def __init__(self, source: str) -> None:
        self.source = source = source.strip()
        self.short = len(source) <= SHORT
        self.head = "" if self.short else _head(source)
        self.cursor = 0

    def cut(self, holder: str | None) -> str:
        if self.short:
            return self.source
        src = self.source
        # holders come in the order written: look only a bounded way ahead (and a little
        # back, for two posts of one name), so that a holder not found costs no full scan
        low = max(0, self.cursor - _BACK)
        at = src.find(holder, low, self.cursor + _AHEAD) if holder else -1
        if at == -1:
            return self.head + "…"
        end = at + len(holder or "")
        self.cursor = end
        head = self.head if at >= len(self.head) else ""
        floor = max(len(head), at - _REACH)
        rfind = src.rfind  # the last of _ITEM_SEPS before the holder (written out: no generator)
        start = max(
            rfind("，", floor, at), rfind("；", floor, at), rfind("。", floor, at), rfind("\n", floor, at)
        )
        if start == -1:  # no clause boundary near: begin at the first whole item
            comma = src.find("、", floor, at)
            start = floor if comma == -1 else comma + 1
        else:
            start += 1
        after = _END_SEP_RE.search(src, end, end + _REACH)
        stop = min(len(src), end + _REACH) if after is None else after.start()
        lead = "" if start == len(head) else "…"
        return head + lead + src[start:stop].strip()
