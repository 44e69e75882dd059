"""The demo events (``samverk.events.demo``): Nordsachsen's Rückkehrertag (the last edition at
five sites with 300 visitors, the next one open for registration with a waiting list), the
Fachtag Fachkräfte with keynotes and parallel workshops, the three training fairs; the
retention rule applied as the daily job would. Loaded for a few days (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverk.core.models import AuditRecord
from samverk.core.registry import registry
from samverk.events import demo, outcome, registration_services, services
from samverk.events.models import Event, EventSite, Exhibitor, Registration
from samverk.networks import demo as network_demo
from samverk.site.management.commands.demo import load

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_editions_follow_christmas() -> None:
    assert demo.next_rueckkehrertag(dt.date(2026, 12, 3)) == dt.date(2026, 12, 27)
    assert demo.last_rueckkehrertag(dt.date(2026, 12, 3)) == dt.date(2025, 12, 27)
    assert demo.next_rueckkehrertag(dt.date(2026, 12, 28)) == dt.date(2027, 12, 27)
    assert demo.last_rueckkehrertag(dt.date(2026, 12, 28)) == dt.date(2026, 12, 27)
    assert {loader.name: loader.order for loader in registry.demo_loaders}["events"] == 60


def the_demo_events(today: dt.date) -> None:
    events = Event.objects.filter(network__slug="nordsachsen")
    last = demo.last_rueckkehrertag(today)
    coming = demo.next_rueckkehrertag(today)
    past = events.get(title=f"{demo.RUECKKEHRERTAG} {last.year}")
    sites = services.with_counts(EventSite.objects.filter(event=past))
    assert sorted(s.name for s in sites) == sorted(demo.SITES)
    assert all(s.starts_at.date() == last for s in sites)
    assert all("(Beispiel)" in s.venue for s in sites)
    visitors = sum(s.checked_in for s in sites) + (sites.aggregate(w=Sum("walk_ins"))["w"] or 0)
    assert visitors == demo.VISITORS == 300
    # exhibitors with 229 distinct job offers, check-ins through the check-in services, and
    # the outcome transferred to the project's key figures (counted)
    counted = outcome.outcome(past)
    assert (counted.visitors, counted.job_offers) == (300, demo.JOB_OFFERS) == (300, 229)
    assert all(s.exhibitors >= 1 for s in counted.sites)
    assert not Exhibitor.objects.filter(site__event=past).exclude(status="confirmed").exists()
    checked_in = AuditRecord.objects.filter(
        content_type__model="registration", changes__has_key="checked_in_at"
    ).filter(
        object_id__in=[
            str(pk)
            for pk in Registration.objects.filter(site__event=past).values_list("pk", flat=True)
        ]
    )
    assert checked_in.count() == sum(s.checked_in for s in sites)
    assert past.project is not None
    figures = {f.label: f for f in past.project.key_figures.all()}
    assert (figures["Besuchende"].value, figures["Besuchende"].source) == (300, "counted")
    assert (figures["Stellenangebote"].value, figures["Stellenangebote"].source) == (229, "counted")
    assert len(figures) == past.project.key_figures.count()
    assert not past.registration_open
    # erased exactly when the retention rule says so, and only then
    days = services.settings_for(past.network).retention_days
    for site in sites:
        erased = today >= registration_services.erasure_day(site, days)
        rows = Registration.objects.filter(site=site)
        assert all((r.anonymised_at is not None) == erased for r in rows)
    assert not Registration.objects.filter(
        site__event__network__slug="nordsachsen",
        site__ends_at__gte=dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC),
        anonymised_at__isnull=False,
    ).exists()

    upcoming = events.get(title=f"{demo.RUECKKEHRERTAG} {coming.year}")
    assert upcoming.registration_open and upcoming.is_public
    next_sites = services.with_counts(EventSite.objects.filter(event=upcoming))
    schkeuditz = next_sites.get(name="Schkeuditz")
    assert (schkeuditz.registered, schkeuditz.waiting) == (
        demo.SCHKEUDITZ_NEXT_CAPACITY,
        demo.SCHKEUDITZ_WAITING,
    )
    fachtag = events.get(kind="expert_day")
    sessions = fachtag.sites.get().sessions
    assert sessions.filter(kind="keynote").count() == 2
    assert sessions.filter(kind="workshop").count() == 6
    assert Registration.objects.filter(site__event=fachtag, workshops__isnull=False).exists()
    fairs = events.filter(kind="training_fair")
    assert sorted(s.name for s in EventSite.objects.filter(event__in=fairs)) == [
        "Delitzsch",
        "Oschatz",
        "Torgau",
    ]


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
@example(today=dt.date(2026, 12, 3))
@example(today=dt.date(2026, 12, 27))
def test_the_demo_events_whatever_day_the_demo_is_loaded_on(today: dt.date) -> None:
    with transaction.atomic():
        load(today)
        the_demo_events(today)
        transaction.set_rollback(True)
