"""An indicator takes its values from a data set of the knowledge base: one value per period
of the chosen cells (as of the period's last day, source official statistics with the data
set named), drafts; a second take corrects or leaves alone; periods outside the direction's
years and missing cells are left out; a vintage of another network, a selection missing a
dimension, or nothing within the years is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.knowledge import formats
from samverk.knowledge import services as knowledge_services
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.strategy import data_set_services
from samverk.strategy.models import Measurement
from samverk.strategy.tests.factories import DirectionFactory, GoalFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

YEARS = ["2014", "2015", "2016", "2017", "2018", "2019"]


def _table(values: list[float | None]) -> formats.Table:
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Andel 18-24 år utan gymnasieexamen",
        "source": "SCB",
        "id": ["Region", "Tid"],
        "size": [2, len(YEARS)],
        "dimension": {
            "Region": {
                "category": {
                    "index": ["2580", "2584"],
                    "label": {"2580": "Luleå", "2584": "Kiruna"},
                }
            },
            "Tid": {"category": {"index": YEARS}},
        },
        "value": values,
    }
    [table] = formats.read("t.json", json.dumps(document).encode())
    return table


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    network = NetworkFactory.create(slug="norrbotten")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    direction = DirectionFactory.create(network=network, start_year=2015, end_year=2018)
    indicator = IndicatorFactory.create(
        goal=GoalFactory.create(direction=direction), name="Utan gymnasieexamen", unit="percent"
    )
    luleå = [14.0, 13.5, None, 12.25, 12.0, 11.0]
    kiruna: list[float | None] = [20.0, 19.0, 18.0, 17.0, 16.0, 15.0]
    vintage = knowledge_services.import_vintage(
        actor=coordinator,
        network=network,
        table=_table(luleå + kiruna),
        source_format="jsonstat",
        original_name="t.json",
        label="2020-02",
        roles={"Region": "region", "Tid": "time"},
        title="Andel 18-24 år utan gymnasieexamen",
        publisher="SCB",
        licence="CC0",
    )
    return {
        "network": network,
        "coordinator": coordinator,
        "indicator": indicator,
        "vintage": vintage,
    }


def test_the_values_of_a_municipality_become_drafts_with_the_source_named(world) -> None:
    taken = data_set_services.take_from_data_set(
        actor=world["coordinator"],
        indicator=world["indicator"],
        vintage=world["vintage"],
        selection={0: "2580"},
    )
    assert (taken.entered, taken.outside, taken.missing) == (3, 2, 1)
    values = list(Measurement.objects.order_by("period_end"))
    assert [(m.period_end, m.value, m.status, m.source) for m in values] == [
        (dt.date(2015, 12, 31), Decimal("13.50"), "draft", "official"),
        (dt.date(2017, 12, 31), Decimal("12.25"), "draft", "official"),
        (dt.date(2018, 12, 31), Decimal("12.00"), "draft", "official"),
    ]
    assert values[0].source_detail == "Andel 18-24 år utan gymnasieexamen (SCB, 2020-02; CC0)"
    again = data_set_services.take_from_data_set(
        actor=world["coordinator"],
        indicator=world["indicator"],
        vintage=world["vintage"],
        selection={0: "2580"},
    )
    assert (again.entered, again.unchanged) == (0, 3)
    assert Measurement.objects.count() == 3


def test_refusals_change_nothing(world) -> None:
    other = NetworkFactory.create(slug="ostfold")
    outsider = user_with_role(other, RoleKind.COORDINATOR)
    observer = user_with_role(world["network"], RoleKind.OBSERVER)
    args = {"indicator": world["indicator"], "vintage": world["vintage"]}
    with pytest.raises(PermissionDenied):
        data_set_services.take_from_data_set(actor=observer, selection={0: "2580"}, **args)
    with pytest.raises(ValidationError, match="Choose one category of “Region”"):
        data_set_services.take_from_data_set(actor=world["coordinator"], selection={}, **args)
    foreign = IndicatorFactory.create(
        goal=GoalFactory.create(direction=DirectionFactory.create(network=other))
    )
    with pytest.raises(ValidationError):
        data_set_services.take_from_data_set(
            actor=outsider, indicator=foreign, vintage=world["vintage"], selection={0: "2580"}
        )
    late = IndicatorFactory.create(
        goal=GoalFactory.create(
            direction=DirectionFactory.create(
                network=world["network"], start_year=2030, end_year=2033
            )
        )
    )
    with pytest.raises(ValidationError, match="within the direction's years"):
        data_set_services.take_from_data_set(
            actor=world["coordinator"],
            indicator=late,
            vintage=world["vintage"],
            selection={0: "2580"},
        )
    assert not Measurement.objects.exists()


def test_the_page_takes_the_values_in_two_steps(world) -> None:
    client = Client()
    client.force_login(world["coordinator"])
    client.cookies["samverk_language"] = "en"
    indicator = world["indicator"]
    url = f"/n/norrbotten/strategy/indicators/{indicator.pk}/values/from-data-set/"
    detail = client.get(f"/n/norrbotten/strategy/indicators/{indicator.pk}/").content.decode()
    assert f'href="{url}"' in detail
    first = client.get(url).content.decode()
    assert "Andel 18-24 år utan gymnasieexamen — 2020-02" in first
    second = client.get(url, {"vintage": world["vintage"].pk}).content.decode()
    assert "Kiruna" in second and 'name="d0"' in second and 'name="d1"' not in second
    refused = client.post(url, {"vintage": world["vintage"].pk, "d0": ""})
    assert refused.status_code == 200 and not Measurement.objects.exists()
    done = client.post(url, {"vintage": world["vintage"].pk, "d0": "2584"})
    assert done.status_code == 302
    assert list(Measurement.objects.order_by("period_end").values_list("value", flat=True)) == [
        Decimal("19.00"),
        Decimal("18.00"),
        Decimal("17.00"),
        Decimal("16.00"),
    ]
    page = client.get(done["Location"]).content.decode()
    assert "4 new values (drafts), 0 corrected, 0 unchanged; left out: 2 outside" in page
    observer = Client()
    observer.force_login(user_with_role(world["network"], RoleKind.OBSERVER))
    assert observer.get(url).status_code == 403
