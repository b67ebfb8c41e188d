"""Bytes of a saved notice (HTML page or plain text) → body text, title, metadata, attachments, links.

`meta` keys: the 信息公开 table's labels in a fixed form (索引号, 发文字号, 发布机构, 成文日期,
发布日期, 主题分类, 公文时效, 标题) and the page's <meta name=…> tags under their own names
(ArticleTitle, PubDate, ContentSource, …). scrapers.parse.metadata reads both.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from scrapers.decoding import MAX_INPUT_BYTES, BadDocument, check_size, decode_html, sniff
from scrapers.htmltext import collapse, find_body, parse_html, render, tidy

__all__ = [
    "MAX_INPUT_BYTES",
    "Attachment",
    "BadDocument",
    "Link",
    "Page",
    "decode_html",
    "extract_page",
]


@dataclass
class Attachment:
    url: str
    name: str


@dataclass
class Link:
    url: str
    text: str


@dataclass
class Page:
    text: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".ofd", ".zip", ".rar")
_HTML_HINT = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|table|br|span|a)\b", re.I)
# 信息公开 labels, possibly spaced ("索 引 号"), and the fixed key each one is stored under.
_LABELS: dict[str, str | None] = {
    "索引号": "索引号",
    "发文字号": "发文字号",
    "文号": "发文字号",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发文单位": "发布机构",
    "发布单位": "发布机构",
    "成文日期": "成文日期",
    "成文时间": "成文日期",
    "发布日期": "发布日期",
    "发布时间": "发布日期",
    "公开日期": "发布日期",
    "主题分类": "主题分类",
    "公文时效": "公文时效",
    "有效性": "公文时效",
    "标题": "标题",
    "名称": "标题",
    "来源": "来源",
    "信息来源": "来源",
    # Labels that only end the value before them (font-size switches, hit counters).
    "字号": None,
    "浏览次数": None,
    "访问量": None,
    "点击数": None,
    "作者": None,
}


def _label_pattern(label: str) -> str:
    # Labels glued to the previous value ("…办公厅公文时效：有效") are common; only the short,
    # ambiguous ones must not follow another Chinese character.
    guard = r"(?<![\u4e00-\u9fff])" if len(label) <= 2 else ""
    return guard + r"\s*".join(label)


_LABEL_RE = re.compile(
    "(" + "|".join(_label_pattern(x) for x in sorted(_LABELS, key=len, reverse=True)) + r")\s*(?:[:：]|\t)"
)
_DATE_KEYS = {"成文日期", "发布日期"}
_DATE = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||｜|—+|-(?!\d))\s*")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
_NOTICE_END = re.compile(r"(通知|决定|批复|意见|办法|公告|通告|通报|函|方案|规定|细则|纪要)$")
_TITLE_SELECTORS = (
    ".article-title",
    ".article_title",
    ".news-title",
    ".news_title",
    ".detail-title",
    "#title",
    ".title",
    ".tit",
    "h1",
    "h2",
)


def is_html(text: str) -> bool:
    return _HTML_HINT.search(text[:65536]) is not None


def extract_page(
    data: bytes,
    *,
    url: str | None = None,
    header_charset: str | None = None,
    content_selector: str | None = None,
) -> Page:
    """Read a notice page (HTML or plain text); BadDocument for junk, empty, binary or too large."""
    check_size(len(data))
    sniff(data)
    text = decode_html(data, header_charset)
    if not is_html(text):
        body = tidy(text.replace("\r\n", "\n").replace("\r", "\n"))
        if not body:
            raise BadDocument("empty file")
        return Page(text=body, meta=read_label_table(body))
    tree = parse_html(text)
    meta = _meta_tags(tree)
    page_text = render(tree.root) if tree.root is not None else ""
    meta.update({k: v for k, v in read_label_table(page_text).items() if k not in meta})
    body_node = find_body(tree, content_selector)
    body = render(body_node, skip_noise=True) if body_node is not None else ""
    if not body:
        body = page_text
    if not body.strip():
        raise BadDocument("no text in the page")
    base = _base_url(tree, url)
    links = _links(tree, base)
    return Page(
        text=body,
        title=_title(tree, meta),
        meta=meta,
        attachments=_attachments(links),
        links=links,
    )


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").strip()
        content = collapse(node.attributes.get("content"))
        if name and content and name not in meta:
            meta[name] = content
    return meta


def read_label_table(text: str) -> dict[str, str]:
    """The 信息公开 label/value pairs ("发文字号：青政办〔2019〕10号"), first occurrence of each."""
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if len(line) > 400:
            continue
        matches = list(_LABEL_RE.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip(" \t:：")
            # A value is one cell: stop at the next cell boundary.
            value = value.split("\t")[0].strip()
            key = _LABELS[re.sub(r"\s+", "", match.group(1))]
            if key in _DATE_KEYS:
                date = _DATE.search(value)
                value = date.group(0) if date else ""
            if key and value and key not in found and len(value) <= 200:
                found[key] = value
    return found


def _title(tree: LexborHTMLParser, meta: dict[str, str]) -> str | None:
    for key in ("ArticleTitle", "articletitle", "标题"):
        if meta.get(key):
            return meta[key]
    for selector in _TITLE_SELECTORS:
        for node in tree.css(selector):
            text = _CJK_SPACE.sub("", collapse(node.text(deep=True)))
            if 6 <= len(text) <= 200 and _NOTICE_END.search(text):
                return text
    node = tree.css_first("title")
    if node is None:
        return None
    pieces = [p for p in _SITE_SUFFIX.split(collapse(node.text(deep=True))) if p]
    return max(pieces, key=len) if pieces else None


def _base_url(tree: LexborHTMLParser, url: str | None) -> str | None:
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    if href:
        return urljoin(url, href) if url else href
    return url


def _links(tree: LexborHTMLParser, base: str | None) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            absolute = urljoin(base, href) if base else href
        except ValueError:  # malformed URL (bad IPv6 brackets …) is not a link
            continue
        if absolute in seen:
            continue
        seen.add(absolute)
        links.append(
            Link(url=absolute, text=collapse(node.text(deep=True)) or collapse(node.attributes.get("title")))
        )
    return links


def _attachments(links: list[Link]) -> list[Attachment]:
    found = []
    for link in links:
        path = unquote(urlsplit(link.url).path).lower()
        if path.endswith(ATTACHMENT_EXTENSIONS) or link.text.lower().endswith(ATTACHMENT_EXTENSIONS):
            name = link.text or posixpath.basename(unquote(urlsplit(link.url).path))
            found.append(Attachment(url=link.url, name=name))
    return found
