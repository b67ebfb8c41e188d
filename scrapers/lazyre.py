"""Regular expressions compiled on first use, not at import.

The parser keeps a few hundred module-level patterns; compiling them all when a module is
imported cost about 80 ms of every `monitor parse` start, and a short notice uses fewer than
half of them. `lazy_compile` takes the same arguments as `re.compile` and returns an object
that behaves as the compiled pattern: the first attribute looked up compiles it, and each
attribute is then kept on the object, so later calls cost what the pattern's own do.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, cast


class _LazyPattern:
    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        _MADE.append(self)

    def __getattr__(self, name: str) -> Any:  # only called for what is not yet kept here
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(re.compile(self._source, self._flags), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r})"


_MADE: list[_LazyPattern] = []


def compile_all() -> None:
    """Compile every lazy pattern made so far (a process that forks workers does it once,
    before forking, so that no worker pays for it inside a task). A bad pattern is left to
    fail where it is used."""
    for made in _MADE:
        with contextlib.suppress(re.error):
            made.search  # noqa: B018  (the first lookup compiles)


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(source, flags))
