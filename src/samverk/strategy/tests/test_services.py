"""The strategy services: what they write, the audit record, and bad input refused with
nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from samverk.strategy import services
from samverk.strategy.models import Commitment, Direction, Indicator, Measurement
from samverk.strategy.tests.factories import (
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(slug="norrbotten", time_zone="Europe/Stockholm")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def indicator_args(**changes):
    return {
        "name": "Without upper secondary (18–24)",
        "unit": "percent",
        "desired": "at_most",
        "baseline_value": Decimal("14.0"),
        "baseline_date": dt.date(2015, 1, 1),
        "target_value": Decimal("10.0"),
        "target_date": dt.date(2018, 12, 31),
        **changes,
    }


def test_a_direction_with_goal_commitments_and_indicator(network, coordinator):
    decision = DecisionFactory.create(meeting=MeetingFactory.create(network=network))
    direction = services.create_direction(
        actor=coordinator,
        network=network,
        title="Inriktning",
        start_year=2015,
        end_year=2018,
        mission="Förbundet ska …",
        adopted_by=decision,
    )
    first = services.add_goal(actor=coordinator, direction=direction, title="Utbildning")
    second = services.add_goal(actor=coordinator, direction=direction, title="Kompetens")
    member = OrganisationFactory.create(network=network, name="Luleå kommun")
    MembershipFactory.create(network=network, organisation=member)
    ours = services.add_commitment(
        actor=coordinator, goal=first, side="network", text="Förbundet samordnar"
    )
    theirs = services.add_commitment(
        actor=coordinator,
        goal=first,
        side="members",
        text="genom att kommunerna …",
        organisations=[member],
    )
    indicator = services.add_indicator(actor=coordinator, goal=first, **indicator_args())

    assert (first.position, second.position) == (1, 2)
    assert (ours.position, theirs.position) == (1, 1)
    assert list(theirs.organisations.all()) == [member]
    assert indicator.goal == first
    assert direction.adopted_by == decision
    logged = AuditRecord.objects.filter(network=network, action="create")
    assert logged.count() == 6


def test_adoption_only_by_a_binding_decision_of_the_network(network, coordinator):
    recommendation = DecisionFactory.create(
        meeting=MeetingFactory.create(network=network), binding=False
    )
    elsewhere = DecisionFactory.create()

    with pytest.raises(ValidationError) as refused:
        services.create_direction(
            actor=coordinator,
            network=network,
            title="Inriktning",
            start_year=2015,
            end_year=2018,
            adopted_by=recommendation,
        )
    assert "binding decision" in str(refused.value.message_dict["adopted_by"])
    with pytest.raises(ValidationError) as other:
        services.create_direction(
            actor=coordinator,
            network=network,
            title="Inriktning",
            start_year=2015,
            end_year=2018,
            adopted_by=elsewhere,
        )
    assert "adopted_by" in other.value.message_dict
    assert not Direction.objects.exists()


def test_years_in_order(network, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.create_direction(
            actor=coordinator, network=network, title="X", start_year=2018, end_year=2015
        )
    assert "The last year cannot be before the first year." in str(refused.value)
    assert not Direction.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_value": Decimal("15")}, "target_value", "wrong way"),
        ({"desired": "increase"}, "target_value", "wrong way"),
        ({"target_value": Decimal("-1")}, "target_value", "between 0 and 100"),
        ({"baseline_value": Decimal("101")}, "baseline_value", "between 0 and 100"),
    ],
)
def test_an_indicator_target_the_wrong_way_or_not_a_percentage_is_refused(
    network, coordinator, changes, field, message
):
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))

    with pytest.raises(ValidationError) as refused:
        services.add_indicator(actor=coordinator, goal=goal, **indicator_args(**changes))

    assert message in " ".join(refused.value.message_dict[field])
    assert not Indicator.objects.exists()


def test_a_value_is_a_draft_until_the_coordinator_approves_it(network, coordinator):
    indicator = IndicatorFactory.create(goal__direction__network=network)
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE)

    value = services.enter_measurement(
        actor=partner, indicator=indicator, period_end=dt.date(2016, 12, 31), value=Decimal("13")
    )
    assert (value.status, value.entered_by) == ("draft", partner)
    with pytest.raises(PermissionDenied):
        services.approve_measurement(actor=partner, measurement=value)

    services.approve_measurement(actor=coordinator, measurement=value)
    value.refresh_from_db()
    assert (value.status, value.approved_by) == ("approved", coordinator)


def test_a_correction_keeps_the_old_value_in_the_history(network, coordinator):
    value = MeasurementFactory.create(indicator__goal__direction__network=network)

    services.correct_measurement(actor=coordinator, measurement=value, value=Decimal("11.50"))

    record = AuditRecord.objects.get(network=network, action="update")
    assert record.changes["value"] == ["12.00", "11.50"]


def test_a_value_from_numerator_and_denominator(network, coordinator):
    indicator = IndicatorFactory.create(goal__direction__network=network, uses_ratio=True)

    value = services.enter_measurement(
        actor=coordinator,
        indicator=indicator,
        period_end=dt.date(2016, 12, 31),
        numerator=Decimal("120"),
        denominator=Decimal("1000"),
    )

    assert value.value == Decimal("12.00")


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"period_end": dt.date(2019, 1, 1), "value": Decimal(12)}, "period_end", "2015–2018"),
        ({"period_end": dt.date(2014, 12, 31), "value": Decimal(12)}, "period_end", "2015–2018"),
        ({"value": Decimal("100.5")}, "value", "between 0 and 100"),
        ({"value": None}, "value", "Enter the value."),
        ({"value": Decimal(5), "part": "Luleå"}, "part", "no breakdown"),
        ({"value": Decimal(5), "source": "official"}, "source_detail", "data set"),
    ],
)
def test_bad_values_are_refused(network, coordinator, kwargs, field, message):
    indicator = IndicatorFactory.create(goal__direction__network=network)
    kwargs.setdefault("period_end", dt.date(2016, 12, 31))

    with pytest.raises(ValidationError) as refused:
        services.enter_measurement(actor=coordinator, indicator=indicator, **kwargs)

    assert message in " ".join(refused.value.message_dict[field])
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("numerator", "denominator", "field", "message"),
    [
        (Decimal(11), Decimal(10), "numerator", "more than the denominator"),
        (Decimal(1), Decimal(0), "denominator", "more than 0"),
        (None, Decimal(10), "numerator", "Enter the numerator."),
    ],
)
def test_a_numerator_above_its_denominator_is_refused(
    network, coordinator, numerator, denominator, field, message
):
    indicator = IndicatorFactory.create(goal__direction__network=network, uses_ratio=True)

    with pytest.raises(ValidationError) as refused:
        services.enter_measurement(
            actor=coordinator,
            indicator=indicator,
            period_end=dt.date(2016, 12, 31),
            numerator=numerator,
            denominator=denominator,
        )

    assert message in " ".join(refused.value.message_dict[field])
    assert not Measurement.objects.exists()


def test_a_direction_cannot_shrink_away_from_its_values(network, coordinator):
    value = MeasurementFactory.create(
        indicator__goal__direction__network=network, period_end=dt.date(2018, 6, 30)
    )
    direction = value.indicator.goal.direction

    with pytest.raises(ValidationError):
        services.update_direction(actor=coordinator, direction=direction, end_year=2017)

    direction.refresh_from_db()
    assert direction.end_year == 2018


def test_a_member_updates_only_its_own_commitments_status(network, coordinator):
    member = OrganisationFactory.create(network=network)
    other = OrganisationFactory.create(network=network)
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))
    own = services.add_commitment(
        actor=coordinator, goal=goal, side="members", text="We train", organisations=[member]
    )
    foreign = services.add_commitment(
        actor=coordinator, goal=goal, side="members", text="They train", organisations=[other]
    )
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=member)

    services.update_commitment(actor=partner, commitment=own, status="under_way")
    assert Commitment.objects.get(pk=own.pk).status == "under_way"
    with pytest.raises(PermissionDenied):
        services.update_commitment(actor=partner, commitment=foreign, status="done")
    with pytest.raises(PermissionDenied):
        services.update_commitment(actor=partner, commitment=own, text="We do less")
    assert Commitment.objects.get(pk=own.pk).text == "We train"


def test_the_network_side_names_no_members_and_choices_stay_in_the_network(network, coordinator):
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))
    member = OrganisationFactory.create(network=network)
    stranger = OrganisationFactory.create()

    with pytest.raises(ValidationError) as named:
        services.add_commitment(
            actor=coordinator, goal=goal, side="network", text="x", organisations=[member]
        )
    assert "organisations" in named.value.message_dict
    with pytest.raises(ValidationError) as foreign:
        services.add_commitment(
            actor=coordinator, goal=goal, side="members", text="x", organisations=[stranger]
        )
    assert "organisations" in foreign.value.message_dict
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "role", [RoleKind.OBSERVER, RoleKind.COMPANY_CONTACT, RoleKind.PARTNER_REPRESENTATIVE]
)
def test_only_coordinators_write_the_direction(network, role):
    user = user_with_role(network, role)
    with pytest.raises(PermissionDenied):
        services.create_direction(
            actor=user, network=network, title="X", start_year=2020, end_year=2023
        )
    goal = GoalFactory.create(direction=DirectionFactory.create(network=network))
    with pytest.raises(PermissionDenied):
        services.add_goal(actor=user, direction=goal.direction, title="Y")
    with pytest.raises(PermissionDenied):
        services.add_indicator(actor=user, goal=goal, **indicator_args())
