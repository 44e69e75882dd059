"""The demo strategy loaded by ``samverk demo`` (``samverk.strategy.demo``), after the networks
and meetings: Norrbotten's Inriktning 2015-2018 with its six goals, the commitments of both
sides and the two education indicators with approved values, and its plan and budget 2016
(proposed by the board and adopted by the assembly in meetings of autumn 2015); Barnim's
Leitbild, adopted by its binding decision, as its direction and as its charter shared with
Uckermark (four obligations, last year's self-check), its plan for today's year with the
annual theme and its ledger; "Zukunft bewegen"'s training participation per administration.
Loaded as of a fixed day, and its promises checked again for a few other days (hypothesis;
each load takes seconds)."""

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
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.core.registry import registry
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Decision
from samverk.meetings.services import quorum_of
from samverk.networks import demo as network_demo
from samverk.networks.choices import OrganisationKind
from samverk.networks.models import Membership, Organisation
from samverk.site.management.commands.demo import load
from samverk.strategy import demo
from samverk.strategy.charter_services import members_in
from samverk.strategy.choices import (
    ActivityStatus,
    Breakdown,
    CommitmentSide,
    CommitmentStatus,
    ContributionKind,
    ContributionStatus,
    Desired,
    IncomeKind,
    IndicatorStatus,
    MeasurementStatus,
    ObligationMeasure,
    PlanStatus,
    SelfCheckAnswer,
    Unit,
)
from samverk.strategy.models import (
    AnnualPlan,
    Charter,
    CharterVersion,
    Commitment,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    Indicator,
    Measurement,
    Obligation,
    PlanActivity,
    SelfCheck,
)
from samverk.strategy.status import status

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

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


def barnim_has_its_leitbild_as_the_charter_shared_with_uckermark() -> None:
    barnim = Network.objects.get(slug="barnim")
    uckermark = Network.objects.get(slug="uckermark")
    charter = Charter.objects.get(network=barnim)
    leitbild = Direction.objects.get(network=barnim).adopted_by

    # one federation: Uckermark reads Barnim's charter as its own, and has none of its own
    assert barnim.federation_id is not None and barnim.federation_id == uckermark.federation_id
    assert charter.shared
    assert list(Charter.objects.for_network(uckermark)) == [charter]
    assert charter.title == demo.LEITBILD_TITLE
    assert "leben vom aktiven Mitwirken ihrer Mitglieder" in charter.who_we_are
    assert "frühzeitige Berufsorientierung" in charter.what_we_want
    assert "Wir bearbeiten ein Jahresthema" in charter.how_we_work
    versions = list(CharterVersion.objects.filter(charter=charter))
    assert [(v.number, v.adopted_by) for v in versions] == [(1, leitbild)]
    assert leitbild is not None and leitbild.binding and leitbild.topic == "Leitbild"
    obligations = list(charter.obligations.order_by("position"))
    assert len(obligations) == 4
    assert [o.measure for o in obligations] == [
        ObligationMeasure.PROJECTS,
        ObligationMeasure.BUDGET,
        ObligationMeasure.NONE,
        ObligationMeasure.AUTHORISED_ATTENDANCE,
    ]
    assert "Verantwortung für konkrete Projekte" in obligations[0].text
    assert "festes Budget" in obligations[1].text
    assert "in seine Institution" in obligations[2].text
    assert "entscheidungsbefugter Vertreter" in obligations[3].text


def barnims_members_answered_last_years_self_check(today: dt.date) -> None:
    barnim = Network.objects.get(slug="barnim")
    year = today.year - 1
    members = members_in(barnim, year)
    every_answer = SelfCheck.objects.filter(network=barnim)
    answers = every_answer.filter(year=year)
    obligations = set(Obligation.objects.filter(charter__network=barnim))

    # last year's and the year before's, which differ: the years can be compared
    assert set(every_answer.values_list("year", flat=True)) == {year - 1, year}
    earlier = {
        (a.organisation.name, a.obligation.position): a.answer
        for a in every_answer.filter(year=year - 1).select_related("organisation", "obligation")
    }
    later = {
        (a.organisation.name, a.obligation.position): a.answer
        for a in answers.select_related("organisation", "obligation")
    }
    rank: dict[str, int] = {"not_met": 0, "partly": 1, "met": 2}
    changes = {rank[later[k]] - rank[earlier[k]] for k in later.keys() & earlier.keys()}
    assert {-1, 0, 1} <= changes  # some did better, most the same, one worse
    assert len(earlier) >= len(obligations) * 10
    by_member: dict[str, list[SelfCheck]] = {}
    for answer in answers.select_related("organisation", "obligation"):
        by_member.setdefault(answer.organisation.name, []).append(answer)
    silent = [m.name for m in members if m.name not in by_member]
    # one member has not answered at all; every other one answered every obligation
    assert silent == [demo.SELF_CHECK_SILENT]
    assert len(by_member) == len(members) - 1 >= 10
    for name, answered in by_member.items():
        assert {a.obligation for a in answered} == obligations, name
    partly = answers.filter(answer=SelfCheckAnswer.PARTLY)
    assert partly.values("organisation").distinct().count() >= 2
    assert all(a.comment for a in answers.exclude(answer=SelfCheckAnswer.MET))
    assert answers.filter(answer=SelfCheckAnswer.MET).count() > answers.count() // 2


def barnims_plan_has_the_annual_theme_activities_and_income(today: dt.date) -> None:
    barnim = Network.objects.get(slug="barnim")
    plan = AnnualPlan.objects.get(network=barnim, year=today.year)
    direction = Direction.objects.get(network=barnim)

    assert plan.theme == demo.ANNUAL_THEME
    assert plan.status == PlanStatus.DRAFT and plan.currency == "EUR"
    assert plan.direction == direction  # today's year is one of the direction's years
    assert [g.position for g in plan.priorities.all()] == [demo.ANNUAL_THEME_GOAL]
    assert "Jahresthema" in plan.priorities.get().title
    assert plan.adopting_arena is not None and plan.adopting_arena.name == "Netzwerksitzung"
    activities = list(plan.activities.order_by("pk"))
    assert [a.title for a in activities] == [spec.title for spec in demo.BARNIM_ACTIVITIES]
    for activity in activities:
        members = list(activity.organisations.all())
        assert members and {o.network_id for o in members} == {barnim.pk}, activity
        assert activity.budget > 0
        assert activity.starts_on and activity.ends_on
        assert activity.starts_on.year == activity.ends_on.year == plan.year
        # as far as it got by today
        if activity.ends_on < today:
            assert activity.status == ActivityStatus.DONE and activity.spent, activity
        elif activity.starts_on <= today:
            assert activity.status == ActivityStatus.UNDER_WAY, activity
        else:
            assert activity.status == ActivityStatus.PLANNED, activity
    # the members' committed budgets (add_committed_contributions), a grant, other income
    committed = {
        m.organisation_id: m.budget_amount
        for m in Membership.objects.filter(network=barnim, budget_amount__gt=0)
        if m.since.year <= plan.year and (m.until is None or m.until.year >= plan.year)
    }
    contributions = plan.income.filter(kind=IncomeKind.CONTRIBUTION)
    assert dict(contributions.values_list("organisation_id", "amount")) == committed
    assert len(committed) >= 10
    assert plan.income.filter(kind=IncomeKind.GRANT).exists()
    assert plan.income.filter(kind=IncomeKind.OTHER).exists()


def barnims_ledger_has_money_staff_hours_and_in_kind(today: dt.date) -> None:
    lines = list(
        Contribution.objects.filter(network__slug="barnim").select_related("activity__plan")
    )

    assert len(lines) == len(demo.BARNIM_CONTRIBUTIONS)
    assert {c.year for c in lines} == {today.year}
    assert {c.kind for c in lines} == set(ContributionKind.values)
    for line in lines:
        assert line.value > 0 and line.currency == "EUR"
        assert bool(line.hours) == (line.kind == ContributionKind.STAFF_HOURS), line
        activity = line.activity
        if activity is not None:
            assert activity.plan.network_id == line.network_id
            assert activity.plan.year == line.year
        # pledged until the activity it goes to is done
        pending = activity is not None and activity.status != ActivityStatus.DONE
        expected = ContributionStatus.PLEDGED if pending else ContributionStatus.CONTRIBUTED
        assert line.status == expected, line


def norrbottens_plan_2016_was_proposed_by_the_board_adopted_by_the_assembly() -> None:
    norrbotten = Network.objects.get(slug="norrbotten")
    plan = AnnualPlan.objects.select_related("proposing_arena", "adopting_arena").get(
        network=norrbotten
    )

    assert (plan.year, plan.currency, plan.direction) == (2016, "SEK", norrbotten_direction())
    assert plan.proposing_arena is not None and plan.proposing_arena.name == "Styrelsen"
    assert plan.adopting_arena is not None
    assert plan.adopting_arena.name == "Förbundsfullmäktige"
    # the board proposed it, then the assembly adopted it: binding decisions of quorate
    # meetings of those arenas in autumn 2015, whose minutes are approved
    assert plan.status == PlanStatus.ADOPTED
    assert plan.proposal is not None and plan.adoption is not None
    steps = [plan.proposal, plan.adoption]
    assert [d.meeting.arena.name for d in steps] == ["Styrelsen", "Förbundsfullmäktige"]
    assert [(d.year, d.binding, d.topic) for d in steps] == [(2015, True, "Verksamhetsplan")] * 2
    assert [d.meeting.starts_at.date() for d in steps] == [
        dt.date(2015, 10, 22),
        dt.date(2015, 11, 26),
    ]
    assert "fastställer verksamhetsplan och budget 2016" in plan.adoption.text
    assert [d.meeting.status for d in steps] == [MeetingStatus.MINUTES_APPROVED] * 2
    quorums = [quorum_of(d.meeting) for d in steps]
    assert all(q.is_quorate for q in quorums)
    # the board: its seven members' authorised representatives of the day
    assert steps[0].meeting.attendances.filter(with_authority=True).count() == 7
    assert Decision.objects.for_network(norrbotten).filter(year=2015).count() == 2
    assert [g.position for g in plan.priorities.all()] == [demo.EDUCATION_GOAL]
    assert plan.activities.count() == len(demo.NORRBOTTEN_ACTIVITIES)
    assert plan.income.filter(kind=IncomeKind.CONTRIBUTION).count() == 14
    assert "påhittade" in plan.summary


def zukunft_bewegen_has_training_participation_per_administration() -> None:
    direction = Direction.objects.get(network__slug="zukunft-bewegen")
    indicator = Indicator.objects.get(goal__direction=direction)
    administrations = set(
        Organisation.objects.filter(
            network=direction.network, kind=OrganisationKind.MUNICIPALITY
        ).values_list("name", flat=True)
    )

    assert (direction.start_year, direction.end_year) == (2012, 2014)
    assert direction.goals.count() == len(demo.ZUKUNFT_GOALS)
    assert indicator.goal.position == 1 and "Weiterbildungsbeteiligung" in indicator.name
    assert (indicator.unit, indicator.breakdown) == (Unit.PERCENT, Breakdown.ORGANISATION)
    assert INVENTED in indicator.scope
    assert len(administrations) == 9
    values = indicator.measurements.all()
    assert {m.status for m in values} == {MeasurementStatus.APPROVED}
    assert all(INVENTED in m.note for m in values)
    for year in demo.ZUKUNFT_YEARS:
        parts = set(values.filter(period_end__year=year).values_list("part", flat=True))
        assert parts == administrations | {""}, year
    assert status(indicator.path, latest_approved_total(indicator)) == IndicatorStatus.ON_TRACK
    commitments = Commitment.objects.filter(goal__direction=direction)
    assert commitments.exists()
    assert set(commitments.values_list("status", flat=True)) == {CommitmentStatus.DONE}


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

    def test_barnim_has_the_leitbild_as_its_charter_shared_with_uckermark(self) -> None:
        barnim_has_its_leitbild_as_the_charter_shared_with_uckermark()

    def test_barnims_members_answered_last_years_self_check(self) -> None:
        barnims_members_answered_last_years_self_check(TODAY)

    def test_barnims_plan_has_the_annual_theme_activities_and_income(self) -> None:
        barnims_plan_has_the_annual_theme_activities_and_income(TODAY)

    def test_barnims_ledger_has_money_staff_hours_and_in_kind(self) -> None:
        barnims_ledger_has_money_staff_hours_and_in_kind(TODAY)

    def test_norrbottens_plan_2016_was_proposed_by_the_board_adopted_by_the_assembly(self) -> None:
        norrbottens_plan_2016_was_proposed_by_the_board_adopted_by_the_assembly()

    def test_zukunft_bewegen_has_training_participation_per_administration(self) -> None:
        zukunft_bewegen_has_training_participation_per_administration()

    def test_decisions_are_evidence_of_commitments_of_their_own_network(self) -> None:
        with_evidence = Commitment.objects.filter(decisions__isnull=False).distinct()

        assert with_evidence.filter(goal__direction__network__slug="norrbotten").exists()
        for commitment in with_evidence.select_related("goal__direction"):
            network = commitment.goal.direction.network_id
            assert {d.network_id for d in commitment.decisions.all()} == {network}
            # the actions agreed with the decision are evidence too
            agreed = {a.pk for d in commitment.decisions.all() for a in d.action_items.all()}
            assert {a.pk for a in commitment.actions.all()} == agreed
        assert Commitment.objects.filter(actions__isnull=False).exists()

    def test_everything_was_written_by_the_services_as_the_admin(self) -> None:
        admin = User.objects.get(email=network_demo.ADMIN_EMAIL)
        created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=admin)

        objects: list[Any] = [
            *Direction.objects.all(),
            *Goal.objects.all(),
            *Commitment.objects.all(),
            *Indicator.objects.all(),
            *Charter.objects.all(),
            *CharterVersion.objects.all(),
            *Obligation.objects.all(),
            *SelfCheck.objects.all(),
            *AnnualPlan.objects.all(),
            *PlanActivity.objects.all(),
            *IncomeLine.objects.all(),
            *Contribution.objects.all(),
        ]
        for obj in objects:
            assert created.for_object(obj).exists(), obj
        approved = Measurement.objects.filter(status=MeasurementStatus.APPROVED)
        assert approved.count() == Measurement.objects.count() > 0
        assert set(approved.values_list("approved_by", flat=True)) == {admin.pk}
        assert set(SelfCheck.objects.values_list("answered_by", flat=True)) == {admin.pk}
        assert set(Contribution.objects.values_list("recorded_by", flat=True)) == {admin.pk}


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
@example(today=network_demo.EARLIEST_TODAY)
def test_the_demo_strategy_whatever_day_the_demo_is_loaded_on(today: dt.date) -> None:
    """Each example loads the whole demo (seconds), so only a few."""
    with transaction.atomic():
        load(today)

        norrbotten_has_its_six_goals_with_commitments_of_both_sides()
        the_education_indicators_have_approved_values_and_a_status()
        barnim_has_its_leitbild_adopted_by_its_binding_decision()
        barnim_has_its_leitbild_as_the_charter_shared_with_uckermark()
        barnims_members_answered_last_years_self_check(today)
        barnims_plan_has_the_annual_theme_activities_and_income(today)
        barnims_ledger_has_money_staff_hours_and_in_kind(today)
        norrbottens_plan_2016_was_proposed_by_the_board_adopted_by_the_assembly()
        zukunft_bewegen_has_training_participation_per_administration()
        transaction.set_rollback(True)
