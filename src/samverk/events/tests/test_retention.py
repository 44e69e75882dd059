"""Retention: participants' personal data is erased the network's ``retention_days`` after
their site's end (in the network's time zone) — on and after that day, never before — and
the counts (registered, waiting, checked in) stay."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverk.core import periodic
from samverk.events import registration_services, services
from samverk.events.models import EventSettings, EventSite, Registration
from samverk.events.tests.factories import EventFactory, RegistrationFactory, SiteFactory
from samverk.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _site(days: int) -> EventSite:
    network = NetworkFactory.create(time_zone="Europe/Berlin")
    EventSettings.objects.create(network=network, retention_days=days)
    # ends late in the evening of 27 December, Berlin time: the day counts in Berlin
    site = SiteFactory.create(
        event=EventFactory.create(network=network),
        starts_at=dt.datetime(2030, 12, 27, 18, 0, tzinfo=BERLIN),
        ends_at=dt.datetime(2030, 12, 27, 23, 30, tzinfo=BERLIN),
        capacity=3,
    )
    registered = RegistrationFactory.create_batch(2, site=site, organisation_name="Schule")
    Registration.objects.filter(pk=registered[0].pk).update(
        checked_in_at=dt.datetime(2030, 12, 27, 18, 10, tzinfo=BERLIN)
    )
    RegistrationFactory.create(site=site, status="waiting")
    RegistrationFactory.create(site=site, status="cancelled")
    return site


def _counts(site: EventSite) -> tuple[int, int, int]:
    counted = services.with_counts(EventSite.objects.filter(pk=site.pk)).get()
    return counted.registered, counted.waiting, counted.checked_in


@settings(max_examples=40, deadline=None)
@given(days=st.integers(1, 120), offset=st.integers(-5, 5), hour=st.integers(0, 23))
def test_erased_exactly_on_and_after_day_n(days: int, offset: int, hour: int) -> None:
    site = _site(days)
    tokens = set(Registration.objects.filter(site=site).values_list("token", flat=True))
    before = _counts(site)
    day = dt.date(2030, 12, 27) + dt.timedelta(days=days + offset)
    now = dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=BERLIN)

    summary = registration_services.anonymise_due(now)

    rows = list(Registration.objects.filter(site=site))
    if offset >= 0:
        assert all(r.anonymised_at == now for r in rows), summary
        assert all(r.name == "" and r.organisation_name == "" for r in rows)
        assert all("@" not in r.email for r in rows)
        assert not tokens & {r.token for r in rows}
    else:
        assert all(r.anonymised_at is None and r.name for r in rows), summary
    assert _counts(site) == before
    Registration.objects.all().delete()
    EventSite.objects.all().delete()


def test_erased_participants_no_longer_block_their_address_and_the_job_is_registered() -> None:
    site = _site(1)
    registration_services.anonymise_due(dt.datetime(2031, 1, 2, 12, tzinfo=BERLIN))
    assert Registration.objects.filter(site=site, anonymised_at__isnull=True).count() == 0
    assert "events.erase_participants" in {job.name for job in periodic.daily_jobs()}
    # a second run has nothing to do
    assert registration_services.anonymise_due(
        dt.datetime(2031, 1, 3, 12, tzinfo=BERLIN)
    ).startswith("0 ")
