"""The outcome of an event per site and in total (visitors = checked in + walk-ins, confirmed
exhibitors, distinct job offers shown, workshops of ended sites), its section on the event
page, and the transfer to the project's key figures (counted, updated on a second transfer,
no duplicates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.events import checkin_services, exhibitor_services, outcome
from samverk.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.jobs.tests.factories import World, make_offer, make_world
from samverk.networks.tests.factories import user_with_role
from samverk.projects.models import KeyFigure, Project

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 5, 20, 8, 0, tzinfo=dt.UTC)
BEFORE = DAY - dt.timedelta(days=10)
AFTER = DAY + dt.timedelta(days=2)


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def event(world):
    project = Project.objects.create(network=world.network, title="Rückkehrertag")
    event = EventFactory.create(network=world.network, title="Rückkehrertag 2026", project=project)
    torgau = SiteFactory.create(
        event=event, name="Torgau", starts_at=DAY, ends_at=DAY + dt.timedelta(hours=5)
    )
    oschatz = SiteFactory.create(
        event=event,
        name="Oschatz",
        starts_at=DAY + dt.timedelta(days=1),
        ends_at=DAY + dt.timedelta(days=1, hours=5),
    )
    SessionFactory.create(site=torgau, kind="workshop")
    SessionFactory.create(site=torgau, kind="keynote")
    SessionFactory.create(site=oschatz, kind="workshop")
    SessionFactory.create(site=oschatz, kind="workshop")
    coordinator = world.coordinator
    for site, came, walk_ins in ((torgau, 3, 2), (oschatz, 1, 4)):
        registrations = [RegistrationFactory.create(site=site) for _ in range(came + 2)]
        for registration in registrations[:came]:
            checkin_services.check_in_registration(
                actor=coordinator, site=site, registration=registration, now=site.starts_at
            )
        for _ in range(walk_ins):
            checkin_services.change_walk_ins(actor=coordinator, site=site, change=1)
    RegistrationFactory.create(site=torgau, status="cancelled", checked_in_at=DAY)
    offers = [make_offer(world, status="published", title=f"Angebot {i}") for i in range(3)]
    other = [
        make_offer(
            world,
            status="published",
            actor=world.other_company,
            employer=world.other_member,
            title=f"Metall {i}",
        )
        for i in range(2)
    ]

    def exhibit(site, company, actor, chosen, confirm=True):
        exhibitor = exhibitor_services.register_exhibitor(
            actor=actor, site=site, organisation=company
        )
        exhibitor_services.set_job_offers(
            actor=actor, exhibitor=exhibitor, job_offers=chosen, now=BEFORE
        )
        if confirm:
            exhibitor_services.confirm_exhibitor(actor=coordinator, exhibitor=exhibitor)

    exhibit(torgau, world.employer, world.company, offers[:2])
    exhibit(oschatz, world.employer, world.company, offers[1:])  # offers[1] at both sites
    exhibit(torgau, world.other_member, world.other_company, other, confirm=False)
    return event


def test_the_outcome_is_exact(event) -> None:
    counted = outcome.outcome(event, now=AFTER)
    torgau, oschatz = counted.sites
    assert (torgau.checked_in, torgau.walk_ins, torgau.visitors) == (3, 2, 5)
    assert (oschatz.checked_in, oschatz.walk_ins, oschatz.visitors) == (1, 4, 5)
    assert (torgau.exhibitors, torgau.job_offers, torgau.workshops) == (1, 2, 1)
    assert (oschatz.exhibitors, oschatz.job_offers, oschatz.workshops) == (1, 2, 2)
    assert counted.visitors == 10
    assert counted.exhibitors == 2
    assert counted.job_offers == 3  # distinct: one offer was shown at both sites
    assert counted.workshops == 3
    # before the sites ended, no workshop was held yet
    assert outcome.outcome(event, now=BEFORE).workshops == 0


def test_the_transfer_creates_counted_figures_and_updates_them(world, event) -> None:
    project = event.project
    KeyFigure.objects.create(
        project=project, label="Visitors", value=Decimal(250), unit="visitors", on=DAY.date()
    )
    figures = outcome.transfer_to_project(actor=world.coordinator, event=event, now=AFTER)
    stored = {f.label: f for f in KeyFigure.objects.filter(project=project)}
    assert {label: (f.value, f.source) for label, f in stored.items()} == {
        "Visitors": (10, "counted"),
        "Job offers": (3, "counted"),
        "Exhibitors": (2, "counted"),
        "Workshops held": (3, "counted"),
    }
    assert len(figures) == 4
    assert all(f.on == (DAY + dt.timedelta(days=1)).date() for f in stored.values())
    # a second transfer after more walk-ins updates, never duplicates
    oschatz = event.sites.get(name="Oschatz")
    checkin_services.change_walk_ins(actor=world.coordinator, site=oschatz, change=1)
    outcome.transfer_to_project(actor=world.coordinator, event=event, now=AFTER)
    assert KeyFigure.objects.filter(project=project).count() == 4
    assert KeyFigure.objects.get(project=project, label="Visitors").value == 11


def test_the_transfer_is_refused(world, event) -> None:
    with pytest.raises(PermissionDenied):
        outcome.transfer_to_project(actor=world.company, event=event, now=AFTER)
    with pytest.raises(ValidationError, match="last site has ended"):
        outcome.transfer_to_project(actor=world.coordinator, event=event, now=BEFORE)
    event.project = None
    event.save()
    with pytest.raises(ValidationError, match="project"):
        outcome.transfer_to_project(actor=world.coordinator, event=event, now=AFTER)


def test_the_event_page_shows_the_outcome_and_the_action(world, event) -> None:
    url = f"/n/{world.network.slug}/events/{event.pk}/"
    client = Client()
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    assert 'id="outcome"' in page and "data-total-visitors" in page
    assert "Transfer to the project" in page
    observer = Client()
    observer.force_login(user_with_role(world.network, RoleKind.OBSERVER))
    page = observer.get(url).content.decode()
    assert 'id="outcome"' in page and "Transfer to the project" not in page
    transfer = f"/n/{world.network.slug}/events/{event.pk}/outcome/transfer/"
    assert observer.post(transfer).status_code == 403


def test_the_counted_visitors_feed_the_indicator_their_figure_is_linked_to(world, event) -> None:
    """The outcome reaches the strategy without typing: the project's "Visitors" figure is
    linked once to an indicator; each transfer then sets the indicator's value as of the
    day the last site ended (a draft the first time; corrected, not duplicated, after)."""
    from samverk.projects import services as project_services
    from samverk.strategy import services as strategy_services
    from samverk.strategy.models import Measurement
    from samverk.strategy.tests.factories import DirectionFactory, GoalFactory, IndicatorFactory

    direction = DirectionFactory.create(network=world.network, start_year=2025, end_year=2028)
    indicator = IndicatorFactory.create(
        goal=GoalFactory.create(direction=direction),
        name="Besuchende der Rückkehrertage",
        unit="persons",
        desired="increase",
    )
    coordinator = world.coordinator
    outcome.transfer_to_project(actor=coordinator, event=event, now=AFTER)
    visitors = KeyFigure.objects.get(project=event.project, label="Visitors")
    project_services.feed_indicator(actor=coordinator, figure=visitors, indicator=indicator)
    last_day = (DAY + dt.timedelta(days=1)).date()
    value = Measurement.objects.get(indicator=indicator)
    assert (value.value, value.period_end, value.status) == (Decimal(10), last_day, "draft")
    assert value.source_detail == "Rückkehrertag: Visitors"
    strategy_services.approve_measurement(actor=coordinator, measurement=value)

    oschatz = event.sites.get(name="Oschatz")
    for _ in range(2):
        checkin_services.change_walk_ins(actor=coordinator, site=oschatz, change=1)
    outcome.transfer_to_project(actor=coordinator, event=event, now=AFTER)

    [value] = Measurement.objects.filter(indicator=indicator)
    assert (value.value, value.period_end) == (Decimal(12), last_day)
    # the other figures feed nothing
    assert KeyFigure.objects.filter(project=event.project, indicator__isnull=False).count() == 1
