"""The analysts' pages: changes, bodies, a body (structure, timeline, as-of, diff, notices),
a person, a notice, sources; errors as clear pages."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx
import pytest

from tests.web.helpers import GROUP, RENAMED


def test_changes_page_lists_newest_first_with_links(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    dates = re.findall(r'<td class="date">(\d{4}-\d\d-\d\d)</td>', page.text)
    assert dates and dates == sorted(dates, reverse=True)
    assert 'href="/groups/1"' in page.text and re.search(r'href="/notices/\d+"', page.text)
    assert "最新变更" in page.text and "人员更替" in page.text


def test_changes_page_filters(client: httpx.Client) -> None:
    only = client.get("/", params={"type": "holder_changed", "region": "青海省"}).text
    assert "人员更替" in only and "成立" not in re.sub(r"<select.*?</select>", "", only, flags=re.S)
    dated = client.get("/", params={"since": "2023-01-01", "until": "2023-12-31"}).text
    assert set(re.findall(r'<td class="date">(\d{4})', dated)) == {"2023"}
    text = client.get("/", params={"q": "刘宁"}).text
    assert "刘宁" in text and "2023-04-10" not in re.findall(r'<td class="date">([^<]+)', text)


def test_changes_page_is_paged(client: httpx.Client) -> None:
    first = client.get("/", params={"size": "5"}).text
    assert len(re.findall(r'<tr class="event', first)) == 5
    assert '<a rel="next" href="?size=5&amp;page=2">' in first and 'rel="prev"' not in first
    second = client.get("/", params={"size": "5", "page": "2"}).text
    assert 'rel="prev"' in second
    assert (
        re.findall(r'<td class="date">([^<]+)', first)[-1]
        >= re.findall(r'<td class="date">([^<]+)', second)[0]
    )


def test_bodies_found_by_former_name_alias_and_region(client: httpx.Client) -> None:
    former = client.get("/groups", params={"q": "推进职能转变协调小组"}).text
    assert RENAMED in former and 'href="/groups/1"' in former
    region = client.get("/groups", params={"q": "重庆"}).text
    assert 'href="/groups/2"' in region and 'href="/groups/1"' not in region
    none = client.get("/groups", params={"q": "无此机构"}).text
    assert "没有找到" in none


def test_body_page_draws_structure_and_timeline(client: httpx.Client) -> None:
    page = client.get("/groups/1").text
    assert f"<h1>{RENAMED}</h1>" in page
    assert 'class="node main"' in page and 'class="node office"' in page and 'class="node sub"' in page
    for number in range(1, 5):
        assert f'id="v{number}"' in page
    assert "青政办〔2021〕20号" in page and 'href="https://www.qinghai.gov.cn/zfwj/' in page
    assert re.search(r'href="/notices/\d+"', page)


def test_body_page_by_former_name_redirects_to_its_id(client: httpx.Client) -> None:
    response = client.get(f"/groups/{quote(GROUP)}?asof=2020-06-01")
    assert response.status_code == 307
    assert response.headers["location"] == "/groups/1?asof=2020-06-01"


def test_asof_shows_the_composition_on_that_date(client: httpx.Client) -> None:
    before = client.get("/groups/1", params={"asof": "2020-06-01"}).text
    after = client.get("/groups/1", params={"asof": "2021-06-01"}).text
    leader = re.compile(r"<dt>组长</dt>\s*<dd><span class=\"member\"><a href=\"/persons/[^\"]+\">([^<]+)</a>")
    assert leader.search(before).group(1) == "王予波"
    assert leader.search(after).group(1) == "刘宁"
    assert "截至 2020-06-01" in before
    early = client.get("/groups/1", params={"asof": "2000-01-01"})
    assert early.status_code == 200 and "之前尚无该机构的版本" in early.text


def test_diff_of_two_versions_is_highlighted(client: httpx.Client) -> None:
    page = client.get("/groups/1", params={"from": "1", "to": "2"}).text
    rows = re.findall(r'<tr class="(added|removed|changed)">(.*?)</tr>', page.split('id="diff"')[1], re.S)
    changed = [row for kind, row in rows if kind == "changed" and "人员更替" in row]
    assert changed and "<del>王予波" in changed[0] and "<ins>刘宁" in changed[0]
    backwards = client.get("/groups/1", params={"from": "2", "to": "1"}).text
    assert "<del>刘宁" in backwards and "<ins>王予波" in backwards
    same = client.get("/groups/1", params={"from": "3", "to": "3"}).text
    assert "两个版本的组成相同" in same


def test_person_page_separates_regions(client: httpx.Client) -> None:
    page = client.get(f"/persons/{quote('刘宁')}").text
    assert "可能不是同一人" in page  # 刘宁 in 青海省 and in 甘肃省
    # one section per region, in the order of the person's first post there (青海 2021, 甘肃 2024)
    assert re.findall(r"<h2>([^<]+)<small>", page) == ["青海省", "甘肃省"]
    assert "2021-03-02" in page and 'href="/groups/1?asof=2021-03-02#structure"' in page
    single = client.get(f"/persons/{quote('王予波')}").text
    assert "可能不是同一人" not in single
    search = client.get("/persons", params={"name": "刘宁"})
    assert search.status_code == 303 and search.headers["location"] == f"/persons/{quote('刘宁')}"


def test_notice_page_shows_the_stored_text(client: httpx.Client) -> None:
    body = client.get("/groups/1").text
    notice_id = re.search(r'href="/notices/(\d+)">[^<]*调整[^<]*组成人员', body).group(1)
    page = client.get(f"/notices/{notice_id}").text
    assert "青政办〔2021〕20号" in page and "2021-03-02" in page
    assert '<pre class="notice-text">' in page and "刘宁" in page.split('<pre class="notice-text">')[1]


def test_sources_page(client: httpx.Client) -> None:
    page = client.get("/sources").text
    assert "qinghai" in page and "从未" in page and "待发送" in page


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/?since=2020-13-45", 400, "2020-13-45"),
        ("/?type=exploded", 400, "exploded"),
        ("/?page=0", 400, "page"),
        ("/groups/1?asof=2020-02-30", 400, "2020-02-30"),
        ("/groups/1?from=1&to=99", 400, "to"),
        ("/groups/999", 404, "999"),
        ("/groups/no%20such%20body", 404, "no such body"),
        ("/persons/无此人", 404, "无此人"),
        ("/notices/99999", 404, "99999"),
        ("/notices/abc", 400, "abc"),
        ("/no/such/page", 404, "/no/such/page"),
        ("/groups/1/composition.csv?asof=junk", 400, "junk"),
    ],
)
def test_bad_parameters_give_a_clear_page(client: httpx.Client, path: str, status: int, says: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    text = response.text
    assert "Traceback" not in text and 'File "' not in text
    if path.endswith(".csv") or ".csv?" in path:
        assert says in response.json()["error"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert f"（{status}）" in text and says in text.replace("&#39;", "'")


@pytest.mark.parametrize(
    ("path", "about_dates"),
    [
        ("/?since=2020-13-45", True),
        ("/groups/1?asof=2020-02-30", True),
        ("/?type=exploded", False),
        ("/?page=0", False),
        ("/groups/1?from=1&to=99", False),
        ("/notices/abc", False),
    ],
)
def test_the_date_hint_only_for_a_bad_date(client: httpx.Client, path: str, about_dates: bool) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert ("日期请用 YYYY-MM-DD" in response.text) is about_dates


def test_a_notice_page_extracts_its_stored_page_once(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scrapers.extract
    from monitor.web import pages

    calls = []
    real = scrapers.extract.extract_page

    def counted(raw: bytes, **kwargs: object) -> object:
        calls.append(len(raw))
        return real(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scrapers.extract, "extract_page", counted)
    pages._texts.clear()
    body = client.get("/groups/1").text  # a demo notice, stored with its page
    notice_id = re.search(r'href="/notices/(\d+)">[^<]*调整[^<]*组成人员', body).group(1)  # type: ignore[union-attr]
    # Two queries the response cache has not seen: both pages are made, the text read once.
    first, again = client.get(f"/notices/{notice_id}?a"), client.get(f"/notices/{notice_id}?b")
    assert first.status_code == again.status_code == 200 and first.text == again.text
    assert len(calls) == 1 and calls[0] > 0  # the second answer came from the kept text


def test_large_notice_pages_being_made_hold_up_no_other_page(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More large notice pages than the store has threads, all being extracted at once: a
    page nobody has asked for yet (so not kept) is still answered."""
    from monitor.web import app, pages

    entered = threading.Semaphore(0)
    release = threading.Event()

    def slow_extract(raw: bytes, url: str | None) -> str:
        entered.release()
        release.wait()
        return "text"

    monkeypatch.setattr(pages, "SLOW_PAGE", 0)  # every stored page counts as large
    monkeypatch.setattr(pages, "_extract", slow_extract)
    pages._texts.clear()
    body = client.get("/groups/1").text
    notice_id = re.search(r'href="/notices/(\d+)"', body).group(1)  # type: ignore[union-attr]
    with ThreadPoolExecutor(app.STORE_THREADS + 1) as pool:
        try:
            asked = [
                pool.submit(client.get, f"/notices/{notice_id}?_={n}") for n in range(app.STORE_THREADS + 1)
            ]
            for _ in range(pages.SLOW_THREADS):
                entered.acquire()  # the slow lane is full; the other notice pages wait for it
            assert client.get("/groups/1?asof=2020-01-01", timeout=30).status_code == 200
        finally:
            release.set()
        assert all(f.result().status_code == 200 for f in asked)
