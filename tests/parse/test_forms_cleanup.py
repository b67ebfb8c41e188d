"""Rules kept in one place by the cleanup: the issuer's self-reference (names.is_self_reference)."""

from __future__ import annotations

import pytest

from scrapers.parse import names


@pytest.mark.parametrize("prefix", ["委", "院", "所", "医院", "本所", "我校", "办"])
def test_self_references(prefix: str) -> None:
    assert names.is_self_reference(prefix)


@pytest.mark.parametrize("prefix", ["", "市", "县委", "市卫健委", "公司", "本"])
def test_no_self_references(prefix: str) -> None:
    assert not names.is_self_reference(prefix)
