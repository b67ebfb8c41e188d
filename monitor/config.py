"""config.toml (CONTRACT §4) read into typed models. A bad config fails at load with every
mistake at once, one line each (`ConfigError.problems`)."""

from __future__ import annotations

import codecs
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scrapers.sites import UnknownAdapter, adapter_class
from scrapers.titles import BadTitleFilter, compile_title_filter

DEFAULT_DB_URL = "sqlite:///data/monitor.db"
DEFAULT_USER_AGENT = "monitor/0.1 (+https://example.org/monitor; notices of leading bodies)"

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}
MAX_SECONDS = 366 * 86400.0  # no duration in the config needs more than a year
MIN_POLL_INTERVAL = 1.0  # a portal is never polled more than once a second
SUBPATH = "\t"  # a validator's problem line "0.channels<TAB>why" names a place below its field


class ConfigError(Exception):
    """The configuration cannot be used. `problems` holds every mistake found, one line each
    ("where: why"); the message joins them."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or [message]
        super().__init__("; ".join(self.problems) if problems else message)


def parse_interval(value: str | int | float) -> float:
    """'90s', '15m', '2h', '1d' or a number of seconds → seconds: finite, positive, at most a
    year (TOML's `inf`, `nan` and `true` are refused, so are sizes that overflow a date)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"bad duration {value!r}: use e.g. '90s', '15m', '2h', '1d' or seconds")
    if isinstance(value, str):
        match = _INTERVAL.match(value)
        if not match:
            raise ValueError(f"bad duration {value!r}: use e.g. '90s', '15m', '2h', '1d'")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    else:
        seconds = float(value)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"duration must be positive and finite, got {value!r}")
    if seconds > MAX_SECONDS:
        raise ValueError(f"duration {value!r} is longer than a year")
    return seconds


# a duration field: "90s", "15m", "2h", "1d" or seconds, read by parse_interval
Duration = Annotated[float, BeforeValidator(parse_interval)]


def parse_poll_interval(value: str | int | float) -> float:
    seconds = parse_interval(value)
    if seconds < MIN_POLL_INTERVAL:
        raise ValueError(f"interval must be at least 1s, got {value!r}")
    return seconds


def _non_empty(value: str, what: str) -> str:
    if not value.strip():
        raise ValueError(f"{what} must not be empty")
    return value


def _http_url(url: str, what: str) -> str:
    if not re.match(r"^https?://[^/\s?#]+", url):
        raise ValueError(f"{what} must be http(s)://…: {url!r}")
    return url


def _compile_pattern(value: str | None) -> str | None:
    """A rule's `/regex/` must compile; a plain substring needs nothing."""
    if value and len(value) > 2 and value.startswith("/") and value.endswith("/"):
        try:
            re.compile(value[1:-1])
        except re.error as e:
            raise ValueError(f"{value!r} is not a valid regex: {e}") from None
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class StoreConfig(_Strict):
    url: str = DEFAULT_DB_URL
    # check_log rows and delivered alerts older than this are deleted (monitor.alerts.housekeeping)
    keep_history: Duration = 90 * 86400.0

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        from store.db import StoreError, check_url  # here: the CLI starts without SQLAlchemy

        try:
            return check_url(v)
        except StoreError as e:
            raise ValueError(str(e)) from None


class SchedulerConfig(_Strict):
    interval: float = 1800.0
    jitter: float = Field(default=0.1, ge=0, le=1)  # fraction of the interval
    failure_threshold: int = Field(default=3, ge=1)  # consecutive failures before a health alert
    alert_on_baseline: bool = False  # alert the events of a new source's first check
    delivery_interval: Duration = 5.0  # seconds between alert-delivery runs
    concurrency: int = Field(default=16, ge=1, le=10_000)  # global limit of requests in flight
    lease: Duration = 600.0  # seconds a daemon holds a source's check before others may take it
    max_notices_per_check: int = Field(default=25, ge=1)  # notice pages one live check fetches
    user_agent: str = DEFAULT_USER_AGENT
    # http(s)://[user:pass@]host:port for every fetch; unset: HTTP(S)_PROXY/NO_PROXY from the environment
    proxy: str | None = Field(default=None, pattern=r"^https?://[^\s/]+/?$")

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> float:
        return parse_poll_interval(v)


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
    max_pages: int = Field(default=10, ge=1)
    live_pages: int = Field(default=2, ge=1)  # list pages a live poll reads before it stops
    allowed_hosts: list[str] = Field(default_factory=list)
    user_agent: str | None = None
    min_delay: float = Field(default=1.0, ge=0, le=MAX_SECONDS)
    robots: bool = True  # honour robots.txt; false opts this source out explicitly
    # JSON list APIs: the JSON paths (dotted) of the items and their fields
    json_items: str | None = None
    json_title: str | None = None
    json_url: str | None = None
    json_date: str | None = None
    # fetching (scrapers.http.FetchPolicy)
    timeout: Duration = 30.0  # seconds for a whole request
    retries: int = Field(default=2, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0)  # seconds before the first retry; doubles
    max_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    attachments: bool = True  # read .docx/.pdf attachments that hold the members list
    max_notices_per_check: int | None = Field(default=None, ge=1)  # default: the scheduler's

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> float | None:
        return None if v is None else parse_poll_interval(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _non_empty(v, "name")

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
                compile_title_filter(v)  # the one compile the pipeline uses (scrapers.titles)
            except BadTitleFilter as e:
                raise ValueError(f"title_filter is {e}") from None
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
    port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    username: str = ""
    # logging in without TLS sends the password in clear: only when the operator says so
    allow_plaintext_password: bool = False
    sender: str = "monitor@example.org"
    to: list[str] = Field(min_length=1)
    timeout: Duration = 30.0  # seconds for a whole send: connect, login, message
    cafile: str | None = None  # a private CA's certificate (PEM) for STARTTLS/SSL relays

    @property
    def password(self) -> str:
        return os.environ.get("MONITOR_SMTP_PASSWORD", "")

    @field_validator("host", "sender")
    @classmethod
    def _present(cls, v: str, info: ValidationInfo) -> str:
        return _non_empty(v, str(info.field_name))

    @field_validator("to")
    @classmethod
    def _recipients(cls, v: list[str]) -> list[str]:
        for address in v:
            _non_empty(address, "a recipient")
        return v

    @model_validator(mode="after")
    def _safe_login(self) -> EmailConfig:
        if self.starttls and self.ssl:
            raise ValueError("choose one of starttls (port 587) or ssl (port 465), not both")
        if self.username and not (self.starttls or self.ssl or self.allow_plaintext_password):
            raise ValueError(
                "username without starttls or ssl would send the password in clear: "
                "set starttls = true or ssl = true (or allow_plaintext_password = true)"
            )
        return self


class WebhookConfig(_Strict):
    url: str
    type: str = "json"  # json (CONTRACT §5), dingtalk, wecom, feishu
    secret_env: str | None = None
    name: str | None = None
    timeout: Duration = 10.0  # seconds for a whole send, however slowly the receiver answers

    @property
    def secret(self) -> str | None:
        return os.environ.get(self.secret_env) if self.secret_env else None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _http_url(v, "webhook URL")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        return None if v is None else _non_empty(v, "name")

    @field_validator("secret_env")
    @classmethod
    def _secret_set(cls, v: str | None) -> str | None:
        # an unset variable would send unsigned (or, for DingTalk/Feishu, rejected) requests
        if v is not None and not os.environ.get(_non_empty(v, "secret_env")):
            raise ValueError(f"${v} is not set (it holds this webhook's secret)")
        return v

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
    person: str | None = None  # substring or /regex/ of a person before or after

    @field_validator("types")
    @classmethod
    def _known_types(cls, v: list[str]) -> list[str]:
        from store.query import EVENT_TYPES  # CONTRACT §2

        unknown = [t for t in v if t not in EVENT_TYPES]
        if unknown:
            raise ValueError(f"unknown event type {unknown[0]!r} (valid: {', '.join(EVENT_TYPES)})")
        return v

    @field_validator("group", "person")
    @classmethod
    def _pattern(cls, v: str | None) -> str | None:
        return _compile_pattern(v)


class AlertsConfig(_Strict):
    email: EmailConfig | None = None
    webhooks: list[WebhookConfig] = Field(default_factory=list)
    rules: list[AlertRule] = Field(default_factory=list)
    # delivery retries: base, 2·base, 4·base … capped at retry_max_delay, given up after retry_for
    retry_base: Duration = 30.0
    retry_max_delay: Duration = 3600.0
    retry_for: Duration = 86400.0
    health: bool = True  # alert when a source keeps failing, and when it recovers

    @field_validator("webhooks")
    @classmethod
    def _unique_names(cls, v: list[WebhookConfig]) -> list[WebhookConfig]:
        from monitor.alerts.webhook import WEBHOOK_TYPES

        reserved = {"email", "webhook", *WEBHOOK_TYPES}
        seen: set[str] = set()
        for hook in v:
            if hook.name in reserved:
                raise ValueError(f"webhook name {hook.name!r} is reserved (it names a kind of channel)")
            if hook.name in seen:
                raise ValueError(f"two webhooks are named {hook.name!r}")
            if hook.name:
                seen.add(hook.name)
        return v

    @model_validator(mode="wrap")
    @classmethod
    def _known_channels(cls, data: Any, handler: Any) -> AlertsConfig:
        """A rule naming a channel that is not configured would silently send nothing. Read
        from the file as written, so it is reported with every other mistake at once."""
        problems = _unknown_channels(data)
        try:
            alerts = handler(data)
        except ValidationError as error:
            if not problems:
                raise
            raise ValidationError.from_exception_data(
                cls.__name__, [*(_as_line(e) for e in error.errors()), *problems]
            ) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        return alerts  # type: ignore[no-any-return]


def _unknown_channels(data: Any) -> list[Any]:
    """The rules' unknown channel words in raw [alerts] DATA, as pydantic error lines."""
    from types import SimpleNamespace

    from monitor.alerts.rules import channel_words

    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return []
    hooks = data.get("webhooks") if isinstance(data.get("webhooks"), list) else []
    webhooks = [
        SimpleNamespace(name=h.get("name"), type=h.get("type", "json")) for h in hooks if isinstance(h, dict)
    ]
    words = channel_words(data.get("email"), webhooks)  # type: ignore[arg-type]
    valid = ", ".join(sorted(words)) or "none configured"
    return [
        {
            "type": PydanticCustomError(
                "value_error", _literal(f"unknown channel {word!r} (configured: {valid})")
            ),
            "loc": ("rules", index, "channels"),
            "input": word,
        }
        for index, rule in enumerate(data["rules"])
        if isinstance(rule, dict) and isinstance(rule.get("channels"), list)  # absent: every channel
        for word in rule["channels"]
        if isinstance(word, str) and word not in words
    ]


def _as_line(error: Any) -> Any:
    """A pydantic error (as .errors() gives it) as a line to raise again, message kept."""
    return {
        "type": PydanticCustomError(error["type"], _literal(str(error["msg"]))),
        "loc": error["loc"],
        "input": error["input"],
    }


def _literal(message: str) -> str:
    """MESSAGE as a pydantic message template that prints it unchanged."""
    return message.replace("{", "{{").replace("}", "}}")


class WebConfig(_Strict):
    """`monitor serve`: where it listens, and the variable holding the access token that
    any address other than loopback requires (unless --public)."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    token_env: str | None = "MONITOR_WEB_TOKEN"  # "" reads no variable

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        return _non_empty(v, "host")

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


def _problems(error: Any) -> list[str]:
    where = ".".join(str(p) for p in error["loc"]) or "config"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif not error["type"].startswith("value_error") and not isinstance(error.get("input"), dict | list):
        message += f" (got {error.get('input')!r})"
    if SUBPATH in message:  # a validator that found several mistakes below its field
        return [f"{where}.{line.replace(SUBPATH, ': ', 1)}" for line in message.splitlines()]
    return [f"{where}: {message}"]


def config_problems(error: ValidationError, origin: str) -> list[str]:
    """Every mistake pydantic found, one line each, in the order of the file."""
    return [f"{origin}: {line}" for e in error.errors() for line in _problems(e)]


def config_from_dict(data: dict[str, Any], origin: str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        problems = config_problems(e, origin)
        raise ConfigError(problems[0], problems) from e


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
        from store.db import StoreError, check_url

        try:
            config.store.url = check_url(url)
        except StoreError as e:
            raise ConfigError(f"--db: {e}") from e
    return config
