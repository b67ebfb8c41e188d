"""Atom feeds (checked with a real feed parser) and CSV downloads."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote, urlencode

import feedparser
import httpx
import pytest

from tests.web.helpers import GROUP, HOSTILE_TITLE


def parse(client: httpx.Client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feed_of_all_changes(client: httpx.Client, server_url: str) -> None:
    feed = parse(client, "/feeds/changes.atom")
    events = client.get("/api/changes?order=desc&limit=50").json()
    assert [entry.id for entry in feed.entries] == [f"urn:monitor:event:{e['id']}" for e in events]
    first = feed.entries[0]
    assert first.link == f"{server_url}groups/{events[0]['group_id']}"
    assert first.updated.startswith(events[0]["effective"])
    assert feed.feed.title == "机构变更"


def test_entry_ids_are_stable(client: httpx.Client) -> None:
    one = [e.id for e in parse(client, "/feeds/changes.atom").entries]
    two = [e.id for e in parse(client, "/feeds/changes.atom").entries]
    assert one == two and len(set(one)) == len(one)


def test_feeds_per_group_region_and_type(client: httpx.Client) -> None:
    by_group = parse(client, f"/feeds/changes.atom?group={quote(GROUP)}")
    assert by_group.entries and all(e.link.endswith("/groups/1") for e in by_group.entries)
    by_region = parse(client, f"/feeds/changes.atom?region={quote('重庆市')}")
    assert by_region.entries and all(e.link.endswith("/groups/2") for e in by_region.entries)
    by_type = parse(client, "/feeds/changes.atom?type=holder_changed")
    assert by_type.entries and {e.tags[0].term for e in by_type.entries} == {"holder_changed"}
    assert client.get("/feeds/changes.atom?type=exploded").status_code == 400


def test_hostile_text_in_a_feed_stays_text(client: httpx.Client) -> None:
    feed = parse(client, f"/feeds/changes.atom?region={quote('甘肃省')}")
    entry = feed.entries[0]
    assert "<script>alert(1)</script>" in entry.title  # the literal name, escaped in the XML
    assert HOSTILE_TITLE in entry.summary
    assert not any(link.href.startswith("javascript:") for link in entry.links)


def test_changes_csv(client: httpx.Client) -> None:
    response = client.get("/changes.csv?region=" + quote("甘肃省"))
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["生效日期", "机构", "机构ID", "类型"]
    assert len(rows) == 2 and rows[1][3] == "成立"  # the hostile notice's group was established


def test_csv_cells_never_start_a_formula(client: httpx.Client) -> None:
    text = client.get("/groups/3/composition.csv").content.decode("utf-8-sig")
    units = [row["单位"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("x")' in units and not any(u.startswith("=") for u in units)


def test_composition_csv_now_and_asof(client: httpx.Client) -> None:
    def leader(path: str) -> str:
        rows = list(csv.DictReader(io.StringIO(client.get(path).content.decode("utf-8-sig"))))
        return next(r["姓名"] for r in rows if r["职务"] == "组长" and not r["上级"])

    assert leader("/groups/1/composition.csv") == "刘宁"
    assert leader("/groups/1/composition.csv?asof=2020-06-01") == "王予波"


FILTERS = [
    {"since": "2021-01-01", "until": "2022-12-31"},
    {"region": "青海省", "type": "holder_changed"},
    {"group": GROUP, "q": "副省长"},
]


@pytest.mark.parametrize("chosen", FILTERS)
def test_every_changes_route_reads_the_filter_alike(client: httpx.Client, chosen: dict[str, str]) -> None:
    api_params = {("text" if k == "q" else k): v for k, v in chosen.items()}
    api = [e["id"] for e in client.get("/api/changes", params={**api_params, "order": "desc"}).json()]
    assert api
    feed = parse(client, "/feeds/changes.atom?" + urlencode({**chosen, "limit": 500}))
    assert [entry.id for entry in feed.entries] == [f"urn:monitor:event:{i}" for i in api]
    table = client.get("/changes.csv", params=chosen).content.decode("utf-8-sig")
    assert [row[-1] for row in list(csv.reader(io.StringIO(table)))[1:]] == api
    page = client.get("/", params={**chosen, "size": 500})
    assert page.status_code == 200
