"""The lines a web page prints around a notice: portal and law-database header fields,
the page's publication stamp, a news dateline.

    发文机关国务院            (portal header, no colon)
    【发文字号】深府办[2010]78号   (law database)
    发文日期2008年01月11日 / 成文日期：…       → the signing date
    发布时间：2016-10-27  来源：中国政府网      → the publication date
    2008年05月12日 19:45 來源:中國新聞網        → the publication date
    2011-09-01                (a bare page stamp under the heading) → the publication date

A date on such a line is never the signing date, except under 发文日期/成文日期 (CONTRACT §1:
a page's 发布时间 or a report's dateline is `published`, never `date`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scrapers.lazyre import lazy_compile
from scrapers.parse.dates import find_dates
from scrapers.parse.newsreport import ORGAN_WORDS

_HEAD_LINES = 30  # header fields sit above the body
_MAX_LINE = 120

# Field names → what they hold. Longer names first so that 发布时间 is not read as 时间.
_ISSUER_KEYS = (
    "发文机关",
    "发布机关",
    "发文单位",
    "发布单位",
    "发布机构",
    "制发机关",
    "颁布机关",
    "发布部门",
    "发文部门",
)
_NUMBER_KEYS = ("发文字号",)
_SIGNED_KEYS = ("发文日期", "成文日期", "签发日期", "成文时间", "印发日期")
_PUBLISHED_KEYS = (
    "发布日期",
    "发布时间",
    "公布日期",
    "公开日期",
    "上网日期",
    "发表时间",
    "更新时间",
    "更新日期",
)
_OTHER_DATE_KEYS = ("实施日期", "施行日期", "生效日期", "失效日期", "有效期")
_KEY_ALT = "|".join(
    sorted(
        (*_ISSUER_KEYS, *_NUMBER_KEYS, *_SIGNED_KEYS, *_PUBLISHED_KEYS, *_OTHER_DATE_KEYS),
        key=len,
        reverse=True,
    )
)
_FIELD = lazy_compile(rf"【?({_KEY_ALT})】?\s*[：:]?\s*")
_WEAK_FIELD = lazy_compile(r"(?<![\u4e00-\u9fff])(时间|日期)\s*[：:]\s*")
_SOURCE = lazy_compile(r"来源|來源|作者|责任编辑|浏览|点击|访问|字号")
# A date written with - / . (a page stamp), alone on its line but for a time and a bracket.
# Or a date in words with the time of day glued or spaced after it (2020年07月24日14:29:19):
# a signature is never timed.
_STAMP = lazy_compile(
    r"^\s*[•·|]?\s*(?:(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?::\d{2})?)\s*\|?\s*$"
)
_SIGNER = lazy_compile(ORGAN_WORDS + r"$")
_NOTED_DATE = lazy_compile(r"^\S{8,12}\s*（[^（）]{0,12}(?:上网|更新|浏览|(?:发布|发表)(?:日期|时间))")
_SOURCE_ORGAN = lazy_compile(
    r"(?:信息)?来源\s*[：:]\s*([\u4e00-\u9fff]{2,20}?" + ORGAN_WORDS + r")(?![\u4e00-\u9fff])"
)
_MEDIA = lazy_compile(r"网|报|台|社|刊|新闻|媒体|客户端")
_LINE_TRIM = " \t|•·-—"


@dataclass
class PageHeader:
    issuer: str | None = None
    doc_number: str | None = None
    signed: date | None = None
    published: date | None = None
    source: str | None = None  # "信息来源：区统计局": the organ that put the page up
    # Character spans of the header lines: no date in them is the signing date.
    spans: list[tuple[int, int]] = field(default_factory=list)

    def covers(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.spans)


def _first_date(value: str) -> date | None:
    found = find_dates(value[:40])
    return found[0].value if found and found[0].start <= 2 else None


def read_page_header(text: str, limit: int = _HEAD_LINES) -> PageHeader:
    """The header fields and stamps among the text's first lines. Named fields (发文日期,
    发布时间 …) count anywhere there; a bare 时间：/日期：, a 来源 line or a bare stamp only
    above the body (before the first sentence or the addressees)."""
    header = PageHeader()
    weak_published: date | None = None
    offset = 0
    body_started = False
    previous = ""
    pending: str | None = None  # a field name alone on its line: its value is on the next
    for number, raw in enumerate(text.split("\n", limit)[:limit]):
        start, offset = offset, offset + len(raw) + 1
        line = raw.strip(_LINE_TRIM)
        if not line or len(line) > _MAX_LINE:
            body_started = body_started or bool(line)
            continue
        is_header = False
        fields = [(m.group(1), line[m.end() :]) for m in _FIELD.finditer(line)]
        if pending and not fields and len(line) <= 40:
            fields = [(pending, line)]  # "发布日期" / "2019年03月05日": label and value in two cells
        pending = fields[-1][0] if len(fields) == 1 and _FIELD.fullmatch(line) else None
        for key, value in fields:
            is_header = True
            if key in _ISSUER_KEYS and header.issuer is None:
                organ = re.split(r"\s|【", value, maxsplit=1)[0]
                header.issuer = organ if 2 <= len(organ) <= 40 else None
            elif key in _NUMBER_KEYS and header.doc_number is None:
                header.doc_number = re.split(r"\s{2,}|【", value, maxsplit=1)[0].strip() or None
            elif key in _SIGNED_KEYS and header.signed is None:
                header.signed = _first_date(value)
            elif key in _PUBLISHED_KEYS and header.published is None:
                header.published = _first_date(value)
        source = None if body_started or header.source else _SOURCE_ORGAN.search(line)
        if source and not _MEDIA.search(source.group(1)):
            header.source = source.group(1)
        for match in [] if body_started else _WEAK_FIELD.finditer(line):
            is_header = True
            weak_published = weak_published or _first_date(line[match.end() :])
        if _NOTED_DATE.match(line):  # "2019-12-11（万方平台首次上网日期，…）"
            is_header = True
            weak_published = weak_published or _first_date(line)
        if not is_header and not body_started and find_dates(line) and _SOURCE.search(line):
            is_header = True  # "2008年05月12日 19:45 来源：中国新闻网", "来源：人民网 2017-07-07"
            found = find_dates(line)
            weak_published = weak_published or found[0].value
        signature_above = _SIGNER.search(previous) is not None
        if not is_header and not body_started and number < 12 and not signature_above and _STAMP.match(line):
            is_header = True  # the page's own stamp under the heading, not a signature's date
            weak_published = weak_published or find_dates(line)[0].value
        if is_header:
            header.spans.append((start, start + len(raw)))
        elif "。" in line or line.endswith("：") or (len(line) > 60 and any(c in line for c in "，,；")):
            body_started = True  # a sentence or the addressees: the heading zone is over
        previous = line
    header.published = header.published or weak_published or _read_footer(text, header)
    return header


_TAIL_LINES = 8


def _read_footer(text: str, header: PageHeader) -> date | None:
    """Some pages print their 发布时间 or a bare stamp below the notice: the publication
    date, if the head gave none. A stamp under an organ is the signature's date."""
    tail_start = max(0, len(text) - 2000)
    tail_start = text.find("\n", tail_start) + 1 if tail_start else 0
    lines = text[tail_start:].split("\n")[-_TAIL_LINES:]
    offset = len(text) - len("\n".join(lines))
    published: date | None = None
    previous = ""
    for raw in lines:
        start, offset = offset, offset + len(raw) + 1
        line = raw.strip(_LINE_TRIM)
        field_match = next((m for m in _FIELD.finditer(line) if m.group(1) in _PUBLISHED_KEYS), None)
        value = _first_date(line[field_match.end() :]) if field_match else None
        if value is None and line and _STAMP.match(line) and not _SIGNER.search(previous):
            value = find_dates(line)[0].value
        if value is not None:
            header.spans.append((start, start + len(raw)))
            published = published or value
        previous = line or previous
    return published
