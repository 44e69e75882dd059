"""The demo directions loaded by ``samverk demo`` (``samverk.strategy.demo``), after the networks
and meetings: Norrbotten's Inriktning 2015-2018 with its six goals, the commitments of both
sides and the two education indicators with approved values; Barnim's Leitbild, adopted by its
binding decision. Loaded as of a fixed day, and its promises checked again for a few other
days (hypothesis; each load takes seconds)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverk.accounts.models import User
from samverk.core.models import AuditAction, AuditRecord
from samverk.core.registry import registry
from samverk.meetings.models import Decision
from samverk.networks import demo as network_demo
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Organisation
from samverk.site.management.commands.demo import load
from samverk.strategy import demo
from samverk.strategy.choices import (
    CommitmentSide,
    Desired,
    IndicatorStatus,
    MeasurementStatus,
    Unit,
)
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement
from samverk.strategy.status import status

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)  # the day the meetings' demo tests load it on
INVENTED = "invented example values"


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo as of ``TODAY``, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def norrbotten_direction() -> Direction:
    return Direction.objects.get(network__slug="norrbotten")


def education_indicators() -> list[Indicator]:
    return list(
        Indicator.objects.filter(goal__direction__network__slug="norrbotten").order_by("pk")
    )


def latest_approved_total(indicator: Indicator) -> tuple[dt.date, Any] | None:
    row = (
        Measurement.objects.filter(indicator=indicator, part="", status=MeasurementStatus.APPROVED)
        .order_by("-period_end")
        .values_list("period_end", "value")
        .first()
    )
    return (row[0], row[1]) if row else None


def norrbotten_has_its_six_goals_with_commitments_of_both_sides() -> None:
    direction = norrbotten_direction()
    goals = list(direction.goals.order_by("position"))

    assert (direction.title, direction.start_year, direction.end_year) == ("Inriktning", 2015, 2018)
    assert direction.adopted_by is None
    assert "Verksamhetsidé" in direction.mission and "Bakgrund" in direction.context
    assert [g.position for g in goals] == [1, 2, 3, 4, 5, 6]
    assert [g.title for g in goals] == [spec.title for spec in demo.NORRBOTTEN_GOALS]
    assert goals[0].title.startswith("Fördjupa och bredda det politiska företrädarskapet")
    assert goals[5].title == "Verka för ökad jämställdhet i kommunerna"
    for goal in goals:
        sides = [c.side for c in goal.commitments.all()]
        assert sides.count(CommitmentSide.NETWORK) >= 1, goal
        assert sides.count(CommitmentSide.MEMBERS) >= 1, goal
    commitments = Commitment.objects.filter(goal__direction=direction)
    assert commitments.count() == sum(
        len(spec.network) + len(spec.members) for spec in demo.NORRBOTTEN_GOALS
    )
    # the members' commitments bind every member: they name no organisation
    assert not commitments.filter(organisations__isnull=False).exists()


def the_education_indicators_have_approved_values_and_a_status() -> None:
    direction = norrbotten_direction()
    education = Goal.objects.get(direction=direction, position=demo.EDUCATION_GOAL)
    indicators = education_indicators()
    municipalities = set(
        Organisation.objects.filter(
            network__slug="norrbotten", kind=OrganisationKind.MUNICIPALITY
        ).values_list("region__name", flat=True)
    )

    assert len(municipalities) == 14
    assert [i.goal_id for i in indicators] == [education.pk, education.pk]
    at_most, at_least = indicators
    assert (at_most.unit, at_most.desired, at_most.target_value) == (
        Unit.PERCENT,
        Desired.AT_MOST,
        10,
    )
    assert "18–24" in at_most.name
    assert (at_least.unit, at_least.desired, at_least.target_value) == (
        Unit.PERCENT,
        Desired.AT_LEAST,
        45,
    )
    assert "30–34" in at_least.name
    for indicator in indicators:
        assert indicator.baseline_date.year == 2015
        assert indicator.target_date == dt.date(2020, 12, 31)
        assert indicator.breakdown == "municipality"
        assert INVENTED in indicator.scope
        values = indicator.measurements.all()
        assert values.count() == len(demo.YEARS) * (1 + len(municipalities))
        assert {m.status for m in values} == {MeasurementStatus.APPROVED}
        assert all(INVENTED in m.note for m in values)
        assert all(direction.first_day <= m.period_end <= direction.last_day for m in values)
        for year in demo.YEARS:
            parts = set(values.filter(period_end__year=year).values_list("part", flat=True))
            assert parts == municipalities | {""}, year
        baseline = values.get(part="", period_end=indicator.baseline_date)
        assert baseline.value == indicator.baseline_value

        latest = latest_approved_total(indicator)
        assert latest is not None and latest[0] == dt.date(2018, 12, 31)
        assert status(indicator.path, latest) != IndicatorStatus.NO_DATA
    # one behind the straight path to 2020, one ahead of it
    assert status(at_most.path, latest_approved_total(at_most)) == IndicatorStatus.AT_RISK
    assert status(at_least.path, latest_approved_total(at_least)) == IndicatorStatus.ON_TRACK


def barnim_has_its_leitbild_adopted_by_its_binding_decision() -> None:
    direction = Direction.objects.select_related("adopted_by").get(network__slug="barnim")
    decision = direction.adopted_by

    assert decision is not None and decision.binding and decision.topic == "Leitbild"
    assert decision in Decision.objects.for_network(direction.network).filter(binding=True)
    assert direction.start_year <= decision.year <= direction.end_year
    goals = list(direction.goals.order_by("position"))
    assert len(goals) == len(demo.BARNIM_GOALS)
    assert any("Jahresthema" in g.title for g in goals)
    for goal in goals:
        assert {c.side for c in goal.commitments.all()} == set(CommitmentSide.values)


@pytest.mark.usefixtures("demo_loaded")
class TestDemoStrategy:
    def test_the_strategy_loader_runs_after_the_networks_and_the_meetings(self) -> None:
        names = [loader.name for loader in registry.demo_loaders]

        assert names.index("networks") < names.index("meetings") < names.index("strategy")

    def test_norrbotten_has_six_goals_with_commitments_of_both_sides(self) -> None:
        norrbotten_has_its_six_goals_with_commitments_of_both_sides()

    def test_the_education_indicators_have_approved_values_and_a_status(self) -> None:
        the_education_indicators_have_approved_values_and_a_status()

    def test_barnim_has_its_leitbild_adopted_by_its_binding_decision(self) -> None:
        barnim_has_its_leitbild_adopted_by_its_binding_decision()

    def test_decisions_are_evidence_of_commitments_of_their_own_network(self) -> None:
        with_evidence = Commitment.objects.filter(decisions__isnull=False).distinct()

        assert with_evidence.filter(goal__direction__network__slug="norrbotten").exists()
        for commitment in with_evidence.select_related("goal__direction"):
            network = commitment.goal.direction.network_id
            assert {d.network_id for d in commitment.decisions.all()} == {network}

    def test_every_direction_was_written_by_the_services_as_the_admin(self) -> None:
        admin = User.objects.get(email=network_demo.ADMIN_EMAIL)
        created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=admin)

        objects: list[Any] = [
            *Direction.objects.all(),
            *Goal.objects.all(),
            *Commitment.objects.all(),
            *Indicator.objects.all(),
        ]
        for obj in objects:
            assert created.for_object(obj).exists(), obj
        approved = Measurement.objects.filter(status=MeasurementStatus.APPROVED)
        assert approved.count() == Measurement.objects.count() > 0
        assert set(approved.values_list("approved_by", flat=True)) == {admin.pk}


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
@example(today=network_demo.EARLIEST_TODAY)
def test_the_demo_directions_whatever_day_the_demo_is_loaded_on(today: dt.date) -> None:
    """Each example loads the whole demo (seconds), so only a few."""
    with transaction.atomic():
        load(today)

        norrbotten_has_its_six_goals_with_commitments_of_both_sides()
        the_education_indicators_have_approved_values_and_a_status()
        barnim_has_its_leitbild_adopted_by_its_binding_decision()
        transaction.set_rollback(True)
