"""The title filter: the default one on real titles, configured patterns in linear time."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import ConfigError, config_from_dict
from scrapers.sites import title_matcher
from scrapers.titles import ENGINE, MAX_TITLE, BadTitleFilter, compile_title_filter, default_title_match

DATA = Path(__file__).resolve().parents[1] / "data" / "titles"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


REAL = [tuple(line.split("\t")) for line in _lines("real_titles.tsv")]


def test_the_real_titles_file_covers_all_121_notices() -> None:
    assert len(REAL) == 121
    assert {verdict for _, verdict, _ in REAL} == {"match", "no", "unseen", "not-a-title"}


@pytest.mark.parametrize(
    ("title", "verdict"), [(title, verdict) for _, verdict, title in REAL if verdict in ("match", "no")]
)
def test_default_filter_on_real_titles(title: str, verdict: str) -> None:
    assert default_title_match(title) is (verdict == "match")


@pytest.mark.parametrize("title", _lines("matching_forms.txt"))
def test_default_filter_passes_the_forms_real_notices_use(title: str) -> None:
    assert default_title_match(title)


@pytest.mark.parametrize("title", _lines("not_matching.txt"))
def test_default_filter_refuses_plans_campaigns_lists_and_meetings(title: str) -> None:
    assert not default_title_match(title)


def test_the_not_matching_titles_are_fifty() -> None:
    assert len(_lines("not_matching.txt")) == 50


def test_default_filter_reads_the_parsers_lexicons() -> None:
    # group_kinds.txt (the parser's name endings) and body_words.txt / action_words.txt
    assert default_title_match("关于成立某某工作推进小组的通知")  # 推进小组: a group kind
    assert default_title_match("关于建立某某工作机制的通知")  # 工作机制: a body word


@pytest.mark.parametrize(
    "title",
    ["国家减灾委员会", "赣州市第七次全国人口普查领导小组", "长吉图战略实施领导小组", "县防汛抗旱指挥部"],
)
def test_a_title_that_is_a_bodys_name_passes(title: str) -> None:
    # standing organisation pages and encyclopedia entries are titled with the body's name
    assert default_title_match(title)


@pytest.mark.parametrize(
    "title",
    [
        "委员会",
        "领导小组",
        "某某领导小组第二次会议召开",
        "我院召开医院感染管理委员会会议",
        "关于某某领导小组工作情况的报告",
    ],
)
def test_a_name_alone_is_no_report_about_the_body(title: str) -> None:
    assert not default_title_match(title)


def test_configured_pattern_matches_like_a_regex() -> None:
    assert title_matcher("人事任免")("关于人事任免的通知")
    assert not title_matcher("人事任免")("关于成立领导小组的通知")
    assert title_matcher(r"^关于(成立|调整).*小组")("关于调整某某领导小组的通知")


def test_catastrophic_pattern_finishes() -> None:
    # With Python's re, "(a+)+$" against 40 a's and "!" takes about 2**40 steps (the test
    # would hang until pytest-timeout stops it); re2 answers in linear time.
    assert ENGINE == "re2"
    assert compile_title_filter("(a+)+$")("a" * 40 + "!") is False
    assert title_matcher("(a+)+$")("a" * 40) is True


def test_titles_are_cut_before_matching() -> None:
    matcher = compile_title_filter("领导小组")
    assert matcher("关" * (MAX_TITLE - 4) + "领导小组")
    assert not matcher("关" * MAX_TITLE + "领导小组")  # past the cap: never read
    assert not default_title_match("关" * MAX_TITLE + "成立某某领导小组")


def test_patterns_re2_cannot_run_fail_at_config_load() -> None:
    for pattern in ("((", "(?<=关于)成立", r"(\w)\1"):
        with pytest.raises(BadTitleFilter):
            compile_title_filter(pattern)
        with pytest.raises(ConfigError, match="title_filter"):
            source = {"name": "a", "list_urls": ["http://a.cn/"], "title_filter": pattern}
            config_from_dict({"sources": [source]})


def test_config_accepts_what_the_pipeline_compiles() -> None:
    config = config_from_dict(
        {"sources": [{"name": "a", "list_urls": ["http://a.cn/"], "title_filter": "领导小组|委员会"}]}
    )
    assert title_matcher(config.sources[0].title_filter)("关于调整某某委员会的通知")
