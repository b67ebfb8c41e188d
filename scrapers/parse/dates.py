"""Dates as notices write them: 2019年2月14日, 二〇一九年二月十四日, 2019-02-14, 2019.2.14, 2019/2/14."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scrapers.lazyre import lazy_compile

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "О": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0}
_CN_DIGIT.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
_CN_DIGIT.update({str(i): i for i in range(1, 10)})

_CN_YEAR = "〇○零ОOＯo0-9一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
# Dates are found from their 年 (a plain search), then read around it: scanning the whole
# text with one pattern that may start with any Chinese numeral is several times slower.
_YEAR_BEFORE = lazy_compile(rf"(?:(?<!\d)((?:19|20)\d{{2}})|([{_CN_YEAR}]{{4}}))\s*$")
_MONTH_DAY_AFTER = lazy_compile(
    rf"\s*(?:(\d{{1,2}})|([{_CN_SMALL}]{{1,2}}))\s*月\s*(?:(\d{{1,2}})|([{_CN_SMALL}]{{1,3}}))\s*日"
)
_ISO = lazy_compile(r"(?<![\d.\-/])((?:19|20)\d{2})([-./])(\d{1,2})\2(\d{1,2})(?!\d)")


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


def _cn_year(text: str) -> int | None:
    digits = [_CN_DIGIT.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _number(arabic: str | None, chinese: str | None) -> int | None:
    return int(arabic) if arabic else _cn_small(chinese or "")


def find_dates(text: str) -> list[Found]:
    """Every date in the text, in order."""
    found = []
    at = text.find("年")
    while at != -1:
        year = _YEAR_BEFORE.search(text, max(0, at - 8), at)
        rest = _MONTH_DAY_AFTER.match(text, at + 1)
        if year and rest:
            y = int(year.group(1)) if year.group(1) else _cn_year(year.group(2))
            value = _make(y, _number(rest.group(1), rest.group(2)), _number(rest.group(3), rest.group(4)))
            if value is not None:
                found.append(Found(year.start(), rest.end(), value))
        at = text.find("年", at + 1)
    for match in _ISO.finditer(text):
        value = _make(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if value is not None:
            found.append(Found(match.start(), match.end(), value))
    found.sort(key=lambda f: f.start)
    return found


def parse_date(text: str | None) -> date | None:
    """The first date in a short value ("2019-02-20 16:12", "2019年2月20日")."""
    if not text:
        return None
    found = find_dates(text)
    return found[0].value if found else None
