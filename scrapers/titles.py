"""Which list items to fetch: the title filter.

The default filter passes a title that names a body (a group kind such as 领导小组 or
联席会议, or a word such as 议事协调机构, 工作机制) together with a word that sets it up,
changes or ends it (成立, 调整, 增补, 撤销, 制度 …), and no word that makes it a meeting
report (召开). A title that is a body's name and nothing else (国家减灾委员会, 赣州市第七次全国
人口普查领导小组: a standing organisation page) passes too. The words are the parser's
lexicons (scrapers/parse/lexicons/).

A source's `title_filter` is a regular expression from config. It is compiled with
google-re2, a linear-time engine, so that no pattern can make matching backtrack for ever
("(a+)+$" against "aaa…a!"); patterns that need backtracking (look-behind,
back-references) are refused at config load. Where re2 does not install, Python's `re`
is the fallback. Either way a title is cut to MAX_TITLE characters before matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scrapers.lazyre import lazy_compile
from scrapers.parse.lexicon import ACTION_WORDS, BODY_WORDS, GROUP_KINDS, TITLE_STOP_WORDS

try:
    import re2
except ImportError:  # pragma: no cover - re2 ships wheels for the platforms we run on
    re2 = None

MAX_TITLE = 300  # characters of a list title that are matched; no real title is longer

ENGINE = "re2" if re2 is not None else "re"

_BODY = lazy_compile("|".join(map(re.escape, sorted({*GROUP_KINDS, *BODY_WORDS}, key=len, reverse=True))))
_ACTION = lazy_compile("|".join(map(re.escape, sorted(ACTION_WORDS, key=len, reverse=True))))
# a title that is nothing but a body's name: at least four characters, then a group kind
_KINDS = "|".join(map(re.escape, sorted(GROUP_KINDS, key=len, reverse=True)))
_NAME_ONLY = lazy_compile(rf"^[^，。：:；、\s]{{4,60}}?(?:{_KINDS})$")
_STOP = lazy_compile("|".join(map(re.escape, TITLE_STOP_WORDS)) or "(?!)")


class BadTitleFilter(ValueError):
    """A configured title_filter that does not compile."""


def default_title_match(title: str) -> bool:
    """A title about setting up, changing or ending a body."""
    title = title[:MAX_TITLE]
    if _STOP.search(title):
        return False
    return bool((_BODY.search(title) and _ACTION.search(title)) or _NAME_ONLY.match(title.strip()))


def _re2_options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a bad pattern is reported once, by us, not logged by the library
    return options


def compile_title_filter(pattern: str) -> Callable[[str], bool]:
    """A configured pattern as a predicate on titles; BadTitleFilter when it does not compile
    (config validation calls this, so a pattern that loads is one that runs)."""
    if re2 is not None:
        try:
            regex = re2.compile(pattern, options=_re2_options())
        except re2.error as e:
            reason = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else e
            raise BadTitleFilter(f"not a valid re2 regular expression: {reason}") from None
    else:  # pragma: no cover - the fallback where re2 does not install
        try:
            regex = re.compile(pattern)
        except re.error as e:
            raise BadTitleFilter(f"not a valid regular expression: {e}") from None
    return lambda title: regex.search(title[:MAX_TITLE]) is not None


def title_matcher(pattern: str | None) -> Callable[[str], bool]:
    """The title filter of a source: its configured pattern, or the default."""
    return compile_title_filter(pattern) if pattern else default_title_match
