"""Mail of the jobs app: returned and published offers (to the creator), and the daily job that
lets offers expire and reminds their creators once, ``REMINDER_DAYS`` before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverk.core import periodic
from samverk.core.models import OutgoingMail
from samverk.jobs import services
from samverk.jobs.models import JobOffer
from samverk.jobs.tests.factories import TODAY, World, make_offer, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def test_a_returned_offer_is_mailed_to_its_creator(
    world: World, django_capture_on_commit_callbacks: Any, run_tasks: Any, smtp_inbox: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(world, status="returned")
    mail = OutgoingMail.objects.get(kind=services.RETURNED_MAIL)
    assert mail.to == ["hr@elbaue.example.org"] and mail.network == world.network

    run_tasks()

    (message,) = smtp_inbox.messages
    assert offer.title in message["Subject"] and "returned" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Bitte Gehalt angeben." in body
    assert f"/n/{world.network.slug}/jobs/{offer.pk}/" in body


def test_a_published_offer_is_mailed_to_its_creator(
    world: World, django_capture_on_commit_callbacks: Any, run_tasks: Any, smtp_inbox: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(world, status="published")
    run_tasks()

    (message,) = smtp_inbox.messages
    assert message["To"] == "hr@elbaue.example.org"
    assert offer.title in message["Subject"] and "published" in message["Subject"]


def test_no_mail_to_a_coordinator_who_publishes_their_own_offer(world: World) -> None:
    make_offer(world, status="published", actor=world.coordinator)
    assert not OutgoingMail.objects.exists()


def test_the_mail_is_in_the_networks_language(world: World) -> None:
    world.network.language = "de"
    world.network.save()
    make_offer(world, status="returned")
    mail = OutgoingMail.objects.get(kind=services.RETURNED_MAIL)
    assert "Bitte Gehalt angeben." in mail.body


def test_the_daily_job_is_registered_and_runs_per_network(world: World) -> None:
    assert services.DAILY_JOB in [job.name for job in periodic.daily_jobs()]
    offer = make_offer(world, status="published", valid_through=TODAY + dt.timedelta(days=1))
    # noon, two days later, in the network's time zone (UTC for the test network)
    now = dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)

    summary = services.expiry_job(now)

    offer.refresh_from_db()
    assert offer.status == "expired"
    assert summary.startswith("1 job offer(s) expired")


def test_a_reminder_of_an_offer_without_a_creator_marks_it_reminded(world: World) -> None:
    offer = make_offer(world, status="published", valid_through=TODAY + dt.timedelta(days=7))
    JobOffer.objects.filter(pk=offer.pk).update(created_by=None)

    assert services.expire_and_remind(world.network, TODAY) == (0, 0)
    offer.refresh_from_db()
    assert offer.reminded_on == TODAY


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    posted=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31)),
    valid_days=st.integers(min_value=0, max_value=25),
    extended=st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
)
@example(posted=dt.date(2028, 2, 22), valid_days=7, extended=None)  # over 29 February
@example(posted=dt.date(2026, 12, 30), valid_days=3, extended=None)  # inside the window
@example(posted=dt.date(2026, 3, 1), valid_days=20, extended=5)
def test_expiry_and_the_single_reminder_happen_exactly_when_they_should(
    world: World, posted: dt.date, valid_days: int, extended: int | None
) -> None:
    """Run the job every day from the day an offer is published until after it expired: the
    creator is reminded once — on the first day within ``REMINDER_DAYS`` of "valid through"
    — and the offer expires on the day after "valid through", not earlier. Moving "valid
    through" later (``extended`` days, on the day of the reminder) reminds once more before
    the new date."""
    with transaction.atomic():
        valid_through = posted + dt.timedelta(days=valid_days)
        offer = make_offer(world, status="published", today=posted, valid_through=valid_through)
        OutgoingMail.objects.all().delete()
        reminders: list[dt.date] = []
        expired_on = None
        final = valid_through
        day = posted
        while day <= final + dt.timedelta(days=3):
            expired, reminded = services.expire_and_remind(world.network, day)
            if reminded:
                reminders.append(day)
            if expired:
                assert expired_on is None
                expired_on = day
            if reminded and extended and len(reminders) == 1:
                final = valid_through + dt.timedelta(days=extended)
                services.update_offer(
                    actor=world.company, offer=offer, valid_through=final, today=day
                )
                services.publish_offer(actor=world.coordinator, offer=offer, today=day)
            day += dt.timedelta(days=1)

        first = max(posted, valid_through - dt.timedelta(days=services.REMINDER_DAYS))
        expected = [first]
        if extended:
            expected.append(max(first + dt.timedelta(days=1), final - dt.timedelta(days=7)))
        assert reminders == expected
        assert expired_on == final + dt.timedelta(days=1)
        offer.refresh_from_db()
        assert offer.status == "expired"
        assert OutgoingMail.objects.filter(kind=services.REMINDER_MAIL).count() == len(expected)
        transaction.set_rollback(True)


def test_the_reminder_gives_the_date_the_way_the_networks_language_writes_it(
    world: World,
) -> None:
    world.network.language = "de"
    world.network.save(update_fields=["language"])
    valid_through = TODAY + dt.timedelta(days=3)
    make_offer(world, status="published", valid_through=valid_through)
    OutgoingMail.objects.all().delete()

    services.expire_and_remind(world.network, TODAY)

    mail = OutgoingMail.objects.get(kind=services.REMINDER_MAIL)
    german = valid_through.strftime("%d.%m.%Y")
    assert german in mail.subject and german in mail.body
    assert valid_through.isoformat() not in mail.body
