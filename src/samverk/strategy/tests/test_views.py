"""The strategy pages as each role sees them, the forms, and constant query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.meetings.tests.factories import ActionItemFactory, DecisionFactory, MeetingFactory
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.strategy import services
from samverk.strategy.models import Commitment, Direction, Indicator, Measurement
from samverk.strategy.tests.factories import (
    CommitmentFactory,
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    RoleKind.COORDINATOR,
    RoleKind.PARTNER_REPRESENTATIVE,
    RoleKind.COMPANY_CONTACT,
    RoleKind.OBSERVER,
]


@pytest.fixture
def network():
    return NetworkFactory.create(slug="norrbotten", time_zone="Europe/Stockholm")


@pytest.fixture
def direction(network):
    direction = DirectionFactory.create(network=network, title="Inriktning")
    goal = GoalFactory.create(direction=direction, title="Utbildning")
    CommitmentFactory.create(goal=goal, side="network", text="Förbundet samordnar")
    CommitmentFactory.create(goal=goal, side="members", text="genom att kommunerna erbjuder")
    indicator = IndicatorFactory.create(goal=goal, name="Utan gymnasieexamen")
    MeasurementFactory.create(indicator=indicator, value=Decimal("13.50"))
    MeasurementFactory.create(
        indicator=indicator, period_end=dt.date(2017, 12, 31), value=Decimal("9.00"), status="draft"
    )
    return direction


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def pages(direction):
    goal = direction.goals.get()
    indicator = goal.indicators.get()
    base = f"/n/{direction.network.slug}/strategy/"
    return {
        "list": base,
        "direction": f"{base}{direction.pk}/",
        "indicator": f"{base}indicators/{indicator.pk}/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_strategy_with_approved_values(network, direction, role):
    user = user_with_role(network, role)
    client = client_for(user)
    urls = pages(direction)

    listing = client.get(urls["list"]).content.decode()
    detail = client.get(urls["direction"]).content.decode()
    indicator = client.get(urls["indicator"]).content.decode()

    assert "Inriktning" in listing
    assert "Förbundet samordnar" in detail and "genom att kommunerna erbjuder" in detail
    assert "13.50" in detail  # the latest approved value
    assert "at risk" in detail  # 13.5 from 14 towards 10, behind the path at the end of 2016
    # The draft of 9.00 counts for no one and is shown only to the coordinator.
    assert ("9.00" in indicator) is (role == RoleKind.COORDINATOR)
    manages = role == RoleKind.COORDINATOR
    assert ("New direction" in listing) is manages
    assert ("New goal" in detail) is manages
    assert ("Enter a value" in indicator) is (
        role in (RoleKind.COORDINATOR, RoleKind.PARTNER_REPRESENTATIVE)
    )


def test_other_networks_and_anonymous_users_see_nothing(network, direction):
    stranger = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)
    for url in pages(direction).values():
        assert client_for(stranger).get(url).status_code == 404
        assert Client().get(url).status_code == 302
    no_role = UserFactory.create()
    assert client_for(no_role).get(pages(direction)["list"]).status_code == 404


@pytest.mark.parametrize(
    "role", [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER]
)
def test_only_coordinators_open_the_forms(network, direction, role):
    client = client_for(user_with_role(network, role))
    goal = direction.goals.get()
    base = f"/n/{network.slug}/strategy/"
    for url in (
        f"{base}new/",
        f"{base}{direction.pk}/edit/",
        f"{base}{direction.pk}/goals/new/",
        f"{base}goals/{goal.pk}/edit/",
        f"{base}goals/{goal.pk}/commitments/new/",
        f"{base}goals/{goal.pk}/indicators/new/",
    ):
        assert client.get(url).status_code == 403, url
    value = Measurement.objects.get(status="draft")
    assert client.post(f"{base}values/{value.pk}/approve/").status_code in (403, 404)
    value.refresh_from_db()
    assert value.status == "draft"


def test_a_coordinator_writes_a_direction_through_the_pages(network):
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    decision = DecisionFactory.create(meeting=MeetingFactory.create(network=network))
    client = client_for(coordinator)
    base = f"/n/{network.slug}/strategy/"

    assert "No direction yet." in client.get(base).content.decode()
    bad = client.post(f"{base}new/", {"title": "Inriktning", "start_year": 2018, "end_year": 2015})
    assert "The last year cannot be before the first year." in bad.content.decode()
    assert not Direction.objects.exists()

    response = client.post(
        f"{base}new/",
        {
            "title": "Inriktning",
            "start_year": 2015,
            "end_year": 2018,
            "mission": "**Förbundet** ska",
            "adopted_by": decision.pk,
        },
    )
    direction = Direction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{base}{direction.pk}/"
    client.post(f"{base}{direction.pk}/goals/new/", {"title": "Utbildning"})
    goal = direction.goals.get()
    member = OrganisationFactory.create(network=network, name="Luleå kommun")
    MembershipFactory.create(network=network, organisation=member)
    owner = PersonFactory.create(organisation=member, name="Anna Berg")
    client.post(
        f"{base}goals/{goal.pk}/commitments/new/",
        {
            "side": "members",
            "text": "genom att kommunerna erbjuder",
            "organisations": [member.pk],
            "owner": owner.pk,
            "status": "planned",
        },
    )
    page = client.get(f"{base}{direction.pk}/").content.decode()

    assert "<strong>Förbundet</strong> ska" in page
    assert f"Adopted by decision {decision.reference}" in page
    assert "Utbildning" in page and "genom att kommunerna erbjuder" in page
    assert "Luleå kommun" in page and "Anna Berg" in page
    assert "No indicator yet." in page


def test_a_wrong_way_target_is_a_field_error(network, direction):
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    goal = direction.goals.get()

    response = client.post(
        f"/n/{network.slug}/strategy/goals/{goal.pk}/indicators/new/",
        {
            "name": "More without school",
            "unit": "percent",
            "desired": "at_most",
            "baseline_value": "14",
            "baseline_date": "2015-01-01",
            "target_value": "16",
            "target_date": "2018-12-31",
        },
    )

    assert response.status_code == 200
    assert "The target lies the wrong way from the baseline" in response.content.decode()
    assert goal.indicators.count() == 1


def test_a_value_entered_approved_and_counted(network, direction):
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE)
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    indicator = direction.goals.get().indicators.get()
    url = f"/n/{network.slug}/strategy/indicators/{indicator.pk}/"

    outside = client_for(partner).post(
        f"{url}values/new/", {"period_end": "2019-06-30", "value": "11", "source": "entered"}
    )
    assert "Choose a date within the direction" in outside.content.decode()
    client_for(partner).post(
        f"{url}values/new/", {"period_end": "2018-06-30", "value": "10.5", "source": "entered"}
    )
    entered = Measurement.objects.get(period_end=dt.date(2018, 6, 30))
    assert entered.status == "draft"
    before = client_for(coordinator).get(url).content.decode()
    assert "at risk" in before

    client_for(coordinator).post(f"/n/{network.slug}/strategy/values/{entered.pk}/approve/")

    after = client_for(coordinator).get(url).content.decode()
    entered.refresh_from_db()
    assert entered.status == "approved"
    assert "on track" in after  # 10.5 by mid-2018 is ahead of the path from 14 to 10


def test_deleting_a_value_asks_first(network, direction):
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    value = Measurement.objects.get(status="draft")
    url = f"/n/{network.slug}/strategy/values/{value.pk}/delete/"

    assert "Yes, delete the value" in client.get(url).content.decode()
    assert Measurement.objects.filter(pk=value.pk).exists()
    client.post(url)
    assert not Measurement.objects.filter(pk=value.pk).exists()


def test_a_member_sees_and_updates_its_commitments(network, direction):
    member = OrganisationFactory.create(network=network, name="Luleå kommun")
    MembershipFactory.create(network=network, organisation=member)
    goal = direction.goals.get()
    own = CommitmentFactory.create(goal=goal, side="members", text="Luleå trains")
    own.organisations.set([member])
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=member)
    client = client_for(partner)

    organisation_page = client.get(member.get_absolute_url()).content.decode()
    assert "Commitments in the strategy" in organisation_page
    assert "Luleå trains" in organisation_page
    assert "genom att kommunerna erbjuder" in organisation_page  # for all members
    form = client.get(f"/n/{network.slug}/strategy/commitments/{own.pk}/edit/")
    assert 'name="status"' in form.content.decode() and 'name="text"' not in form.content.decode()
    client.post(
        f"/n/{network.slug}/strategy/commitments/{own.pk}/edit/",
        {"status": "done", "evidence": "Course held"},
    )
    assert Commitment.objects.get(pk=own.pk).status == "done"


def _direction_of(slug: str, goals: int, indicators: int = 0, periods: int = 3):
    """A direction of ``goals`` goals with a commitment on each side (an owner, a named
    member, a decision as evidence), ``indicators`` indicators per goal (default: as many as
    goals) and ``periods`` approved yearly values each."""
    network = NetworkFactory.create(slug=slug)
    direction = DirectionFactory.create(network=network, start_year=2015, end_year=2015 + periods)
    member = OrganisationFactory.create(network=network)
    person = PersonFactory.create(organisation=member)
    decision = DecisionFactory.create(meeting=MeetingFactory.create(network=network))
    values = []
    for _ in range(goals):
        goal = GoalFactory.create(direction=direction)
        for side in ("network", "members"):
            commitment = CommitmentFactory.create(goal=goal, side=side, owner=person)
            commitment.decisions.set([decision])
            if side == "members":
                commitment.organisations.set([member])
        for _ in range(indicators or goals):
            indicator = IndicatorFactory.create(goal=goal)
            values += [
                MeasurementFactory.build(
                    indicator=indicator,
                    period_end=dt.date(2015 + year, 12, 31),
                    value=Decimal(10 + year),
                )
                for year in range(periods)
            ]
    Measurement.objects.bulk_create(values)
    return network, direction


def _queries(network, url):
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_direction_page_runs_the_same_queries_at_two_sizes(settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    small_network, small = _direction_of("small", goals=2, indicators=3, periods=2)
    # the size: 6 goals x 30 indicators x 10 periods
    large_network, large = _direction_of("large", goals=6, indicators=30, periods=10)
    assert Measurement.objects.filter(indicator__goal__direction=large).count() == 1800

    assert _queries(large_network, f"/n/large/strategy/{large.pk}/") == _queries(
        small_network, f"/n/small/strategy/{small.pk}/"
    )
    page = (
        client_for(user_with_role(large_network, RoleKind.COORDINATOR))
        .get(f"/n/large/strategy/{large.pk}/")
        .content.decode()
    )
    shown = {
        pk
        for pk in Indicator.objects.filter(goal__direction=large).values_list("pk", flat=True)
        if f'href="/n/large/strategy/indicators/{pk}/"' in page
    }
    assert len(shown) == 180  # every indicator is on the page, with its latest value
    # the latest of ten approved values, the tenth year's
    assert page.count('<td data-label="Latest value">19.00 (Dec. 31, 2024)</td>') == 180


def test_the_indicator_page_runs_the_same_queries_at_two_sizes(settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    small_network, small = _direction_of("small", goals=1)
    large_network, large = _direction_of("large", goals=2)
    small_indicator = small.goals.first().indicators.first()
    large_indicator = large.goals.first().indicators.first()
    for year in range(2015, 2019):
        for month in range(1, 13):
            MeasurementFactory.create(indicator=large_indicator, period_end=dt.date(year, month, 1))

    assert _queries(
        large_network, f"/n/large/strategy/indicators/{large_indicator.pk}/"
    ) == _queries(small_network, f"/n/small/strategy/indicators/{small_indicator.pk}/")


def test_the_indicator_page_draws_the_approved_values_and_the_path(network, direction):
    import base64
    import re

    client = client_for(user_with_role(network, RoleKind.OBSERVER))
    indicator = direction.goals.get().indicators.get()
    MeasurementFactory.create(
        indicator=indicator, part="", period_end=dt.date(2018, 6, 30), value=Decimal("12.00")
    )

    html = client.get(f"/n/norrbotten/strategy/indicators/{indicator.pk}/").content.decode()

    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert found, "no chart"
    svg = base64.b64decode(found.group(1)).decode()
    assert svg.startswith("<svg")
    assert "Utan gymnasieexamen (per cent)" in svg  # the y axis
    assert "<script" not in svg
    assert "2 approved values" in found.group(2)  # the text alternative; the draft is not drawn


def test_decisions_and_actions_are_evidence_linked_to_their_meetings(network, direction):
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    meeting = MeetingFactory.create(network=network)
    decision = DecisionFactory.create(meeting=meeting, year=2016, number=4)
    action = ActionItemFactory.create(meeting=meeting, title="Praktikplatser inventeras")
    elsewhere = NetworkFactory.create(slug="elsewhere")
    their_action = ActionItemFactory.create(meeting=MeetingFactory.create(network=elsewhere))
    commitment = Commitment.objects.get(goal__direction=direction, side="members")
    url = f"/n/norrbotten/strategy/commitments/{commitment.pk}/edit/"
    client = client_for(coordinator)

    form = client.get(url).content.decode()
    assert "Praktikplatser inventeras" in form and their_action.title not in form
    response = client.post(
        url,
        {
            "side": "members",
            "text": commitment.text,
            "status": "under_way",
            "decisions": [decision.pk],
            "actions": [action.pk],
        },
    )

    assert response.status_code == 302
    assert list(Commitment.objects.get(pk=commitment.pk).actions.all()) == [action]
    changed = [
        r.changes for r in AuditRecord.objects.for_object(commitment).filter(action="update")
    ]
    assert {
        "decisions": [[], ["2016/04"]],
        "actions": [[], ["Praktikplatser inventeras"]],
    } in changed
    page = client.get(f"/n/norrbotten/strategy/{direction.pk}/").content.decode()
    meeting_url = f"/n/norrbotten/meetings/{meeting.pk}/"
    assert f'<a href="{meeting_url}#decisions"' in page and "decision 2016/04" in page
    assert f'<a href="{meeting_url}#actions">action “Praktikplatser inventeras”</a>' in page
    # another network's action: refused by the form (not a choice) and by the service
    refused = client.post(
        url, {"side": "members", "text": "x", "status": "done", "actions": [their_action.pk]}
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    with pytest.raises(ValidationError) as error:
        services.update_commitment(
            actor=coordinator, commitment=commitment, actions=[their_action], status="done"
        )
    assert set(error.value.message_dict) == {"actions"}
    commitment.refresh_from_db()
    assert (commitment.status, list(commitment.actions.all())) == ("under_way", [action])
