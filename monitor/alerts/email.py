"""Email over SMTP (plain, STARTTLS or SSL), one message per notice's events: a subject that
names the group and the change, plain text and HTML parts, a Message-ID made from the event
ids (so a resent alert is recognisably the same message). stdlib smtplib, run in a thread,
with one deadline for the whole send."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import smtplib
import socket
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


class _Conversation:
    """One SMTP conversation, run in a thread, that the event loop can cut short: at the
    deadline `abort` shuts the socket, which ends any read the thread is blocked in, and the
    thread sends nothing after that (so a message is never sent after we gave up on it)."""

    def __init__(self, config: EmailConfig) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None
        self.aborted = False

    def abort(self) -> None:
        self.aborted = True
        sock = self.smtp.sock if self.smtp is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _go_on(self) -> None:
        if self.aborted:
            raise smtplib.SMTPServerDisconnected("deadline passed")

    def send(self, message: EmailMessage) -> None:
        config = self.config
        context = ssl.create_default_context(cafile=config.cafile)
        if config.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(timeout=config.timeout, context=context)
        else:
            smtp = smtplib.SMTP(timeout=config.timeout)
        smtp._host = config.host  # the TLS server name; smtplib sets it only when __init__ connects
        self.smtp = smtp  # before connecting, so that abort() reaches the socket
        try:
            smtp.connect(config.host, config.port)
            self._go_on()
            if config.starttls and not config.ssl:
                smtp.starttls(context=context)
                self._go_on()
            if config.username:
                smtp.login(config.username, config.password)
                self._go_on()
            smtp.send_message(message)
            # Accepted (250 after DATA): say goodbye without waiting for the reply, so that a
            # server slow to answer QUIT cannot turn a delivered message into a retry.
            with contextlib.suppress(OSError):
                smtp.sock.sendall(b"QUIT\r\n")  # type: ignore[union-attr]
        finally:
            smtp.close()


def _delivery_error(error: BaseException, where: str) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        message = f"SMTP {where} refused recipients: {error.recipients}"
        return DeliveryError(message, permanent=min(codes) >= 500)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"SMTP {where} login failed: {error.smtp_code} {error.smtp_error!r}")
    if isinstance(error, smtplib.SMTPResponseException):
        raw = error.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return DeliveryError(f"SMTP {where} said {error.smtp_code} {text}", permanent=error.smtp_code >= 500)
    return DeliveryError(f"SMTP {where} unreachable: {type(error).__name__}: {error}")


async def send_email(config: EmailConfig, events: list[dict[str, Any]]) -> None:
    """Send one message for these events within `config.timeout` seconds in all (however
    slowly the server talks); raise DeliveryError (permanent for a 5xx refusal)."""
    message = build_message(config, events)
    where = f"{config.host}:{config.port}"
    conversation = _Conversation(config)
    sending = asyncio.ensure_future(asyncio.to_thread(conversation.send, message))
    try:
        await asyncio.wait_for(asyncio.shield(sending), config.timeout)
    except TimeoutError:
        conversation.abort()
        sending.add_done_callback(_forget)  # the thread ends as its socket closes
        raise DeliveryError(f"SMTP {where}: no complete answer within {config.timeout:g}s") from None
    except asyncio.CancelledError:
        conversation.abort()
        sending.add_done_callback(_forget)
        raise
    except (smtplib.SMTPException, OSError, ssl.SSLError) as e:
        raise _delivery_error(e, where) from e


def _forget(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: the failure of an abandoned send is expected
