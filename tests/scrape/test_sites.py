"""List pages → links: the fixture portal's list forms, pagination variants, link forms,
the title filter and the adapter registry."""

from __future__ import annotations

import json

import pytest

from monitor.config import ConfigError, config_from_dict
from scrapers.sites import ListItem, SiteOptions, make_adapter, next_page_urls, title_matcher
from tests.scrape.portal import SITE

BASE = "http://www.anping.gov.cn"


def parse(path: str, encoding: str = "utf-8", **options: str) -> tuple[list[ListItem], list[str]]:
    url = f"{BASE}/{path}"
    adapter = make_adapter("generic", SiteOptions([url], **options))  # type: ignore[arg-type]
    page = adapter.parse((SITE / path).read_bytes().decode(encoding), url)
    return page.items, page.next_urls


def test_trs_list_full_titles_dates_and_every_link_form() -> None:
    items, next_urls = parse("zfwj/index.html")
    assert [(i.url.removeprefix(BASE), i.date) for i in items] == [
        ("/zfwj/202403/t20240315_1001.html", "2024-03-15"),
        ("/zfwj/202403/t20240310_1000.html", "2024-03-10"),
        ("/zfwj/202402/t20240220_990.html", "2024-02-20"),  # javascript:void(0) + onclick
        ("/xxgk/202402/t20240201_980.html", "2024-02-01"),  # ../../
    ]
    assert (
        items[0].title == "安平市人民政府办公室关于调整安平市安全生产委员会组成人员的通知"
    )  # not the truncated text
    assert next_urls[0] == f"{BASE}/zfwj/index_1.html"


def test_trs_pagination_walks_to_the_last_page() -> None:
    assert parse("zfwj/index_1.html")[1] == [f"{BASE}/zfwj/index_2.html"]
    assert parse("zfwj/index_2.html")[1] == []


def test_table_list_with_list_prefix_shtml_and_a_missing_first_page() -> None:
    items, next_urls = parse("tzgg/list.shtml")
    assert [i.title for i in items][1] == "安平市人民政府办公室关于调整安平市防汛抗旱指挥部成员的通知"
    assert items[0].url == f"{BASE}/zfwj/202403/t20240315_1001.html"  # absolute path
    assert [i.date for i in items] == ["2024-03-15", "2024-01-05", "2024-01-02"]
    # list_1 is missing on this portal, so list_2 is the fallback
    assert next_urls == [f"{BASE}/tzgg/list_1.shtml", f"{BASE}/tzgg/list_2.shtml"]


def test_a_300_byte_stub_page_has_no_items() -> None:
    items, next_urls = parse("tzgg/list_2.shtml")
    assert items == [] and next_urls == []


def test_hanweb_recordset_items() -> None:
    items, _ = parse("col/col123/index.html")
    assert [i.url.removeprefix(BASE) for i in items] == [
        "/art/2024/3/15/art_123_5001.html",
        "/art/2024/2/2/art_123_4500.html",
        "/art/2024/1/10/art_123_4001.html",
    ]
    assert items[2].title == "安平市人民政府关于成立安平市数字经济发展领导小组的通知"


def test_gbk_list_and_next_page_link() -> None:
    items, next_urls = parse("gbk/index.htm", "gbk")
    assert items[0].title == "安平市关于开展冬季爱国卫生运动的通知" and items[0].date == "2023-11-11"
    assert next_urls == [f"{BASE}/gbk/index_p2.htm"]
    assert parse("gbk/index_p2.htm", "gbk")[1] == []


def test_item_selector_picks_the_items() -> None:
    items, _ = parse("tzgg/list.shtml", item_selector="td.title a")
    assert len(items) == 3


@pytest.mark.parametrize(
    ("script", "url", "expected"),
    [
        (
            'createPageHTML(10, 0, "index", "html")',
            "http://a.cn/x/",
            ["http://a.cn/x/index_1.html", "http://a.cn/x/index_2.html"],
        ),
        (
            "createPageHTML(10, 4, 'index', 'shtml')",
            "http://a.cn/x/index_4.shtml",
            ["http://a.cn/x/index_5.shtml"],
        ),
        ("createPageHTML(5, 4, 'index', 'html')", "http://a.cn/x/index_4.html", []),
        (
            "createPageHTML('page_div',3,1,'list','htm',30)",
            "http://a.cn/y/list_1.htm",
            ["http://a.cn/y/list_2.htm"],
        ),
    ],
)
def test_create_page_html_variants(script: str, url: str, expected: list[str]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    text = f"<html><body><script>{script};</script></body></html>"
    assert next_page_urls(LexborHTMLParser(text), text, url) == expected


def test_json_api_adapter() -> None:
    options = SiteOptions(
        [BASE + "/api/list?page={page}&size=2"],
        json_items="data.list",
        json_title="title",
        json_url="link",
        json_date="pubDate",
    )
    adapter = make_adapter("json", options)
    first = adapter.first_urls()[0]
    assert first == BASE + "/api/list?page=1&size=2"
    body = {
        "data": {
            "list": [
                {
                    "title": "关于成立安平市重大项目建设指挥部的通知",
                    "link": "/api-notices/2024/8801.html",
                    "pubDate": "2024-03-20 10:00:00",
                },
                {"title": "", "link": "/x.html"},
                {"title": "无链接"},
            ]
        }
    }
    page = adapter.parse(json.dumps(body, ensure_ascii=False), first, 0)
    assert page.items == [
        ListItem("关于成立安平市重大项目建设指挥部的通知", BASE + "/api-notices/2024/8801.html", "2024-03-20")
    ]
    assert page.next_urls == [BASE + "/api/list?page=2&size=2"]
    assert adapter.parse("{not json", first, 0).items == []
    assert adapter.parse('{"data": {"list": []}}', first, 0).next_urls == []


@pytest.mark.parametrize(
    ("title", "matched"),
    [
        ("青海省人民政府办公厅关于成立省政府推进政府职能转变和“放管服”改革协调小组的通知", True),
        ("关于调整市安全生产委员会组成人员的通知", True),
        ("关于撤销市创建全国文明城市指挥部的通知", True),
        ("关于市领导小组成员调整的通知", True),
        ("关于召开全市安全生产委员会全体会议的通知", False),  # a body, no action
        ("关于成立市第三中学的批复", False),  # an action, no body
        ("关于做好春季农业生产工作的通知", False),
    ],
)
def test_default_title_filter(title: str, matched: bool) -> None:
    assert title_matcher(None)(title) is matched


def test_configured_title_filter() -> None:
    assert title_matcher("人事任免")("关于人事任免的通知")
    assert not title_matcher("人事任免")("关于成立领导小组的通知")


def test_unknown_adapter_fails_at_config_load_listing_valid_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown adapter 'trs2'.*generic, json"):
        config_from_dict({"sources": [{"name": "a", "list_urls": ["http://a.cn/"], "adapter": "trs2"}]})


def test_bad_title_filter_and_list_url_fail_at_config_load() -> None:
    with pytest.raises(ConfigError, match="title_filter"):
        config_from_dict({"sources": [{"name": "a", "list_urls": ["http://a.cn/"], "title_filter": "(("}]})
    with pytest.raises(ConfigError, match="unknown encoding"):
        config_from_dict({"sources": [{"name": "a", "list_urls": ["http://a.cn/"], "encoding": "gbk2"}]})
    with pytest.raises(ConfigError, match="list URL"):
        config_from_dict({"sources": [{"name": "a", "list_urls": ["ftp://a.cn/"]}]})


def test_a_site_specific_adapter_registers_under_its_name() -> None:
    from scrapers.sites import ADAPTERS, Adapter, ListPage, register

    @register("test-portal")
    class PortalAdapter(Adapter):
        """A portal whose list is one link per line of plain text."""

        def parse(self, text: str, url: str, page_no: int = 0) -> ListPage:
            items = [
                ListItem(line.split("|")[0], line.split("|")[1]) for line in text.splitlines() if "|" in line
            ]
            return ListPage(items)

    try:
        config = config_from_dict(
            {"sources": [{"name": "a", "list_urls": ["http://a.cn/"], "adapter": "test-portal"}]}
        )
        adapter = make_adapter(config.sources[0].adapter, SiteOptions.from_source(config.sources[0]))
        page = adapter.parse("关于成立某领导小组的通知|http://a.cn/1.html\n", "http://a.cn/")
        assert page.items == [ListItem("关于成立某领导小组的通知", "http://a.cn/1.html")]
    finally:
        del ADAPTERS["test-portal"]
