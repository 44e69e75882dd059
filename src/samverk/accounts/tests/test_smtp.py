"""Password-reset mail is queued, travels through the worker over real SMTP (aiosmtpd), and its
link works."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from samverk.networks.tests.factories import UserFactory
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = pytest.mark.django_db


def test_password_reset_mail_arrives_over_smtp_and_its_link_sets_a_new_password(
    client: Client,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Callable[..., Any],
    run_tasks: RunTasks,
) -> None:
    UserFactory.create(email="kari@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "kari@example.org"})
    assert response.status_code == 302
    assert smtp_inbox.messages == []
    told = client.get(response["Location"])
    assert (
        "If an account exists for this address, a link to choose a new password is on its way "
        "to it. It usually arrives within a few minutes."
    ) in told.content.decode()

    assert run_tasks() == 1
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "kari@example.org"
    assert message["Subject"] == "samverk: choose a new password"
    body = message.get_content()
    link = re.search(r"http://testserver(/accounts/reset/[^/]+/[^/]+/)", body)
    assert link is not None, body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "fjord-lighthouse-92", "new_password2": "fjord-lighthouse-92"},
    )
    assert done.status_code == 302
    assert client.login(email="kari@example.org", password="fjord-lighthouse-92")
