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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # 和 begins a place of places.txt: the name's own, in the event and the group alike
        ("关于成立和田地区防汛工作领导小组的通知\n组长：王建国\n", "和田地区防汛工作领导小组"),
        ("关于成立和平路街道民族团结工作领导小组的通知\n组长：王建国\n", "和平路街道民族团结工作领导小组"),
    ],
)
def test_a_name_opening_with_he(text: str, name: str) -> None:
    from scrapers.parse import parse_text

    record = parse_text(text).to_json()
    assert name in {e["group"] for e in record["events"]}
    if record["groups"]:
        assert name in {g["name"] for g in record["groups"]}


def test_he_before_a_name_is_a_conjunction() -> None:
    assert names.clean("和县森林防火指挥部") == "县森林防火指挥部"
    assert names.clean("及市森林防火指挥部") == "市森林防火指挥部"
    assert names.clean("和田地区森林防火指挥部") == "和田地区森林防火指挥部"
