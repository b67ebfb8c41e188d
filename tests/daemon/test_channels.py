"""Message shapes and signatures, `monitor alerts test`, backoff arithmetic."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from monitor.alerts import formatting
from monitor.alerts.webhook import DingTalk, Feishu, make_webhook
from monitor.config import WebhookConfig
from store.outbox import backoff_delay
from tests.conftest import run_cli
from tests.daemon.helpers import event
from tests.daemon.process import write_config
from tests.servers import HTTPServer, Reply, SMTPServer, free_port


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "【变动】省政府推进政府职能转变和“放管服”改革协调小组：组长 王予波 → 刘宁"),
        (
            {"type": "group_renamed", "before": "旧小组", "after": "新小组", "group": "新小组", "role": None},
            "【更名】新小组：旧小组 → 新小组",
        ),
        (
            {"type": "member_added", "subgroup": "综合组", "before": None, "role": "成员"},
            "【增补】省政府推进政府职能转变和“放管服”改革协调小组·综合组：成员 增加 刘宁（省政府常务副省长）",
        ),
        ({"type": "group_established", "group": "某某领导小组"}, "【成立】某某领导小组"),
    ],
)
def test_summary_names_group_and_change(changes: dict[str, object], expected: str) -> None:
    assert formatting.summary(event(1, **changes)) == expected


def test_dingtalk_url_signature_follows_the_robot_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DT", "SECret")
    url, body, _ = DingTalk(
        WebhookConfig(url="https://robot/send?access_token=x", type="dingtalk", secret_env="DT")
    ).request(event(1))
    query = parse_qs(urlsplit(url).query)
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    digest = hmac.new(b"SECret", f"{timestamp}\nSECret".encode(), hashlib.sha256).digest()
    assert base64.b64decode(sign) == digest  # parse_qs undid the URL encoding
    assert json.loads(body)["msgtype"] == "markdown"


def test_feishu_body_signature_follows_the_robot_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FS", "fs-secret")
    _, body, _ = Feishu(WebhookConfig(url="https://robot/hook/x", type="feishu", secret_env="FS")).request(
        event(1)
    )
    data = json.loads(body)
    key = f"{data['timestamp']}\nfs-secret".encode()
    assert data["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_delay(n, 30, 3600) for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]


def test_alerts_test_reports_each_channel(tmp_path: Path) -> None:
    with HTTPServer() as hook, SMTPServer() as smtp:
        hook.route("/ok", Reply(200))
        hook.route("/gone", Reply(410))
        alerts = {
            "email": {"host": "127.0.0.1", "port": smtp.port, "to": ["a@example.org"]},
            "webhooks": [
                {"url": hook.url + "/ok", "name": "ok"},
                {"url": hook.url + "/gone", "name": "gone"},
            ],
        }
        config = write_config(
            tmp_path / "c.toml", {"store": {"url": f"sqlite:///{tmp_path}/m.db"}, "alerts": alerts}
        )
        result = run_cli("--config", str(config), "alerts", "test")
        assert len(smtp.messages) == 1 and hook.hits("/ok") == 1
    out = result.stdout.decode()
    assert result.returncode == 1  # one channel failed
    assert "email: ok" in out and "webhook:ok: ok" in out and "webhook:gone: FAILED: HTTP 410" in out


def test_alerts_test_with_smtp_down_says_so(tmp_path: Path) -> None:
    alerts = {"email": {"host": "127.0.0.1", "port": free_port(), "to": ["a@example.org"], "timeout": 3}}
    config = write_config(tmp_path / "c.toml", {"alerts": alerts})
    result = run_cli("--config", str(config), "alerts", "test", "--json")
    assert result.returncode == 1
    [report] = json.loads(result.stdout)
    assert report["channel"] == "email" and not report["ok"] and "unreachable" in report["error"]


def test_unknown_webhook_type_is_a_config_error(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "c.toml", {"alerts": {"webhooks": [{"url": "http://x", "type": "slack"}]}}
    )
    result = run_cli("--config", str(config), "status")
    assert result.returncode == 2
    assert "unknown webhook type 'slack' (valid: dingtalk, feishu, json, wecom)" in result.stderr.decode()


HOSTILE = {
    "group": "关于*加强*`代码`[点此](javascript:alert(1))<img src=x>小组\n# 标题\n> 引用",
    "notice": {
        "title": "~~删除~~ _斜体_ | 表格 | ![图](http://evil/x.png)",
        "url": "https://www.gov.cn/a (1)_[2].html",
        "doc_number": "青政办〔2021〕20号",
    },
}


@pytest.mark.parametrize("kind", ["dingtalk", "wecom"])
def test_chat_markdown_shows_scraped_text_as_text(kind: str) -> None:
    from markdown_it import MarkdownIt

    hook = make_webhook(WebhookConfig(url="https://robot/send", type=kind))
    _, body, _ = hook.request(event(1, **HOSTILE))
    data = json.loads(body)["markdown"]
    rendered = (
        MarkdownIt("commonmark")
        .enable("strikethrough")
        .enable("table")
        .render(data.get("text") or data["content"])
    )
    # our own bold summary and one link are the only formatting; the rest reads as written
    assert rendered.count("<strong>") == 1 and "<em>" not in rendered and "<code>" not in rendered
    assert "<s>" not in rendered and "<table>" not in rendered and "<img" not in rendered
    assert "<h1>" not in rendered and rendered.count("<blockquote>") == 4  # date, title, number, link
    assert rendered.count("<a href") == 1
    assert '<a href="https://www.gov.cn/a%20%281%29_%5B2%5D.html">' in rendered
    assert "*加强*" in rendered and "[点此](javascript:alert(1))" in rendered
    assert "&lt;img src=x&gt;" in rendered and "~~删除~~ _斜体_ | 表格 |" in rendered


def test_chat_markdown_links_only_to_the_web() -> None:
    text = formatting.markdown([event(1, notice={"url": "javascript:alert(1)"})])
    assert "[" not in text and "javascript:alert(1)" in text


def test_feishu_is_sent_as_plain_text() -> None:
    _, body, _ = Feishu(WebhookConfig(url="https://robot/hook/x", type="feishu")).request(event(1, **HOSTILE))
    data = json.loads(body)
    assert data["msg_type"] == "text" and "*加强*" in data["content"]["text"]
