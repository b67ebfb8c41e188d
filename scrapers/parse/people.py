"""Split the text that holds a role's holders into persons (with titles) or units.

`read_holders("省政府副秘书长晁海军、苏全仁，省发展改革委副主任党晓勇")` →
[Post("晁海军", "省政府副秘书长"), Post("苏全仁", "省政府副秘书长"), Post("党晓勇", …)].

Handles title-before-name and name-before-title lists, run-together text with no
separator between names and titles (the surname list and the title-start lexicon say
where a name ends), shared titles (赵军、马文虎), two posts joined by 、 or 兼,
titles in brackets after a name (王伟（副校长）), and unit lists ending with the
official named for them (市发展改革委、市公安局分管负责人).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import (
    COMPOUND_SURNAMES,
    KIND_COLLECTIVES,
    NAME_NOTES,
    NOT_NAMES,
    PLACE_START_RE,
    PLACES,
    POST_ALT,
    POST_RE,
    POST_WORDS,
    ROLE_ALT,
    ROLE_QUALIFIERS,
    SURNAME_RANK,
    SURNAMES,
    TITLE_START_RE,
    UNIT_OFFICIALS,
    UNIT_SUFFIX_RE,
    UNIT_SUFFIX_TAIL,
    ends_with_post,
    title_start_weight,
)


class Post(NamedTuple):
    person: str | None
    title: str | None
    unit: str | None = None
    also: str = ""  # a second post written in brackets beside the name: "兼领导小组办公室主任"


# words before the holders: 由…, and the verbs that name them (会议任命张三为组长, 明确王五同志为联络员)
_LEAD_RE = lazy_compile(
    r"^(?:由|并|另外|另|同时|其中|分别|为|是|包括|：|会议|经研究"
    r"|明确|确定|任命|推选|选举|聘任|聘请|指定|推举|选定|委任|决定|同意|增补|增加|新增|调整|接任的|继任的)+"
)
_TAILS = ("等同志", "同志", "等人", "担任", "兼任", "出任", "组成", "共同", "分别", "等")  # 由…共同担任
_COMRADE_RE = lazy_compile(r"(?<!负责)(?<!领导)同志")
_ONE_COMRADE_RE = lazy_compile(r"([\u4e00-\u9fff]{2,3})同志")
# words before 同志 that name people collectively (有关同志, 全体同志), never a person
_COLLECTIVE_COMRADE_RE = lazy_compile("有关|相关|全体|广大|其他|其余|党员|成员|单位|多名|多位|诸位")
_UNIT_SPLIT_RE = lazy_compile(r"[、，,；;\s]+")
_UNITS_TAIL_RE = lazy_compile(
    r"(?:等(?:[0-9一二三四五六七八九十]+[余多]?[个家])?|共?[0-9一二三四五六七八九十]+[余多]?[个家])"
    r"(?:省级|市级|县级|区级|省直|市直|县直|区直)?(?:相关|有关)?(?:职能)?"
    r"(?:单位|部门|成员单位|部门和单位|厅局|委办局|局办|司室|处室|科室|局室|部室)?的?$"
)
_NEXT_ITEM_RE = lazy_compile(r"[一二三四五六七八九十]{1,2}$")
# a unit named by reference or described, not named (领导小组成员单位有关司局, 市直相关部门,
# 主管部门国务院办公厅的…): no member
_COLLECTIVE_RE = lazy_compile(
    r"成员单位|有关|相关|各|的|[0-9两二三四五六七八九十]+个?(?:市|县|区|镇|乡|街道|部门|单位|社区|村|居委会)"
)  # 湘江流域8市人民政府: places counted, none named
_BRACKET_LIST_RE = lazy_compile(r"（([^（）]{2,200}、[^（）]{2,200})）")
_BARE_COLLECTIVES = frozenset({"单位", "部门", "部门和单位", "单位和部门", "科室", "处室", "镇街"})
# a kind of unit (KIND_COLLECTIVES) after its organisation is a collective: 医院主要职能科室
_KIND_TAIL_RE = lazy_compile(
    r"(?:主要|重点)?(?:职能部门|职能科室|二级学院|内设机构|二级单位)$|(?:主要|重点)(?:科室|处室|部门|单位)$"
)
# 芗城、龙文两区主要领导: places counted with their level word, then one official of each
_COUNTED_PLACES_RE = lazy_compile(
    r"(?P<places>(?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})[两二三四五六七八九十]个?(?:区|县|市|镇|乡|街道)"
    r"(?P<official>(?:主要|分管|党政)(?:领导|负责人|负责同志))(?=$|[和及、，](?:[^、，]*(?:有关|相关|各)))"
)
_COLLECTIVE_POST_RE = lazy_compile(r"(?:级领导|班子成员|领导成员)$")  # 副校级领导, 院领导班子成员
_GENERIC_RE = lazy_compile(r"^(?:各|有关|相关|其他|其余|全体|本)")
_TOKEN_RE = lazy_compile(r"（[^（）]*）|[^、，,；;\s（）]+|[、，,；;\s]+")
_ROLE_IN_RE = lazy_compile(ROLE_ALT)
_POST_AT_RE = lazy_compile(POST_ALT)
_POST_FIRST_CHARS = frozenset(w[0] for w in POST_WORDS)
# a compound surname left alone at the end of a line: the name goes on on the next line
_BROKEN_NAME_RE = lazy_compile(
    r"(?:^|(?<=[\s、，]))(" + "|".join(COMPOUND_SURNAMES) + r") *\n *(?=[\u4e00-\u9fff])"
)
# the number of an item in a list written one holder a line (1.王某 院长)
# 1. / 2、 and a table row's number cell (3 王五 县政府副县长) at a line's start
_LIST_NUMBER_RE = lazy_compile(r"(?m)^[ ]*(?:\d{1,2}[.、．](?!\d)|\d{1,3}[ ]+(?=[\u4e00-\u9fff]))[ ]*")
# a collective's two officials (各临床医技科室主任及护士长): the second is no post of its own
_COLLECTIVE_PAIR_RE = lazy_compile(
    r"(各[^、，,；;及和]{1,20}?(?:主任|负责人|负责同志|长))[及和][^、，,；;]{1,6}?(?:长|负责人)(?=$|[、，,；;。])"
)
_COUNT_LINE_RE = lazy_compile(r"(?m)^[ ]*\d{1,3}[ ]*$")
# members grouped under their units: 安全环保部：傅宏亮（部长）、温天佑（副部长), under
# headings （一）集团本部: the unit and the heading are no holder (the title is in brackets)
_UNIT_HEADING_RE = lazy_compile(r"(?m)^[ ]*([^\s：:，,、（）]{2,24})：[ ]*(?=[^\n]{2,}（)")
_GROUPING_LINE_RE = lazy_compile(
    r"(?m)^[ ]*[（(][一二三四五六七八九十]{1,3}[)）][ ]*([^\s：:，,、（）]{2,12})[ ]*$"
)
_HARD_SEPS = frozenset("，,；;\n")
_OFFICIALS = tuple(sorted(UNIT_OFFICIALS, key=len, reverse=True))  # longest first


_NOTE_SPLIT_RE = lazy_compile(r"[，、,]")
_NAME_IN_BRACKETS_RE = lazy_compile(rf"(?:((?:{POST_ALT}))[：:]?)?([\u4e00-\u9fff·]{{2,12}})")
# notes on the person themself (sex, people), never part of a post
_PERSONAL_NOTES = frozenset(n for n in NAME_NOTES if n in ("女", "男") or n.endswith("族"))
_BRACKETS = str.maketrans("〔〕[]【】", "（）（）（）")
_REGION_CHARS = frozenset("市县区省州盟旗")
_NEVER_LAST = frozenset("市县区省副")  # 东莞市市长, 欧阳明副校长: a place or a post, never a name


def _is_name(text: str, *, after_title: bool) -> bool:
    """Whether `text` (already delimited) can be a person's name."""
    n = len(text)
    if "·" in text:  # not 孙丽华镇司法所所长热依拉·吾守尔: no post before the dot
        head = text.split("·", 1)[0]
        return (
            3 <= n <= 16
            and not ends_with_post(text)
            and not any(ends_with_post(head[:k]) for k in range(2, len(head) + 1))
        )
    if not 2 <= n <= 4 or text in NOT_NAMES or text[-1] in _NEVER_LAST:
        return False
    if ends_with_post(text) or UNIT_SUFFIX_RE.search(text) or _ROLE_IN_RE.search(text):
        return False
    compound = text[:2] in COMPOUND_SURNAMES
    if n == 4 and not compound:
        return text[0] in SURNAMES and title_start_weight(text) < 2
    if after_title:
        return True
    return (compound or text[0] in SURNAMES) and title_start_weight(text) < 2


def looks_like_name(text: str) -> bool:
    """Whether `text`, standing alone, reads as a person's name (a surname first)."""
    return _is_name(text, after_title=False)


def _comrade_name(text: str) -> bool:
    """A name written alone before 同志: any surname-led word that is no post, unit or role."""
    return (
        not _COLLECTIVE_COMRADE_RE.match(text)
        and (text[0] in SURNAMES or text[:2] in COMPOUND_SURNAMES)
        and _is_name(text, after_title=True)
    )


def _ends_with_name(piece: str, post_ends: set[int]) -> bool:
    """Whether the piece is a title followed by a name (国网衢州供电公司总经理孙涛)."""
    for length in (2, 3, 4):
        j = len(piece) - length
        if j > 1 and j in post_ends and j + 1 not in post_ends and _is_name(piece[j:], after_title=True):
            return True
    return False


def _name_before_title(piece: str, j: int, sure: int = 2) -> int:
    """Length of the name at piece[j:] when a title follows it in the same piece (one that
    begins at least `sure`-ly), else 0."""
    rest = piece[j:]
    if "·" in rest[:10]:
        dot = rest.index("·")
        for k in range(dot + 2, min(len(rest), dot + 12)):
            if title_start_weight(rest[k:]) >= 3:
                return k if _is_name(rest[:k], after_title=True) else 0  # not 组织委员古丽米热·…
        return 0
    lengths = (4, 3) if rest[:2] in COMPOUND_SURNAMES else (3, 2)
    best, best_weight = 0, sure - 1
    for length in lengths:
        if len(rest) - length < 2:
            continue
        if not _is_name(rest[:length], after_title=j > 0):
            continue  # 赵刚副市长: not 赵刚副 + 市长
        if rest[:length] in PLACES and (
            rest[length : length + 1] in _REGION_CHARS or (j == 0 and _place_then_title(rest))
        ):
            continue  # 周口市公安局局长, 柳州出入境检验检疫局副局长: a city, not 周口 + 市公安局局长
        if _level_post_again(rest[length:]):
            continue  # 黄陂区副区长: a district, not 黄陂 + 区副区长
        weight = _title_rest_weight(rest[length:]) or _bare_post_weight(rest[length:])
        # equally sure: a word of three or more (冯军 + 团县委书记) beats one inside it (县委)
        longer = weight == best_weight and best and _title_start_length(rest[length:]) >= 3
        if weight > best_weight or longer:
            best, best_weight = length, weight
    if j == 0 and lengths[0] == 3 and len(rest) >= 6 and _four_character_name(rest, max(best_weight, 2)):
        return 4  # 吉克伍沙乡党委书记, 沙马日体副乡长: a Yi or Tibetan name before a surer title
    if best and _is_name(rest[:best], after_title=j > 0):
        return best
    return 0


_LEVEL_HEAD_RE = lazy_compile(r"(?:常务)?副?[乡镇县区市省州旗]长")


def _four_character_name(text: str, beat: int, *, listed: bool = False) -> bool:
    """Whether text opens with a four-character name whose title begins more surely than `beat`;
    `listed`: in a list whose items are each a name and its title, any sure title start."""
    name, title = text[:4], text[4:]
    if any(c in _REGION_CHARS or c in _LEVEL_CHARS for c in name) or not _is_name(name, after_title=False):
        return False
    if any(title_start_weight(name[k:]) >= 2 for k in (1, 2)):
        return False  # 李华常务副市长: a title begins inside
    if _LEVEL_HEAD_RE.fullmatch(title):
        return True  # 沙马日体副乡长 (not 韩梅文联 + 主席)
    if _level_post_again(title):
        return False  # 王五江宁区副区长: a place before its level
    if listed and _title_rest_weight(title) > beat:
        return True  # 海来木呷武装部长, 瓦扎伍各派出所所长 among 马海英组织委员、…
    # a title of a place's level (乡党委书记, 镇人大主席), not a unit the name's words go on (东北师范|大学)
    level = title[:1] in _LEVEL_CHARS or title[:1] == "省"
    return level and title[1:2] not in _LEVEL_CHARS and _title_rest_weight(title) > beat


def _place_then_title(text: str) -> bool:
    """A place written before a unit and its post with no 市/县 (柳州出入境检验检疫局副局长)."""
    m = PLACE_START_RE.match(text)
    if m is None or POST_RE.search(text, m.end(), m.end() + 14) is None:
        return False
    rest = text[m.end() : m.end() + 12]
    return title_start_weight(rest) >= 2 or any(UNIT_SUFFIX_RE.search(rest[:k]) for k in range(2, len(rest)))


def _title_start_length(text: str) -> int:
    m = TITLE_START_RE.match(text)
    return len(m.group()) if m else 0


def _bare_post_weight(tail: str) -> int:
    """A post with no organ after a name (刘海峰院长, 王伟副校长): as sure as a title start."""
    post = tail.removeprefix("常务").removeprefix("副")
    return 3 if len(post) >= 2 and post in POST_WORDS else 0


def _name_at(piece: str, j: int, post_ends: set[int]) -> int:
    """Length of a person's name starting at piece[j], or 0."""
    after_title = j > 0
    rest = piece[j:]
    # a transliterated name (库热西·买合苏提) has no surname to look up
    surname = piece[j] in SURNAMES or piece[j : j + 2] in COMPOUND_SURNAMES or "·" in rest[1:8]
    if not surname and not after_title:
        return 0
    if after_title and (j not in post_ends or j + 1 in post_ends):
        return 0
    if not after_title and (title_start_weight(piece) >= 2 or _ends_with_name(piece, post_ends)):
        return 0
    if after_title and 5 <= len(rest) <= 6 and _long_name(rest) and not _name_before_title(piece, j):
        return len(rest)  # 党委副书记乌云其木格: a long name ends the piece after its post
    if len(rest) <= 4:
        if _is_name(rest, after_title=after_title):
            return len(rest)
        if not (surname and len(rest) == 4 and ends_with_post(rest)) or rest in POST_WORDS:
            return 0  # 王伟校长: a name and its post, read below
    elif (
        "·" in rest
        and len(rest) <= 16
        and not ends_with_post(rest)
        and _is_name(rest, after_title=after_title)
    ):
        return len(rest)
    if not surname:  # a surname the lexicon lacks, in a run of titles and names (局长纳振华县发改局…)
        return _name_before_title(piece, j, sure=4)
    return _name_before_title(piece, j)


def _glued_names(piece: str) -> list[str] | None:
    """Names run together with no separator (王国强赵白鸽江帆 → 王国强 赵白鸽 江帆): the cut
    into 2–3 character names, each starting with a surname, with the fewest names; None
    when the piece cannot be cut so, or looks like a title or unit."""
    if not all("\u4e00" <= c <= "\u9fff" for c in piece) or title_start_weight(piece) >= 2:
        return None
    if UNIT_SUFFIX_RE.search(piece) or _ROLE_IN_RE.search(piece):
        return None
    n = len(piece)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        done = best[i]
        if done is None:
            continue
        lengths = (3, 4) if piece[i : i + 2] in COMPOUND_SURNAMES else (2, 3) if piece[i] in SURNAMES else ()
        for length in lengths:
            name = piece[i : i + length]
            if i + length > n or name in NOT_NAMES or title_start_weight(name) >= 2:
                continue
            cand = [*done, name]
            if best[i + length] is None or _glue_cost(cand) < _glue_cost(best[i + length]):  # type: ignore[arg-type]
                best[i + length] = cand
    return best[n]


_CJK_AND_SPACES_RE = lazy_compile(r"[\u4e00-\u9fff]+(?: [\u4e00-\u9fff]+)+")


def _padded_glued(span: str) -> list[str] | None:
    """Names run together where two-character ones are padded with a space (姜卫平傅 伟文 铠米国庆
    → 姜卫平 傅伟 文铠 米国庆): the glued cut, when every space falls inside a two-character name."""
    if not (5 <= len(span) <= 40 and _CJK_AND_SPACES_RE.fullmatch(span)):
        return None
    glued = _glued_names(span.replace(" ", ""))
    if not glued:
        return None
    spaces: list[int] = []
    at, inside = 0, set()
    for i, c in enumerate(span):
        if c == " ":
            spaces.append(i - len(spaces))  # the joined index the space stands before
    for name in glued:
        if len(name) == 2:
            inside.add(at + 1)
        at += len(name)
    return glued if all(i in inside for i in spaces) else None


def _glue_cost(names: list[str]) -> tuple[int, int]:
    """Fewest names first; then the more common surnames (顾法明 罗迈, not 顾法 明罗迈)."""
    return len(names), sum(SURNAME_RANK.get(n[:2], SURNAME_RANK.get(n[0], 999)) for n in names)


def split_piece(piece: str) -> list[tuple[str, str]]:
    """A separator-free piece → [("N", name) | ("T", title text)] in order."""
    if _GENERIC_RE.match(piece) or piece in NOT_NAMES:
        return [("X", piece)]
    out: list[tuple[str, str]] = []
    # where the longest post word from each character ends (overlapping ones too); a loop on
    # the words' first characters: a pattern opening with a look ahead, (?=(…)), was tried at
    # every character
    post_ends = {
        m.end() for i, c in enumerate(piece) if c in _POST_FIRST_CHARS and (m := _POST_AT_RE.match(piece, i))
    }
    if not post_ends and 5 <= len(piece) <= 30 and (glued := _glued_names(piece)):
        return [("N", n) for n in glued]  # 王国强赵白鸽江帆: names written with no separator
    start = 0
    # a name begins the piece or follows a post word
    for j in sorted({0, *post_ends}):
        if j < start or j >= len(piece) - 1:
            continue
        length = _name_at(piece, j, post_ends)
        if length:
            if j > start:
                out.append(("T", piece[start:j]))
            out.append(("N", piece[j : j + length]))
            start = j + length
    if start < len(piece):
        out.append(("T", piece[start:]))
    if len(out) == 1 and out[0][0] == "T" and (cut := _name_after_unit(piece)):
        return [("T", piece[:-cut]), ("N", piece[-cut:])]  # 市公安局张三, 复旦大学葛兆光
    return out


def _name_after_unit(piece: str) -> int:
    """The length of a name that ends a piece right after a unit's name, or 0."""
    if len(piece) < 5:
        return 0
    for length in (3, 2):
        head, name = piece[:-length], piece[-length:]
        surname = name[0] in SURNAMES or name[:2] in COMPOUND_SURNAMES
        plain = title_start_weight(name) < 2 and _is_name(name, after_title=True)
        if surname and plain and len(head) >= 3 and is_unit(head):
            return length
    return 0


def _tokens(span: str, cache: dict[str, list[tuple[str, str]]] | None) -> list[tuple[str, str, str]]:
    """[(kind, text, separator before)] with kind N (name), T (title), P (bracket), X (skip)."""
    out: list[tuple[str, str, str]] = []
    sep = ""
    for text in _TOKEN_RE.findall(span):
        if text[0] in "、，,；; \n\t":
            sep += text
            continue
        if text[0] == "（":
            inner = text[1:-1]
            notes = _NOTE_SPLIT_RE.split(inner)
            after_title = bool(out) and out[-1][0] == "T" and not sep
            if NAME_NOTES.issuperset(notes) and not (after_title and not _PERSONAL_NOTES.issuperset(notes)):
                sep = sep if out else ""  # 李四（女）, 郑毅（兼）: a note on the person, no title
                continue  # (副乡长（挂职）: a note on the post, kept in the title)
            if len(notes) > 1 and notes[0] in _PERSONAL_NOTES and "，" in inner:
                inner = inner.split("，", 1)[1]  # （女，自治区科技厅副厅长）: the title after the note
                text = f"（{inner}）"
            glued_title = bool(out) and out[-1][0] == "T" and not sep
            if (
                glued_title
                and (held := _NAME_IN_BRACKETS_RE.fullmatch(inner))
                and looks_like_name(held.group(2))
            ):
                # 县长（李明）, 县教育局（局长：陈刚）: the post, then its holder in brackets
                kind, title, before = out[-1]
                out[-1] = ("T", title + (held.group(1) or ""), before)
                out.append(("N", held.group(2), ""))
                sep = ""
                continue
            # （兼领导小组办公室主任）is another post, （常务）qualifies the role: both go to `also`
            also = text.startswith("（兼") or inner in ROLE_QUALIFIERS
            head, comma, other = inner.partition("，兼")
            if comma and not also:  # （市统计局局长，兼办公室主任）: a title, then another post
                out += [("P", head, sep), ("A", "兼" + other, "")]
            else:
                out.append(("A" if also else "P", inner, sep))
        else:
            if cache is None:
                parts = split_piece(text)
            elif (parts := cache.get(text)) is None:  # type: ignore[assignment]
                parts = cache[text] = split_piece(text)
            kind, part = parts[0]
            out.append((kind, part, sep))
            out.extend([(kind, part, "") for kind, part in parts[1:]])
        sep = ""
    if any(k == "T" and 2 <= len(t) <= 6 for k, t, _ in out):
        _names_in_slots(out)
    if len(out) >= 2 and any(k == "N" == out[i][0] and not s for i, (k, _, s) in enumerate(out[1:])):
        _whole_long_names(out)  # two names glued: one long name cut?
    if len(out) >= 3 and any(b[0] == "T" and a[0] == "N" and not b[2] for a, b in pairwise(out)):
        _one_name_per_item(out)  # a title glued after a name: an item of two names and a title?
    if len(out) >= 4 and all(k == "N" for k, _, _ in out):
        _split_paired_names(out)
    return out


def _split_paired_names(tokens: list[tuple[str, str, str]]) -> None:
    """In a list of names only, of two or three characters each, a four-character one is two
    two-character names run together (何静邹凯 → 何静 邹凯) when both halves open with a surname."""
    sizes = [len(t) for _, t, _ in tokens]
    if sum(1 for n in sizes if n <= 3) * 5 < len(sizes) * 4:
        return  # Tibetan or Mongolian lists have names of four characters and more
    for i in range(len(tokens) - 1, -1, -1):
        _, text, sep = tokens[i]
        if (
            len(text) == 4
            and text[:2] not in COMPOUND_SURNAMES
            and text[0] in SURNAMES
            and text[2] in SURNAMES
        ):
            tokens[i : i + 1] = [("N", text[:2], sep), ("N", text[2:], " ")]


def _item_starts(tokens: list[tuple[str, str, str]]) -> list[int]:
    """Where each item of a list begins: after a hard separator or 、."""
    return [
        i for i, (_, _, sep) in enumerate(tokens) if i == 0 or not _HARD_SEPS.isdisjoint(sep) or "、" in sep
    ]


def _one_name_per_item(tokens: list[tuple[str, str, str]]) -> None:
    """An item holds one person: when a name stands alone beside a title (牟志强 龙塔派出所所长,
    龙塔派出所所长 牟志强, 侯春梅 柳州出入境检验检疫局副局长), a name cut from the start of that
    title is a place or a unit's own word, not a second person."""
    starts = _item_starts(tokens)
    for a, b in reversed(list(zip(starts, [*starts[1:], len(tokens)], strict=True))):
        core = b
        while core > a and tokens[core - 1][0] in ("P", "A"):
            core -= 1
        kinds = [k for k, _, _ in tokens[a:core]]
        if kinds != ["N", "N", "T"] and kinds != ["N", "T", "N"]:
            continue
        spaced = [i for i in range(a + 1, core) if tokens[i][2] and not tokens[i][2].strip(" ")]
        glued = [i for i in range(a + 1, core) if not tokens[i][2]]
        if len(spaced) != 1 or len(glued) != 1:
            continue
        g = glued[0]  # the title glued to the name before it
        if tokens[g][0] != "T" or not (ends_with_post(tokens[g][1]) or title_start_weight(tokens[g][1]) >= 2):
            continue
        _, place, sep = tokens[g - 1]
        tokens[g - 1 : g + 1] = [("T", place + tokens[g][1], sep)]


def _plausible_name(text: str) -> bool:
    """2–3 Chinese characters that are not a post, unit, role or title start: a name whose
    surname the lexicon lacks (亓, 仉 …) can still be taken where only a name fits."""
    return (
        2 <= len(text) <= 3
        and all("\u4e00" <= c <= "\u9fff" for c in text)
        and text not in NOT_NAMES
        and not ends_with_post(text)
        and not UNIT_SUFFIX_RE.search(text)
        and not _ROLE_IN_RE.search(text)
        and not _GENERIC_RE.match(text)
        and title_start_weight(text) < 2
    )


def _surname_like_place(text: str) -> bool:
    """Three characters alone in their slot whose first, a surname, also begins titles
    (区德成, 单成林): a name, when the rest is no title, unit, post or role."""
    return (
        len(text) == 3
        and (text[0] in SURNAMES or text[0] in "区原")  # kept out of the list: 区长, 原局长
        and title_start_weight(text[1:]) < 2
        and _plausible_name(text[1:])
        and not ends_with_post(text)
        and not UNIT_SUFFIX_RE.search(text)
        and not _ROLE_IN_RE.search(text)
    )


_LONG_NAME_STOPS = frozenset("市县区省州镇乡局委办厅部院处科室队所站会司社馆校组长")


def _long_name(text: str) -> bool:
    """4–6 characters that can only be one person's name where a name's place is sure
    (乌云毕力格 院长, 其美多吉（副县长）): a Mongolian or Tibetan name written with no dot."""
    return (
        4 <= len(text) <= 6
        and text[0] in SURNAMES  # with the first syllables of minority names (乌, 额, 次…)
        and all("\u4e00" <= c <= "\u9fff" for c in text)
        and _LONG_NAME_STOPS.isdisjoint(text)
        and text not in NOT_NAMES
        and not ends_with_post(text)
        and not _ROLE_IN_RE.search(text)
        and not _GENERIC_RE.match(text)
        and all(title_start_weight(text[k:]) < 2 for k in range(len(text) - 1))
    )


def _listed_name(text: str) -> bool:
    """Two or three characters, a surname first, no post or role: a name among names only."""
    return (
        2 <= len(text) <= 3
        and (text[0] in SURNAMES or text[:2] in COMPOUND_SURNAMES)
        and all("\u4e00" <= c <= "\u9fff" for c in text)
        and not ends_with_post(text)
        and not _ROLE_IN_RE.search(text)
        and text not in NOT_NAMES
        and title_start_weight(text) < 2
    )


def _slot_name(text: str) -> bool:
    return _plausible_name(text) or _surname_like_place(text) or _long_name(text)


def _whole_long_names(tokens: list[tuple[str, str, str]]) -> None:
    """Names cut from one piece (乌云 + 毕力格, 宝音 + 德力 + 格尔) where one name's place is
    sure: one name of four to six characters."""
    i = 0
    while i + 1 < len(tokens):
        j = i + 1
        while j < len(tokens) and tokens[j][0] == "N" and not tokens[j][2]:
            j += 1  # the names glued to tokens[i]
        if tokens[i][0] == "N" and 2 <= j - i <= 3:
            whole = "".join(t for _, t, _ in tokens[i:j])
            if _long_name(whole) and _name_slot(tokens, i, j):
                tokens[i:j] = [("N", whole, tokens[i][2])]
        i += 1


def _name_slot(tokens: list[tuple[str, str, str]], i: int, j: int) -> bool:
    """Whether tokens[i:j] stand where only a name can: alone, before a bracketed title or a
    space and a title at an item's start, or after a post and a space at an item's end."""
    prev = tokens[i - 1] if i else None
    nxt = tokens[j] if j < len(tokens) else None
    sep = tokens[i][2]
    # after a bracketed title a new item begins (陆小丹（教授）闭永明（教授）)
    hard = not _HARD_SEPS.isdisjoint(sep) or "、" in sep
    item_start = prev is None or hard or (prev[0] in "PA" and sep in ("", " "))
    item_end = nxt is None or not _HARD_SEPS.isdisjoint(nxt[2]) or "、" in nxt[2]
    return (
        len(tokens) == j - i
        or (nxt is not None and nxt[0] == "P" and not nxt[2] and item_start)
        or (prev is not None and prev[0] == "T" and sep == " " and ends_with_post(prev[1]) and item_end)
        or (
            nxt is not None
            and nxt[0] == "T"
            and nxt[2] == " "
            and item_start
            and (ends_with_post(nxt[1]) or title_start_weight(nxt[1]) >= 2)
        )
    )


def _alternate_line(tokens: list[tuple[str, str, str]], i: int) -> bool:
    """A line between two title lines in a list written name line, title line (何平\n市烟草专卖局
    副局长\n藏立新\n市盐务管理局局长): a name's line."""
    if i < 2 or i + 1 >= len(tokens) or any("\n" not in tokens[k][2] for k in (i - 1, i, i + 1)):
        return False
    name, above, below = tokens[i - 2], tokens[i - 1], tokens[i + 1]
    return (
        name[0] == "N"
        and above[0] == "T"
        and below[0] == "T"
        and ends_with_post(above[1])
        and ends_with_post(below[1])
        and (i + 2 >= len(tokens) or "\n" in tokens[i + 2][2])
    )


def _names_in_slots(tokens: list[tuple[str, str, str]]) -> None:
    """Turn into names the title tokens that stand where only a name can: alone, before a
    bracketed title (仉述仁（副县长）), after a post and a space at an item's end
    (市委副书记 亓海军), before a space and a title at an item's start (亓海军 县委书记),
    on its line between title lines (藏立新), or in a list made only of such names (亓海军、仉述仁)."""
    n = len(tokens)
    items = [t for k, t, _ in tokens if k in ("N", "T")]
    if n >= 2 and len(items) == n and all(k == "N" or _plausible_name(t) for k, t, _ in tokens):
        tokens[:] = [("N", t, sep) for _, t, sep in tokens]
        return
    if n >= 3 and len(items) == n and sum(k == "N" for k, _, _ in tokens) * 3 >= n * 2:
        # 王杰 王建安 叶志镇 朱利中 …: in a list of names only, 叶志镇 is a name too
        spaced = all(sep.strip(" 、，") == "" and sep for _, _, sep in tokens[1:])
        if spaced and all(k == "N" or _listed_name(t) for k, t, _ in tokens):
            tokens[:] = [("N", t, sep) for _, t, sep in tokens]
            return
    if n == 1 and tokens[0][0] == "T" and _surname_like_place(tokens[0][1]):
        tokens[0] = ("N", tokens[0][1], tokens[0][2])  # 副组长：区德成 (区 a surname here)
        return
    for i, (kind, text, sep) in enumerate(tokens):
        if kind != "T" or not 2 <= len(text) <= 6:  # names of two to six characters
            continue
        slot = _name_slot(tokens, i, i + 1)  # where the token stands first: cheaper than its text
        alternate = not slot and _alternate_line(tokens, i)  # only needed where no slot holds it
        if not (slot or alternate) or not _slot_name(text):
            continue
        short = _plausible_name(text) or _surname_like_place(text)
        if ((short or n > 1) and slot) or (short and alternate):
            tokens[i] = ("N", text, sep)


def _join(parts: list[tuple[str, str]]) -> str:
    """Title parts with the separator written before each; 、 is kept, spaces dropped, and a
    colon between a unit and its post (市发改委：副主任)."""
    text = ""
    for sep, part in parts:
        if text and "、" in sep:
            text += "、"
        text += part
    return text.replace("：", "") if "：" in text else text


def _title_first(tokens: list[tuple[str, str, str]]) -> list[Post]:
    posts: list[Post] = []
    acc: list[tuple[str, str]] = []
    shared: str | None = None
    last_name = False

    def unit_post() -> None:  # 市公安局分管负责人 among persons: a unit with its official
        if len(acc) == 1 and (official := _unit_official(acc[0][1])) and acc[0][1] != official:
            posts.append(Post(None, official, acc[0][1][: -len(official)]))

    skip_to = 0
    for i, (kind, text, sep) in enumerate(tokens):
        if i < skip_to:
            continue
        hard = not _HARD_SEPS.isdisjoint(sep)
        if hard:
            shared = None
            if not last_name:
                unit_post()
        if kind == "N" and hard and not acc and (end := _name_first_item(tokens, i)):
            # 郝康理 省统计局局长（兼…） on its own line inside a title-first list
            parts = [(s, t) for k, t, s in tokens[i + 1 : end] if k in ("T", "P")]
            also = next((t for k, t, _ in tokens[i + 1 : end] if k == "A"), "")
            posts.append(Post(text, _join(parts), None, also))
            acc, shared, last_name, skip_to = [], None, True, end
            continue
        if kind in ("T", "P"):
            if last_name or hard:
                acc = []
            if kind == "P" and acc:
                acc[-1] = (acc[-1][0], acc[-1][1] + f"（{text}）")
            else:
                acc.append((sep, text))
            last_name = False
        elif kind == "A":
            if posts and last_name:
                posts[-1] = posts[-1]._replace(also=text)
        elif kind == "N":
            glued = i + 1 < len(tokens) and tokens[i + 1][0] == "T" and not tokens[i + 1][2]
            alone = [post_only(t) for _, t in acc] if acc and glued else []
            if sep and alone and all(len(a) == 1 and a[0].unit for a in alone):
                # 县发改局局长、县财政局局长、张三市公安局局长: units' posts, then a name with its own title
                posts.extend(a[0] for a in alone)
                posts.append(Post(text, tokens[i + 1][1]))
                acc, shared, last_name, skip_to = [], None, True, i + 2
                continue
            if acc:
                shared = _join(acc)
                acc = []
                posts.append(Post(text, shared))
            else:
                posts.append(Post(text, shared if last_name and not hard else None))
            last_name = True
        else:
            acc, shared, last_name = [], None, False
    if not last_name:
        unit_post()
    return posts


def _name_first_item(tokens: list[tuple[str, str, str]], i: int) -> int:
    """Where an item that opens with the name at i and goes on with its title ends (the next
    hard separator), when it is written name first; else 0."""
    end = i + 1
    while end < len(tokens) and _HARD_SEPS.isdisjoint(tokens[end][2]):
        if tokens[end][0] not in ("T", "P", "A"):
            return 0
        end += 1
    has_title = any(k in ("T", "P") for k, _, _ in tokens[i + 1 : end])
    return end if has_title and "\n" in (tokens[end][2] if end < len(tokens) else "\n") else 0


def _name_first(tokens: list[tuple[str, str, str]]) -> list[Post]:
    posts: list[Post] = []
    name: str | None = None
    parts: list[tuple[str, str]] = []
    also = ""

    def flush() -> None:
        if name:
            posts.append(Post(name, _join(parts) or None, None, also))

    skip = -1
    bracketed = False  # the name's title was written in brackets: it is whole
    for i, (kind, text, sep) in enumerate(tokens):
        hard = not _HARD_SEPS.isdisjoint(sep)
        if i == skip:
            continue
        whole = _join(parts) if name and parts else "长" if name is None and posts else ""
        if kind == "T" and "\n" in sep and whole and _unit_post_line(tokens, i, whole):
            flush()  # 罗文鑫 洱源县人民政府县长\n洱海流域保护局局长: a unit's post on its own line
            posts.extend(_unit_post(text))
            name, parts, also, bracketed = None, [], "", False
            continue
        if kind == "T" and hard and bracketed and "\n" in sep and not _title_then_name(tokens, i):
            flush()  # 王江平（工业和信息化部副部长）\n机构概况: a page's next line, not more title
            name, parts, also, bracketed = None, [], "", False
            continue
        bracketed = kind == "P" and name is not None and not parts
        if kind == "A":
            also = text
        elif kind == "N":
            flush()
            name, parts, also = text, [], ""
        elif kind == "T" and (hard or "、" in sep) and _title_then_name(tokens, i):
            # an item written title first inside a name-first list (…；公司董事长 钟华)
            flush()
            name, parts, also = None, [], ""
            posts.append(Post(tokens[i + 1][1], text))
            skip = i + 1
        elif kind == "T" and name:
            parts.append((sep, text))
        elif kind == "P" and name:
            if parts:
                parts[-1] = (parts[-1][0], parts[-1][1] + f"（{text}）")
            else:
                parts.append((sep, text))
        elif kind == "X" and text:
            flush()
            name, parts = None, []
    flush()
    return posts


def _unit_post_line(tokens: list[tuple[str, str, str]], i: int, title: str) -> bool:
    """Whether tokens[i] is a line of its own naming a unit's post with no name (省财政厅分管负责
    同志, 洱海流域保护局局长) after an item whose title is whole."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and "\n" not in nxt[2]:
        return False  # the line goes on
    return (ends_with_post(title) or title.endswith("）")) and bool(_unit_post(tokens[i][1]))


def _unit_post(text: str) -> list[Post]:
    """A unit and its official or post, as one post-only holder (no name), else []."""
    if (official := _official_post(text)) is not None:
        return [official] if _named_unit(official.unit or "") else []
    post = _organ_post(text)
    return [post] if post.unit and _named_unit(post.unit) else []


def _title_then_name(tokens: list[tuple[str, str, str]], i: int) -> bool:
    """Whether tokens[i] (a title) and the next token (a name) form one item on their own."""
    if i + 1 >= len(tokens) or tokens[i + 1][0] != "N":
        return False
    if not _HARD_SEPS.isdisjoint(tokens[i + 1][2]):
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or not _HARD_SEPS.isdisjoint(after[2]) or after[0] == "N"


_BRACKET_TAIL_RE = lazy_compile(r"（[^（）]{1,20}）$")


def is_unit(item: str) -> bool:
    """Whether `item` names a unit, its other name in brackets or not (市农业农村局（市乡村振兴局）)."""
    if item.endswith("）"):
        item = _BRACKET_TAIL_RE.sub("", item)
    return UNIT_SUFFIX_RE.search(item) is not None


def _all_units(span: str, least: int = 2) -> bool:
    """Whether every item of the list names a unit (or a collective such as 各社区)."""
    items = [i for i in _UNIT_SPLIT_RE.split(_UNITS_TAIL_RE.sub("", span)) if i]
    units = [i for i in items if not _GENERIC_RE.match(i)]
    return len(items) >= least and all(len(i) >= 3 and (is_unit(i) or _is_place_unit(i)) for i in units)


def _is_place_unit(item: str) -> bool:
    """A county, district or city named as a unit (玉州区, 福绵管理区): its level word last."""
    return (
        len(item) >= 3
        and item[-1] in "区县市旗盟州"
        and not ends_with_post(item)
        and not _GENERIC_RE.match(item)
    )


def _unit_official(span: str) -> str | None:
    """The official a unit list ends with (分管负责人); longest first. A loop: a `$` regex
    would be tried at every position of a long span."""
    if not span.endswith(_OFFICIALS):  # one C call for the common case
        return None
    official = next(o for o in _OFFICIALS if span.endswith(o))
    if official == "领导":  # 十八个部门领导 (a unit's official), not 分管民政工作的省领导 (a post)
        before = span[:-2]
        if not (is_unit(before) or before.endswith(("部门", "单位"))):
            return None
    return official


_ITEM_NUMBER_TAIL_RE = lazy_compile(r" \d{1,2}[、.．]?$")  # 韩松 2、县地名委员会…: the next item's number


def clean_span(span: str) -> str:
    span = span.strip(" \n：:，,。；;、")
    if span[-1:] in "、.．0123456789":
        span = _ITEM_NUMBER_TAIL_RE.sub("", span)
    span = _LEAD_RE.sub("", span)
    # trailing 同志 / 担任 / 等 (a loop for the same reason as _unit_official)
    while span.endswith(_TAILS):
        tail = next(t for t in _TAILS if span.endswith(t))
        if tail == "同志" and span.endswith(("负责同志", "领导同志")):  # officials, not a name's 同志
            break
        span = span[: -len(tail)]
    return span.strip(" \n，,。；;")


def _named_unit(unit: str) -> bool:
    """A unit given by its name, not a collective (单位, 各镇, 有关部门) or a description."""
    return (
        len(unit) <= 40
        and unit not in _BARE_COLLECTIVES
        and unit not in KIND_COLLECTIVES
        and not _GENERIC_RE.match(unit)
        and not _COLLECTIVE_RE.search(unit)
        and not _KIND_TAIL_RE.search(unit)
    )


def read_units(head: str, official: str | None, *, places: bool = False) -> list[Post]:
    """A list of unit names (the part before 分管负责人, or a 成员单位 list); `places` keeps
    two-character items (places sharing the last item's organ)."""
    posts = []
    if official is None and (own := _unit_official(clean_span(head))):  # 成员单位包括…等12个部门主要负责同志
        head, official = clean_span(head)[: -len(own)].removesuffix("的"), own
    listed = _BRACKET_LIST_RE.search(head) if "（" in head else None
    if listed and _COLLECTIVE_RE.search(head[: listed.start()]):
        head = listed.group(1)  # 局机关有关处室和直属单位（办公室、规划处、信息中心）: the units listed
    items = _UNIT_SPLIT_RE.split(head.replace("以及", "、") if "以及" in head else head)
    if "和" in head:
        items = [_UNITS_TAIL_RE.sub("", clean_span(i)) for i in items]  # 团县委和县台办: two units
        items = [u for i in items for u in (i.split("和") if all(map(is_unit, i.split("和"))) else [i])]
    if len(items) >= 3 and "的" in items[0]:  # 工作任务较重的省法院、省检察院…: the unit after 的
        first = items[0].rsplit("的", 1)[1]
        items[0] = first if is_unit(first) else items[0]
    for unit in items:
        unit = _UNITS_TAIL_RE.sub("", clean_span(unit))
        numbered = _NEXT_ITEM_RE.search(unit)
        if numbered and UNIT_SUFFIX_RE.search(unit[: numbered.start()]):  # 市税务局二、工作机制…
            posts.append(Post(None, official, unit[: numbered.start()]))
            break
        if unit and official and not is_unit(unit) and (alone := post_only(unit)):
            posts.extend(alone)  # 省政府协调民政工作的副秘书长 among units: a post with no name
        elif unit and len(unit) <= 2 and not is_unit(unit) and not places:
            continue  # 教育、体育等相关部门: fields, not units (海宁、桐乡、平湖市人民政府: places)
        elif unit and _named_unit(unit):
            posts.append(Post(None, official, unit))
    return posts


_ORGAN_RE = lazy_compile(r"^(.{0,20}?)((?:协助)?(?:分管|协调|联系|主管|负责|具体负责|牵头)[^、，；]{1,30})$")
_QUALIFIER_ALT = "|".join(sorted(ROLE_QUALIFIERS))
_POST_ONLY_RE = lazy_compile(rf"(?:{_QUALIFIER_ALT})?副?(?:[\u4e00-\u9fff]{{0,2}}长|{POST_ALT}|领导)+")
_ROLES_ONLY_RE = lazy_compile(f"(?:{ROLE_ALT})+")
_POSTS_SPLIT_RE = lazy_compile(r"、|和(?=[^、]{2})")
_DESCRIBED_RE = lazy_compile(r"分管|协助|有关|相关|主管")
# 卫生院负责人和各村（居）委会主任, …等20余个部门和大运河沿线各县（市、区）主要负责同志
_CLAUSE_RE = lazy_compile(r"[，,；;]|以及|及|和(?=[^、，,；;和]{0,8}?各)")


def post_only(item: str) -> list[Post]:
    """A post written with no name (召集人由分管文旅工作的副市长担任): `title` the post,
    `unit` the organ written before it (省政府分管…的副省长 → 省政府; 市政府秘书长 → 市政府).
    A compound post (县委副书记、县长) stays whole in `title`; posts that each name their
    organ (区府办副主任、统计局局长) are several holders. Empty when `item` is no post."""
    item = clean_span(item)
    longest = 64 if "、" in item else 32  # 市政府分管…的副市长、市政府分管…的副市长: two posts
    if not 2 <= len(item) <= longest or not (ends_with_post(item) or item.endswith("领导")):
        return []
    if _GENERIC_RE.match(item) or any(c in item for c in "（）： \n") or item in NOT_NAMES:
        return []
    if _ROLES_ONLY_RE.fullmatch(item):  # 组长组长: role words, not a post
        return []
    if "兼" in item:
        return [Post(None, item, None)]
    if "、" in item or "和" in item:
        words = [w for w in _POSTS_SPLIT_RE.split(item) if w]
        posts = [_official_post(w) or _organ_post(w) for w in words]
        # several holders when each post names its organ (区府办副主任、统计局局长), one is
        # described (市政府秘书长、协助分管统计工作的副秘书长) or one is a unit's official
        # (国家卫生健康委主要负责同志、国务院分管副秘书长); else one person's posts
        several = sum(1 for p in posts if p.unit) >= max(2, len(posts) - 1) or any(
            _DESCRIBED_RE.match(w) or "的" in w or _official_post(w) for w in words
        )  # 国务院分管副秘书长、统计局局长、中国残联主席: each post names its organ
        if len(words) > 1 and several:
            return posts
        last = posts[-1]
        if last.unit and all(is_unit(w) and not ends_with_post(w) for w in words[:-1]):
            return [Post(None, last.title, w) for w in words[:-1]] + [last]  # 县人民医院、县中医院院长
        if "、" in item:
            return [Post(None, item, None)]  # one person's two posts: 县委副书记、县长
    return [_organ_post(item)]


def _official_post(item: str) -> Post | None:
    """A unit and the official named for it (国家卫生健康委主要负责同志), else None."""
    official = _unit_official(item)
    unit = item[: -len(official)] if official else ""
    return Post(None, official, unit) if official and len(unit) >= 2 and is_unit(unit) else None


_BARE_PARTY_ORGANS = frozenset({"党委", "党组", "党工委", "纪委", "党总支", "党支部", "总支", "支部"})


def _organ_post(item: str) -> Post:
    """A post with the organ it belongs to split off as `unit` when one is written."""
    m = _ORGAN_RE.match(item)
    if m:
        organ = m.group(1)
        unit = organ if organ and UNIT_SUFFIX_RE.search(organ) else None
        return Post(None, m.group(2) if unit else item, unit)
    for k in range(len(item) - 2, 1, -1):  # the longest organ before a bare post
        if item[:k] in _BARE_PARTY_ORGANS:
            break  # 党委书记: the post of an organ left unnamed, not a unit
        # the post tested first and the suffix at item[:k]'s end only: linear in a long item
        if not _POST_ONLY_RE.fullmatch(item, k):
            continue
        if UNIT_SUFFIX_RE.search(item, max(0, k - UNIT_SUFFIX_TAIL), k):
            return Post(None, item[k:], item[:k])
        if k >= 3 and _level_post_again(item[k - 1 : k + 4]):
            return Post(None, item[k:], item[:k])  # 黄陂区副区长: the district and its post
    return Post(None, item, None)


def _ends_with_bare_name(tokens: list[tuple[str, str, str]]) -> bool:
    """The clause ends with a name that has no title glued before it (郑国平, 副市长\n王五),
    so a post in the next clause is that name's title; not 财政厅厅长陈炜."""
    return bool(tokens) and tokens[-1][0] == "N" and (len(tokens) == 1 or tokens[-1][2] != "")


def _by_clause(span: str, cache: dict[str, list[tuple[str, str]]] | None) -> list[Post] | None:
    """A list whose clauses are of different kinds (persons; units with their official; a
    post with no name), read clause by clause; None when the clauses are all persons."""
    clauses = [c for c in _CLAUSE_RE.split(span) if c.strip()]
    if len(clauses) < 2:
        return None
    cleaned = [clean_span(c) for c in clauses]
    # cheap tests first: most lists are persons only, and need no tokens here
    kinds = ["U" if _unit_official(c) else "P" if post_only(c) else "N" for c in cleaned]
    if all(k == "N" for k in kinds):
        return None  # (units clauses each keep their own official: A、B分管负责人；C、D主要负责人)
    for i, c in enumerate(cleaned):
        if kinds[i] != "P":
            continue
        if any(k == "N" for k, _, _ in _tokens(c, cache)):
            kinds[i] = "N"  # 市委常委、常务副市长张红文: a name after all
        elif i and _ends_with_bare_name(_tokens(cleaned[i - 1], cache)):
            return None  # 郑国平，县委副书记: name first, title after a comma
    if all(k == "N" for k in kinds):
        return None  # (units clauses each keep their own official: A、B分管负责人；C、D主要负责人)
    posts: list[Post] = []
    skip = False
    for i, (c, kind) in enumerate(zip(clauses, kinds, strict=True)):
        if skip:
            skip = False
            continue
        bare_name_next = i + 1 < len(cleaned) and looks_like_name(cleaned[i + 1])
        if kind == "P" and bare_name_next and len(post_only(c)) == 1:
            posts.append(
                Post(cleaned[i + 1], cleaned[i], None)
            )  # 组长：县长，张三 — the post, then its holder
            skip = True
            continue
        if kind == "P":
            posts.extend(post_only(c))
        elif kind == "N" and (shared := _official_after(cleaned, kinds, i)) and _all_units(cleaned[i], 1):
            posts.extend(read_units(cleaned[i], shared))  # 预测减灾司、科技发展司以及…等单位主要负责人
        else:
            posts.extend(read_holders(c, cache)[0])
    return posts


def _official_after(cleaned: list[str], kinds: list[str], i: int) -> str | None:
    """The official the next clause names for its units, shared by a clause of units before it
    that names none (市委宣传部、市文明办，各县（市、区）政府主要负责同志)."""
    if i + 1 < len(cleaned) and kinds[i + 1] == "U":
        return _unit_official(cleaned[i + 1])
    return None


_AND_AFTER_NAME_RE = lazy_compile(r"(?:(?<=[、，,；\s：])|^)([\u4e00-\u9fff]{2,3})和(?=[\u4e00-\u9fff])")


def _and_after_name(m: re.Match[str]) -> str:
    name = m.group(1)
    return name + "，" if _is_name(name, after_title=False) else m.group()


_AND_LAST_NAME_RE = lazy_compile(r"(?<=[\u4e00-\u9fff])和([\u4e00-\u9fff]{2,3})(?=$|[、，,；;])")


def _and_last_name(span: str) -> str:
    """和 between a title's name and a name alone (副局长严立新和马可钧): a separator."""

    def sub(m: re.Match[str]) -> str:
        before = span[: m.start()]
        named = any(
            ends_with_post(before[:-k]) and _is_name(before[-k:], after_title=True)
            for k in (2, 3)
            if len(before) > k
        )
        return "、" + m.group(1) if named and looks_like_name(m.group(1)) else m.group()

    return _AND_LAST_NAME_RE.sub(sub, span)


def _and_before_title(span: str) -> str:
    """和 between a title's name and the next title (常务副县长陈杰和副县长赵丽): a separator."""
    span = _and_last_name(span)
    at = span.find("和", 3)
    while at != -1:
        after = span[at + 1 :]
        place = _level_post_again(after)  # 马少云杨和镇镇长: 和 inside a place's name
        if not place and (title_start_weight(after) >= 2 or after.startswith(("副", "常务"))):
            for k in (2, 3, 4):  # 区长边巴次仁和区委常委…: a Tibetan name of four
                name = span[at - k : at]
                if ends_with_post(span[: at - k]) and _is_name(name, after_title=True):
                    span = span[:at] + "、" + span[at + 1 :]
                    break
        at = span.find("和", at + 1)
    return span


def _line_items(tokens: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A list written one holder a line, name then title glued (李明烟草专卖局局长): a line
    read as one title whose name the lexicon could not cut off (张伟国网供电公司总经理) is
    cut like the others, the name its first two or three characters."""
    lines = any("\n" in sep for _, _, sep in tokens)
    if lines:
        starts = [i for i, (_, _, sep) in enumerate(tokens) if i == 0 or "\n" in sep]
    elif sum(1 for a, b in pairwise(tokens) if a[0] == "N" and b[0] == "T" and not b[2].strip(" ")) < 2:
        return tokens  # fewer than two names glued to a title: no such list (a cheap test first)
    else:  # 简立新石油分公司经理、童岚市气象台台长: items between separators
        starts = _item_starts(tokens)
    ends = [*starts[1:], len(tokens)]
    items = [tokens[a:b] for a, b in zip(starts, ends, strict=True)]
    if lines:
        items = [_unit_name_post(it) for it in items]
        tokens = [t for it in items for t in it]
    named = sum(
        1 for it in items if len(it) >= 2 and it[0][0] == "N" and it[1][0] == "T" and not it[1][2].strip(" ")
    )  # 李明烟草专卖局局长, 李 明 烟草专卖局局长
    if named < 2 or named * 2 < len(items):
        return tokens
    out: list[tuple[str, str, str]] = []
    for it in items:
        if len(it) == 1 and it[0][0] == "T" and (cut := _leading_name(it[0][1])):
            out += [("N", it[0][1][:cut], it[0][2]), ("T", it[0][1][cut:], "")]
        else:
            out += it
    return out


def _unit_name_post(item: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A row unit, name, post (市发改委　张三　副主任): the name, its title the unit's post."""
    if (
        len(item) == 3
        and [k for k, _, _ in item] == ["T", "N", "T"]
        and is_unit(item[0][1])
        and _bare_post_weight(item[2][1])
    ):
        return [("N", item[1][1], item[0][2]), ("T", item[0][1] + item[2][1], "")]
    return item


def _leading_name(text: str) -> int:
    """The length of the name a name-then-title line opens with, or 0."""
    if len(text) < 5 or not ends_with_post(text) or UNIT_SUFFIX_RE.search(text[:4]):
        return 0
    if title_start_weight(text) >= 2:
        return 0  # 常务副县长, 县发改局局长: a title of its own
    if text[:2] in COMPOUND_SURNAMES:
        return 3 if title_start_weight(text[3:]) >= title_start_weight(text[4:]) else 4
    two, three = _title_rest_weight(text[2:]), _title_rest_weight(text[3:])
    if len(text) >= 6 and _four_character_name(text, max(two, three, 1), listed=True):
        return 4  # 勒格阿牛乡卫生院院长
    if text[0] not in SURNAMES and max(two, three) < 2:
        return 0  # a surname the lexicon lacks (母川海事处处长): only before a known title start
    if two == three == 0 and _organ_length(text[3:]) <= 2 < _organ_length(text[2:]):
        return 2  # 沈洁党政办主任: not 沈洁党 + 政办主任 (an organ of two characters at most)
    return 2 if two > three else 3


def _organ_length(title: str) -> int:
    """The length of what a title writes before the post it ends with (政办主任 → 2)."""
    for k in range(min(len(title), 5), 0, -1):
        if title[-k:] in POST_WORDS:
            return len(title) - k
    return len(title)


def _title_rest_weight(rest: str) -> int:
    """How surely `rest` is a whole title: a known title start, or a place before one."""
    return title_start_weight(rest) or (3 if _place_then_title(rest) else 2 if _county_then_post(rest) else 0)


_LEVEL_CHARS = "区县市镇乡旗"


# 社区, 园区, 景区…: places inside a county, not a county's level
_NOT_LEVELS = frozenset(
    {
        "社区",
        "园区",
        "景区",
        "小区",
        "校区",
        "片区",
        "库区",
        "矿区",
        "林区",
        "牧区",
        "山区",
        "城区",
        "辖区",
        "街区",
        "厂区",
    }
)


def _county_then_post(text: str) -> bool:
    """A place the lexicon lacks, its level and a post (江宁区副区长, 修水县委书记): two or three
    characters, then 区/县/市…, then more of a title ending in a post."""
    for k in (2, 3):
        place = text[:k]
        if (
            len(text) > k + 2
            and text[k] in _LEVEL_CHARS
            and not any(
                c in _REGION_CHARS or c in _LEVEL_CHARS or c == "副" or not "\u4e00" <= c <= "\u9fff"
                for c in place
            )
            and text[k - 1 : k + 1] not in _NOT_LEVELS
        ):
            return POST_RE.search(text, k + 1, k + 12) is not None
    return False


def _level_post_again(rest: str) -> bool:
    """区副区长, 县县长, 市副市长: a level word, then a post of that level — the characters
    before were a place (黄陂区副区长), not a name and the title 区副区长."""
    level = rest[:1]
    return level in _LEVEL_CHARS and rest[1:].removeprefix("常务").removeprefix("副").startswith(level)


def _places_then_unit(items: list[str]) -> bool:
    """海宁、桐乡、平湖市人民政府 (before an official): places sharing the last one's organ,
    not names."""
    last = items[-1]
    return (
        len(items) >= 2
        and is_unit(last)
        and any(c in _REGION_CHARS for c in last[2:5])
        and all(is_unit(i) or (2 <= len(i) <= 3 and not ends_with_post(i)) for i in items[:-1])
    )


def _drop_unit_heading(m: re.Match[str]) -> str:
    heading = m.group(1)
    grouping = heading.endswith(("本部", "企业", "单位", "部门"))
    return "" if is_unit(heading) or grouping else m.group()


# a two-character name padded with a space to the width of three (邵 军), glued to its title
_PAD_AT_ITEM_START_RE = lazy_compile(
    r"(?m)(?:^|(?<=[、，,；;：\n]))([\u4e00-\u9fff]) ([\u4e00-\u9fff])(?=[\u4e00-\u9fff]{2})"
)


_JUNK_BRACKET_RE = lazy_compile(
    r"（(?:广告|打印|关闭|[^（）]{0,20}(?:下载|仅显示|点击|扫一扫|缺页|名单略)[^（）]{0,20}|以[上下][^（）]{0,30})）[^\n]*"
    r"|……[^\n]+"  # 院长……参考资料: the page cut there
)
_LONE_CHAR_LINE_RE = lazy_compile(r"(?m)^[\u4e00-\u9fff] *$\n?")
_CIRCLED_RE = lazy_compile(r"[①-⑳]")
_HEADER_LINE_RE = lazy_compile(
    r"(?m)^[ ]*(?:(?:序号|姓名|性别|民族|职务|职称|单位|工作单位|单位及职务|单位职务|现任职务|所在单位|备注"
    r"|组内职务|拟任职务|职务及单位)[ ]*)+$\n?"
)
_WHICH_OFFICE_RE = lazy_compile(r"(?<=[局部委厅办])(?:有关|相关)(?:司局|处室|科室|部门|业务司局|业务处室)$")
_NAMES_THEN_POST_RE = lazy_compile(
    r"((?:[\u4e00-\u9fff·]{2,8}、)+[\u4e00-\u9fff·]{2,8}?)等([^、，,；;\s]{2,20})"
)
_PAGE_HEAD_LINE_RE = lazy_compile(r"(?m)^[^\s、，：]{4,30}文件$\n?")
_CUT_NAME_RE = lazy_compile(
    r"(?<=[长任员记理席师委监])([\u4e00-\u9fff]{1,2})\n(?=[\u4e00-\u9fff]{1,2}(?:$|[，、；。\n]))"
)
_POST_COLON_RE = lazy_compile(r"(?<=[长任记员])：(?=[\u4e00-\u9fff])")
# a three-character name padded after its surname (陈 立新), a space and its title after it
_PADDED_THREE_RE = lazy_compile(r"(?m)(?:^|(?<=[、，,；;：]))([\u4e00-\u9fff]) ([\u4e00-\u9fff]{2})(?= |$)")


def _join_cut_name(m: re.Match[str]) -> str:
    """Join a name cut by a line break when its two halves make two or three characters."""
    rest = m.string[m.end() : m.end() + 3]
    after = next((k for k, c in enumerate(rest) if not "\u4e00" <= c <= "\u9fff"), len(rest))
    return m.group(1) if len(m.group(1)) + after <= 3 and m.group(1)[0] in SURNAMES else m.group()


def _join_padded_three(m: re.Match[str]) -> str:
    surname, given = m.group(1), m.group(2)
    return surname + given if surname in SURNAMES and not ends_with_post(given) else m.group()


_PADDED_AFTER_POST_RE = lazy_compile(
    r"(?<=[长任员记理席师委监])([\u4e00-\u9fff]) ([\u4e00-\u9fff])(?=$|[、，,；;。\n])"
)


def _pad_after_name(m: re.Match[str]) -> str:
    surname, given = m.group(1), m.group(2)
    if surname in _REGION_CHARS or surname == "副" or (surname not in SURNAMES and given in _REGION_CHARS):
        return m.group()
    return surname + given + " "


def read_holders(
    span: str, cache: dict[str, list[tuple[str, str]]] | None = None
) -> tuple[list[Post], str | None]:
    """Holders named in `span` (see _read_holders); a title written 时任…/现任… (苏景林（时任省长）)
    is the post itself."""
    posts, official = _read_holders(span, cache)
    if any(p.title and p.title.startswith(_TENURE) for p in posts):
        posts = [
            p._replace(title=p.title[2:] or None) if p.title and p.title.startswith(_TENURE) else p
            for p in posts
        ]
    return posts, official


_TENURE = ("时任", "现任")


def _read_holders(
    span: str, cache: dict[str, list[tuple[str, str]]] | None = None
) -> tuple[list[Post], str | None]:
    """Holders named in `span`, and the unit official of a generic reference.

    The second value is set for "各成员单位主要负责同志" (no unit named here): the
    official a following 成员单位 list gets as title. `cache` (owned by the caller, one
    per notice) keeps the split of pieces that recur, as officials do across sub-groups.
    """
    if "〔" in span or "[" in span or "【" in span:  # 张三〔县长〕, 李四[副县长]: brackets
        span = span.translate(_BRACKETS)
    if "\n" in span:
        span = _LIST_NUMBER_RE.sub("", _BROKEN_NAME_RE.sub(r"\1", span))
        span = _COUNT_LINE_RE.sub("", span)  # 副组长\n3\n苗圩（…）: the count of an infobox row
    if "：" in span and _UNIT_HEADING_RE.search(span):
        span = _UNIT_HEADING_RE.sub(_drop_unit_heading, span)
        span = _GROUPING_LINE_RE.sub(_drop_unit_heading, span)
    if (comrade := _ONE_COMRADE_RE.fullmatch(span.strip())) and _comrade_name(comrade.group(1)):
        return [Post(comrade.group(1), None)], None  # 沈阳同志任副组长: 同志 makes a place word a name
    if "、" in span and (counted := _COUNTED_PLACES_RE.match(span.strip())):
        # 芗城、龙文两区主要领导(和市直有关单位领导): each place's official; a collective after 和 names none
        official = counted.group("official")
        return [Post(None, official, place) for place in counted.group("places").split("、")], None
    if "各" in span and ("及" in span or "和" in span) and "单位" not in span:
        span = _COLLECTIVE_PAIR_RE.sub(r"\1", span)  # 各临床科室主任及护士长: one collective
    jointly = span.rstrip(" \n").endswith("共同")  # 由市委书记、市长共同担任: two holders
    span = clean_span(_COMRADE_RE.sub("", span) if "同志" in span else span)
    if not span:
        return [], None
    if ("（" in span or "…" in span) and _JUNK_BRACKET_RE.search(span):
        span = _JUNK_BRACKET_RE.sub("", span)  # 副镇长（广告）公文写作模板…下载>>: a page's furniture
    if _CIRCLED_RE.search(span):
        span = _CIRCLED_RE.sub(" ", span)  # ①市发展改革委主任　刘志刚: an item's number
    if span.rstrip(" \n。").endswith("…"):
        span = span.rstrip(" \n。").rstrip("…")  # a page cut off: 中国标准化研究院院长……
    if "\n" in span and "姓名" in span:
        span = _HEADER_LINE_RE.sub("", span)  # 姓名 单位及职务: a table's head row
    if "\n" in span and ("文件" in span or _CUT_NAME_RE.search(span)):
        span = _PAGE_HEAD_LINE_RE.sub("", span)  # 周口市人民政府办公室文件: a PDF page's head
        span = _CUT_NAME_RE.sub(_join_cut_name, span)  # 市工商局副局长吕\n卫东: a name cut by a line break
    if "\n" in span and _LONE_CHAR_LINE_RE.search(span):
        span = _LONE_CHAR_LINE_RE.sub("", span)  # 蔡　: a line cut off after one character
    if "：" in span:
        span = _POST_COLON_RE.sub("", span)  # 副市长：李青、王伟: the shared post, then its holders
    if " " in span and _PADDED_THREE_RE.search(span):
        span = _PADDED_THREE_RE.sub(_join_padded_three, span)  # 陈 立新 市财政局副局长
    if " " in span and _PADDED_AFTER_POST_RE.search(span):
        span = _PADDED_AFTER_POST_RE.sub(r"\1\2", span)  # 常务副省长竹　安, 副镇长钱　峰、…: a padded name
    if " " in span and _PAD_AT_ITEM_START_RE.search(span):
        span = _PAD_AT_ITEM_START_RE.sub(_pad_after_name, span)  # 邵 军大儒巷社区… → 邵军 大儒巷社区…
    if " " in span and (padded := _padded_glued(span)):
        return [Post(n, None) for n in padded], None
    if "等" in span and (named := _NAMES_THEN_POST_RE.fullmatch(span)):
        names = named.group(1).split("、")
        if all(looks_like_name(n) for n in names) and ends_with_post(named.group(2)):
            return [Post(n, named.group(2)) for n in names], None  # 孔祥生、欧阳明辉等分管副市长
    if "以及" in span:  # 体育总局局长苟仲文以及国务院副秘书长丁向阳: a separator
        span = span.replace("以及", "，")
    if "和" in span:  # 丁向阳和卫生健康委副主任于学军: 和 after a name separates
        span = _and_before_title(_AND_AFTER_NAME_RE.sub(_and_after_name, span))
    clauses = any(c in span for c in "，；,及") or ("和" in span and "各" in span)
    if clauses and (by_clause := _by_clause(span, cache)) is not None:
        return by_clause, None
    official = _unit_official(span)
    if official and (which := _WHICH_OFFICE_RE.search(span, 0, len(span) - len(official))):
        official = which.group() + official  # 统计局、卫生部有关司局负责同志: the officials of some office
    if official:
        head = clean_span(span[: -len(official)].removesuffix("的"))
        if head[-1:] in "和及" and (first := _unit_official(head[:-1])):  # 主要负责人和分管负责人
            unit = head[: -1 - len(first)]
            if is_unit(unit):
                return [Post(None, first, unit), Post(None, official, unit)], None
        if not head or head in _BARE_COLLECTIVES:  # 分管领导任副组长, 单位主要负责人任组长: a post
            return [Post(None, span, None)], None
        if _GENERIC_RE.match(head) or head.endswith("成员单位") or head in KIND_COLLECTIVES:
            return [], official
        items = [i for i in _UNIT_SPLIT_RE.split(_UNITS_TAIL_RE.sub("", head)) if i]  # …古城管委会等15个单位
        if all(is_unit(i) or _is_place_unit(i) for i in items):  # 玉州区、福绵管理区主要负责人
            return read_units(head, official), None
        if _places_then_unit(items):
            return read_units(head, official, places=True), None
        tokens = _tokens(head, cache)
        if not any(kind == "N" for kind, _, _ in tokens):
            return read_units(head, official), None
    tokens = _tokens(span, cache)
    if "\n" in span or "、" in span:
        tokens = _line_items(tokens)
    first = next((kind for kind, _, _ in tokens if kind in ("N", "T")), None)
    if first is None:
        return [], None
    if first == "T" and not any(kind == "N" for kind, _, _ in tokens) and _all_units(span):
        return read_units(span, None), None  # 成员：街道武装部、北山派出所、各社区
    posts = _title_first(tokens) if first == "T" else _name_first(tokens)
    if not posts and first == "T" and (alone := post_only(span)):
        if jointly and len(alone) == 1 and "、" in (alone[0].title or ""):
            return [_organ_post(w) for w in alone[0].title.split("、") if w], None  # type: ignore[union-attr]
        if len(alone) == 1 and alone[0].unit and _KIND_TAIL_RE.search(alone[0].unit):
            return [], None  # 医院主要职能科室主任: a kind of unit, no unit named
        if len(alone) == 1 and _COLLECTIVE_POST_RE.search(alone[0].title or ""):
            return [], None  # 副校级领导为副组长, 院领导班子成员为成员: a collective, no post
        return alone, None  # 召集人由分管文旅工作的副市长担任
    return posts, None
