"""The knowledge base's demo: on any day, Norrbotten and Nordsachsen each get one data set
whose vintage holds the last three full years, read back through the store."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.knowledge import demo, store
from samverk.knowledge.models import DataSet, Study, Vintage
from samverk.networks.tests.factories import NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_the_demo_tables_on_any_day(today: dt.date, tmp_path_factory, settings_fixture) -> None:
    settings_fixture.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    DataSet.objects.all().delete()
    Study.objects.all().delete()
    norrbotten = _network("norrbotten", "sv")
    nordsachsen = _network("nordsachsen", "de")
    actor = user_with_role(norrbotten, RoleKind.COORDINATOR)
    nordsachsen.roles.create(user=actor, role=RoleKind.COORDINATOR)
    demo.load(actor=actor, today=today)
    years = [str(today.year - 3 + i) for i in range(3)]
    swedish = Vintage.objects.get(data_set__network=norrbotten)
    assert [c for c, _l in swedish.dimension("Tid")["categories"]] == years
    assert swedish.cells == 14 * 2 * 3 and swedish.missing == 0
    assert swedish.dimension("Region")["role"] == "region"
    assert "exempelvärden" in swedish.data_set.title
    german = Vintage.objects.get(data_set__network=nordsachsen)
    assert german.cells == 9 and german.unit == "Personen"
    rows = store.page(german.parquet.path, {}, offset=0, limit=100).rows
    assert [r["d0"] for r in rows[:3]] == ["14730"] * 3
    assert all(r["value"] > 0 for r in rows)
    # Norrbotten's 14 plans as example studies, half of them shared
    plans = Study.objects.filter(network=norrbotten)
    assert plans.count() == 14 and all(s.is_example for s in plans)
    assert plans.filter(visibility="shared").count() == 7
    assert all(str(today.year - 1) in s.title for s in plans)
    # loading again adds nothing
    demo.load(actor=actor, today=today)
    assert Vintage.objects.count() == 2 and Study.objects.count() == 14


def _network(slug: str, language: str) -> Network:
    return Network.objects.filter(slug=slug).first() or NetworkFactory.create(
        slug=slug, language=language
    )


@pytest.fixture
def settings_fixture(settings):
    return settings


@pytest.mark.demo
@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)))
@example(today=dt.date(2026, 12, 3))
def test_the_whole_demo_gives_the_knowledge_base_its_tables_plans_and_survey(
    today: dt.date, tmp_path_factory, settings_fixture
) -> None:
    from django.db import transaction

    from samverk.knowledge import results
    from samverk.knowledge.models import Response, Survey
    from samverk.site.management.commands.demo import load as load_demo

    settings_fixture.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    with transaction.atomic():
        load_demo(today)
        survey = Survey.objects.get(network__slug="nordsachsen")
        assert survey.status == "open" and survey.deadline > today
        invited = survey.invitations.count()
        answered = Response.objects.filter(invitation__survey=survey).count()
        assert invited >= 4 and 0 < answered < invited
        tables = results.results(survey, "region")
        assert tables[0].cells[-1][-1] is not None  # the grand total is published
        assert Study.objects.filter(network__slug="norrbotten").count() == 14
        assert Vintage.objects.filter(data_set__network__slug="nordsachsen").count() == 1
        transaction.set_rollback(True)
