"""The annual plan: theme, activities, income and totals in exact Decimal, adoption by the
named arenas' binding decisions, revision during the year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory, at
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from samverk.strategy import plan_services as services
from samverk.strategy.models import AnnualPlan, IncomeLine, PlanActivity
from samverk.strategy.tests.factories import DirectionFactory, GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(slug="norrbotten", time_zone="Europe/Stockholm")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


@pytest.fixture
def arenas(network):
    return ArenaFactory.create(network=network, name="Styrelsen"), ArenaFactory.create(
        network=network, name="Förbundsfullmäktige"
    )


def decision_of(arena, day, binding=True):
    meeting = MeetingFactory.create(
        network=arena.network, arena=arena, starts_at=at(day), ends_at=at(day, 12)
    )
    return DecisionFactory.create(meeting=meeting, binding=binding)


def a_plan(network, coordinator, arenas, **changes):
    direction = DirectionFactory.create(network=network, start_year=2015, end_year=2018)
    board, assembly = arenas
    return services.create_plan(
        actor=coordinator,
        network=network,
        year=2016,
        direction=direction,
        theme="Kompetensförsörjning",
        currency="SEK",
        proposing_arena=board,
        adopting_arena=assembly,
        **changes,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def test_totals_are_exact_and_show_the_gap(network, coordinator, arenas):
    plan = a_plan(network, coordinator, arenas)
    for budget in ("0.10", "0.20", "1000.00"):
        services.add_activity(
            actor=coordinator, plan=plan, title=f"A {budget}", budget=Decimal(budget)
        )
    services.add_income(
        actor=coordinator,
        plan=plan,
        kind="grant",
        label="ESF",
        amount=Decimal("1000.20"),
        currency="SEK",
    )

    totals = services.totals(plan)

    assert totals == {
        "income": Decimal("1000.20"),
        "expenditure": Decimal("1000.30"),
        "balance": Decimal("-0.10"),
    }
    page = client_for(coordinator).get(f"/n/norrbotten/strategy/plans/{plan.pk}/").content.decode()
    assert "The activities cost 0.10 SEK more than the income" in page


def test_members_committed_budgets_become_contributions(network, coordinator, arenas):
    plan = a_plan(network, coordinator, arenas)
    for name, amount, currency in (
        ("Luleå kommun", "120000.00", "SEK"),
        ("Piteå kommun", "80000.00", "SEK"),
        ("Euro GmbH", "5000.00", "EUR"),  # another currency: not the plan's
    ):
        MembershipFactory.create(
            network=network,
            organisation=OrganisationFactory.create(network=network, name=name),
            since=dt.date(2014, 1, 1),
            budget_amount=Decimal(amount),
            currency=currency,
        )

    assert services.add_committed_contributions(actor=coordinator, plan=plan) == 2
    assert services.add_committed_contributions(actor=coordinator, plan=plan) == 0
    assert sorted(IncomeLine.objects.values_list("organisation__name", "amount")) == [
        ("Luleå kommun", Decimal("120000.00")),
        ("Piteå kommun", Decimal("80000.00")),
    ]


def test_income_in_another_currency_is_refused(network, coordinator, arenas):
    plan = a_plan(network, coordinator, arenas)
    with pytest.raises(ValidationError) as refused:
        services.add_income(
            actor=coordinator,
            plan=plan,
            kind="grant",
            label="EU",
            amount=Decimal(5),
            currency="EUR",
        )
    assert "SEK" in " ".join(refused.value.message_dict["currency"])
    assert not IncomeLine.objects.exists()


def test_the_board_proposes_and_the_assembly_adopts(network, coordinator, arenas):
    board, assembly = arenas
    plan = a_plan(network, coordinator, arenas)
    proposal = decision_of(board, dt.date(2015, 11, 1))
    adoption = decision_of(assembly, dt.date(2015, 12, 1))

    with pytest.raises(ValidationError) as wrong_arena:
        services.propose_plan(actor=coordinator, plan=plan, decision=adoption)
    assert "Styrelsen" in str(wrong_arena.value)
    with pytest.raises(ValidationError):
        services.adopt_plan(actor=coordinator, plan=plan, decision=adoption)  # not proposed

    services.propose_plan(actor=coordinator, plan=plan, decision=proposal)
    services.adopt_plan(actor=coordinator, plan=plan, decision=adoption)

    plan.refresh_from_db()
    assert (plan.status, plan.proposal, plan.adoption) == ("adopted", proposal, adoption)
    with pytest.raises(ValidationError):
        services.add_activity(actor=coordinator, plan=plan, title="Too late")


def test_a_recommendation_cannot_adopt(network, coordinator, arenas):
    board, assembly = arenas
    plan = a_plan(network, coordinator, arenas)
    services.propose_plan(
        actor=coordinator, plan=plan, decision=decision_of(board, dt.date(2015, 11, 1))
    )
    recommendation = decision_of(assembly, dt.date(2015, 12, 1), binding=False)

    with pytest.raises(ValidationError) as refused:
        services.adopt_plan(actor=coordinator, plan=plan, decision=recommendation)

    assert "binding decision" in str(refused.value)
    plan.refresh_from_db()
    assert plan.status == "proposed"


def test_a_revision_is_a_new_version_that_replaces_the_adopted_one_once_adopted(
    network, coordinator, arenas
):
    board, assembly = arenas
    plan = a_plan(network, coordinator, arenas)
    services.add_activity(actor=coordinator, plan=plan, title="Mässa", budget=Decimal(100))
    services.propose_plan(
        actor=coordinator, plan=plan, decision=decision_of(board, dt.date(2015, 11, 1))
    )
    services.adopt_plan(
        actor=coordinator, plan=plan, decision=decision_of(assembly, dt.date(2015, 12, 1))
    )

    revision = services.revise_plan(actor=coordinator, plan=plan)
    services.add_activity(actor=coordinator, plan=revision, title="Extra", budget=Decimal(50))
    assert revision.version == 2 and revision.revises == plan
    assert PlanActivity.objects.filter(plan=plan).count() == 1  # the adopted one is unchanged
    with pytest.raises(ValidationError):
        services.revise_plan(actor=coordinator, plan=plan)  # one revision at a time

    services.propose_plan(
        actor=coordinator, plan=revision, decision=decision_of(board, dt.date(2016, 5, 1))
    )
    services.adopt_plan(
        actor=coordinator, plan=revision, decision=decision_of(assembly, dt.date(2016, 6, 1))
    )
    plan.refresh_from_db()
    assert plan.status == "superseded"
    assert services.totals(revision)["expenditure"] == Decimal(150)


def test_bad_plan_input(network, coordinator, arenas):
    plan = a_plan(network, coordinator, arenas)
    with pytest.raises(ValidationError) as twice:
        a_plan(network, coordinator, arenas)
    assert "year" in twice.value.message_dict
    with pytest.raises(ValidationError) as outside:
        services.add_activity(
            actor=coordinator, plan=plan, title="X", starts_on=dt.date(2017, 1, 1)
        )
    assert "starts_on" in outside.value.message_dict
    other_goal = GoalFactory.create()
    with pytest.raises(ValidationError):
        services.add_activity(actor=coordinator, plan=plan, title="X", goal=other_goal)
    assert AnnualPlan.objects.count() == 1 and not PlanActivity.objects.exists()


@pytest.mark.parametrize(
    "role", [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER]
)
def test_others_read_the_plan_and_only_coordinators_write(network, coordinator, arenas, role):
    plan = a_plan(network, coordinator, arenas)
    services.add_activity(actor=coordinator, plan=plan, title="Mässa", budget=Decimal(100))
    user = user_with_role(network, role)
    client = client_for(user)

    page = client.get(f"/n/norrbotten/strategy/plans/{plan.pk}/").content.decode()
    assert "Kompetensförsörjning" in page and "Mässa" in page
    assert "Add an activity" not in page
    for url in (
        "/n/norrbotten/strategy/plans/new/",
        f"/n/norrbotten/strategy/plans/{plan.pk}/edit/",
        f"/n/norrbotten/strategy/plans/{plan.pk}/activities/new/",
    ):
        assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_activity(actor=user, plan=plan, title="X")
    stranger = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)
    assert client_for(stranger).get(f"/n/norrbotten/strategy/plans/{plan.pk}/").status_code == 404


def test_a_coordinator_builds_and_adopts_a_plan_through_the_pages(network, coordinator, arenas):
    board, assembly = arenas
    direction = DirectionFactory.create(network=network, start_year=2015, end_year=2018)
    client = client_for(coordinator)
    base = "/n/norrbotten/strategy/plans/"

    assert "No annual plan yet." in client.get(base).content.decode()
    client.post(
        f"{base}new/",
        {
            "year": 2016,
            "direction": direction.pk,
            "theme": "Kompetensförsörjning",
            "currency": "SEK",
            "proposing_arena": board.pk,
            "adopting_arena": assembly.pk,
        },
    )
    plan = AnnualPlan.objects.get()
    client.post(f"{base}{plan.pk}/activities/new/", {"title": "Mässa", "budget": "250.50"})
    client.post(
        f"{base}{plan.pk}/income/new/",
        {"kind": "grant", "label": "Region", "amount": "250.50", "currency": "SEK"},
    )
    proposal = decision_of(board, dt.date(2015, 11, 1))
    client.post(f"{base}{plan.pk}/propose/", {"decision": proposal.pk})
    adoption = decision_of(assembly, dt.date(2015, 12, 1))
    client.post(f"{base}{plan.pk}/adopt/", {"decision": adoption.pk})

    page = client.get(f"{base}{plan.pk}/").content.decode()
    assert "The budget balances." in page
    assert f"decision {adoption.reference}" in page
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert "Yes, delete" not in page and "Revise" in page


def test_a_later_years_decision_cannot_adopt(network, coordinator, arenas):
    board, _assembly = arenas
    plan = a_plan(network, coordinator, arenas)
    with pytest.raises(ValidationError) as refused:
        services.propose_plan(
            actor=coordinator, plan=plan, decision=decision_of(board, dt.date(2026, 4, 8))
        )
    assert "earlier year" in str(refused.value)
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_members_contribution_is_shown_as_its_budget_is(network, coordinator, arenas):
    """A member's contribution line is its committed budget: other roles see the amount
    only where networks.permissions.can_see_budget lets them (on the page and in the API)."""
    from rest_framework.test import APIClient

    plan = a_plan(network, coordinator, arenas)
    lulea = OrganisationFactory.create(network=network, name="Luleå kommun")
    pitea = OrganisationFactory.create(network=network, name="Piteå kommun")
    for organisation, amount in ((lulea, "1250000.00"), (pitea, "660000.00")):
        MembershipFactory.create(
            network=network,
            organisation=organisation,
            since=dt.date(2010, 1, 1),
            budget_amount=Decimal(amount),
            currency="SEK",
        )
    services.add_committed_contributions(actor=coordinator, plan=plan)
    services.add_income(
        actor=coordinator,
        plan=plan,
        kind="grant",
        label="ESF",
        amount=Decimal("5.00"),
        currency="SEK",
    )
    lines = {line.organisation_id: line for line in plan.income.all()}
    representative = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=lulea)
    observer = user_with_role(network, RoleKind.OBSERVER)
    url = f"/n/norrbotten/strategy/plans/{plan.pk}/"

    def amounts(user) -> dict[int | None, str]:
        page = client_for(user).get(url).content.decode()
        shown = {}
        for organisation_id, line in lines.items():
            row = page.split(f'data-income="{line.pk}">')[1].split("</tr>")[0]
            shown[organisation_id] = row.split('class="num">')[1].split("</td>")[0]
        return shown

    def api_amounts(user) -> dict[int | None, str | None]:
        client = APIClient()
        client.force_authenticate(user)
        rows = client.get("/api/v1/strategy/income/", {"plan": plan.pk}).json()["results"]
        return {row["organisation"]: row["amount"] for row in rows}

    not_shared = '<span class="muted">not shared</span>'
    assert amounts(coordinator) == {
        lulea.pk: "1250000.00 SEK",
        pitea.pk: "660000.00 SEK",
        None: "5.00 SEK",
    }
    assert amounts(representative) == {
        lulea.pk: "1250000.00 SEK",  # its own
        pitea.pk: not_shared,
        None: "5.00 SEK",
    }
    assert amounts(observer) == {lulea.pk: not_shared, pitea.pk: not_shared, None: "5.00 SEK"}
    assert api_amounts(observer) == {lulea.pk: None, pitea.pk: None, None: "5.00"}
    assert api_amounts(representative)[lulea.pk] == "1250000.00"
    # a network that shares its members' budgets shows them to every role
    network.share_member_budgets = True
    network.save()
    assert amounts(observer)[pitea.pk] == "660000.00 SEK"
    assert api_amounts(observer)[pitea.pk] == "660000.00"
