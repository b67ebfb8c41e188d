"""Webhook channels, a registry keyed by the config's `type` (urlwatch style):
`json` (CONTRACT §5: the event as JSON, HMAC-signed), and the chat robots Chinese teams use:
`dingtalk` (signed URL), `wecom`, `feishu` (signature in the body), each sent a short
markdown or text summary. An unknown `type` fails at config load with the valid ones."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from typing import Any, ClassVar
from urllib.parse import quote_plus

import httpx

from monitor.alerts import formatting
from monitor.alerts.delivery import DeliveryError, http_status_error
from monitor.config import WebhookConfig

SIGNATURE_HEADER = "X-Monitor-Signature-256"
EVENT_ID_HEADER = "X-Monitor-Event-Id"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Webhook:
    """One configured hook. Subclasses say how an event becomes a request and how the
    receiver says "accepted" (chat robots answer 200 with an error code in the body)."""

    type: ClassVar[str] = "json"

    def __init__(self, config: WebhookConfig) -> None:
        self.config = config

    def request(self, event: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Content-Type": "application/json", EVENT_ID_HEADER: str(event.get("id", ""))}
        secret = self.config.secret
        if secret:
            headers[SIGNATURE_HEADER] = sign(secret, body)
        return self.config.url, body, headers

    def check_reply(self, response: httpx.Response) -> None:
        error = http_status_error(response.status_code, response.text)
        if error:
            raise error

    async def send(self, client: httpx.AsyncClient, event: dict[str, Any]) -> None:
        """POST the event; `timeout` bounds the whole exchange, not each read, so a receiver
        that sends its headers and then a byte now and then is cut off in time."""
        url, body, headers = self.request(event)
        timeout = self.config.timeout
        try:
            async with asyncio.timeout(timeout):
                response = await client.post(url, content=body, headers=headers, timeout=timeout)
        except (TimeoutError, httpx.TimeoutException) as e:
            raise DeliveryError(f"timeout: no complete answer within {timeout:g}s") from e
        except httpx.HTTPError as e:
            raise DeliveryError(f"{type(e).__name__}: {e}") from e
        self.check_reply(response)


def _json_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


class _ChatRobot(Webhook):
    """Chat robots answer HTTP 200 with {"errcode": 0} (or {"code": 0}) when accepted."""

    code_key: ClassVar[str] = "errcode"
    rate_limited: ClassVar[frozenset[int]] = frozenset()

    def check_reply(self, response: httpx.Response) -> None:
        super().check_reply(response)
        try:
            reply = response.json()
        except ValueError:
            return  # a bare 2xx: accepted
        code = reply.get(self.code_key, reply.get("StatusCode", 0)) if isinstance(reply, dict) else 0
        if code not in (0, None):
            message = reply.get("errmsg") or reply.get("msg") or ""
            retry = code in self.rate_limited
            raise DeliveryError(f"{self.type} error {code}: {message}", permanent=not retry)


class DingTalk(_ChatRobot):
    type = "dingtalk"
    rate_limited = frozenset({130101, 660026, -1})

    def request(self, event: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        url = self.config.url
        secret = self.config.secret
        if secret:  # 加签: timestamp + base64(HMAC-SHA256("timestamp\nsecret")) as query params
            timestamp = str(round(time.time() * 1000))
            digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
            signature = quote_plus(base64.b64encode(digest))
            url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={signature}"
        title = formatting.summary(event)
        text = formatting.markdown([event])
        body = {"msgtype": "markdown", "markdown": {"title": title[:60], "text": text}}
        return url, _json_body(body), {"Content-Type": "application/json"}


class WeCom(_ChatRobot):
    type = "wecom"
    rate_limited = frozenset({45009, -1})

    def request(self, event: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        body = {"msgtype": "markdown", "markdown": {"content": formatting.markdown([event])}}
        return self.config.url, _json_body(body), {"Content-Type": "application/json"}


class Feishu(_ChatRobot):
    type = "feishu"
    code_key = "code"
    rate_limited = frozenset({9499, 11232})

    def request(self, event: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": formatting.plain_text([event])}}
        secret = self.config.secret
        if secret:  # 签名校验: HMAC-SHA256 keyed by "timestamp\nsecret" over nothing, base64
            timestamp = str(int(time.time()))
            key = f"{timestamp}\n{secret}".encode()
            signature = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            body = {"timestamp": timestamp, "sign": signature, **body}
        return self.config.url, _json_body(body), {"Content-Type": "application/json"}


WEBHOOK_TYPES: dict[str, type[Webhook]] = {cls.type: cls for cls in (Webhook, DingTalk, WeCom, Feishu)}


def make_webhook(config: WebhookConfig) -> Webhook:
    return WEBHOOK_TYPES[config.type](config)
