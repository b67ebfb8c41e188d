"""Email over SMTP (plain, STARTTLS or SSL), one message per notice's events: a subject that
names the group and the change, plain text and HTML parts, a Message-ID made from the event
ids (so a resent alert is recognisably the same message). stdlib smtplib, run in a thread."""

from __future__ import annotations

import asyncio
import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from typing import Any

from monitor.alerts import formatting
from monitor.alerts.delivery import DeliveryError
from monitor.config import EmailConfig

SMTP_POLICY = SMTP.clone(max_line_length=998)


def message_id(events: list[dict[str, Any]], sender: str) -> str:
    ids = "\n".join(sorted(str(e.get("id")) for e in events))
    domain = sender.rpartition("@")[2] or "monitor.local"
    return f"<{hashlib.sha256(ids.encode()).hexdigest()[:32]}.monitor@{domain}>"


def build_message(config: EmailConfig, events: list[dict[str, Any]]) -> EmailMessage:
    # Folding a long CJK subject makes Python drop the spaces between encoded words
    # ("组长 王予波" → "组长王予波"); RFC 5322 allows 998-character lines, so do not fold.
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = formatting.subject(events)
    message["From"] = config.sender
    message["To"] = ", ".join(config.to)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id(events, config.sender)
    message["X-Monitor-Event-Ids"] = " ".join(str(e.get("id")) for e in events)
    message.set_content(formatting.plain_text(events))
    message.add_alternative(formatting.html(events), subtype="html")
    return message


def _send_blocking(config: EmailConfig, message: EmailMessage) -> None:
    context = ssl.create_default_context(cafile=config.cafile)
    smtp_class = smtplib.SMTP_SSL if config.ssl else smtplib.SMTP
    kwargs: dict[str, Any] = {"context": context} if config.ssl else {}
    with smtp_class(config.host, config.port, timeout=config.timeout, **kwargs) as smtp:
        if config.starttls and not config.ssl:
            smtp.starttls(context=context)
        if config.username:
            smtp.login(config.username, config.password)
        smtp.send_message(message)


async def send_email(config: EmailConfig, events: list[dict[str, Any]]) -> None:
    """Send one message for these events; raise DeliveryError (permanent for a 5xx refusal)."""
    message = build_message(config, events)
    where = f"{config.host}:{config.port}"
    try:
        await asyncio.to_thread(_send_blocking, config, message)
    except smtplib.SMTPRecipientsRefused as e:
        codes = [code for code, _ in e.recipients.values()]
        message = f"SMTP {where} refused recipients: {e.recipients}"
        raise DeliveryError(message, permanent=min(codes) >= 500) from e
    except smtplib.SMTPAuthenticationError as e:
        raise DeliveryError(f"SMTP {where} login failed: {e.smtp_code} {e.smtp_error!r}") from e
    except smtplib.SMTPResponseException as e:
        error = e.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        raise DeliveryError(f"SMTP {where} said {e.smtp_code} {text}", permanent=e.smtp_code >= 500) from e
    except (smtplib.SMTPException, OSError, ssl.SSLError) as e:
        raise DeliveryError(f"SMTP {where} unreachable: {type(e).__name__}: {e}") from e
