"""HTML → readable text: find a portal page's notice body and render it as lines.

Portals wrap the notice in navigation, a 信息公开 metadata table, share bars, related
links and a footer. The body usually sits in a known container (TRS_Editor, #zoom …);
otherwise the element that holds the most non-link text is taken.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.lazyre import lazy_compile

# Elements whose content is never page text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "object",
        "embed",
        "select",
        "button",
        "textarea",
        "input",
        "head",
        "-comment",
        "canvas",
        "audio",
        "video",
        "map",
    }
)
# Elements that start a new line (paragraphs, breaks, rows, list items, headings).
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "center",
        "hr",
        "form",
        "figure",
        "figcaption",
        "address",
        "caption",
        "fieldset",
        "title",
        "body",
        "html",
    }
)
CELL_TAGS = frozenset({"td", "th"})

# Known containers of the notice body on government portals, most specific first.
BODY_SELECTORS = (
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    ".zoom",
    "#fontzoom",
    ".pages_content",
    ".article-content",
    ".article_content",
    ".news_content",
    ".news-content",
    ".detail-content",
    ".detail_content",
    ".xxgk_content",
    ".wenzhang",
)
# Common names that also mark sidebars and wrappers: the longest match, if long enough.
GENERIC_SELECTORS = ("#content", ".content", ".article", "article", ".view", ".con", "main")
# Chrome that can sit inside a body container.
NOISE = lazy_compile(
    r"share|bdshare|print|close|related|xgxx|xglj|footer|foot\b|nav|breadcrumb|crumb|position|"
    r"location|pager|toolbar|fontsize|font-size|qrcode|erweima|comment|sidebar",
    re.I,
)
_SPACES = lazy_compile(r"[ \t\r\n\f\v\xa0\u2000-\u200a\u202f\u205f]+")
_MIN_BODY_CHARS = 10
_MIN_GENERIC_CHARS = 200
_DATA_CELL_MAX = 80  # longer cells are page layout (a whole notice in a <td>)


MAX_DEPTH = 256  # element nesting kept; real portal pages stay under 60
# Elements that never nest in the tree the parser builds: void elements, and those whose
# next sibling closes them (<p><p>, <li><li>, <a><a>, <td><td> …). They are not counted.
_FLAT_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
        "frame",
        "basefont",
        "bgsound",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
        "a",
        "nobr",
        "button",
        "form",
        "html",
        "head",
        "body",
    }
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_TAG_OR_COMMENT = lazy_compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})|<!--")
_RAW_END = {name: lazy_compile(rf"</{name}\s*>", re.I) for name in _RAW_TEXT}


def limit_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """The HTML with start tags nested deeper than `max_depth` (and their end tags) removed;
    their text stays. Why: an HTML parser's tree building walks the open elements on each
    start tag (the spec's "has an element in scope"), so `<div>` × 200,000 costs depth²
    (194 s); with the depth bounded it is linear. One pass over the tags, a dict and a stack."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}  # removed start tags whose end tags are still to come
    cuts: list[tuple[int, int]] = []
    pos = 0
    search = _TAG_OR_COMMENT.search
    while match := search(html, pos):
        if match.group(0) == "<!--":
            end = html.find("-->", match.end())
            pos = len(html) if end < 0 else end + 3
            continue
        end = html.find(">", match.end())
        if end < 0:
            break
        end += 1
        name = match.group(2).lower()
        if match.group(1):  # an end tag
            if dropped.get(name):
                dropped[name] -= 1
                cuts.append((match.start(), end))
            elif open_count.get(name):  # close it and whatever it leaves open inside
                while (top := stack.pop()) != name:
                    open_count[top] -= 1
                open_count[name] -= 1
        elif name in _RAW_TEXT:  # its content is text, not tags
            raw_end = _RAW_END[name].search(html, end)
            end = raw_end.end() if raw_end else len(html)
        elif name not in _FLAT_TAGS and not (html[end - 2] == "/" and _foreign(open_count)):
            # `<div/>` opens a div all the same; only inside <svg>/<math> does "/>" close
            if len(stack) >= max_depth:
                dropped[name] = dropped.get(name, 0) + 1
                cuts.append((match.start(), end))
            else:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
        pos = end
    if not cuts:
        return html
    pieces, last = [], 0
    for start, end in cuts:
        pieces.append(html[last:start])
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def _foreign(open_count: dict[str, int]) -> bool:
    return bool(open_count.get("svg") or open_count.get("math"))


def parse_html(text: str) -> LexborHTMLParser:
    """The tree of a page, its nesting bounded first (limit_nesting)."""
    return LexborHTMLParser(limit_nesting(text))


_END_BLOCK = "\n"
_END_DATA_CELL = object()


def render(node: LexborNode, *, skip_noise: bool = False) -> str:
    """The node's text: one line per paragraph/row/break, table cells separated by a tab.

    A cell of a row with several cells is data ("组长 | 张三 | 市长"): paragraphs inside it
    stay on the row's line. A layout cell (one per row) may hold a whole notice.
    """
    parts: list[str] = []
    in_data_cell = 0
    # Iterative walk (deeply nested junk must not hit the recursion limit): the stack
    # holds nodes still to open and the markers that close them.
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if item is _END_DATA_CELL:
            in_data_cell -= 1
            parts.append("\t")
            continue
        if isinstance(item, str):
            parts.append(" " if in_data_cell and item == _END_BLOCK else item)
            continue
        assert isinstance(item, LexborNode)
        tag = item.tag
        if tag == "-text":
            parts.append(_SPACES.sub(" ", item.text_content or ""))
            continue
        if tag in SKIP_TAGS or tag == "img" or (skip_noise and item is not node and _is_noise(item)):
            continue
        if tag in BLOCK_TAGS:
            parts.append(" " if in_data_cell else "\n")
            stack.append(_END_BLOCK)
        elif tag in CELL_TAGS:
            parts.append("\t")
            if item is not node and _is_data_cell(item):
                in_data_cell += 1
                stack.append(_END_DATA_CELL)
            else:
                stack.append("\t")
        children = []
        child = item.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return tidy("".join(parts))


def _is_data_cell(cell: LexborNode) -> bool:
    """A short cell in a row of several: a table of data, not of page layout."""
    row = cell.parent
    if row is None or len(cell.text(deep=True, strip=True) or "") > _DATA_CELL_MAX:
        return False
    count = 0
    child = row.child
    while child is not None:
        if child.tag in CELL_TAGS:
            count += 1
            if count > 1:
                return True
        child = child.next
    return False


def tidy(text: str) -> str:
    """Strip each line, join tab runs, drop empty lines."""
    lines = []
    for raw in text.split("\n"):
        cells = [c.strip(" \u3000") for c in raw.split("\t")]
        line = "\t".join(c for c in cells if c).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def _is_noise(node: LexborNode) -> bool:
    if node.tag in {"nav", "footer", "aside"}:
        return True
    attrs = node.attributes
    label = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(label.strip()) and NOISE.search(label) is not None


def find_body(tree: LexborHTMLParser, content_selector: str | None = None) -> LexborNode | None:
    """The element holding the notice text: a configured selector, a known container, or the densest."""
    if content_selector:
        try:
            nodes = tree.css(content_selector)
        except Exception:  # a bad configured selector falls back to the defaults
            nodes = []
        best = max(nodes, key=_text_len, default=None)
        if best is not None and _text_len(best) > 0:
            return best
    for selector in BODY_SELECTORS:
        best = max(tree.css(selector), key=_text_len, default=None)
        if best is not None and _text_len(best) >= _MIN_BODY_CHARS:
            return best
    generic = [node for selector in GENERIC_SELECTORS for node in tree.css(selector)]
    best = max(generic, key=_text_len, default=None)
    if best is not None and _text_len(best) >= _MIN_GENERIC_CHARS:
        return best
    return densest(tree)


def _text_len(node: LexborNode) -> int:
    return len((node.text(deep=True, strip=True) or "").strip())


_TABLE_PARTS = frozenset({"tr", "tbody", "thead", "tfoot"})


def densest(tree: LexborHTMLParser) -> LexborNode | None:
    """The block with the most text outside links (its own text plus half its children's).
    A paragraph's text counts towards the block that holds it (a <p> is never the answer
    alone: its sibling paragraphs are the rest of the notice), a table's cells towards the
    table (its rows are not blocks), and paragraphs written straight into the page's body (a
    fragment, a bare page) towards the body."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    root = tree.body or tree.root
    if root is None:
        return None
    for text_node in root.traverse(include_text=True):
        if text_node.tag != "-text":
            continue
        n = len((text_node.text_content or "").strip())
        if n == 0:
            continue
        parent = text_node.parent
        inside_link = False
        while parent is not None and parent.tag not in BLOCK_TAGS and parent.tag not in CELL_TAGS:
            if parent.tag == "a" or parent.tag in SKIP_TAGS:
                inside_link = True
            parent = parent.parent
        if inside_link or parent is None:
            continue
        if parent.tag == "p":  # a paragraph is part of a block, not one: credit its container
            parent = parent.parent
        weight = float(n)
        for _ in range(2):
            while parent is not None and parent.tag in _TABLE_PARTS:  # a table's rows are no block
                parent = parent.parent
            if parent is None or parent.tag == "html":
                break
            key = parent.mem_id
            nodes[key] = parent
            scores[key] = scores.get(key, 0.0) + weight
            weight /= 2
            if parent.tag == "body":
                break
            parent = parent.parent
    if not scores:
        return root
    return nodes[max(scores, key=scores.__getitem__)]


def collapse(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()
