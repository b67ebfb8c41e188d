"""The notice's own document number (发文字号), e.g. 青政办〔2019〕10号, 国办发〔2018〕65号.

A notice also cites other documents' numbers (《…通知》（国办发〔2018〕65号）); those are
skipped. The year bracket is always written 〔〕, whatever the page used.
"""

from __future__ import annotations

import re

from scrapers.lazyre import lazy_compile

_OPEN = "〔［[【（(〈<﹝｛{"
_CLOSE = "〕］]】）)〉>﹞｝}"
# The bracketed year and the serial number; the issuer prefix is read backwards from it.
TAIL = lazy_compile(
    rf"[{re.escape(_OPEN)}]\s*((?:19|20)\d{{2}})\s*[{re.escape(_CLOSE)}]\s*(第?)\s*(\d{{1,5}})\s*号"
)
_EMPTY_YEAR = lazy_compile(rf"[{re.escape(_OPEN)}]\s*[{re.escape(_CLOSE)}]")
_PREFIX = lazy_compile(r"[\u4e00-\u9fffA-Za-z]{1,12}$")
# Words that end a heading or label glued before the number ("…的通知渝府办发〔2020〕5号").
_BOUNDARY = lazy_compile(r".*(?:通知|决定|批复|意见|通报|公告|方案|办法|文件|的|号|日)")
# A number cited as a reason ("根据…（国办发〔2018〕65号）", "按照国办发〔2018〕65号文件").
_CITING = lazy_compile(r"(根据|按照|依据|依照|参照|贯彻|落实|转发|执行|《)")
_CLAUSE_END = "。；;，,！？\n"


def _prefix(text: str, start: int) -> tuple[str, int]:
    """The issuer's abbreviation before the bracket, and where it starts in `text`."""
    end = len(text[:start].rstrip())
    match = _PREFIX.search(text[max(0, end - 12) : end])
    if not match:
        return "", end
    prefix = match.group(0)
    cut = _BOUNDARY.match(prefix)
    if cut:
        prefix = prefix[cut.end() :]
    prefix = prefix[-8:]
    return prefix, end - len(prefix)


def _format(prefix: str, match: re.Match[str]) -> str:
    return f"{prefix}〔{match.group(1)}〕{match.group(2)}{match.group(3)}号"


def normalize_doc_number(value: str | None) -> str | None:
    """A table's 发文字号 value in the standard form; None if it holds no number."""
    if not value:
        return None
    value = re.sub(r"\s+", "", value)
    match = TAIL.search(value)
    if match:
        return _format(_prefix(value, match.start())[0], match)
    if not (re.search(r"\d", value) and value.endswith("号") and len(value) <= 30):
        return None
    return _EMPTY_YEAR.sub("〔〕", value)  # 余政发[]64号: the year left out, the bracket kept


# "原某字〔2016〕12号文件同时废止": an earlier document, repealed
_REPEALED = lazy_compile(r"[^。；\n]{0,8}?(?:废止|作废|停止执行|不再执行|同时失效)")


def _is_citation(text: str, start: int, end: int | None = None) -> bool:
    before = text[max(0, start - 60) : start].rstrip()
    if before.endswith(("（", "(", "《", "》", "[", "【", "原")):
        return True
    if end is not None and _REPEALED.match(text, end):
        return True
    clause_start = max(before.rfind(c) for c in _CLAUSE_END)
    return _CITING.search(before[clause_start + 1 :]) is not None


def own_doc_number(text: str) -> str | None:
    """The number standing alone on its line near the top, else the first one not cited."""
    lines = text.split("\n")
    for line in lines[:40]:
        line = line.strip()
        if line[:1] in "（(" and line[-1:] in "）)":  # "（穗府〔2007〕9号）" under the title
            line = line[1:-1].strip()
        match = TAIL.search(line)
        if match and match.end() == len(line):
            prefix, start = _prefix(line, match.start())
            if prefix and start == 0:
                return _format(prefix, match)
    for match in TAIL.finditer(text):
        prefix, start = _prefix(text, match.start())
        if prefix.startswith("原"):
            continue  # 原某字〔2016〕12号: an earlier document
        if prefix and not _CITING.search(prefix) and not _is_citation(text, start, match.end()):
            return _format(prefix, match)
    return None
