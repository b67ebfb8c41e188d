"""config.toml (CONTRACT §4) read into typed models; bad config fails at load, in one line."""

from __future__ import annotations

import codecs
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scrapers.sites import UnknownAdapter, adapter_class

DEFAULT_DB_URL = "sqlite:///data/monitor.db"
DEFAULT_USER_AGENT = "monitor/0.1 (+https://example.org/monitor; notices of leading bodies)"

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


def parse_interval(value: str | int | float) -> float:
    """'90s', '15m', '2h', '1d' or a number of seconds → seconds."""
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _INTERVAL.match(value)
        if not match:
            raise ValueError(f"bad interval {value!r}: use e.g. '90s', '15m', '2h', '1d'")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ValueError(f"interval must be positive, got {value!r}")
    return seconds


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreConfig(_Strict):
    url: str = DEFAULT_DB_URL


class SchedulerConfig(_Strict):
    interval: float = 1800.0
    jitter: float = 0.1  # fraction of the interval
    failure_threshold: int = 3  # consecutive failures before a source-health alert
    alert_on_baseline: bool = False  # alert the events of a new source's first check
    delivery_interval: float = 5.0  # seconds between alert-delivery runs
    concurrency: int = 16  # global limit of requests in flight
    lease: float = 600.0  # seconds a daemon holds a source's check before others may take it
    user_agent: str = DEFAULT_USER_AGENT
    # http(s)://[user:pass@]host:port for every fetch; unset: HTTP(S)_PROXY/NO_PROXY from the environment
    proxy: str | None = Field(default=None, pattern=r"^https?://[^\s/]+/?$")

    @field_validator("interval", "delivery_interval", "lease", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> float:
        return parse_interval(v)


class SourceConfig(_Strict):
    name: str
    region: str | None = None
    list_urls: list[str] = Field(min_length=1)
    adapter: str = "generic"
    item_selector: str | None = None
    content_selector: str | None = None
    encoding: str | None = None
    interval: float | None = None
    title_filter: str | None = None  # a regex; default: body word + action word
    max_pages: int = 10
    live_pages: int = 2  # list pages a live poll reads before it stops
    allowed_hosts: list[str] = Field(default_factory=list)
    user_agent: str | None = None
    min_delay: float = 1.0
    robots: bool = True  # honour robots.txt; false opts this source out explicitly
    # JSON list APIs: the JSON paths (dotted) of the items and their fields
    json_items: str | None = None
    json_title: str | None = None
    json_url: str | None = None
    json_date: str | None = None
    # fetching (scrapers.http.FetchPolicy)
    timeout: float = 30.0  # seconds for a whole request
    retries: int = Field(default=2, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0)  # seconds before the first retry; doubles
    max_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    attachments: bool = True  # read .docx/.pdf attachments that hold the members list

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> float | None:
        return None if v is None else parse_interval(v)

    @field_validator("timeout", mode="before")
    @classmethod
    def _timeout(cls, v: Any) -> float:
        return parse_interval(v)

    @field_validator("adapter")
    @classmethod
    def _adapter(cls, v: str) -> str:
        try:
            adapter_class(v)
        except UnknownAdapter as e:
            raise ValueError(str(e)) from None
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        if v:
            try:
                codecs.lookup(v)
            except LookupError:
                raise ValueError(f"unknown encoding {v!r}") from None
        return v

    @field_validator("title_filter")
    @classmethod
    def _title_filter(cls, v: str | None) -> str | None:
        if v:
            try:
                re.compile(v)
            except re.error as e:
                raise ValueError(f"title_filter is not a valid regex: {e}") from None
        return v

    @field_validator("list_urls")
    @classmethod
    def _list_urls(cls, v: list[str]) -> list[str]:
        for url in v:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"list URL must be http(s)://…: {url!r}")
        return v


class EmailConfig(_Strict):
    host: str = "127.0.0.1"
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    username: str = ""
    sender: str = "monitor@example.org"
    to: list[str] = Field(min_length=1)
    timeout: float = 30.0
    cafile: str | None = None  # a private CA's certificate (PEM) for STARTTLS/SSL relays

    @property
    def password(self) -> str:
        return os.environ.get("MONITOR_SMTP_PASSWORD", "")


class WebhookConfig(_Strict):
    url: str
    type: str = "json"  # json (CONTRACT §5), dingtalk, wecom, feishu
    secret_env: str | None = None
    name: str | None = None
    timeout: float = 10.0

    @property
    def secret(self) -> str | None:
        return os.environ.get(self.secret_env) if self.secret_env else None

    @field_validator("type")
    @classmethod
    def _known_type(cls, v: str) -> str:
        from monitor.alerts.webhook import WEBHOOK_TYPES  # the registry of webhook kinds

        if v not in WEBHOOK_TYPES:
            raise ValueError(f"unknown webhook type {v!r} (valid: {', '.join(sorted(WEBHOOK_TYPES))})")
        return v


class AlertRule(_Strict):
    channels: list[str] = Field(default_factory=lambda: ["email", "webhook"])
    types: list[str] = Field(default_factory=list)
    group: str | None = None  # substring or /regex/ of any name
    region: str | None = None
    person: str | None = None


class AlertsConfig(_Strict):
    email: EmailConfig | None = None
    webhooks: list[WebhookConfig] = Field(default_factory=list)
    rules: list[AlertRule] = Field(default_factory=list)
    # delivery retries: base, 2·base, 4·base … capped at retry_max_delay, given up after retry_for
    retry_base: float = 30.0
    retry_max_delay: float = 3600.0
    retry_for: float = 86400.0
    health: bool = True  # alert when a source keeps failing, and when it recovers

    @field_validator("retry_base", "retry_max_delay", "retry_for", mode="before")
    @classmethod
    def _durations(cls, v: Any) -> float:
        return parse_interval(v)


class WebConfig(_Strict):
    """`monitor serve`: where it listens, and the variable holding the access token that
    any address other than loopback requires (unless --public)."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    token_env: str | None = None

    @property
    def token(self) -> str | None:
        return os.environ.get(self.token_env) or None if self.token_env else None


class Config(_Strict):
    store: StoreConfig = Field(default_factory=StoreConfig)
    scheduler: SchedulerConfig = Field(default_factory=SchedulerConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    web: WebConfig = Field(default_factory=WebConfig)

    @model_validator(mode="after")
    def _unique_sources(self) -> Config:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(source.name)
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        names = ", ".join(s.name for s in self.sources) or "none configured"
        raise ConfigError(f"no source named {name!r} (sources: {names})")

    def source_interval(self, source: SourceConfig) -> float:
        return source.interval or self.scheduler.interval


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "config"
    return f"{where}: {first['msg']}"


def config_from_dict(data: dict[str, Any], origin: str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{origin}: {_first_error(e)}") from e


def load_config(path: str | Path | None = None, *, db_url: str | None = None) -> Config:
    """Read config.toml; a missing default file gives the defaults (an empty monitor)."""
    explicit = path is not None or "MONITOR_CONFIG" in os.environ
    path = Path(path or os.environ.get("MONITOR_CONFIG", "config.toml"))
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: not valid TOML: {e}") from e
        except OSError as e:
            raise ConfigError(f"{path}: cannot read: {e.strerror}") from e
    elif explicit:
        raise ConfigError(f"{path}: no such config file")
    config = config_from_dict(data, str(path))
    url = db_url or os.environ.get("MONITOR_DATABASE_URL")
    if url:
        config.store.url = url
    return config
