"""Which channels an event goes to: `[[alerts.rules]]` of config (none = everything everywhere).

Channel keys name the configured channels: "email", and "webhook:<name>" for each webhook
(its `name`, or its index in the config when it has none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from monitor.config import AlertRule, Config, EmailConfig, WebhookConfig

Router = Callable[[dict[str, Any]], list[str]]


def webhook_key(index: int, webhook: WebhookConfig) -> str:
    return f"webhook:{webhook.name or index}"


def channel_keys(config: Config) -> dict[str, list[str]]:
    """Rule channel word → the channel keys it selects ("webhook" selects every webhook)."""
    return channel_words(config.alerts.email, config.alerts.webhooks)


def channel_words(email: EmailConfig | None, webhooks: list[WebhookConfig]) -> dict[str, list[str]]:
    """The words a rule may name, each with the channel keys it selects (config checks rules
    against these at load)."""
    keys: dict[str, list[str]] = {}
    if webhooks:
        keys["webhook"] = [webhook_key(i, w) for i, w in enumerate(webhooks)]
    if email is not None:
        keys["email"] = ["email"]
    for index, webhook in enumerate(webhooks):
        key = webhook_key(index, webhook)
        if webhook.type != "json":  # "dingtalk" selects every DingTalk hook, and so on
            keys.setdefault(webhook.type, []).append(key)
        keys[key] = [key]
        if webhook.name:
            keys[webhook.name] = [key]
    return keys


def configured_channels(config: Config) -> list[str]:
    """Every channel key the config can deliver to."""
    return sorted({key for keys in channel_keys(config).values() for key in keys})


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _text_matches(pattern: str, values: Iterable[str | None]) -> bool:
    texts = [v for v in values if v]
    if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
        regex = _regex(pattern[1:-1])
        return any(regex.search(t) for t in texts)
    return any(pattern in t for t in texts)


def _names(event: dict[str, Any]) -> list[str | None]:
    names: list[str | None] = [event.get("group"), event.get("subgroup")]
    for side in ("before", "after"):
        value = event.get(side)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(v for v in value if isinstance(v, str))
    return names


def _persons(event: dict[str, Any]) -> list[str | None]:
    people: list[str | None] = []
    for side in ("before", "after"):
        value = event.get(side)
        if isinstance(value, dict):
            people.append(value.get("person"))
    return people


def rule_matches(rule: AlertRule, event: dict[str, Any]) -> bool:
    if rule.types and event.get("type") not in rule.types:
        return False
    if rule.group and not _text_matches(rule.group, _names(event)):
        return False
    if rule.region and event.get("region") != rule.region:
        return False
    return not (rule.person and not _text_matches(rule.person, _persons(event)))


def make_router(config: Config) -> Router:
    """A function event → channel keys, per the config's rules."""
    keys = channel_keys(config)
    every = configured_channels(config)

    def route(event: dict[str, Any]) -> list[str]:
        if not config.alerts.rules:
            return every
        chosen: set[str] = set()
        for rule in config.alerts.rules:
            if rule_matches(rule, event):
                for word in rule.channels:
                    chosen.update(keys.get(word, []))
        return sorted(chosen)

    return route
