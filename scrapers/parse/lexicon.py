"""The parser's word lists (data files under lexicons/), loaded once into frozen structures."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from scrapers.lazyre import lazy_compile

_DIR = Path(__file__).parent / "lexicons"


def _lines(name: str) -> list[str]:
    out = []
    for line in (_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _alternation(words: list[str] | frozenset[str]) -> str:
    """A regex group matching any of `words`, preferring the longest word at a position.

    Built as a trie (省(?:委(?:常委)?|长)…) rather than a flat list of a few hundred words:
    the regex engine then reads each character once instead of trying every word at every
    position. The match order is the same as a longest-first flat list: at a position only
    the words along one path of the trie can match, and the deeper ones are tried first.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "(?:" + _trie_regex(trie) + ")" if trie else "(?!)"


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a shorter word ends here: try the longer ones first (greedy ?)
        return (body if len(branches) > 1 or len(branches[0]) == 1 else "(?:" + body + ")") + "?"
    return body


# The qualifiers of a role (常务副组长, 第一组长); 副组长：苗卫东（常务） → 常务副组长
ROLE_QUALIFIERS = frozenset({"第一", "常务", "执行", "专职"})
_LEADER_QUALIFIERS = ("第一", "执行")  # the ones that also qualify a leader's role: 第一主任, 执行主任
_ROLE_WORDS = frozenset(_lines("roles.txt"))
# the leader roles with a deputy (组长 for 副组长): the roles a qualifier may open
_QUALIFIED_BASES = frozenset(r[1:] for r in _ROLE_WORDS if r.startswith("副") and len(r) >= 3)


def _roles() -> set[str]:
    """The role words of roles.txt and the qualified forms of each deputy and leader role:
    副主任 → 第一副主任, 常务副主任, 执行副主任, 专职副主任; 主任 → 第一主任, 执行主任."""
    words = set(_ROLE_WORDS)
    for base in _QUALIFIED_BASES:
        words.update(q + "副" + base for q in ROLE_QUALIFIERS)
        words.update(q + base for q in _LEADER_QUALIFIERS)
    return words


ROLES: tuple[str, ...] = tuple(sorted(_roles(), key=len, reverse=True))
# A trie of all the words, qualified forms included: sre scans for its first characters fast.
# The qualifier as an optional prefix, (?:第一|…)?(?:…), reads the same words but is 6–15 times
# slower to search (an optional start defeats that scan): measured on examples/000.
ROLE_ALT = _alternation(list(ROLES))
POST_WORDS = frozenset(_lines("post_words.txt"))
POST_ALT = _alternation(POST_WORDS)
UNIT_OFFICIALS = frozenset(_lines("unit_officials.txt"))
UNIT_OFFICIAL_ALT = _alternation(UNIT_OFFICIALS)
UNIT_SUFFIXES = frozenset(_lines("unit_suffixes.txt"))
GROUP_KINDS: tuple[str, ...] = tuple(_lines("group_kinds.txt"))
KIND_ALT = _alternation(list(GROUP_KINDS))
NOT_NAMES = frozenset(_lines("not_names.txt"))
# provinces and prefecture-level cities, short forms: 周口 (市) is no name
PLACES = frozenset(_lines("places.txt"))
PLACE_START_RE = lazy_compile(_alternation(PLACES))
SURNAMES = frozenset(_lines("surnames.txt"))
# a surname's place in the list (the common ones first): breaks ties between cuts of names
SURNAME_RANK = MappingProxyType({s: i for i, s in enumerate(dict.fromkeys(_lines("surnames.txt")))})
COMPOUND_SURNAMES = frozenset(_lines("compound_surnames.txt"))
KIND_COLLECTIVES = frozenset(_lines("kind_collectives.txt"))
NAME_NOTES = frozenset(_lines("name_notes.txt"))
SELF_REFERENCES = frozenset(_lines("self_references.txt"))


def _title_starts() -> MappingProxyType[str, int]:
    table: dict[str, int] = {}
    for line in _lines("title_starts.txt"):
        word, _, weight = line.partition("\t")
        table[word.strip()] = int(weight) if weight.strip() else 2
    return MappingProxyType(table)


TITLE_STARTS = _title_starts()
TITLE_START_RE = lazy_compile(_alternation(list(TITLE_STARTS)))
POST_RE = lazy_compile(POST_ALT)
UNIT_SUFFIX_RE = lazy_compile("(?:" + _alternation(UNIT_SUFFIXES) + ")$")
UNIT_SUFFIX_TAIL = max(len(w) for w in UNIT_SUFFIXES) + 1  # a search of a text's end only


def title_start_weight(text: str) -> int:
    """How surely `text` begins a title or unit name (0: not at all)."""
    m = TITLE_START_RE.match(text)
    return TITLE_STARTS[m.group()] if m else 0


_POST_END_RE = lazy_compile("(?:" + POST_ALT + ")$")


# the longest post word, and one for a final newline `$` allows: a search of the text's end only
_POST_TAIL = max(len(w) for w in POST_WORDS) + 1


def ends_with_post(text: str) -> bool:
    """Whether a post word ends `text`; only its last characters are searched, so that a loop
    over a long text's cut points stays linear."""
    return _POST_END_RE.search(text, max(0, len(text) - _POST_TAIL)) is not None


# The default title filter (scrapers/titles.py) reads these with GROUP_KINDS.
BODY_WORDS: tuple[str, ...] = tuple(_lines("body_words.txt"))
ACTION_WORDS: tuple[str, ...] = tuple(_lines("action_words.txt"))
TITLE_STOP_WORDS: tuple[str, ...] = tuple(_lines("title_stop_words.txt"))
