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

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.decoding import MAX_INPUT_BYTES, BadDocument, check_size, decode_html, sniff
from scrapers.htmltext import collapse, find_body, parse_html, render, tidy
from scrapers.lazyre import lazy_compile
from scrapers.parse.labels import read_label_table

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
_HTML_HINT = lazy_compile(r"<(?:!doctype|html|head|body|meta|title|div|p|table|br|span|a)\b", re.I)
_SITE_SUFFIX = lazy_compile(r"\s*(?:_|\||｜|—+|-(?!\d))\s*")
# a notice's title, or a standing page's heading naming the body (遵义市医疗保障局内部控制工作领导小组)
_NOTICE_END = lazy_compile(
    r"(通知|决定|批复|意见|办法|公告|通告|通报|函|方案|规定|细则|纪要"
    r"|领导小组|工作小组|委员会|联席会议|指挥部|工作专班|专班|协调小组)$"
)
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
    encoding: str | None = None,
) -> Page:
    """Read a notice page (HTML or plain text); BadDocument for junk, empty, binary or too large.

    `encoding` (a source's configured encoding) overrides the page's own declarations.
    """
    check_size(len(data))
    sniff(data)
    text = decode_html(data, header_charset, encoding=encoding)
    if not is_html(text):
        body = tidy(text.replace("\r\n", "\n").replace("\r", "\n"))
        if not body:
            raise BadDocument("empty file")
        return Page(text=body, meta=read_label_table(body))
    tree = parse_html(text)
    meta = _meta_tags(tree)
    tree.strip_tags(["script", "style", "noscript", "template"])
    root = tree.body or tree.root
    # Every text node on its own line: cheap, and enough to read the 信息公开 table.
    raw = root.text(separator="\n") if root is not None else ""
    meta.update({k: v for k, v in read_label_table(raw).items() if k not in meta})
    body_node = find_body(tree, content_selector)
    body = render(body_node, skip_noise=True) if body_node is not None else ""
    if not body and root is not None:
        body = render(root)
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
    for node in tree.css("meta[name], meta[property]"):
        name = (node.attributes.get("name") or node.attributes.get("property") or "").strip()
        content = collapse(node.attributes.get("content"))
        if name and content and name not in meta:
            meta[name] = content
    return meta


def _title(tree: LexborHTMLParser, meta: dict[str, str]) -> str | None:
    for key in ("ArticleTitle", "articletitle", "标题", "og:title"):
        if meta.get(key):
            return meta[key]
    for selector in _TITLE_SELECTORS:
        for node in tree.css(selector):
            text = collapse(node.text(deep=True))
            if 6 <= len(text) <= 200 and _NOTICE_END.search(text) and not _in_link_list(node):
                return text
    title = tree.css_first("title")
    if title is None:
        return None
    pieces = [p for p in _SITE_SUFFIX.split(collapse(title.text(deep=True))) if p]
    return max(pieces, key=len) if pieces else None


def _in_link_list(node: LexborNode) -> bool:
    """A title inside a link or a list item belongs to a list of other notices."""
    parent = node if node.tag == "a" else node.parent
    for _ in range(6):
        if parent is None:
            return False
        if parent.tag in {"a", "li"}:
            return True
        parent = parent.parent
    return False


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


def _query_values(query: str) -> list[str]:
    return [unquote(pair.partition("=")[2]) for pair in query.split("&") if pair]


def _attachments(links: list[Link]) -> list[Attachment]:
    found = []
    for link in links:
        parts = urlsplit(link.url)
        path = unquote(parts.path).lower()
        # Download scripts name the file in the query: downfile.jsp?filename=2006121530412.pdf
        query_file = any(v.lower().endswith(ATTACHMENT_EXTENSIONS) for v in _query_values(parts.query))
        if (
            path.endswith(ATTACHMENT_EXTENSIONS)
            or query_file
            or link.text.lower().endswith(ATTACHMENT_EXTENSIONS)
        ):
            name = link.text or posixpath.basename(unquote(urlsplit(link.url).path))
            found.append(Attachment(url=link.url, name=name))
    return found
