"""Web test data: the demo's five notices (through the real parser) and hostile records."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from monitor.demo.servers import load_notices, notice_page
from scrapers.notice import read_notice
from store.ingest import ingest
from store.records import NoticeRecord

GROUP = "省政府推进政府职能转变和“放管服”改革协调小组"
RENAMED = "省政府优化营商环境和“放管服”改革协调小组"
SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(2)'
HOSTILE_GROUP = f"{SCRIPT}{ATTR}安全生产委员会"
HOSTILE_TITLE = f"关于成立{SCRIPT}委员会的通知{ATTR}"


def load_demo(engine: Engine) -> None:
    """The demo portal's notices, stored as the daemon stores them (raw page + record)."""
    for notice in load_notices():
        data = notice_page(notice).encode("utf-8")
        url = f"https://www.qinghai.gov.cn{notice.path}"
        ingest(engine, read_notice(data, url=url), raw=data, url=url)


def hostile_record() -> NoticeRecord:
    return NoticeRecord.model_validate(
        {
            "title": HOSTILE_TITLE,
            "doc_number": f"甘政办〔2024〕{SCRIPT}号",
            "date": "2024-03-01",
            "region": "甘肃省",
            "groups": [
                {
                    "name": HOSTILE_GROUP,
                    "members": [
                        {"role": "主任", "person": "刘宁", "title": f"副省长{ATTR}"},
                        {"role": "成员", "person": None, "unit": '=HYPERLINK("x")', "title": "负责同志"},
                    ],
                }
            ],
        }
    )


def load_hostile(engine: Engine) -> None:
    ingest(engine, hostile_record(), url="javascript:alert(3)")
