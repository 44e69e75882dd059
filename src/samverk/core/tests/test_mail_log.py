"""The coordinators' delivery page (/n/<slug>/mail/): what happened to the network's mails,
and "send again" for one that failed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from samverk.core import email
from samverk.core.models import AuditRecord, OutgoingMail
from samverk.networks.tests.helpers import ROLES, World
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
NETWORK_ROLES = [r for r in ROLES if r not in ("anonymous", "other_network")]
MANAGERS = {"coordinator", "admin"}
T0 = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def world() -> World:
    return World()


def client_for(world: World, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def mail(world: World, subject: str, *, network: Any = None, **state: Any) -> OutgoingMail:
    """A mail of our network (or ``network``) in the given state; the n-th mail of a test
    was created n minutes after ``T0``."""
    minutes = OutgoingMail.objects.count() + 1
    queued = email.queue_mail(
        kind="meetings.invitation",
        network=network or world.network,
        to=["anna.berg@stadtwerke.example"],
        subject=subject,
        body="Secret link: http://testserver/accounts/reset/MQ/abc-123/",
        now=T0,
    )
    assert queued is not None
    OutgoingMail.objects.filter(pk=queued.pk).update(
        created_at=T0 + dt.timedelta(minutes=minutes), **state
    )
    return OutgoingMail.objects.get(pk=queued.pk)


def rows(html: str) -> list[str]:
    """The table rows as text, tags and extra spaces removed."""
    found = re.findall(r'<tr data-mail="\d+".*?</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def url(world: World, query: str = "") -> str:
    return world.base() + "mail/" + query


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_see_the_delivery_page(world: World, role: str) -> None:
    mail(world, "Einladung: Lenkungsgruppe")

    response = client_for(world, role).get(url(world))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role == "other_network":
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)
    assert ("Einladung: Lenkungsgruppe" in response.content.decode()) == (role in MANAGERS)


@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_the_dashboard_links_the_page_for_coordinators(world: World, role: str) -> None:
    html = client_for(world, role).get(world.base()).content.decode()

    assert (f'href="{url(world)}"' in html) == (role in MANAGERS)


def test_the_page_shows_each_state_newest_first_and_never_the_text(world: World) -> None:
    mail(world, "Einladung A", status="sent", attempts=1, sent_at=T0)
    mail(
        world,
        "Einladung B",
        status="queued",
        attempts=2,
        next_attempt_at=T0 + dt.timedelta(minutes=2),
        last_error="451 4.3.0 Try again later",
    )
    mail(world, "Einladung C", status="failed", attempts=8, last_error="421 4.7.0 Too busy")
    mail(world, "Einladung D")
    mail(world, "Fjord invitation", network=world.other_network)
    email.queue_mail(
        kind="accounts.password_reset", to=["x@example.org"], subject="Reset", body="."
    )

    response = client_for(world, "coordinator").get(url(world))

    html = response.content.decode()
    assert response.status_code == 200
    assert "4 mails" in html
    # Times in the network's zone (Europe/Berlin: UTC+1 in March).
    assert rows(html) == [
        "03/04/2030 10:04 a.m. Meeting invitation anna.berg@stadtwerke.example Einladung D "
        "queued 0 Waiting to be sent",
        "03/04/2030 10:03 a.m. Meeting invitation anna.berg@stadtwerke.example Einladung C "
        "failed 8 Error: 421 4.7.0 Too busy Send again Einladung C → anna.berg@stadtwerke.example",
        "03/04/2030 10:02 a.m. Meeting invitation anna.berg@stadtwerke.example Einladung B "
        "queued 2 Next attempt 03/04/2030 10:02 a.m. Error: 451 4.3.0 Try again later",
        "03/04/2030 10:01 a.m. Meeting invitation anna.berg@stadtwerke.example Einladung A "
        "sent 1 Sent 03/04/2030 10 a.m.",
    ]
    assert "Secret link" not in html
    assert "abc-123" not in html


def test_the_page_filters_by_status(world: World) -> None:
    mail(world, "Einladung A", status="sent", attempts=1, sent_at=T0)
    mail(world, "Einladung C", status="failed", attempts=8, last_error="421 4.7.0 Too busy")

    failed = client_for(world, "coordinator").get(url(world, "?status=failed"))
    none_sending = client_for(world, "coordinator").get(url(world, "?status=sending"))
    nonsense = client_for(world, "coordinator").get(url(world, "?status=lost"))

    assert [
        r.split(" Meeting invitation ")[1].split(" ")[1:3] for r in rows(failed.content.decode())
    ] == [["Einladung", "C"]]
    assert "No mails with this status." in none_sending.content.decode()
    assert nonsense.status_code == 200
    assert "Select a valid choice. lost is not one of the available choices." in (
        nonsense.content.decode()
    )
    assert len(rows(nonsense.content.decode())) == 2


def test_the_page_without_mails_says_so(world: World) -> None:
    html = client_for(world, "coordinator").get(url(world)).content.decode()

    assert "No mails have been sent for this network yet." in html
    assert "<table" not in html


def test_the_page_is_paged_by_fifty(world: World) -> None:
    for n in range(51):
        mail(world, f"Mail {n:02d}", status="sent", attempts=1, sent_at=T0)

    first = client_for(world, "coordinator").get(url(world)).content.decode()
    second = client_for(world, "coordinator").get(url(world, "?page=2")).content.decode()

    assert len(rows(first)) == 50
    assert "Mail 50" in rows(first)[0]
    assert len(rows(second)) == 1
    assert "Mail 00" in rows(second)[0]
    assert "Page 2 of 2" in second


def _failed_mail(
    world: World, smtp_inbox: Inbox, capture: Capture, run_tasks: RunTasks
) -> OutgoingMail:
    """A mail that really failed: the server refused all its attempts."""
    smtp_inbox.refusals = ["421 4.7.0 Too busy"] * 8
    with capture(execute=True):
        queued = email.queue_mail(
            kind="meetings.invitation",
            network=world.network,
            to=["anna.berg@stadtwerke.example"],
            subject="Einladung: Lenkungsgruppe",
            body="Bitte kommen.",
        )
    assert queued is not None
    run_tasks(now=timezone.now() + dt.timedelta(days=1))
    failed = OutgoingMail.objects.get(pk=queued.pk)
    assert (failed.status, failed.attempts, smtp_inbox.messages) == ("failed", 8, [])
    return failed


def test_send_again_queues_a_failed_mail_audited_and_it_arrives(
    world: World,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Capture,
    run_tasks: RunTasks,
) -> None:
    failed = _failed_mail(world, smtp_inbox, django_capture_on_commit_callbacks, run_tasks)
    client = client_for(world, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world, f"{failed.pk}/send-again/"), {"next": url(world, "?status=failed")}
        )

    assert response.status_code == 302
    assert response["Location"] == url(world, "?status=failed")
    again = OutgoingMail.objects.get(pk=failed.pk)
    assert (again.status, again.attempts) == ("queued", 0)
    record = AuditRecord.objects.for_object(again).get()
    assert (record.actor, record.network, record.action) == (
        world.coordinator,
        world.network,
        "update",
    )
    assert record.changes == {"status": ["failed", "queued"], "attempts": [8, 0]}
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "The mail “Einladung: Lenkungsgruppe” to anna.berg@stadtwerke.example is queued again."
    ]

    assert run_tasks() == 1
    assert [str(m["Subject"]) for m in smtp_inbox.messages] == ["Einladung: Lenkungsgruppe"]
    assert OutgoingMail.objects.get(pk=failed.pk).status == "sent"


def test_send_again_refuses_a_mail_that_has_not_failed(world: World) -> None:
    sent = mail(world, "Einladung A", status="sent", attempts=1, sent_at=T0)
    client = client_for(world, "coordinator")

    response = client.post(url(world, f"{sent.pk}/send-again/"), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Only a mail that failed can be sent again."
    ]
    assert OutgoingMail.objects.get(pk=sent.pk).status == "sent"
    assert not AuditRecord.objects.for_object(sent).exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r not in MANAGERS])
def test_send_again_is_refused_to_everyone_else(world: World, role: str) -> None:
    failed = mail(world, "Einladung C", status="failed", attempts=8, last_error="421 Too busy")

    response = client_for(world, role).post(url(world, f"{failed.pk}/send-again/"))

    expected = {"anonymous": 302, "other_network": 404}.get(role, 403)
    assert response.status_code == expected
    assert OutgoingMail.objects.get(pk=failed.pk).status == "failed"
    assert not AuditRecord.objects.for_object(failed).exists()


def test_send_again_reaches_no_other_networks_mail(world: World) -> None:
    foreign = mail(world, "Fjord", network=world.other_network, status="failed", attempts=8)

    response = client_for(world, "coordinator").post(url(world, f"{foreign.pk}/send-again/"))

    assert response.status_code == 404
    assert OutgoingMail.objects.get(pk=foreign.pk).status == "failed"


def test_send_again_needs_a_post(world: World) -> None:
    failed = mail(world, "Einladung C", status="failed", attempts=8)

    response = client_for(world, "coordinator").get(url(world, f"{failed.pk}/send-again/"))

    assert response.status_code == 405
