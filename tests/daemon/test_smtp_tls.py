"""Email over STARTTLS and SSL with login, against a real aiosmtpd server with a throwaway
certificate; and `[[alerts.rules]]` routing."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts.delivery import DeliveryError
from monitor.alerts.email import send_email
from monitor.alerts.rules import make_router
from monitor.config import EmailConfig, config_from_dict
from tests.daemon.helpers import event
from tests.servers import free_port


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret", handled=False)  # 535 when wrong


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path]
) -> Iterator[tuple[str, int, Mailbox]]:
    from aiosmtpd.controller import Controller

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    box, port = Mailbox(), free_port()
    options: dict[str, Any] = {"authenticator": box.authenticate, "auth_require_tls": True}
    if request.param == "ssl":  # aiosmtpd does not count implicit TLS as TLS for AUTH
        options.update(ssl_context=context, auth_require_tls=False)
    else:
        options.update(tls_context=context, require_starttls=True)
    controller = Controller(box, hostname="127.0.0.1", port=port, server_hostname="127.0.0.1", **options)
    controller.start()
    yield request.param, port, box
    controller.stop()


def email_config(mode: str, port: int, cafile: Path) -> EmailConfig:
    return EmailConfig(
        host="127.0.0.1",
        port=port,
        starttls=mode == "starttls",
        ssl=mode == "ssl",
        username="monitor",
        to=["a@example.org"],
        cafile=str(cafile),
        timeout=5,
    )


async def test_login_over_tls_with_password_from_environment(
    tls_server: tuple[str, int, Mailbox], certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mode, port, box = tls_server
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "s3cret")
    await send_email(email_config(mode, port, certificate[0]), [event(1)])
    assert box.logins == [(b"monitor", b"s3cret")]
    assert len(box.messages) == 1 and "王予波 → 刘宁" in box.messages[0]["Subject"]


async def test_wrong_password_is_reported(
    tls_server: tuple[str, int, Mailbox], certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mode, port, box = tls_server
    monkeypatch.setenv("MONITOR_SMTP_PASSWORD", "wrong")
    with pytest.raises(DeliveryError, match="login failed"):
        await send_email(email_config(mode, port, certificate[0]), [event(1)])
    assert not box.messages


async def test_untrusted_certificate_is_refused(tls_server: tuple[str, int, Mailbox]) -> None:
    mode, port, box = tls_server
    config = EmailConfig(
        host="127.0.0.1", port=port, starttls=mode == "starttls", ssl=mode == "ssl", to=["a@x"]
    )
    with pytest.raises(DeliveryError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        await send_email(config, [event(1)])
    assert not box.messages


def test_rules_route_by_type_group_region_person() -> None:
    config = config_from_dict(
        {
            "alerts": {
                "email": {"to": ["a@example.org"]},
                "webhooks": [{"url": "http://x/1", "name": "team"}, {"url": "http://x/2", "type": "feishu"}],
                "rules": [
                    {"channels": ["email"], "types": ["holder_changed"], "region": "青海省"},
                    {"channels": ["team"], "group": "/放管服|营商/"},
                    {"channels": ["feishu"], "person": "刘宁", "types": ["member_added"]},
                ],
            }
        }
    )
    route = make_router(config)
    assert route(event(1)) == ["email", "webhook:team"]
    assert route(event(2, region="重庆市")) == ["webhook:team"]
    assert route(event(3, group="安全生产委员会", type="member_added")) == ["webhook:1"]
    assert route(event(4, group="安全生产委员会", type="member_removed")) == []
