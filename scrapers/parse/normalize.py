"""Text normalisation before parsing.

`normalize(text)` is pure, never raises for any str, and guarantees on its output:

- Traditional characters are given in simplified form (OpenCC's t2s dictionaries:
  its phrase table first, then its character table, first candidate). Texts with no
  traditional character are left alone, so the common case costs one regex search.
- Full-width ASCII letters and digits become half-width (Ａ１ → A1); the ideographic
  space U+3000 becomes a space. Chinese punctuation (，。、；“”) is kept as is.
- Colons are '：' (ASCII ':' and '︰' too, except between digits as in 10:30 and in
  '://'); parentheses are full-width '（' '）'.
- Pinyin glosses after characters (組(zǔ)長(zhǎng), garbled mirrors) are removed.
- Zero-width characters, BOM, soft hyphens are removed; non-breaking spaces and HTML
  space entities left in the text (&nbsp; &ensp; &emsp; &#160;) become spaces.
- Line breaks are '\n' only (\r\n, \r, U+2028/9, form feed, vertical tab); each line is
  stripped of spaces at both ends; runs of blank lines become one blank line.
- Horizontal whitespace runs become one space. Runs of single CJK characters spaced
  out for layout ("主 任 委 员", "杨  智") are joined ("主任委员", "杨智"); a space
  between longer tokens ("孙春兰 国务院副总理", "张三 李四") is kept: it separates.
  In a run of spaced single characters only the narrowest gaps join ("王　伟　　蒋　霞"
  → "王伟 蒋霞"); an even run with one gap width whose pairs open with surnames is
  two-character names ("何　静　邹　凯" → "何静 邹凯"); one space before a final single
  character after a word joins ("厅长柳　鹏，" → "厅长柳鹏，"), as does one space after a
  surname that follows a post ("省长黄　强担任" → "省长黄强担任"). A tab is a wide gap (a table cell border).
  ASCII ';' becomes '；' (ASCII ',' stays: titles keep it; see `chinese_commas`).
  Page-number lines ("— 3 —") are dropped with the blank lines around them, so that a
  table cut by a page break stays one block.
  A space is dropped next to Chinese punctuation ("组长 ：" → "组长：").
- A line cut inside a name, a unit or an open bracket (PDF text: "…、欧" + "阳明（教授）",
  "…副局长蒋" + "立新，", "（科研处副" + "处长）") is joined with the next line.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import MappingProxyType

import opencc

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import POST_ALT, ROLE_ALT, SURNAMES


def _load_opencc(name: str) -> dict[str, str]:
    path = Path(opencc.__file__).parent / "dictionary" / name
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            table[key] = values.split(" ")[0]
    return table


_CHARS = {k: v for k, v in _load_opencc("TSCharacters.txt").items() if len(k) == 1 and k != v}
_PHRASES = MappingProxyType({k: v for k, v in _load_opencc("TSPhrases.txt").items() if k != v})
_T2S_TABLE = MappingProxyType(str.maketrans(_CHARS))
# BMP only: a character class with astral code points makes `re` scan many times slower.
_TRAD_RE = lazy_compile("[" + re.escape("".join(c for c in _CHARS if ord(c) < 0x10000)) + "]")
_PHRASE_RE = lazy_compile("|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)))
# A text is converted only when it is written in traditional characters: a stray
# traditional character in a simplified text is usually deliberate (匡湧 is a name).
_TRAD_MIN_COUNT = 2
_TRAD_MIN_SHARE = 0.03

# Single characters replaced everywhere: widths, spaces, parentheses, odd colons,
# invisible characters, line separators.
_CHAR_MAP = MappingProxyType(
    {
        **{chr(c): chr(c - 0xFEE0) for c in range(ord("０"), ord("９") + 1)},
        **{chr(c): chr(c - 0xFEE0) for c in range(ord("Ａ"), ord("Ｚ") + 1)},
        **{chr(c): chr(c - 0xFEE0) for c in range(ord("ａ"), ord("ｚ") + 1)},
        **dict.fromkeys("\u3000\u00a0\u2002\u2003\u2009\u202f", " "),
        "\t": "    ",  # a table cell border: wider than the padding inside a cell
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
        **dict.fromkeys("\r\u2028\u2029\x0b\x0c", "\n"),
        "(": "（",
        ")": "）",
        "︰": "：",
        ";": "；",
        "﹕": "：",
        "∶": "：",  # RATIO, typed for a colon in many documents
    }
)
_CHAR_RE = lazy_compile("[" + re.escape("".join(_CHAR_MAP)) + "]")

_COMMA_RE = lazy_compile(r"(?<=[^\x00-\x7f]) ?, ?|, ?(?=[^\x00-\x7f])")  # not 1,000 or "a, b"
# a pinyin gloss after a character (組(zǔ)長(zhǎng)): letters with tone marks only
_GLOSS_RE = lazy_compile(r"(?<=[\u3400-\u9fff])（[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7}）")
_FULL_STOP_RE = lazy_compile(r"(?<=[\u4e00-\u9fff）”])\.(?=[\u4e00-\u9fff（“])")
_ENTITY_RE = lazy_compile(r"&(?:amp;)?(?:nbsp|ensp|emsp|thinsp|#160|#12288);?", re.IGNORECASE)
_SPACES_RE = lazy_compile(r" {2,}")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SURNAMES = "".join(sorted(SURNAMES))
# A run of single CJK characters spaced out for layout ("杨 智", "主 任 委 员", "王　伟　　蒋　霞").
_SPACED_RUN_RE = lazy_compile(rf"(?<![{_CJK}])[{_CJK}](?: +[{_CJK}](?:(?![{_CJK}])|(?=同志)))+")
_SPACE_RUN_RE = lazy_compile(r" +")
_WORDS_RE = lazy_compile(rf"{ROLE_ALT}|{POST_ALT}|单位|成员|部门|名单|委员|同志")
# One space before a last single character after a word: a padded name in prose ("厅长柳　鹏").
_PADDED_TAIL_RE = lazy_compile(rf"(?<=[{_CJK}]) (?=[{_CJK}](?:(?![{_CJK}])|(?=同志)))")
# One space inside a padded two-character name in prose, after a post ("省长黄　强担任").
_PADDED_NAME_RE = lazy_compile(rf"(?<=[长任员记理席师委监]) ?([{_SURNAMES}]) (?=[{_CJK}])")
# A padded two-character name opening a line or an item, its title glued after it
# ("童　岚市气象台台长" → "童岚 市气象台台长": the pad says where the name ends).
_PADDED_HEAD_RE = lazy_compile(rf"(?:^|(?<=[：、，]))([{_SURNAMES}]) ([{_CJK}])(?=[{_CJK}]{{2}})")
_WRAP_MIN = 16
# A line cut inside a name or a unit (text taken from a PDF): after a separator and one
# character (、欧 / 阳明), or after a post word and a surname (常务副市长陈 / 建军担任).
_CUT_AFTER_SEP_RE = lazy_compile(r"[，、：；][\u4e00-\u9fff]$")
_CUT_AFTER_POST_RE = lazy_compile(rf"(?:{POST_ALT})([\u4e00-\u9fff]{{1,2}})$")
_NAME_REST_RE = lazy_compile(r"[\u4e00-\u9fff]{1,2}(?:[，、。；（]|担任|兼任|同志|任|$)")
_SENTENCE_END = frozenset("。：；！？:")
_ITEM_START_RE = lazy_compile(
    r"[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十0-9]{1,3}）|\d{1,2}[.、．]|[^\s：]{1,8}：|附件"
)
_PAGE_MARK_RE = lazy_compile(r"^[—\-－–]+ ?\d{1,3} ?[—\-－–]+$|^第\d{1,3}页(?:[，,]?共\d{1,3}页)?$")
_PUNCT = "，。、；：！？“”‘’（）《》【】"
_SPACE_BEFORE_PUNCT_RE = lazy_compile(rf" +(?=[{_PUNCT}])")
_SPACE_AFTER_PUNCT_RE = lazy_compile(rf"([{_PUNCT}]) +")


def chinese_commas(text: str) -> str:
    """ASCII commas and full stops in Chinese text read as the Chinese ones they stand for
    (not in 1,000 or 1.5): for the structure parser, whose separators are Chinese;
    metadata keeps the text as is."""
    if "," in text:
        text = _COMMA_RE.sub("，", text)
    return _FULL_STOP_RE.sub("。", text) if "." in text else text


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC's t2s tables, when `text` is traditional."""
    count = len(_TRAD_RE.findall(text))
    if count < _TRAD_MIN_COUNT or count < _TRAD_MIN_SHARE * len(text):
        return text
    out: list[str] = []
    pos = 0
    for m in _PHRASE_RE.finditer(text):
        out.append(text[pos : m.start()].translate(_T2S_TABLE))
        out.append(_PHRASES[m.group()])
        pos = m.end()
    out.append(text[pos:].translate(_T2S_TABLE))
    return "".join(out)


def _join_spaced(m: re.Match[str]) -> str:
    """Join on the narrowest gap of the run; wider gaps separate ("王伟 蒋霞")."""
    run = m.group()
    gaps = [len(gap) for gap in _SPACE_RUN_RE.findall(run)]
    narrowest = min(gaps)
    if narrowest == max(gaps) and len(gaps) >= 3 and len(gaps) % 2 == 1 and (pairs := _name_pairs(run)):
        return pairs  # 何　静　邹　凯: two-character names each spaced out, one gap everywhere
    return _SPACE_RUN_RE.sub(lambda g: "" if len(g.group()) == narrowest else " ", run)


# A dot of another form between the parts of a transliterated name (ASCII, full-width,
# bullet, katakana middle dot): short runs of characters on both sides, unlike a full stop.
_NAME_DOT_RE = lazy_compile(r"(?<=[\u4e00-\u9fff])[.．•・‧∙⋅](?=[\u4e00-\u9fff])")


def _name_dot(m: re.Match[str]) -> str:
    text, at = m.string, m.start()
    before = at
    while before > 0 and "\u4e00" <= text[before - 1] <= "\u9fff" and at - before <= 8:
        before -= 1
    after = m.end()
    while after < len(text) and "\u4e00" <= text[after] <= "\u9fff" and after - m.end() <= 10:
        after += 1
    return "·" if at - before <= 8 and after - m.end() <= 10 else m.group()


def _name_pairs(run: str) -> str | None:
    """An even run of single characters with one gap width, surnames first in (nearly) every
    pair and no role or post word when joined: two-character names ("何静 邹凯")."""
    chars = run.split()
    firsts = chars[0::2]
    misses = sum(c not in SURNAMES for c in firsts)
    joined = "".join(chars)
    if misses > (len(firsts) - 1) // 2 or _WORDS_RE.search(joined):
        return None
    return " ".join(a + b for a, b in zip(firsts, chars[1::2], strict=True))


def _map_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


def _colons(text: str) -> str:
    """ASCII ':' → '：' except in times (10:30) and URLs (http://)."""
    parts = text.split(":")
    out = [parts[0]]
    for before, after in itertools.pairwise(parts):
        keep = (before[-1:].isdigit() and after[:1].isdigit()) or after.startswith("//")
        out.append(":" if keep else "：")
        out.append(after)
    return "".join(out)


def _spaces(line: str) -> str:
    line = _SPACED_RUN_RE.sub(_join_spaced, line)
    line = _PADDED_TAIL_RE.sub("", line)
    line = _PADDED_NAME_RE.sub(r"\1", line)
    line = _PADDED_HEAD_RE.sub(r"\1\2 ", line)
    line = _SPACES_RE.sub(" ", line)
    line = _SPACE_BEFORE_PUNCT_RE.sub("", line)
    return _SPACE_AFTER_PUNCT_RE.sub(r"\1", line)


def normalize(text: str) -> str:
    """Return `text` normalised as the module docstring promises."""
    text = text.replace("\r\n", "\n")
    if "&" in text:
        text = _ENTITY_RE.sub(" ", text)
    text = _CHAR_RE.sub(_map_char, text)
    if "（" in text:  # 組（zǔ）長（zhǎng）: a mirror's pinyin glosses, before anything else reads it
        text = _GLOSS_RE.sub("", text)
    text = to_simplified(text)
    if _NAME_DOT_RE.search(text):
        text = _NAME_DOT_RE.sub(_name_dot, text)  # 买买提.艾力, 阿依古丽．吾斯曼 → 买买提·艾力
    if ":" in text:
        text = _colons(text)
    out: list[str] = []
    page_break = False
    for line in text.split("\n"):
        if " " in line:
            line = _spaces(line).strip()
        if line and _PAGE_MARK_RE.match(line):  # "— 3 —": a page break inside a table
            while out and not out[-1]:
                out.pop()
            page_break = True
            continue
        if line:
            page_break = False
            out.append(line)
        elif out and out[-1] and not page_break:
            out.append(line)
    return "\n".join(_join_broken(_unwrap(out))).strip()


def _join_broken(lines: list[str]) -> list[str]:
    """Join a line cut inside a name, a unit or a bracket with the line after it.

    Whatever the page width: a line that ends after a separator with one character
    (…、欧 / 阳明（教授）), after a post word with a surname (…副局长蒋 / 立新，), or inside
    an open bracket (（科研处副 / 处长）).
    """
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if prev and line and _is_cut(prev, line):
            out[-1] = prev + line
        else:
            out.append(line)
    return out


def _is_cut(prev: str, line: str) -> bool:
    if not ("\u4e00" <= line[0] <= "\u9fff") or prev[-1] in _SENTENCE_END or " " in prev[-6:]:
        return False
    if "（" in prev and prev.count("（") > prev.count("）"):
        close, reopen = line.find("）"), line.find("（")
        return 0 < close <= 30 and (reopen == -1 or close < reopen)
    if _CUT_AFTER_SEP_RE.search(prev):
        return True
    cut, rest = _CUT_AFTER_POST_RE.search(prev), _NAME_REST_RE.match(line)
    if cut is None or rest is None or cut.group(1)[0] not in SURNAMES:
        return False
    return len(cut.group(1)) + _cjk_run(line) <= 3  # 副局长吕 / 卫东, 副局长查文 / 斌任


def _cjk_run(line: str) -> int:
    """How many Chinese characters a line opens with before a separator or a verb (担任, 任)."""
    m = _NAME_REST_RE.match(line)
    head = m.group() if m else ""
    for tail in ("担任", "兼任", "同志", "任"):
        if head.endswith(tail):
            return len(head) - len(tail)
    return len(head) - (1 if head and not "\u4e00" <= head[-1] <= "\u9fff" else 0)


def _unwrap(lines: list[str]) -> list[str]:
    """Join prose hard-wrapped at a fixed width (text taken from a PDF) back into lines.

    Only when most long lines have the same length (±1) — the page width — and only a line of
    that length that does not end a sentence, joined with a next line that does not start a
    numbered item or a label. Lists and tables (lines with spaces) are left alone.
    """
    lengths = [len(x) for x in lines if len(x) >= _WRAP_MIN and " " not in x]
    if len(lengths) < 3:
        return lines
    width = max(set(lengths), key=lengths.count)
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    if near < 3 or near < 0.6 * len(lengths):
        return lines
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        wrapped = abs(len(prev) - width) <= 1 and " " not in prev and prev[-1:] not in _SENTENCE_END
        if wrapped and line and not _ITEM_START_RE.match(line):
            out[-1] = prev + line
        else:
            out.append(line)
    return out
