"""The demo projects loaded by ``samverk demo`` (``samverk.projects.demo``): Nordsachsen's four
cards exactly as the seed prints them, with their hard figures as key figures and their
supporters as partners; "Zukunft bewegen" as a full record; Barnim's annual-theme projects
linked to the plan. Loaded as of a fixed day, and checked again for a few other days."""

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
from samverk.networks import demo as network_demo
from samverk.projects import demo
from samverk.projects.annual_report import build_annual_report
from samverk.projects.models import AnnualReport, KeyFigure, Project, ProjectPartner
from samverk.site.management.commands.demo import load
from samverk.strategy.models import AnnualPlan

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo as of ``TODAY``, loaded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def nordsachsens_cards_are_the_seeds() -> None:
    projects = Project.objects.filter(network__slug="nordsachsen")
    assert projects.count() == len(demo.CARDS) == 4
    for card in demo.CARDS:
        project = projects.get(title=card.title)
        assert (project.problem, project.goals) == (card.problem, card.goals)
        assert (project.implementation, project.results) == (card.implementation, card.results)
        # the seed's figures; the events demo adds counted ones (the Rückkehrertag's outcome)
        figures = {(f.label, f.value, f.unit) for f in project.key_figures.all()}
        assert figures >= {(f.label, f.value, f.unit) for f in card.figures}
        assert all(
            f.source == "counted"
            for f in project.key_figures.all()
            if (f.label, f.value, f.unit) not in {(c.label, c.value, c.unit) for c in card.figures}
        )
        supporters = project.partners.filter(role="supporter").values_list(
            "organisation__name", flat=True
        )
        assert sorted(supporters) == sorted(card.supporters)
        entered = project.key_figures.filter(source="entered")
        assert all(f.note == demo.INVENTED_DAY for f in entered)
    # counted at the last Rückkehrertag (the events demo transfers its outcome), not typed
    rueckkehr = projects.get(title="Nordsächsischer Rückkehrertag")
    counted = rueckkehr.key_figures.filter(source="counted")
    assert {(f.value, f.unit) for f in counted} >= {
        (300, "Besuchende"),
        (229, "Stellenangebote"),
    }
    assert not rueckkehr.key_figures.filter(source="entered").exists()
    campaign = projects.get(title__startswith="„natürlich. frisch. nordsächsisch.“")
    assert campaign.carrier is not None and campaign.carrier.name == "WFG Landkreis Nordsachsen"
    assert set(
        campaign.partners.filter(role="carrier").values_list("organisation__name", flat=True)
    ) == {
        "WFG Landkreis Nordsachsen",
        "Bauernverband Nordsachsen e. V.",
    }


def nordsachsens_cards_are_public_without_people() -> None:
    for project in Project.objects.filter(network__slug="nordsachsen"):
        assert project.is_public and project.public_fields == list(demo.CARD_PUBLIC_PARTS)
        assert project.contact is None and not project.files.exists()


def the_annual_reports_of_the_year_are_published(today: dt.date) -> None:
    reports = AnnualReport.objects.filter(year=today.year).select_related("network")
    assert {r.network.slug for r in reports} == {"nordsachsen", "barnim"}
    for record in reports:
        assert record.is_public and str(today.year + 1) in record.outlook
        report = build_annual_report(record.network, today.year, public=True)
        assert report.foreword == record.foreword and not report.is_empty
    nordsachsen = build_annual_report(
        reports.get(network__slug="nordsachsen").network, today.year, public=True
    )
    assert len(nordsachsen.projects) == len(demo.CARDS)
    assert all(line.figures for line in nordsachsen.projects)
    barnim = build_annual_report(
        reports.get(network__slug="barnim").network, today.year, public=True
    )
    assert barnim.theme and barnim.contributions is not None


def zukunft_bewegen_is_a_full_record() -> None:
    project = Project.objects.select_related("carrier", "contact").get(
        network__slug="zukunft-bewegen"
    )
    assert (project.starts_on, project.ends_on) == (dt.date(2012, 10, 1), dt.date(2014, 12, 31))
    assert project.carrier is not None
    assert project.carrier.name == "Bildungswerk der Wirtschaft Sachsen-Anhalt e. V."
    assert "Daniel-Vorländer-Straße 4" in project.carrier.address
    assert project.contact is not None and "Beispiel" in project.contact.name
    assert "Klesse" not in project.contact.name  # not the seed's named person
    assert (project.sector, project.basis, project.status) == (
        "O",
        "TVöD § 5 „Qualifizierung“",
        "completed",
    )
    assert {a.name for a in project.focus_areas.all()} == set(demo.ZUKUNFT.focus_areas)
    assert project.partners.filter(role="partner", organisation__name__startswith="AFoS").exists()
    assert project.strategy_goals.exists()


def barnims_annual_theme_is_carried_out_in_projects(today: dt.date) -> None:
    plan = AnnualPlan.objects.get(network__slug="barnim", year=today.year)
    projects = Project.objects.filter(network__slug="barnim").prefetch_related("activities")
    assert projects.count() >= 3
    for project in projects:
        (activity,) = project.activities.all()
        assert activity.plan_id == plan.pk
        assert (project.starts_on, project.ends_on) == (activity.starts_on, activity.ends_on)
        implementing = set(
            project.partners.filter(role="implementing").values_list("organisation", flat=True)
        )
        assert implementing == set(activity.organisations.values_list("pk", flat=True))


@pytest.mark.usefixtures("demo_loaded")
class TestDemoProjects:
    def test_the_projects_loader_runs_after_the_strategy(self) -> None:
        names = [loader.name for loader in registry.demo_loaders]

        assert names.index("strategy") < names.index("projects")

    def test_nordsachsens_cards_are_the_seeds(self) -> None:
        nordsachsens_cards_are_the_seeds()

    def test_zukunft_bewegen_is_a_full_record(self) -> None:
        zukunft_bewegen_is_a_full_record()

    def test_nordsachsens_cards_are_public_without_people(self) -> None:
        nordsachsens_cards_are_public_without_people()

    def test_the_annual_reports_of_the_year_are_published(self) -> None:
        the_annual_reports_of_the_year_are_published(TODAY)

    def test_barnims_annual_theme_is_carried_out_in_projects(self) -> None:
        barnims_annual_theme_is_carried_out_in_projects(TODAY)

    def test_everything_was_written_by_the_services_as_the_admin(self) -> None:
        admin = User.objects.get(email=network_demo.ADMIN_EMAIL)
        created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=admin)
        for obj in [
            *Project.objects.all(),
            *KeyFigure.objects.all(),
            *ProjectPartner.objects.all(),
            *AnnualReport.objects.all(),
        ]:
            assert created.for_object(obj).exists(), obj


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
@example(today=network_demo.EARLIEST_TODAY)
def test_the_demo_projects_whatever_day_the_demo_is_loaded_on(today: dt.date) -> None:
    """Each example loads the whole demo (seconds), so only a few."""
    with transaction.atomic():
        load(today)

        nordsachsens_cards_are_the_seeds()
        zukunft_bewegen_is_a_full_record()
        barnims_annual_theme_is_carried_out_in_projects(today)
        the_annual_reports_of_the_year_are_published(today)
        transaction.set_rollback(True)
