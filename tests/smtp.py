"""A real SMTP server for tests (aiosmtpd), and a fixture that points Django at it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


class Inbox:
    """Collects every message the server receives, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_inbox(settings: object) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = "127.0.0.1"  # type: ignore[attr-defined]
    settings.EMAIL_PORT = port  # type: ignore[attr-defined]
    settings.EMAIL_USE_TLS = False  # type: ignore[attr-defined]
    settings.EMAIL_HOST_USER = ""  # type: ignore[attr-defined]
    settings.EMAIL_HOST_PASSWORD = ""  # type: ignore[attr-defined]
    try:
        yield inbox
    finally:
        controller.stop()
