"""Mistakes caught at load: the CLI exits 2 and says each mistake on a line of its own,
all at once, before anything runs (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli import main
from tests.daemon.process import write_config


def run(tmp_path: Path, data: dict[str, Any], *args: str) -> tuple[int, list[str]]:
    """`monitor --config C ARGS` in process; (exit code, the lines on stderr)."""
    store = {"url": f"sqlite:///{tmp_path / 'm.db'}"}
    config = write_config(tmp_path / "config.toml", {"store": store, **data})
    result = CliRunner().invoke(main, ["--config", str(config), *(args or ["status"])])
    return result.exit_code, result.stderr.splitlines()


def source(**changes: Any) -> dict[str, Any]:
    return {"name": "qinghai", "list_urls": ["http://127.0.0.1/list.html"], **changes}


INTERVAL = "scheduler.interval"
HOOK = {"url": "http://127.0.0.1:9/hook", "name": "team"}
EMAIL = {"host": "127.0.0.1", "to": ["a@example.org"]}


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"scheduler": {"jitter": -5}}, "scheduler.jitter: Input should be greater than or equal to 0"),
        ({"scheduler": {"jitter": 1.5}}, "scheduler.jitter: Input should be less than or equal to 1"),
        ({"scheduler": {"interval": True}}, "scheduler.interval: bad duration True"),
        ({"scheduler": {"interval": "0.001s"}}, "scheduler.interval: interval must be at least 1s"),
        ({"scheduler": {"interval": float("inf")}}, f"{INTERVAL}: duration must be positive and finite"),
        ({"scheduler": {"interval": float("nan")}}, f"{INTERVAL}: duration must be positive and finite"),
        ({"scheduler": {"interval": "99999999999d"}}, f"{INTERVAL}: duration '99999999999d' is longer"),
        ({"sources": [source(interval="0.5s")]}, "sources.0.interval: interval must be at least 1s"),
        ({"sources": [source(interval=float("inf"))]}, "sources.0.interval: duration must be positive"),
        ({"scheduler": {"failure_threshold": 0}}, "scheduler.failure_threshold: Input should be greater"),
        ({"scheduler": {"concurrency": 0}}, "scheduler.concurrency: Input should be greater than or equal"),
        ({"scheduler": {"delivery_interval": "-1s"}}, "scheduler.delivery_interval: bad duration '-1s'"),
        ({"sources": [source(name="")]}, "sources.0.name: name must not be empty"),
        ({"sources": [source(name="  ")]}, "sources.0.name: name must not be empty"),
        ({"sources": [source(min_delay=float("nan"))]}, "min_delay: Input should be a finite number"),
        ({"alerts": {"webhooks": [{**HOOK, "timeout": 0}]}}, "alerts.webhooks.0.timeout: duration must be"),
        ({"alerts": {"webhooks": [{**HOOK, "url": "ftp://h/x"}]}}, "alerts.webhooks.0.url: webhook URL must"),
        ({"alerts": {"webhooks": [{**HOOK, "url": "file:///etc/passwd"}]}}, "webhook URL must be http(s)"),
        ({"alerts": {"webhooks": [{**HOOK, "name": ""}]}}, "alerts.webhooks.0.name: name must not be empty"),
        ({"alerts": {"webhooks": [HOOK, HOOK]}}, "alerts.webhooks: two webhooks are named 'team'"),
        ({"alerts": {"webhooks": [{**HOOK, "name": "email"}]}}, "webhook name 'email' is reserved"),
        ({"alerts": {"email": {**EMAIL, "to": []}}}, "alerts.email.to: List should have at least 1 item"),
        ({"alerts": {"email": {**EMAIL, "port": 0}}}, "alerts.email.port: Input should be greater"),
        ({"alerts": {"email": {**EMAIL, "timeout": "0s"}}}, "email.timeout: duration must be positive"),
        ({"alerts": {"retry_base": float("inf")}}, "alerts.retry_base: duration must be positive and finite"),
        ({"store": {"url": "mysql://root@db/monitor"}}, "store.url: unsupported database URL"),
        ({"store": {"keep_history": "0d"}}, "store.keep_history: duration must be positive"),
        ({"scheduler": {"jiter": 0.1}}, "scheduler.jiter: unknown key"),
        ({"web": {"host": ""}}, "web.host: host must not be empty"),
        ({"web": {"host": "  "}}, "web.host: host must not be empty"),
        ({"sources": [source(timeout="never")]}, "sources.0.timeout: bad duration 'never'"),
    ],
)
def test_bad_value_is_one_line_and_exit_2(tmp_path: Path, data: dict[str, Any], line: str) -> None:
    code, lines = run(tmp_path, data)
    assert code == 2, lines
    assert len(lines) == 1 and line in lines[0], lines
    assert lines[0].startswith(f"error: {tmp_path / 'config.toml'}: ")
    assert not (tmp_path / "m.db").exists()  # refused before the store is touched


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    data = {
        "scheduler": {"jitter": -5, "interval": "0.001s"},
        "sources": [source(interval="inf")],
        "alerts": {
            "webhooks": [HOOK],
            "rules": [
                {"channels": ["emial", "team"], "types": ["holder_change"]},
                {"channels": ["webhook:7"], "group": "/放管服(/"},
                {"person": "/[/"},
            ],
        },
    }
    code, lines = run(tmp_path, data)
    assert code == 2
    found = "\n".join(lines)
    for expected in [
        "scheduler.interval: interval must be at least 1s",
        "scheduler.jitter: Input should be greater than or equal to 0",
        "sources.0.interval: bad duration 'inf'",
        "alerts.rules.0.types: unknown event type 'holder_change' (valid: group_established",
        "alerts.rules.1.group: '/放管服(/' is not a valid regex",
        "alerts.rules.2.person: '/[/' is not a valid regex",
        "alerts.rules.0.channels: unknown channel 'emial' (configured: team, webhook, webhook:team)",
        "alerts.rules.1.channels: unknown channel 'webhook:7'",
    ]:
        assert expected in found, found
    assert len(lines) == 8, lines  # the unknown channels with every other mistake, one line each


def test_unknown_channels_each_on_a_line(tmp_path: Path) -> None:
    rules = [{"channels": ["emial", "team"]}, {"channels": ["dingtalk"]}]
    code, lines = run(tmp_path, {"alerts": {"webhooks": [HOOK], "rules": rules}})
    assert code == 2
    assert lines == [
        f"error: {tmp_path / 'config.toml'}: alerts.rules.0.channels: unknown channel 'emial' "
        "(configured: team, webhook, webhook:team)",
        f"error: {tmp_path / 'config.toml'}: alerts.rules.1.channels: unknown channel 'dingtalk' "
        "(configured: team, webhook, webhook:team)",
    ]


def test_rules_name_configured_channels_by_kind_and_name(tmp_path: Path) -> None:
    hooks = [HOOK, {"url": "https://oapi.example/robot", "type": "dingtalk"}]
    rules = [{"channels": ["email", "team", "dingtalk", "webhook:1", "webhook"], "types": ["group_renamed"]}]
    code, lines = run(tmp_path, {"alerts": {"email": EMAIL, "webhooks": hooks, "rules": rules}})
    assert (code, lines) == (0, [])


def test_rule_naming_email_without_email_configured(tmp_path: Path) -> None:
    code, lines = run(tmp_path, {"alerts": {"webhooks": [HOOK], "rules": [{"channels": ["email"]}]}})
    assert code == 2 and "alerts.rules.0.channels: unknown channel 'email'" in lines[0]
    code, lines = run(tmp_path, {"alerts": {"webhooks": [HOOK], "rules": [{"types": ["group_renamed"]}]}})
    assert code == 0, lines  # a rule without channels means every channel there is


def test_webhook_secret_env_must_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAM_SECRET", raising=False)
    hooks = [{**HOOK, "secret_env": "TEAM_SECRET"}]
    code, lines = run(tmp_path, {"alerts": {"webhooks": hooks}})
    assert code == 2
    assert lines == [
        f"error: {tmp_path / 'config.toml'}: alerts.webhooks.0.secret_env: $TEAM_SECRET is not set "
        "(it holds this webhook's secret)"
    ]
    monkeypatch.setenv("TEAM_SECRET", "")
    assert run(tmp_path, {"alerts": {"webhooks": hooks}})[0] == 2
    monkeypatch.setenv("TEAM_SECRET", "s3cret")
    assert run(tmp_path, {"alerts": {"webhooks": hooks}}) == (0, [])


def test_smtp_login_in_clear_needs_consent(tmp_path: Path) -> None:
    code, lines = run(tmp_path, {"alerts": {"email": {**EMAIL, "username": "monitor"}}})
    assert code == 2 and len(lines) == 1
    assert "alerts.email: username without starttls or ssl would send the password in clear" in lines[0]
    for safe in ({"starttls": True}, {"ssl": True}, {"allow_plaintext_password": True}):
        assert run(tmp_path, {"alerts": {"email": {**EMAIL, "username": "monitor", **safe}}}) == (0, [])
    code, lines = run(tmp_path, {"alerts": {"email": {**EMAIL, "starttls": True, "ssl": True}}})
    assert code == 2 and "choose one of starttls" in lines[0]


def test_log_level_from_a_fixed_set(tmp_path: Path) -> None:
    code, lines = run(tmp_path, {}, "run", "--log-level", "verbose")
    assert code == 2
    assert any("Invalid value for '--log-level'" in line for line in lines), lines
