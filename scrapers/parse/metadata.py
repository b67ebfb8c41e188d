"""Notice metadata: title, issuer, doc number, signing date, region, publication date.

Read from the (normalised) text and, when given, the page's metadata (`meta`: the
信息公开 table under fixed keys 发文字号/发布机构/成文日期/发布日期…, and <meta> tags such
as ArticleTitle/PubDate, as scrapers.extract reads them) and the page title.

Choices (see tests/data/notices/CONVENTIONS.md and CONTRACT §1):
- doc_number: the table's or header's 发文字号, else the number alone on its line near the
  top (also in brackets under the title), else the first number that is not a citation,
  else the number a news report quotes; year bracket written 〔〕. Not a repealed one (原…号,
  …号文件同时废止), and none of its own on an encyclopedia page.
- date: the signing date: a date alone on its line under the signing organ, or glued after
  it; else the header's or table's 发文日期/成文日期; else the day a news report says the
  notice was 印发/下发. Never the page's 发布时间, a page stamp or a dateline: those are
  `published` (scrapers.parse.pageheader).
- issuer: a news report's own wording for the organ that issued the notice
  (scrapers.parse.newsreport); else the signature (the first of a joint one), else the
  title's organ, else the table's or header's 发文机关; else, in a report, the organ it says
  set the body up, or the organ its headline names when the report says it set one up
  (汤原供电公司：…); else, for a page whose signature was lost, the site's organ printed
  above the heading, or a 来源 organ the text names again. A news dateline is no part of it,
  nor is the unit that put up a meeting report.
- title: the page's or the text's heading; in a report, the quoted notice's title, else the
  headline (not a byline, a site's name, a breadcrumb or a 【标题】 field's name). Given with
  the colons, brackets and spaces (ASCII or ideographic) the page printed, in simplified
  characters.
- region: from the issuer (scrapers.parse.region): 全国 for central bodies, None for
  institutions; an issuer without a place takes the place of the title's organ or heading,
  or the one province a provincial text names; an organ named by its level (市委, 县政府办公室)
  the one place of that level the text, its title or its page names. With no issuer, only a
  province or 全国, the place of a page headed by a body's own name, or the place the page
  names for a headline about a body of its level (县…指挥部召开…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scrapers.lazyre import lazy_compile
from scrapers.parse.dates import Found, find_dates, parse_date
from scrapers.parse.docnumber import TAIL as _TAIL
from scrapers.parse.docnumber import normalize_doc_number, own_doc_number
from scrapers.parse.labels import read_label_table
from scrapers.parse.newsreport import (
    ORGAN_WORDS,
    Report,
    acting_organ,
    headline_subject,
    meeting_decision,
    read_report,
)
from scrapers.parse.normalize import normalize, to_simplified
from scrapers.parse.pageheader import PageHeader, read_page_header
from scrapers.parse.partial import is_account
from scrapers.parse.region import (
    PROVINCES,
    is_institution,
    leading_region,
    only_province,
    province_of_number,
    province_of_provincial_number,
    region_of,
)

Date = date  # for annotations in Metadata, whose field `date` hides the type


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: Date | None = None
    region: str | None = None
    published: Date | None = None


NOTICE_END = lazy_compile(
    r"(?:通知|决定|批复|意见|通报|公告|通告|复函|函|方案|办法|规定|细则|纪要|请示|报告)$"
)
_TITLE_IN_TEXT = lazy_compile(
    r"(?<![《\w])([^\s。，,；：《》\n]{0,40}关于[^。；：《》\n]{2,150}?的(?:通知|决定|批复|意见|通报|复函|函))(?!》)"
)
_ORGAN_WORDS = ORGAN_WORDS
_ORGAN_END = lazy_compile(_ORGAN_WORDS + "$")
_ORGAN_ANY = lazy_compile(_ORGAN_WORDS)
_NEW_ORGAN = lazy_compile(r"^(?:中共|中国共产党|国务院|中央)")
_JOINT_SEPARATORS = lazy_compile(r"[\s、，,/]+")
# Words after a date that make it a deadline or a period, not the signing date.
_NOT_SIGNING_AFTER = lazy_compile(
    r"^\s*(?:前|之前|以前|起|开始|至|到|—|-|~|零时|为止|以来|期间|实施|施行|生效|印发|印制|发布|签发)"
)
# "2019-12-11（万方平台首次上网日期…）": the page's own date, not the signing date.
_PAGE_NOTE = lazy_compile(r"^\s*（[^（）]{0,12}(?:上网|发表|更新|浏览|日期|时间)")
_TRAILING_NUMBER = lazy_compile(r"\s*[（(][^（）()]{0,20}\d+\s*号\s*[）)]$")
_BRACKETED = lazy_compile(r"[（(][^（）()]*[）)]")
_EDGE = 50_000  # characters read at each end of a very long text
# Keys compared in lower case: portals write PubDate, pubdate, pubDate …
_PUBLISHED_KEYS = ("发布日期", "pubdate", "publishdate", "firstpublishedtime", "article:published_time")


def read_metadata(
    text: str,
    *,
    meta: dict[str, str] | None = None,
    title: str | None = None,
    raw: str | None = None,
    raw_title: str | None = None,
) -> Metadata:
    """The metadata of a normalised text; with `raw` (the text before normalisation) and
    `raw_title` (the page title as given), the title keeps the punctuation it was printed
    with ("君山区:非洲猪瘟…", "全体(扩大)会议")."""
    raw_meta = meta or {}
    meta = {k: normalize(v) for k, v in raw_meta.items() if isinstance(v, str)}
    if len(text) > 2 * _EDGE:  # the heading and the signature are at the ends of a notice
        text = f"{text[:_EDGE]}\n{text[-_EDGE:]}"
    text = strip_glosses(text)
    lines = [_TITLE_LABEL.sub("", line.strip()) for line in text[:_EDGE].split("\n", 60)[:60] if line.strip()]
    head_labels = read_label_table("\n".join(line[:400] for line in lines[:12]))
    labels = {**head_labels, **{k: v for k, v in meta.items() if v}}
    header = read_page_header(text)
    # Dates on the page's header lines (发布时间, 来源 …) are never the signing date.
    dates = [found for found in find_dates(text) if not header.covers(found.start)]
    published = _published(labels) or header.published
    heading = _notice_heading(lines, labels, title)
    encyclopedia = _ENCYCLOPEDIA.search(text[:500]) is not None
    # A notice with its own heading is a report only when a report sentence quotes that title.
    quoted_heading = heading is not None and f"《{heading}》" in text[:4000]
    report = None if encyclopedia or (heading and not quoted_heading) else read_report(text, published)
    if heading and report and report.title != heading:
        report = None  # the notice itself, citing another document
    found_title = (
        heading
        or (report.title if report and report.title else None)
        or _fallback_title(lines, text, labels, title)
    )
    meeting_organ, meeting_day = (None, None) if heading or encyclopedia or report else meeting_decision(text)
    issuer = (
        (report.issuer if report else None)
        or _issuer(found_title, labels, header, text, dates)
        or (None if heading or encyclopedia else acting_organ(found_title, _first_paragraph(lines)))
        or (None if heading or encyclopedia else headline_subject(found_title, text))
        or meeting_organ
        or (None if _MEETING_HEADLINE.search(found_title or "") else _named_source(header.source, text))
        or (_site_organ(lines) if heading else None)
    )
    site = _site_organ(lines) if issuer else None
    above = site[: len(site) - len(issuer)] if site and issuer and site.endswith(issuer) else ""
    if above and _PLACE_ABOVE.fullmatch(above) and not _PROVINCE_WORDS_ONLY.fullmatch(above):
        issuer = site  # 丽水市莲都区老竹畲族镇人民政府 above, 老竹畲族镇人民政府 signed: the fuller name
    printed = [raw_title, raw_meta.get("ArticleTitle"), raw_meta.get("标题"), raw and raw[:_EDGE]]
    doc_number = (
        normalize_doc_number(labels.get("发文字号"))
        or normalize_doc_number(header.doc_number)
        or (None if encyclopedia else own_doc_number(text))  # a history cites numbers, has none
        or normalize_doc_number(report.doc_number if report else None)
    )
    return Metadata(
        title=as_printed(found_title, printed),
        issuer=issuer,
        doc_number=doc_number,
        date=_signing_date(text, dates, labels, header, report)
        or (meeting_day if issuer == meeting_organ else None),
        region=_region(issuer, found_title, text, doc_number),
        published=published,
    )


# "【标题】关于…", "标  题：关于…": the field's name is no part of the title.
_TITLE_LABEL = lazy_compile(r"^(?:【[^】]{0,4}?标\s*题】|(?:[^\s：:]{0,4}?标\s*题|名\s*称)\s*[：:])\s*(?=\S)")
_PINYIN = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}）"
_GLOSS_PROBE = lazy_compile("（" + _PINYIN)  # a literal first: a fast scan of texts with none
_GLOSS = lazy_compile("(?<=[\u4e00-\u9fff])（" + _PINYIN)


def strip_glosses(text: str) -> str:
    """Mirror pages gloss each character with its pinyin: 組（zǔ）長（zhǎng） → 組長."""
    return _GLOSS.sub("", text) if _GLOSS_PROBE.search(text) else text


# Punctuation normalize() rewrites, and what a page may have printed instead.
_PRINTED = {"（": "[（(]", "）": "[）)]", "：": "[：:︰﹕]", "；": "[；;]"}
_TRADITIONAL_CHARS = 8000  # a title is printed at the top, or quoted in a report's opening
_GLOSS_GAP = "(?:[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7}[）)])?\\s*"


def as_printed(title: str | None, sources: list[str | None]) -> str | None:
    """The title with the colons, brackets and semicolons its page printed: normalize()
    made them full-width, but a title is given as printed. Found in the first source that
    holds it (pinyin glosses, spaces and traditional characters allowed between)."""
    if not title or not any(c in _PRINTED or c == " " for c in title):
        return title
    parts: list[str] = []
    for c in title:
        if c == " ":  # a space between a headline's two parts: the page's own (　 or ASCII)
            parts.append("([ \u3000]+)")
            continue
        parts.append(f"({_PRINTED[c]})" if c in _PRINTED else re.escape(c))
    pattern = re.compile(_GLOSS_GAP.join(parts))
    for source in sources:
        if not source:
            continue
        match = pattern.search(source) or pattern.search(to_simplified(source[:_TRADITIONAL_CHARS]))
        if match:
            marks = iter(match.groups())
            return "".join(
                next(marks) if c in _PRINTED else _space(next(marks)) if c == " " else c for c in title
            )
    return title


def _space(printed: str) -> str:
    return "\u3000" if "\u3000" in printed else " "


def _clean(value: str) -> str:
    """Whitespace runs → one space: it separates joint issuers ("中共某县委办公室 某县人民政府办公室").
    Spaced-out characters ("关 于") were joined by normalize()."""
    return " ".join(value.split())


def _clean_title(value: str) -> str:
    """A title without the number some portals append: "…的通知（青政办〔2019〕10号）"."""
    return _TRAILING_NUMBER.sub("", _clean(value)) or _clean(value)


# An encyclopedia page tells a body's history: the documents it cites are not its issuer.
_ENCYCLOPEDIA = lazy_compile(
    r"维基百科|自由的百科全书|[\u4e00-\u9fff]{2}百科|baike\.|讨论(?:查看|检视)历史|跳转到内容|编辑\s*锁定"
)


# "县脱贫攻坚指挥部召开第九次调度会": a meeting report; the unit that put it up (信息来源)
# reported the meeting, it issued nothing.
_MEETING_HEADLINE = lazy_compile(r"召开|开会")
# The organ whose site the page is on, printed above the heading ("某某开发区管理委员会",
# "某某县人民政府 | 信息公开"): the issuer of a notice whose signature the page lost.
_SITE_ORGAN = lazy_compile(
    r"^([\u4e00-\u9fff]{4,30}?(?:" + _ORGAN_WORDS + r"|研究所|所)(?:（[^（）]{2,20}）)?)(?:$|\s|[|｜—-])"
)


# a site's name alone on its line: an institution or a government office, not a body
_SITE_NAME = lazy_compile(
    r"[\u4e00-\u9fff]{2,20}(?:医院|大学|学院|学校|中学|小学|公司|集团|研究所|研究院|人民政府|政府|局|厅)"
    r"(?:新闻网|信息网|门户网站|网站|网|在线|官网)?"  # 某某大学新闻网: the site's own name
)


def _named_source(source: str | None, text: str) -> str | None:
    """The page's 来源 organ, when the text names it again: the page is about its work (区统计局
    举办…); named only in the header, it is the office that put the page up."""
    return source if source and text.count(source) >= 2 else None


def _site_organ(lines: list[str]) -> str | None:
    for line in lines[:4]:
        if _URL.search(line):
            continue
        match = _SITE_ORGAN.match(line)
        if "关于" in line or NOTICE_END.search(line):
            return None  # the heading: no site name above it
        if match:
            return match.group(1)
    return None


def _first_paragraph(lines: list[str]) -> str | None:
    body = (line for line in lines[:10] if not _URL.search(line))
    return next((line for line in body if "。" in line or len(line) > 60), None)


def _given_titles(labels: dict[str, str], given: str | None) -> list[str]:
    candidates = [given, labels.get("ArticleTitle"), labels.get("标题")]
    titles = [_clean_title(normalize(c)) for c in candidates if c and c.strip()]
    # A page title cut short ("…协调小组的…") is not the notice's title.
    return [t for t in titles if not t.endswith(("...", "…", "..", "……"))]


def _notice_heading(lines: list[str], labels: dict[str, str], given: str | None) -> str | None:
    """The notice's own title: the page's, or the heading at the top of the text."""
    for candidate in _given_titles(labels, given):
        if "关于" in candidate or NOTICE_END.search(candidate):
            return candidate
    return _title_from_lines(lines[:8])


def _fallback_title(lines: list[str], text: str, labels: dict[str, str], given: str | None) -> str | None:
    found = (
        _title_from_lines(lines) or _title_introduced(lines) or _title_from_glued(text) or _title_line(lines)
    )
    return found or next(iter(_given_titles(labels, given)), None) or _headline(lines)


# Page chrome above a report's headline: breadcrumbs, greetings, contacts, share buttons.
_CHROME = lazy_compile(
    r"[>＞【]|首页|当前位置|您现在的位置|欢迎|@|Email|Copyright|ICP|安备|地址：|电话：|发文|时效|效力|"
    r"内容阅读|分享|打印|字号|浏览|来源|作者|时间：|日期：|"
    r"记者：|通讯员|[文摄]/图|摄影：|编辑："  # a byline
)
_HEADLINE_TAG = lazy_compile(r"^[【\[][\u4e00-\u9fff]{1,6}[】\]]\s*(?=[^【\[\s]{6})(?![^\n]*[：:])")
_URL = lazy_compile(r"^SOURCE|https?：//|www\.")
_ENUMERATION = lazy_compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.、．]|第[一二三四五六七八九十\d]+[条章节篇])"
)
_SITE_SUFFIX = lazy_compile(r"_[^_]*(?:网|网站|门户网站|首页|百科)$")
_WIKI_SUFFIX = lazy_compile(r"(?:查看源代码|检视原始码|编辑)?讨论(?:查看|检视)历史$")


_INTRODUCED = lazy_compile(r"^《([^《》]{4,150})》是")


def _title_introduced(lines: list[str]) -> str | None:
    """An encyclopedia-style opening: "《关于成立…的通知》是…党组2013年9月9日发布的通知。"."""
    for line in lines[:6]:
        match = _INTRODUCED.match(line)
        if match and NOTICE_END.search(match.group(1)):
            return _clean(match.group(1))
    return None


def _headline(lines: list[str]) -> str | None:
    """A report's headline: the first short line above the body that is not page chrome."""
    for line in lines[:8]:
        line = line.strip(" |-—•·")
        if _URL.search(line):
            continue
        line = _HEADLINE_TAG.sub("", line)  # 【要闻】某市成立…: the column's tag
        if "。" in line or len(line) > 100:
            return None  # the body has begun
        if _CHROME.search(line) or _SITE_NAME.fullmatch(line):
            continue  # page chrome, or the site's name (柳州市中医医院) above the headline
        if line.endswith("："):
            return None  # the addressees
        if len(line) < 6 or _ENUMERATION.match(line) or _TAIL.search(line) or find_dates(line):
            continue  # too short, a section heading, a doc number, a dated field
        if _SITE_SUFFIX.search(line):
            line = line.split("_", 1)[0]  # "headline_column_site" (a page's <title>)
        line = _WIKI_SUFFIX.sub("", line)
        if len(re.findall(r"[\u4e00-\u9fff]", line)) >= 4:
            return _clean(line)
    return None


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
                return _fullest(head[i + 1 : i + 8], joined)
    return None


def _fullest(following: list[str], title: str) -> str:
    """A page title may precede the notice's fuller heading: "关于成立…的通知" then
    "省人民政府办公厅关于成立" / "…的通知" on the next lines."""
    for i in range(len(following)):
        for k in range(1, 4):
            joined = _clean("".join(following[i : i + k]))
            suffix = title[title.index("关于") :]
            prefix = joined[: len(joined) - len(suffix)]
            organ = _ORGAN_END.search(prefix) is not None and not re.search(r"\d|^- ", prefix)
            if joined.endswith(suffix) and 0 < len(prefix) <= 40 and "关于" not in prefix and organ:
                dropped = title[: len(title) - len(joined)] if len(joined) < len(title) else ""
                if _JOINT_FIRST.fullmatch(dropped) and not prefix.startswith(dropped):
                    return title  # 中共某县委办公室 / 某县人民政府办公室 / 关于…: a joint heading, whole
                return joined
    return title


# the first organ of a joint heading printed on its own line above the second's
_JOINT_FIRST = lazy_compile(
    r"(?:中共|中国共产党)?[\u4e00-\u9fff]{2,20}(?:办公室|办公厅|人民政府|委员会|党委|[省市县区]委)"
)
# A plan's title with the text run on after it: a space and the first sentence, or the
# addressees ("…实施方案机关各科室：").
_GLUED_PLAN = lazy_compile(
    r"^(\S.{3,40}?(?:方案|办法|规定|细则|意见))(?: (?=\S{2})|(?=[^：]{0,12}各[^：]{0,12}：$))"
)


def _title_line(lines: list[str]) -> str | None:
    """A heading without 关于 (…印发…的通知) among the first lines."""
    for line in lines[:6]:
        if len(line) <= 100 and NOTICE_END.search(line) and not _not_title_line(line):
            return _clean(line)
        glued = _GLUED_PLAN.match(line)  # "某学院20周年校庆活动总体工作方案 为做好…"
        if glued and not _not_title_line(glued.group(1)):
            return re.sub(r"(?<=\S) (?=\d)|(?<=\d) (?=\S)", "", _clean(glued.group(1)))
    return None


# A breadcrumb trail (首页 - 政务公开 - 正文, ┃首页┃…┃, 首页 » 通知公告): never part of a heading.
_BREADCRUMB = lazy_compile(r"首页|当前位置|您的位置|现在的位置|[┃│｜»›→]| [-/·] ")
_LATIN_WORDS = lazy_compile(r"[A-Za-z]{3,}[\s'’.,&-]+[A-Za-z]{3,}")
# A date on its own (2013年5月20日) or a doc number ((2008年16号)); a heading may name a
# year (关于成立2013年…的通知).
_DATED = lazy_compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|^\s*\d{4}\s*年\s*$"
    r"|\d\s*号\s*[）)]?\s*$|^【[^】]{1,8}】"  # …or a law database's 【发文字号】 field
)


def _not_title_line(line: str) -> bool:
    return (
        len(line) > 100
        or any(c in line for c in "。：；〔>|_")
        or line.endswith("文件")
        or _DATED.search(line) is not None
        or _BREADCRUMB.search(line) is not None
        or _LATIN_WORDS.search(line) is not None  # a site's English name beside its Chinese one
    )


def _title_from_glued(text: str) -> str | None:
    match = _TITLE_IN_TEXT.search(text[:3000])
    if match is None or text.count("\n", 0, match.start()) > 3 or "了" in match.group(1)[:40]:
        return None  # a cited title below the first lines, or one a report mentions (印发了…)
    return _clean(match.group(1))


def _issuer(
    title: str | None, labels: dict[str, str], header: PageHeader, text: str, dates: list[Found]
) -> str | None:
    """The title's organ, else the table's, else the signature's; a named place beats none
    (a title's 市政府办公室 gives way to a signature's 温州市人民政府办公室)."""
    signature = _signature(text, dates) or _undated_signature(text)
    found = [
        _title_issuer(title) or _masthead(text),
        _table_issuer(labels) or _header_issuer(header),
        signature,
    ]
    signed = found[2]
    if signed and found[0] and signed != found[0] and signed.endswith(found[0]):
        found[0] = signed  # 临平区人民政府办公室 signed 杭州市临平区人民政府办公室: the fuller name
    if signed:
        return signed
    candidates = [c for c in found if c]
    if not candidates:
        return None
    return next((c for c in candidates if region_of(c)), candidates[0])


_PROVINCE_NAMES = frozenset(PROVINCES.values())
_PROVINCIAL = lazy_compile(r"^(?:中共)?(?:省|自治区)")
_LOCAL_GOVERNMENT = lazy_compile(r"[市县区州](?:人民政府|政府|委)")
_REGION_CHARS = 1500
_PROVINCE_WORDS = lazy_compile(
    r"我省|全省|省政府|省人民政府|省委|副?省长|自治区(?:人民政府|政府|党委|副?主席)|全区"
)


def _region(issuer: str | None, title: str | None, text: str, doc_number: str | None = None) -> str | None:
    """The issuer's place; when its name has none (省政府办公厅, or no issuer), the place the
    title's organ or the title itself begins with. Institutions govern no region."""
    if is_institution(issuer):
        return None
    found = region_of(issuer) or region_of(_title_issuer(title)) or leading_region(title)
    if not found and issuer is None and (by_form := province_of_provincial_number(doc_number)):
        return by_form  # no issuer, 鄂政办发〔2019〕12号
    if not found and issuer is None and title and (bare := _BARE_LEVEL_TITLE_RE.match(title)):
        # "县脱贫攻坚指挥部召开…" on the 纳雍县人民政府网: the one county the page names
        return _named_place(text[:_REGION_CHARS], bare.group(1))
    # a headline's city or county with no organ named: whose notice is unknown; but a page
    # headed by a body's own name (赣州市第七次全国人口普查领导小组) is that place's body
    body_page = title is not None and _BODY_HEADING_RE.fullmatch(title) is not None
    if found and issuer is None and found != "全国" and found not in _PROVINCE_NAMES and not body_page:
        # …unless the page names that place's own government or Party committee (来源：赤峰市人民政府)
        level = found[-1]
        return found if level in "市县区" and _named_place(text[:_REGION_CHARS], level) == found else None
    if not found and issuer and (bare := _BARE_LEVEL_ISSUER_RE.match(issuer)):
        # 市委, and 济南市委 in the text; 市政府办公厅 and a title about 齐齐哈尔市冰雪…领导小组
        level = bare.group(1)
        return (
            _named_place(text[:_REGION_CHARS], level)
            or _titled_place(title, level)
            or _established_place(text[:_REGION_CHARS], level)
            or _headline_place(title, level)
        )
    if found or (issuer and not _PROVINCIAL.match(issuer)):
        return found
    if issuer and (by_number := province_of_number(doc_number)):
        return by_number  # 省政府办公厅, 川办函〔2021〕35号
    # 省政府办公厅, or no issuer, in a text about a province (我省, 省政府): the one province
    # the text names, if only one.
    # Page chrome (a site's address, its copyright line) says nothing of the notice.
    head = "\n".join(line for line in text[:_REGION_CHARS].split("\n") if not _CHROME.search(line))
    if _PROVINCE_WORDS.search(head):
        # a provincial organ with its place unwritten: the one province the text names, else
        # the one its page names (人民网>>广西频道)
        by_page = only_province(text[:_REGION_CHARS]) if issuer and _PROVINCIAL.match(issuer) else None
        return only_province(head) or by_page
    # A report about a State Council body, naming no province: the national level.
    opening = text[:300]
    undated = _DATELINE_PLACE.sub("", head)  # 本报北京6月3日电: where the paper wrote, not whose body
    named = only_province(head)
    national = (
        "国务院" in opening
        and not _LOCAL_GOVERNMENT.search(opening)
        and not (named and only_province(undated) == named)
    )
    return "全国" if issuer is None and national else None


_DATELINE_PLACE = lazy_compile(
    r"(?:本报|新华社|中新社|中新网|人民网)?[\u4e00-\u9fff]{2,4}\d{1,2}月\d{1,2}日(?:电|讯)"
)
_BODY_HEADING_RE = lazy_compile(
    r"[\u4e00-\u9fff“”]{4,40}(?:领导小组|工作小组|委员会|指挥部|工作专班|专班|联席会议|协调小组)"
)
# a headline about a body of its level, its place unwritten (县…领导小组召开…, 市…会议)
_BARE_LEVEL_TITLE_RE = lazy_compile(r"^(?:中共)?([市县区])(?![长级直属场域民])")
# an issuer named by its level alone (市委, 县政府办公室): its place is the one the text names
_BARE_LEVEL_ISSUER_RE = lazy_compile(r"^(?:中共)?([市县区])(?:委|人民政府|政府)")
_PLACED_ORGAN_RE = lazy_compile(
    r"(?m)(?:(?<![\u4e00-\u9fff])|(?<=[从在由和与及的据对经向]))([\u4e00-\u9fff]{2,3}?)([市县区])(?:委|人民政府|政府)"
    r"|^[ \t]*([\u4e00-\u9fff]{4})([市县区])(?:人民政府|政府)"  # 齐齐哈尔市人民政府网: a site's name
)


_PREPOSITION_END = lazy_compile(r"[从在由向据对经和与及的]$|记者|获悉|据悉")
_NOT_PLACE_WORDS_RE = lazy_compile(r"[省市县区各全本我该两]|召开|印发|政府|人民")


_TITLE_VERB = lazy_compile(r"^.*?关于(?:同意)?(?:成立|调整|设立|组建|建立|印发|撤销|充实|加强|明确)?")


def _titled_place(title: str | None, level: str) -> str | None:
    """The place of `level` a 关于 title's subject begins with (关于成立齐齐哈尔市…领导小组)."""
    if not title or "关于" not in title:
        return None
    place = leading_region(_TITLE_VERB.sub("", title, count=1))
    return place if place and place.endswith(level) and len(place) > 2 else None


_ESTABLISHED_PLACE_RE = lazy_compile(
    r"(?:成立|设立|组建|调整|建立)(?:了)?([\u4e00-\u9fff]{2,4}?[市县区])(?![长级直属场域民委政])"
)


def _established_place(text: str, level: str) -> str | None:
    """The one place of `level` that the bodies the text sets up are named after
    (市委决定成立桂林市漓江…指挥部 → 桂林市)."""
    found = {
        m.group(1)
        for m in _ESTABLISHED_PLACE_RE.finditer(text)
        if m.group(1).endswith(level) and not _NOT_PLACE_WORDS_RE.search(m.group(1)[:-1])
    }
    return found.pop() if len(found) == 1 else None


def _headline_place(title: str | None, level: str) -> str | None:
    """The place of `level` a headline begins with (宁波市成立… over 市委决定成立…)."""
    place = leading_region(title) if title and "关于" not in title else None
    return place if place and place.endswith(level) and len(place) > 2 else None


def _named_place(text: str, level: str) -> str | None:
    """The one place of `level` (济南市) the text names before an organ (济南市委); else None."""
    found = set()
    for m in _PLACED_ORGAN_RE.finditer(text):
        stem, found_level = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if found_level != level or _NOT_PLACE_WORDS_RE.search(stem) or _PREPOSITION_END.search(stem):
            continue  # 记者从市政府获悉: no place 记者从市
        found.add(stem + level)
    return found.pop() if len(found) == 1 else None


_LEADING_ORGAN = lazy_compile(r"^[\u4e00-\u9fff]{2,16}?" + _ORGAN_WORDS)


def _title_issuer(title: str | None) -> str | None:
    if title and "关于" not in title and NOTICE_END.search(title):
        # "某学院20周年校庆活动总体工作方案": the organ the title begins with
        match = _LEADING_ORGAN.match(title)
        return match.group(0) if match and not re.match("[我本该各全]", title) else None
    if not title or "关于" not in title:
        return None
    before = title[: title.index("关于")].strip()
    before = re.split(r"转发|印发|批转", before)[0]  # 国务院办公厅转发某部关于… → 国务院办公厅
    if before.endswith("文件"):
        before = before[:-2]
    parts = [p for p in _JOINT_SEPARATORS.split(before) if p]
    return _first_of_joint(parts[0]) if parts and _ORGAN_END.search(parts[0]) else None


_MASTHEAD_RE = lazy_compile(r"(?m)^[ ]*([^\s，。：]{2,30}?)[ ]*文件[ ]*$")


def _masthead(text: str) -> str | None:
    """The organ of a red-header masthead on the first lines (某县人民政府办公室文件)."""
    m = _MASTHEAD_RE.search(text[:200])
    if m is None or text.count("\n", 0, m.start()) > 3 or not _ORGAN_END.search(m.group(1)):
        return None
    return _JOINT_SEPARATORS.split(m.group(1))[0]


def _table_issuer(labels: dict[str, str]) -> str | None:
    for key in ("发布机构", "ContentSource"):
        value = _clean(labels.get(key, ""))
        if value and _ORGAN_END.search(value) and len(value) <= 40:
            return _JOINT_SEPARATORS.split(value)[0]
    return None


def _header_issuer(header: PageHeader) -> str | None:
    value = header.issuer
    return _JOINT_SEPARATORS.split(value)[0] if value and _ORGAN_END.search(value) else None


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
    """The organ signing above (or glued before) the last date; the first of a joint
    signature's lines. The 抄送/印发 footer's organ ("…办公室 2021年5月10日印发") is not it."""
    for found in reversed(dates):
        if text[found.end : found.end + 3].lstrip().startswith("印发"):
            continue
        line_start = text.rfind("\n", 0, found.start) + 1
        line_end = text.find("\n", found.end)
        after = text[found.end : line_end if line_end != -1 else len(text)]
        if _AFTER_DATE_TEXT.search(_BRACKETED.sub("", after)):
            continue  # "1997年06月18日 延安日报 第2版": a dateline, not a signature's date
        line = _SEAL.sub("", text[line_start : found.start])
        # Glued pages: the organ follows the last sentence on the same line.
        for stop in "。！？）”】":
            line = line[line.rfind(stop) + 1 :]
        line = _clean(_ATTACHMENT_NOTE.sub("", line))
        if line and len(line) <= 40 and _ORGAN_END.search(_ALIAS.sub("", line)):
            return _JOINT_SEPARATORS.split(line)[0]
        if line:
            return None
        before = text[:line_start].rstrip()
        above = before.split("\n")[-5:]
        signers: list[str] = []
        for prev_line in (_SEAL.sub("", _clean(_ATTACHMENT_NOTE.sub("", x))) for x in reversed(above)):
            if prev_line and len(prev_line) <= 40 and _ORGAN_END.search(_ALIAS.sub("", prev_line)):
                signers.insert(0, prev_line)
            elif prev_line in ("中国共产党", "中共") and signers:
                signers[0] = prev_line + signers[0]  # 中国共产党 / 某某党组, printed on two lines
                break
            else:
                break
        return _JOINT_SEPARATORS.split(signers[0])[0] if signers else None
    return None


# the places a site's name writes before the signing organ's (丽水市莲都区 + 老竹畲族镇人民政府)
_PLACE_ABOVE = lazy_compile(r"[\u4e00-\u9fff]{1,12}[市县区州旗盟]")
_PROVINCE_WORDS_ONLY = lazy_compile(r"中华人民共和国|中国")
# "附件：略" glued before the signing organ (附件：略安远县人民政府办公室)
_ATTACHMENT_NOTE = lazy_compile(r"^.*?附件[：:]\s*(?:略|从略|另发)")
# an organ's other name in brackets after it: 某某医学院第一附属医院（弋矶山医院）
_ALIAS = lazy_compile(r"（[^（）]{2,20}）$")
# words after a date on its line that make it no signature's date (a paper's name, a page)
_AFTER_DATE_TEXT = lazy_compile(r"[\u4e00-\u9fff]{2}(?<!印发)(?<!印制)(?<!签发)")
# the seal's mark after a signing organ: 某某县人民政府办公室（代章）, （印）, （盖章）
_SEAL = lazy_compile(r"\s*[（(](?:代章|印|盖章|章|公章|签章|代)[）)]\s*$")
_SIGNER_END = lazy_compile(r"(?:人民政府|政府|办公厅|办公室|委员会|党组|党委|[省市县区]委|局|厅|部|院)$")


def _undated_signature(text: str) -> str | None:
    """A signature with its date left off: an organ alone on the text's last line."""
    last = _clean(text.rstrip()[-60:].rsplit("\n", 1)[-1])
    if not (2 < len(last) <= 20 and re.fullmatch(r"[\u4e00-\u9fff ]+", last)):
        return None
    # Each part an organ (a joint signature), not a list's last line "范卫平 广电总局副局长".
    parts = _JOINT_SEPARATORS.split(last)
    return parts[0] if all(_SIGNER_END.search(part) for part in parts) else None


_STAMP_FORM = lazy_compile(r"(?:19|20)\d{2}[-/.]")


def _signed_above(text: str, line_start: int) -> bool:
    """An organ on the line above (the signature), or a bracket note line between."""
    above = text[:line_start].rstrip().rsplit("\n", 1)[-1].strip()
    return bool(above) and (_ORGAN_END.search(_clean(above)) is not None or above.endswith("印"))


def _signing_date(
    text: str, dates: list[Found], labels: dict[str, str], header: PageHeader, report: Report | None
) -> date | None:
    """The date under the signature, else the header's or table's 成文日期, else the day a
    news report says the notice was issued. Never a deadline, a date in the body's prose
    or the page's publication date."""
    for found in reversed(dates):
        line_start = text.rfind("\n", 0, found.start) + 1
        line_end = text.find("\n", found.end)
        line = text[line_start : line_end if line_end != -1 else len(text)].strip(" |")
        rest = text[found.end : line_end if line_end != -1 else len(text)]
        # Alone on its line, but for a note in brackets: "2019年2月14日（此件公开发布）".
        others = line.replace(" ", "").replace(text[found.start : found.end].replace(" ", ""), "")
        alone = not _BRACKETED.sub("", others).strip("（）() ")
        glued = _ORGAN_END.search(_SEAL.sub("", text[line_start : found.start]).rstrip()) is not None
        stamp = alone and not glued and _STAMP_FORM.match(text, found.start) is not None
        if stamp and not _signed_above(text, line_start):
            continue  # "2020-07-24" alone with no organ above: a page stamp, not a signature
        if (alone or glued) and not _NOT_SIGNING_AFTER.match(rest) and not _PAGE_NOTE.match(rest):
            return found.value
    signed = header.signed
    if signed and signed == header.published and is_account(text):
        signed = None  # a portal's 发文日期 on a news item: the day it was put up, no signing
    return signed or parse_date(labels.get("成文日期")) or (report.date if report else None)


def _published(labels: dict[str, str]) -> date | None:
    lowered = {k.lower(): v for k, v in labels.items()}
    return next((d for d in map(parse_date, (lowered.get(k) for k in _PUBLISHED_KEYS)) if d), None)
