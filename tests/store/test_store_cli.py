"""The store commands as a user runs them: ingest files, then query in JSON and as tables."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DATA, run_cli
from tests.store.helpers import notices

EXAMPLE_TEXT = DATA / "examples" / "000_995445077110b21c.txt"


def _cli(db: str, *args: str) -> tuple[int, str, str]:
    done = run_cli("--db", db, *args)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_ingest_and_query_commands(sqlite_url: str) -> None:
    files = [str(p) for p in notices("hechang")][::-1]
    code, out, err = _cli(sqlite_url, "ingest", "--json", *files)
    assert code == 0, err
    results = json.loads(out)
    assert [r["file"] for r in results] == files and not any(r["duplicate"] for r in results)

    code, out, _ = _cli(sqlite_url, "changes", "--json", "--type", "holder_changed")
    events = json.loads(out)
    assert code == 0 and {e["role"] for e in events} == {"组长", "主任"}
    assert set(events[0]) >= {
        "id",
        "type",
        "group",
        "group_id",
        "subgroup",
        "role",
        "before",
        "after",
        "effective",
        "notice",
        "region",
    }

    # A former name finds the renamed (later merged) group; history is oldest first.
    code, out, _ = _cli(sqlite_url, "history", "--json", "市政府推进河长制工作领导小组")
    history = json.loads(out)
    assert code == 0 and [v["version"] for v in history] == list(range(1, len(history) + 1))
    assert set(history[0]) >= {"version", "effective", "name", "notice", "groups"}
    assert history[-1]["name"] == "市政府推进河湖长制工作领导小组"

    code, out, _ = _cli(sqlite_url, "asof", "--json", "市政府推进河湖长制工作领导小组", "2019-06-01")
    version = json.loads(out)
    assert version["groups"][0]["members"][0] == {
        "role": "组长",
        "person": "周杰",
        "title": "市长",
        "unit": None,
    }

    code, out, err = _cli(sqlite_url, "person", "--json", "赵一")
    assert code == 0 and {p["role"] for p in json.loads(out)} == {"成员", "主任"}
    assert "same person" in err
    code, out, _ = _cli(sqlite_url, "person", "赵一")
    assert "same name in the same region" in out

    code, out, _ = _cli(sqlite_url, "groups", "--search", "河湖")
    assert code == 0 and "市政府推进河湖长制工作领导小组" in out and "兰州市河湖保护工作领导小组" in out
    code, out, _ = _cli(sqlite_url, "changes", "--since", "2023-01-01")
    assert "group_abolished" in out and "holder_changed" not in out


def test_errors_are_one_line_with_exit_2(sqlite_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    for args in (
        ["history", "no such group"],
        ["asof", "1", "2020-02-30"],
        ["changes", "--since", "yesterday"],
        ["changes", "--type", "exploded"],
        ["ingest", str(junk)],
    ):
        code, _out, err = _cli(sqlite_url, *args)
        assert code == 2, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ingest_a_saved_page_through_the_parser(sqlite_url: str) -> None:
    code, out, err = _cli(
        sqlite_url, "ingest", str(EXAMPLE_TEXT), "--url", "https://www.qinghai.gov.cn/x.html"
    )
    assert code == 0, err
    assert "notice 1" in out
    code, out, _ = _cli(sqlite_url, "ingest", str(EXAMPLE_TEXT))
    assert "already stored" in out
