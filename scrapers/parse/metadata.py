"""Notice metadata: title, issuer, doc number, signing date, region, publication date.

Read from the (normalised) text and, when given, the page's metadata (`meta`: the
信息公开 table under fixed keys 发文字号/发布机构/成文日期/发布日期…, and <meta> tags such
as ArticleTitle/PubDate, as scrapers.extract reads them) and the page title.

Choices (see tests/data/notices/CONVENTIONS.md):
- doc_number: the table's 发文字号, else the number alone on its line near the top, else
  the first number that is not a citation; year bracket written 〔〕.
- date: the signing date: a date alone on its line (the signature), or glued after the
  signing organ; else the table's 成文日期; else the last date that is not a deadline;
  else the page's publication date.
- issuer: the organ before 关于 in the title (the first of a joint notice), else the
  table's 发布机构, else the signature line.
- region: from the issuer (scrapers.parse.region): 全国 for central bodies, None for
  institutions and for names with no place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scrapers.parse.dates import Found, find_dates, parse_date
from scrapers.parse.docnumber import normalize_doc_number, own_doc_number
from scrapers.parse.labels import read_label_table
from scrapers.parse.normalize import normalize
from scrapers.parse.region import region_of

Date = date  # for annotations in Metadata, whose field `date` hides the type


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: Date | None = None
    region: str | None = None
    published: Date | None = None


NOTICE_END = re.compile(r"(?:通知|决定|批复|意见|通报|公告|通告|复函|函|方案|办法|规定|细则|纪要|请示|报告)$")
_TITLE_IN_TEXT = re.compile(
    r"(?<![《\w])([^\s。，；：《》\n]{0,40}关于[^。；：《》\n]{2,150}?的(?:通知|决定|批复|意见|通报|复函))"
)
_ORGAN_WORDS = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|党组|党委|省委|市委|县委|区委|常委会|指挥部|人大|政协|中心|"
    r"大学|学院|学校|医院|公司|集团|委|厅|局|部|院|署|办|会|室|组|处)"
)
_ORGAN_END = re.compile(_ORGAN_WORDS + "$")
_ORGAN_ANY = re.compile(_ORGAN_WORDS)
_NEW_ORGAN = re.compile(r"^(?:中共|中国共产党|国务院|中央)")
_JOINT_SEPARATORS = re.compile(r"[\s、，,/]+")
# Words after a date that make it a deadline or a period, not the signing date.
_NOT_SIGNING_AFTER = re.compile(
    r"^\s*(?:前|之前|以前|起|开始|至|到|—|-|~|零时|为止|以来|期间|实施|施行|生效|印发|印制|发布|签发)"
)
_NOT_SIGNING_BEFORE = re.compile(r"(?:于|自|从|截至|截止|到|至|在|为|是|前)\s*$")
_TRAILING_NUMBER = re.compile(r"\s*[（(][^（）()]{0,20}\d+\s*号\s*[）)]$")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_EDGE = 50_000  # characters read at each end of a very long text
# Keys compared in lower case: portals write PubDate, pubdate, pubDate …
_PUBLISHED_KEYS = ("发布日期", "pubdate", "publishdate", "firstpublishedtime", "article:published_time")


def read_metadata(text: str, *, meta: dict[str, str] | None = None, title: str | None = None) -> Metadata:
    meta = {k: normalize(v) for k, v in (meta or {}).items() if isinstance(v, str)}
    if len(text) > 2 * _EDGE:  # the heading and the signature are at the ends of a notice
        text = f"{text[:_EDGE]}\n{text[-_EDGE:]}"
    lines = [line.strip() for line in text[:_EDGE].split("\n", 60)[:60] if line.strip()]
    head_labels = read_label_table("\n".join(line[:400] for line in lines[:12]))
    labels = {**head_labels, **{k: v for k, v in meta.items() if v}}
    dates = find_dates(text)
    found_title = _title(lines, text, labels, title)
    issuer = _issuer(found_title, labels, text, dates)
    return Metadata(
        title=found_title,
        issuer=issuer,
        doc_number=normalize_doc_number(labels.get("发文字号")) or own_doc_number(text),
        date=_signing_date(text, dates, labels),
        region=region_of(issuer),
        published=_published(labels),
    )


def _clean(value: str) -> str:
    """Whitespace runs → one space: it separates joint issuers ("中共某县委办公室 某县人民政府办公室").
    Spaced-out characters ("关 于") were joined by normalize()."""
    return " ".join(value.split())


def _clean_title(value: str) -> str:
    """A title without the number some portals append: "…的通知（青政办〔2019〕10号）"."""
    return _TRAILING_NUMBER.sub("", _clean(value)) or _clean(value)


def _title(lines: list[str], text: str, labels: dict[str, str], given: str | None) -> str | None:
    candidates = [given, labels.get("ArticleTitle"), labels.get("标题")]
    # A page title cut short ("…协调小组的…") is not the notice's title.
    given_titles = [_clean_title(normalize(c)) for c in candidates if c and c.strip()]
    given_titles = [t for t in given_titles if not t.endswith(("...", "…", "..", "……"))]
    for candidate in given_titles:
        if "关于" in candidate or NOTICE_END.search(candidate):
            return candidate
    from_text = _title_from_lines(lines) or _title_from_glued(text) or _title_line(lines)
    if from_text:
        return from_text
    return given_titles[0] if given_titles else None


def _title_from_lines(lines: list[str]) -> str | None:
    """The heading, possibly split over 2–3 lines (issuer / 关于… / …的通知)."""
    head = lines[:40]
    for i in range(len(head)):
        for k in range(1, 5):
            window = head[i : i + k]
            if len(window) < k or any(_not_title_line(line) for line in window):
                break
            joined = _clean("".join(window))
            if len(joined) > 150:
                break
            if "关于" in joined and NOTICE_END.search(joined) and joined.index("关于") <= 40:
                return joined
    return None


def _title_line(lines: list[str]) -> str | None:
    """A heading without 关于 (…印发…的通知) among the first lines."""
    for line in lines[:6]:
        if len(line) <= 100 and NOTICE_END.search(line) and not _not_title_line(line):
            return _clean(line)
    return None


def _not_title_line(line: str) -> bool:
    return (
        len(line) > 100
        or any(c in line for c in "。：；〔>|_")
        or line.endswith("文件")
        or bool(re.search(r"\d{4}\s*年", line))
    )


def _title_from_glued(text: str) -> str | None:
    match = _TITLE_IN_TEXT.search(text[:3000])
    return _clean(match.group(1)) if match else None


def _issuer(title: str | None, labels: dict[str, str], text: str, dates: list[Found]) -> str | None:
    """The title's organ, else the table's, else the signature's; a named place beats none
    (a title's 市政府办公室 gives way to a signature's 温州市人民政府办公室)."""
    found = [_title_issuer(title), _table_issuer(labels), _signature(text, dates)]
    signed = found[2]
    if signed and found[0] and signed != found[0] and signed.endswith(found[0]):
        found[0] = signed  # 临平区人民政府办公室 signed 杭州市临平区人民政府办公室: the fuller name
    candidates = [c for c in found if c]
    if not candidates:
        return None
    return next((c for c in candidates if region_of(c)), candidates[0])


def _title_issuer(title: str | None) -> str | None:
    if not title or "关于" not in title:
        return None
    before = title[: title.index("关于")].strip()
    before = re.split(r"转发|印发|批转", before)[0]  # 国务院办公厅转发某部关于… → 国务院办公厅
    if before.endswith("文件"):
        before = before[:-2]
    parts = [p for p in _JOINT_SEPARATORS.split(before) if p]
    return _first_of_joint(parts[0]) if parts and _ORGAN_END.search(parts[0]) else None


def _table_issuer(labels: dict[str, str]) -> str | None:
    for key in ("发布机构", "ContentSource"):
        value = _clean(labels.get(key, ""))
        if value and _ORGAN_END.search(value) and len(value) <= 40:
            return _JOINT_SEPARATORS.split(value)[0]
    return None


def _first_of_joint(issuer: str) -> str:
    """中共青海省委办公厅青海省人民政府办公厅 → 中共青海省委办公厅 (joint notices, spaces lost)."""
    for match in _ORGAN_ANY.finditer(issuer):
        rest = issuer[match.end() :]
        if not rest or not _ORGAN_END.search(rest):
            continue
        place = region_of(rest)
        if _NEW_ORGAN.match(rest) or (place and place != "全国" and rest.startswith(place)):
            return issuer[: match.end()]
    return issuer


def _signature(text: str, dates: list[Found]) -> str | None:
    """The organ signing above (or glued before) the last date."""
    for found in reversed(dates):
        before = text[: found.start].rstrip()
        line = before[before.rfind("\n") + 1 :]
        # Glued pages: the organ follows the last sentence on the same line.
        for stop in "。！？）”】":
            line = line[line.rfind(stop) + 1 :]
        line = _clean(line)
        if line and len(line) <= 40 and _ORGAN_END.search(line):
            return _JOINT_SEPARATORS.split(line)[0]
        if not line:
            previous = before[: before.rfind("\n")].rstrip() if "\n" in before else ""
            prev_line = _clean(previous[previous.rfind("\n") + 1 :])
            if prev_line and len(prev_line) <= 40 and _ORGAN_END.search(prev_line):
                return _JOINT_SEPARATORS.split(prev_line)[0]
        return None
    return None


def _signing_date(text: str, dates: list[Found], labels: dict[str, str]) -> date | None:
    for found in reversed(dates):
        line_start = text.rfind("\n", 0, found.start) + 1
        line_end = text.find("\n", found.end)
        line = text[line_start : line_end if line_end != -1 else len(text)]
        rest = text[found.end : line_end if line_end != -1 else len(text)]
        # Alone on its line, but for a note in brackets: "2019年2月14日（此件公开发布）".
        others = line.replace(" ", "").replace(text[found.start : found.end].replace(" ", ""), "")
        alone = not _BRACKETED.sub("", others).strip("（）() ")
        glued = _ORGAN_END.search(text[line_start : found.start].rstrip()) is not None
        if (alone or glued) and not _NOT_SIGNING_AFTER.match(rest):
            return found.value
    table = parse_date(labels.get("成文日期"))
    if table:
        return table
    for found in reversed(dates):
        after = text[found.end : found.end + 6]
        before = text[max(0, found.start - 4) : found.start]
        if not _NOT_SIGNING_AFTER.match(after) and not _NOT_SIGNING_BEFORE.search(before):
            return found.value
    return _published(labels)


def _published(labels: dict[str, str]) -> date | None:
    lowered = {k.lower(): v for k, v in labels.items()}
    return next((d for d in map(parse_date, (lowered.get(k) for k in _PUBLISHED_KEYS)) if d), None)
