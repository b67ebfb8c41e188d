"""scrapers.lazyre: a pattern compiled on first use behaves as `re.compile` would."""

from __future__ import annotations

import re

from scrapers.lazyre import lazy_compile


def test_behaves_as_the_compiled_pattern() -> None:
    lazy, eager = lazy_compile(r"(组长|副组长)：(\S+)", re.M), re.compile(r"(组长|副组长)：(\S+)", re.M)
    text = "组长：张三\n副组长：李四"
    assert [m.groups() for m in lazy.finditer(text)] == [m.groups() for m in eager.finditer(text)]
    assert lazy.sub(r"\2", text) == eager.sub(r"\2", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.pattern == eager.pattern and lazy.flags == eager.flags and lazy.groups == 2


def test_compiles_once_and_keeps_what_it_looked_up() -> None:
    lazy = lazy_compile("a+")
    assert "search" not in vars(lazy)
    assert lazy.search("baa") is not None
    assert vars(lazy)["search"] is lazy.search  # the compiled pattern's bound method, kept


def test_a_bad_pattern_fails_when_first_used() -> None:
    lazy = lazy_compile("(unclosed")
    try:
        lazy.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("a bad pattern must raise re.error")


def test_compile_all_compiles_every_pattern_made() -> None:
    from scrapers import lazyre

    lazy = lazy_compile("b+")
    lazyre.compile_all()
    assert "search" in vars(lazy)
