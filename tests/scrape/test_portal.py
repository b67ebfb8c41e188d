"""`monitor check` / `monitor backfill` end to end: the fixture portal on 127.0.0.1, the
real parser and the real store. Exactly the matching notices are stored; a second check
fetches no notice page again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.db import open_engine
from store.outbox import Alert
from store.state import NoticeAttachment, SeenItem, SourceState
from store.tables import Notice
from tests.conftest import run_cli
from tests.scrape.portal import SiteServer, build_portal
from tests.servers import Reply, Request

API_ITEMS = [
    {
        "title": "安平市人民政府办公室关于成立安平市重大项目建设指挥部的通知",
        "link": "/api-notices/2024/8801.html",
        "pubDate": "2024-03-20 10:00:00",
    },
    {"title": "安平市2024年3月重点工作提示", "link": "/api-notices/2024/8790.html", "pubDate": "2024-03-02"},
]
# the notices whose titles match, reachable in a live check (two list pages per column)
LIVE = {
    "/zfwj/202403/t20240315_1001.html",  # also in the table list and (copied) in the recordset
    "/zfwj/202402/t20240220_990.html",  # onclick link; members in a .docx
    "/xxgk/202402/t20240201_980.html",  # ../../ link; members in a .pdf
    "/zfwj/202401/t20240115_970.html",  # list page 2 (index_1.html)
    "/tzgg/202401/t20240105_77.shtml",  # table list
    "/art/2024/1/10/art_123_4001.html",  # Hanweb recordset
    "/gbk/202311/t20231110_301.htm",  # GBK site, no charset header, second page by 下一页
    "/api-notices/2024/8801.html",  # JSON API
}


def api(request: Request) -> Reply:
    page = request.path.split("page=")[1].split("&")[0]
    items = API_ITEMS if page == "1" else []
    return Reply(200, json.dumps({"code": 0, "data": {"list": items}}, ensure_ascii=False),
                 {"Content-Type": "application/json"})  # fmt: skip


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[SiteServer]:
    with SiteServer(build_portal(tmp_path / "portal")) as server:
        server.route("/api/list", api)
        yield server


def write_config(tmp_path: Path, base: str, hook: str = "http://127.0.0.1:9/hook") -> Path:
    common = 'region = "安平市"\nmin_delay = 0\nbackoff = 0.01\ntimeout = 5\n'
    text = f"""
[[sources]]
name = "anping"
list_urls = ["{base}/zfwj/index.html", "{base}/tzgg/list.shtml", "{base}/col/col123/index.html"]
{common}
[[sources]]
name = "anping-gbk"
list_urls = ["{base}/gbk/index.htm"]
{common}
[[sources]]
name = "anping-api"
adapter = "json"
list_urls = ["{base}/api/list?page={{page}}&size=20"]
json_items = "data.list"
json_title = "title"
json_url = "link"
json_date = "pubDate"
{common}
[[alerts.webhooks]]
url = "{hook}"
"""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def stored_paths(db_url: str, base: str) -> list[str]:
    engine = open_engine(db_url)
    with Session(engine) as session:
        urls = [n.url or "" for n in session.exec(select(Notice)).all()]
    engine.dispose()
    return sorted(u.removeprefix(base) for u in urls)


def test_check_stores_exactly_the_matching_notices_once(
    portal: SiteServer, tmp_path: Path, db_url: str
) -> None:
    config = write_config(tmp_path, portal.url)
    first = run_cli("--config", str(config), "--db", db_url, "check", "--json")
    assert first.returncode == 0, first.stderr.decode()
    results = {r["source"]: r for r in json.loads(first.stdout)}
    assert {name: r["outcome"] for name, r in results.items()} == {n: "ok" for n in results}
    assert sorted(stored_paths(db_url, portal.url)) == sorted(LIVE)  # the cross-posts are one notice
    assert results["anping"]["new_notices"] == 6
    paths = portal.paths()
    # titles that do not match are counted, never fetched
    assert "/zfwj/202403/t20240310_1000.html" not in paths and "/api-notices/2024/8790.html" not in paths
    assert results["anping"]["items"] - results["anping"]["matched"] >= 2
    # the members' attachments were read; the missing list_1 fell back to list_2 (a stub)
    assert portal.hits("/zfwj/202402/P020240220385012345678.docx") == 1
    assert portal.hits("/xxgk/202402/P020240201777000111222.pdf") == 1
    assert portal.hits("/tzgg/list_1.shtml") == 1 and portal.hits("/tzgg/list_2.shtml") == 1
    assert portal.hits("/zfwj/index_2.html") == 0  # a live check reads two pages
    # a first check is a baseline: stored, not alerted (alert_on_baseline = false)
    engine = open_engine(db_url)
    with Session(engine) as session:
        assert session.exec(select(Alert)).all() == []
        assert all(s.baseline_done for s in session.exec(select(SourceState)).all())
        fire = session.exec(
            select(Notice).where(Notice.url == portal.url + "/xxgk/202402/t20240201_980.html")
        ).one()
        seen = session.exec(select(SeenItem).where(SeenItem.matched == False)).all()  # noqa: E712
        team = session.exec(
            select(Notice).where(Notice.url == portal.url + "/zfwj/202402/t20240220_990.html")
        ).one()
        safety = session.exec(
            select(Notice).where(Notice.url == portal.url + "/zfwj/202403/t20240315_1001.html")
        ).one()
        kept = {(a.url.rsplit("/", 1)[1], a.read) for a in session.exec(select(NoticeAttachment)).all()}
    engine.dispose()
    assert "周德安" in json.dumps(fire.record, ensure_ascii=False)  # a name only the PDF gives
    assert "王强" in json.dumps(team.record, ensure_ascii=False)  # a name only the .docx gives
    assert kept == {("P020240220385012345678.docx", True), ("P020240201777000111222.pdf", True)}
    # the 信息公开 table and <meta name="PubDate"> of the page
    assert (safety.doc_number, safety.record["date"], safety.record["published"]) == (
        "安府办发〔2024〕8号",
        "2024-03-12",
        "2024-03-15",
    )
    assert {s.title for s in seen} >= {"安平市2024年3月重点工作提示"}

    before = len(portal.requests)
    second = run_cli("--config", str(config), "--db", db_url, "check", "--json")
    assert second.returncode == 0, second.stderr.decode()
    assert {r["outcome"] for r in json.loads(second.stdout)} == {"unchanged"}
    again = [p for p in portal.paths()[before:] if p != "/robots.txt"]  # robots: cached per process
    assert sorted(again) == sorted(
        ["/zfwj/index.html", "/tzgg/list.shtml", "/col/col123/index.html", "/gbk/index.htm",
         "/api/list?page=1&size=20"]
    )  # fmt: skip
    assert sorted(stored_paths(db_url, portal.url)) == sorted(LIVE)


def test_backfill_walks_older_pages_with_a_progress_bar(
    portal: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    portal.route("/hook", Reply(200, "ok"))
    config = write_config(tmp_path, portal.url, hook=portal.url + "/hook")
    assert run_cli("--config", str(config), "--db", sqlite_url, "check", "--source", "anping").returncode == 0
    assert portal.hits("/hook") == 0  # the baseline does not alert
    args = ["--config", str(config), "--db", sqlite_url, "backfill", "--source", "anping", "--pages", "5"]
    result = run_cli(*args, "--progress")
    assert result.returncode == 0, result.stderr.decode()
    assert "page" in result.stderr.decode()  # tqdm's bar
    assert portal.hits("/zfwj/index_2.html") == 1
    assert "/zfwj/202312/t20231220_960.html" in stored_paths(sqlite_url, portal.url)
    assert "/zfwj/202312/t20231201_950.html" not in portal.paths()  # does not match
    assert portal.hits("/zfwj/202403/t20240315_1001.html") == 1  # known notices are not fetched again
    out = result.stdout.decode()
    assert "anping" in out and "ok" in out
    # after the baseline, new notices alert: the events went out to the webhook
    hooks = [json.loads(r.body) for r in portal.requests if r.path == "/hook"]
    assert hooks and {e["type"] for e in hooks} >= {"group_established"}
    assert all("乡村振兴" in e["group"] for e in hooks if e["type"] == "group_established")
    assert "alerts: " in result.stderr.decode()


def test_check_reports_failures_in_one_line_and_exit_1(
    portal: SiteServer, tmp_path: Path, sqlite_url: str
) -> None:
    portal.route("/gbk/index.htm", Reply(412, "<html><meta r='m'><script>$_ts={}</script></html>"))
    config = write_config(tmp_path, portal.url)
    result = run_cli("--config", str(config), "--db", sqlite_url, "check", "--source", "anping-gbk")
    assert result.returncode == 1
    assert result.stderr.decode().strip().splitlines() == [
        f"anping-gbk: challenge: {portal.url}/gbk/index.htm: HTTP 412 (anti-bot page)"
    ]
    assert "Traceback" not in result.stderr.decode()


def test_check_of_an_unknown_source_is_bad_input(tmp_path: Path, sqlite_url: str) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    result = run_cli("--config", str(config), "--db", sqlite_url, "check", "--source", "nope")
    assert result.returncode == 2 and "no source named 'nope'" in result.stderr.decode()
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    result = run_cli("--config", str(empty), "--db", sqlite_url, "check")
    assert result.returncode == 2 and "no sources configured" in result.stderr.decode()
