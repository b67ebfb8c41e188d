"""Dates as notices write them: 2019年2月14日, 二〇一九年二月十四日, 2019-02-14, 2019.2.14, 2019/2/14."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "О": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0}
_CN_DIGIT.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
_CN_DIGIT.update({str(i): i for i in range(1, 10)})

_CN_YEAR = "〇○零ОOＯo0-9一二三四五六七八九"
DATE_RE = re.compile(
    r"(?P<y>(?<!\d)(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    rf"|(?P<cy>[{_CN_YEAR}]{{4}})\s*年\s*(?P<cm>[一二三四五六七八九十]{{1,2}})\s*月"
    r"\s*(?P<cd>[一二三四五六七八九十]{1,3})\s*日"
    r"|(?P<iy>(?<![\d.\-/])(?:19|20)\d{2})(?P<sep>[-./])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d])"
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: date


def _cn_small(text: str) -> int | None:
    """一 … 三十一 as an integer."""
    if "十" not in text:
        return _CN_DIGIT.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    t = _CN_DIGIT.get(tens, 0) if tens else 1
    u = _CN_DIGIT.get(units, 0) if units else 0
    return t * 10 + u


def _make(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None or not 1949 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _value(match: re.Match[str]) -> date | None:
    if match.group("y"):
        return _make(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if match.group("cy"):
        digits = [_CN_DIGIT.get(c) for c in match.group("cy")]
        if any(d is None for d in digits):
            return None
        year = int("".join(str(d) for d in digits))
        return _make(year, _cn_small(match.group("cm")), _cn_small(match.group("cd")))
    return _make(int(match.group("iy")), int(match.group("im")), int(match.group("id")))


def find_dates(text: str) -> list[Found]:
    found = []
    for match in DATE_RE.finditer(text):
        value = _value(match)
        if value is not None:
            found.append(Found(match.start(), match.end(), value))
    return found


def parse_date(text: str | None) -> date | None:
    """The first date in a short value ("2019-02-20 16:12", "2019年2月20日")."""
    if not text:
        return None
    found = find_dates(text)
    return found[0].value if found else None
