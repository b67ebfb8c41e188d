"""The read API (CONTRACT §6): the CLI's --json shapes, filters, errors, conditional GET."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner

from monitor.cli import main
from tests.web.helpers import GROUP, RENAMED


def cli_json(config_file: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--config", str(config_file), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("path", "args"),
    [
        ("/api/groups", ["groups"]),
        ("/api/groups?region=青海省", ["groups", "--region", "青海省"]),
        ("/api/groups?search=放管服", ["groups", "--search", "放管服"]),
        (f"/api/groups/{quote(GROUP)}/history", ["history", GROUP]),
        ("/api/groups/1/asof/2021-06-01", ["asof", "1", "2021-06-01"]),
        ("/api/changes?since=2021-01-01", ["changes", "--since", "2021-01-01"]),
        ("/api/changes?type=holder_changed", ["changes", "--type", "holder_changed"]),
        ("/api/persons/刘宁", ["person", "刘宁"]),
        ("/api/persons/刘宁?region=甘肃省", ["person", "刘宁", "--region", "甘肃省"]),
        ("/api/status", ["status"]),
        ("/api/suggestions", ["groups", "--suggestions"]),
    ],
)
def test_api_gives_what_the_cli_prints(
    client: httpx.Client, config_file: Path, path: str, args: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == cli_json(config_file, *args)


def test_a_group_by_id_or_by_any_former_name(client: httpx.Client) -> None:
    by_id = client.get("/api/groups/1").json()
    by_former = client.get(f"/api/groups/{quote(GROUP)}").json()
    assert by_id == by_former
    assert by_id["name"] == RENAMED and GROUP in by_id["names"]
    assert by_id["region"] == "青海省" and by_id["status"] == "active"
    assert by_id["current"]["version"] == by_id["versions"] == 4


def test_changes_filters(client: httpx.Client) -> None:
    every = client.get("/api/changes").json()
    assert [e["effective"] for e in every] == sorted(e["effective"] for e in every)
    newest = client.get("/api/changes?order=desc&limit=3").json()
    assert newest == list(reversed(every))[:3]
    window = client.get("/api/changes?since=2021-01-01&until=2022-12-31").json()
    assert window and all("2021-01-01" <= e["effective"] <= "2022-12-31" for e in window)
    chongqing = client.get("/api/changes?region=重庆市").json()
    assert chongqing and {e["group_id"] for e in chongqing} == {2}
    renamed = client.get(f"/api/changes?group={quote(GROUP)}&type=group_renamed").json()
    assert {e["type"] for e in renamed} == {"group_renamed"} and {e["group_id"] for e in renamed} == {1}
    assert renamed[-1]["after"] == RENAMED
    text = client.get("/api/changes?text=刘宁").json()
    assert text and all("刘宁" in json.dumps(e, ensure_ascii=False) for e in text)
    assert client.get("/api/changes?limit=2&offset=1").json() == every[1:3]


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/changes?since=2020-13-45", 400, "2020-13-45"),
        ("/api/changes?until=yesterday", 400, "YYYY-MM-DD"),
        ("/api/changes?type=exploded", 400, "exploded"),
        ("/api/changes?limit=0", 400, "limit"),
        ("/api/changes?limit=many", 400, "limit"),
        ("/api/changes?order=sideways", 400, "order"),
        ("/api/groups/1/asof/2020-02-30", 400, "2020-02-30"),
        ("/api/groups/1/asof/2000-01-01", 404, "no version"),
        ("/api/groups/999", 404, "999"),
        ("/api/groups/no%20such%20body/history", 404, "no such body"),
        ("/api/persons/无此人", 404, "无此人"),
        ("/api/nothing-here", 404, "nothing-here"),
    ],
)
def test_bad_requests_give_a_json_error(client: httpx.Client, path: str, status: int, says: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert list(body) == ["error"] and says in body["error"]


@pytest.mark.parametrize(
    "path",
    ["/api/groups", "/api/changes?type=member_added", "/feeds/changes.atom", "/changes.csv", "/api/status"],
)
def test_conditional_get(client: httpx.Client, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_openapi_docs(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/groups", "/api/changes", "/api/groups/{group}/asof/{day}", "/feeds/changes.atom"} <= set(
        spec["paths"]
    )
    assert "/groups/{group}" not in spec["paths"]  # pages are not the API


def test_api_docs_load_nothing_from_elsewhere(client: httpx.Client) -> None:
    """The viewer's files come from this server (the tool runs without internet)."""
    page = client.get("/docs")
    assert page.status_code == 200 and "monitor" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    policy = page.headers["content-security-policy"]
    assert "https:" not in policy and "script-src 'self'" in policy
    files = re.findall(r'(?:src|href)="(/docs/static/[^"]+)"', page.text) + re.findall(
        r"'(/docs/static/[^']+)'", page.text
    )
    assert files
    for file in files:
        answer = client.get(file)
        assert answer.status_code == 200 and len(answer.content) > 1000, file


def test_a_cut_changes_answer_links_to_the_rest(client: httpx.Client) -> None:
    every = client.get("/api/changes")
    assert "link" not in every.headers  # the whole answer: nothing follows
    assert len(every.json()) > 4
    walked, url, pages = [], "/api/changes?limit=2", 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200 and isinstance(answer.json(), list)
        walked += answer.json()
        pages += 1
        found = re.fullmatch(r'<([^>]+)>; rel="next"', answer.headers.get("link", ""))
        url = found.group(1) if found else ""
    assert walked == every.json()
    assert pages == -(-len(walked) // 2)  # a page that ends exactly at the last event links nowhere


def test_a_persons_posts_in_one_region(client: httpx.Client) -> None:
    everywhere = {p["region"] for p in client.get("/api/persons/刘宁").json()}
    assert "甘肃省" in everywhere and len(everywhere) > 1  # so the filter has something to drop
    gansu = client.get("/api/persons/刘宁?region=甘肃省").json()
    assert gansu and {p["region"] for p in gansu} == {"甘肃省"}
    nowhere = client.get("/api/persons/刘宁?region=" + quote("海南省"))
    assert nowhere.status_code == 404 and "海南省" in nowhere.json()["error"]


@pytest.mark.parametrize("text", ["青海", "甘肃", "放管服", "省政府推进政府职能转变", "安全生产"])
def test_the_api_and_the_groups_page_search_alike(client: httpx.Client, text: str) -> None:
    api = [g["id"] for g in client.get("/api/groups", params={"search": text}).json()]
    page = client.get("/groups", params={"q": text}).text
    table = page.split("<table", 1)[1].split("</table>", 1)[0] if "<table" in page else ""
    shown = [int(i) for i in re.findall(r'<td><a href="/groups/(\d+)">', table)]
    assert api and api == shown


@pytest.mark.parametrize("text", ["type", "group_id", "member", "ev_", "qinghai.gov.cn", "person", "null"])
def test_change_text_search_looks_at_values_not_keys_or_ids(client: httpx.Client, text: str) -> None:
    assert client.get("/api/changes", params={"text": text}).json() == []


def test_change_text_search_pages_over_the_matches(client: httpx.Client) -> None:
    every = client.get("/api/changes", params={"text": "副省长"}).json()
    assert len(every) >= 3
    assert all(
        "副省长" in " ".join(str(h.get("title")) for h in (e["before"], e["after"]) if isinstance(h, dict))
        for e in every
    )
    assert client.get("/api/changes", params={"text": "副省长", "limit": 2, "offset": 1}).json() == every[1:3]
    assert client.get("/api/changes", params={"text": "青政办〔2021〕20号"}).json()  # the notice's number
