"""List pages → notice links: one generic adapter driven by config, and a registry for
site-specific adapters (`@register("name")`). An unknown adapter name is a config error that
lists the valid ones.

The generic adapter reads the list forms portals use: TRS static lists (`<li><a title=…>…</a>
<span>date</span>`), table lists (索引号 / 标题 / 发文字号 / 日期), Hanweb `/col/colNNN/` pages
whose items sit in `<recordset><record><![CDATA[…]]>` blocks; pagination by TRS
`createPageHTML(N, cur, "index", "html")` or a 下一页 link. The "json" adapter reads JSON list
APIs from a URL template and dotted JSON paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.htmltext import parse_html
from scrapers.titles import title_matcher as title_matcher  # the title filter lives there

_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_PAGER = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_PAGER_ARG = re.compile(r"""\s*(?:(\d+)|["']([^"']*)["']|[^,]*)\s*(?:,|$)""")
_ONCLICK_URL = re.compile(r"""["']([^"'\s]*(?:/|\.s?html?|\.jsp|\.php|\.aspx?)[^"'\s]*)["']""")
_SPACE = re.compile(r"\s+")
_CONTAINERS = frozenset({"li", "tr", "dd", "dt", "p", "div", "td", "h3", "h4", "span"})
_PAGE_EXTS = ("html", "shtml", "htm", "jhtml")


class UnknownAdapter(ValueError):
    pass


@dataclass
class ListItem:
    title: str
    url: str
    date: str | None = None  # ISO YYYY-MM-DD when the list gives one


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    next_urls: list[str] = field(default_factory=list)  # the next page, then fallbacks


@dataclass
class SiteOptions:
    """What the adapters read from a source's config."""

    list_urls: list[str]
    item_selector: str | None = None
    json_items: str | None = None
    json_title: str | None = None
    json_url: str | None = None
    json_date: str | None = None

    @classmethod
    def from_source(cls, source: Any) -> SiteOptions:
        names = ("item_selector", "json_items", "json_title", "json_url", "json_date")
        return cls(list(source.list_urls), **{n: getattr(source, n, None) for n in names})


def iso_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def link_target(node: LexborNode, base: str) -> str | None:
    """The absolute http(s) URL an anchor leads to: its href, or the URL in its onclick
    when the href is `javascript:…`/`#`. None for anything else."""
    attrs = node.attributes
    href = (attrs.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        match = _ONCLICK_URL.search(attrs.get("onclick") or "")
        if not match:
            return None
        href = match.group(1)
    url = urljoin(base, href)
    if "#" in url:
        url = urldefrag(url).url
    return url if url.startswith(("http://", "https://")) else None


class Adapter:
    """Reads one kind of list page. Subclasses register under a config name."""

    name: ClassVar[str] = ""

    def __init__(self, options: SiteOptions) -> None:
        self.options = options

    def first_urls(self) -> list[str]:
        return list(self.options.list_urls)

    def parse(self, text: str, url: str, page_no: int = 0) -> ListPage:
        raise NotImplementedError


ADAPTERS: dict[str, type[Adapter]] = {}


def register(name: str) -> Callable[[type[Adapter]], type[Adapter]]:
    def add(cls: type[Adapter]) -> type[Adapter]:
        cls.name = name
        ADAPTERS[name] = cls
        return cls

    return add


def adapter_class(name: str) -> type[Adapter]:
    try:
        return ADAPTERS[name]
    except KeyError:
        valid = ", ".join(sorted(ADAPTERS))
        raise UnknownAdapter(f"unknown adapter {name!r} (valid: {valid})") from None


def make_adapter(name: str, options: SiteOptions) -> Adapter:
    return adapter_class(name)(options)


@register("generic")
class GenericAdapter(Adapter):
    """Any HTML list whose items are links beside a date (or picked by `item_selector`)."""

    def parse(self, text: str, url: str, page_no: int = 0) -> ListPage:
        tree = parse_html(text)
        base_node = tree.css_first("base[href]")
        base = urljoin(url, base_node.attributes.get("href") or "") if base_node else url
        items = self._items(tree, base)
        for block in _RECORD.findall(text):  # Hanweb: items in an embedded recordset
            items.extend(self._items(parse_html(block), base, require_date=False))
        unique: dict[str, ListItem] = {}
        for item in items:
            unique.setdefault(item.url, item)
        return ListPage(list(unique.values()), next_page_urls(tree, text, url))

    def _items(self, tree: LexborHTMLParser, base: str, require_date: bool = True) -> list[ListItem]:
        selector = self.options.item_selector
        dates: dict[int, str | None] = {}  # per container: links that share one are read once
        if selector:
            nodes = [n if n.tag == "a" else n.css_first("a") for n in tree.css(selector)]
            return [i for n in nodes if n is not None and (i := self._item(n, base, False, dates))]
        return [i for n in tree.css("a") if (i := self._item(n, base, require_date, dates))]

    @staticmethod
    def _item(
        anchor: LexborNode, base: str, require_date: bool, dates: dict[int, str | None]
    ) -> ListItem | None:
        url = link_target(anchor, base)
        if url is None:
            return None
        title = clean(anchor.attributes.get("title")) or clean(anchor.text())
        if len(title) < 4:
            return None
        date = None
        node = anchor.parent
        for _ in range(3):  # the row or list entry that holds the link, and its date
            if node is None or node.tag in ("ul", "ol", "table", "tbody", "body"):
                break
            if node.tag in _CONTAINERS:
                key = node.mem_id
                if key not in dates:  # one text per container, not one per link in it (n²)
                    dates[key] = iso_date(node.text(separator=" "))
                date = dates[key]
                if date:
                    break
            node = node.parent
        if date is None and require_date:
            return None
        return ListItem(title, url, date)


def next_page_urls(tree: LexborHTMLParser, text: str, url: str) -> list[str]:
    """The next list page: from TRS createPageHTML, else a 下一页 link."""
    match = _PAGER.search(text)
    if match:
        urls = _trs_next(match.group(1), url)
        if urls is not None:
            return urls
    for anchor in tree.css("a"):
        if "下一页" in anchor.text() or clean(anchor.text()) == "下页":
            target = link_target(anchor, url)
            if target and target != url:
                return [target]
    return []


def _trs_next(args: str, url: str) -> list[str] | None:
    """createPageHTML(count, current, prefix, ext) → index.html, index_1.html, …; some
    portals skip index_1, so index_2 is given as a fallback after it."""
    numbers: list[int] = []
    strings: list[str] = []
    for number, string in _PAGER_ARG.findall(args):
        if number:
            numbers.append(int(number))
        elif string:
            strings.append(string)
    ext_index = next((i for i, s in enumerate(strings) if s.lower() in _PAGE_EXTS), None)
    if len(numbers) < 2 or ext_index is None or ext_index == 0:
        return None
    count, current = numbers[0], numbers[1]
    prefix, ext = strings[ext_index - 1], strings[ext_index]
    nxt = current + 1
    if nxt >= count:
        return []
    urls = [urljoin(url, f"{prefix}_{nxt}.{ext}")]
    if nxt == 1 and count > 2:
        urls.append(urljoin(url, f"{prefix}_2.{ext}"))
    return urls


def json_path(data: Any, path: str | None) -> Any:
    if not path:
        return data
    for key in path.split("."):
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        else:
            return None
    return data


@register("json")
class JsonAdapter(Adapter):
    """A JSON list API: list_urls[0] is a template with {page} (1-based); json_items,
    json_title, json_url and json_date are dotted paths (items, then fields of an item)."""

    def first_urls(self) -> list[str]:
        return [self.page_url(url, 0) for url in self.options.list_urls]

    @staticmethod
    def page_url(template: str, page_no: int) -> str:
        return template.replace("{page}", str(page_no + 1)).replace("{page0}", str(page_no))

    def parse(self, text: str, url: str, page_no: int = 0) -> ListPage:
        try:
            data = json.loads(text)
        except ValueError:
            return ListPage()
        rows = json_path(data, self.options.json_items)
        items: list[ListItem] = []
        for row in rows if isinstance(rows, list) else []:
            title = clean(str(json_path(row, self.options.json_title or "title") or ""))
            link = json_path(row, self.options.json_url or "url")
            if not title or not isinstance(link, str) or not link.strip():
                continue
            target = urldefrag(urljoin(url, link.strip())).url
            if urlsplit(target).scheme not in ("http", "https"):
                continue
            date = json_path(row, self.options.json_date or "date")
            items.append(ListItem(title, target, iso_date(str(date)) if date else None))
        template = next((t for t in self.options.list_urls if self.page_url(t, page_no) == url), None)
        has_next = bool(items) and template is not None and "{page" in template
        return ListPage(items, [self.page_url(template, page_no + 1)] if has_next and template else [])
