"""The shortage picture: the Ibis panel equals the hand-written DuckDB SQL (and, on
PostgreSQL, gives the same result there) with exact medians; the methods' verdicts follow
their thresholds; computed from the jobs app's offers, kept with method, version and
parameters, and shown to every role of the network (computed by coordinators)."""

from __future__ import annotations

import datetime as dt
import os

import ibis
import pyarrow as pa
import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from samverk.jobs.tests.factories import make_offer, make_world
from samverk.knowledge import shortage, shortage_services
from samverk.knowledge.models import ShortageRun

ads_rows = st.lists(
    st.tuples(
        st.sampled_from(["DE-NS", "DE-L"]),
        st.sampled_from(["2221", "7212"]),
        st.sampled_from(["2025Q1", "2025Q2"]),
        st.integers(min_value=0, max_value=200),
        st.integers(min_value=1, max_value=5),
        st.booleans(),
    ),
    min_size=1,
    max_size=60,
)


def _table(rows) -> pa.Table:
    names = shortage.COLUMNS
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})


@settings(max_examples=40, deadline=None)
@given(ads_rows)
def test_the_ibis_panel_equals_the_hand_written_sql(rows) -> None:
    table = _table(rows)
    connection = ibis.duckdb.connect()
    via_ibis = connection.to_pyarrow(shortage.panel(ibis.memtable(table))).to_pylist()
    raw = connection.con
    raw.register("ads", table)
    assert via_ibis == shortage.panel_sql(raw).to_pylist()


def test_medians_are_exact_and_the_methods_follow_their_thresholds() -> None:
    rows = [
        ("A", "2221", "2025Q1", 10, 1, False),
        ("A", "2221", "2025Q1", 30, 1, False),  # A: median 20 (exact: mean of the middle two)
        ("B", "2221", "2025Q1", 5, 2, True),
        ("B", "2221", "2025Q1", 7, 2, True),
        ("B", "2221", "2025Q1", 9, 2, True),  # B: median 7
    ]
    connection = ibis.duckdb.connect()
    panel = shortage.panel(ibis.memtable(_table(rows)))
    cells = {r["region"]: r for r in connection.to_pyarrow(panel).to_pylist()}
    assert cells["A"]["median_days"] == 20.0 and cells["B"]["median_days"] == 7.0
    assert cells["A"]["national_median"] == 9.0  # of 5, 7, 9, 10, 30
    ba = {
        r["region"]: r
        for r in connection.to_pyarrow(shortage.verdict(panel, shortage.BA)).to_pylist()
    }
    # A: ratio 20/9 ≥ 1.4 → 3; nothing filled ≥ 0.5 → 3; mean 3 → shortage
    assert (ba["A"]["score"], ba["A"]["category"]) == (3.0, "shortage")
    # B: ratio 7/9 < 1.0 → 0; all filled → 0 → none
    assert (ba["B"]["score"], ba["B"]["category"]) == (0.0, "none")
    af = {
        r["region"]: r["category"]
        for r in connection.to_pyarrow(shortage.verdict(panel, shortage.AF)).to_pylist()
    }
    assert af == {"A": "shortage", "B": "surplus"}
    nav = {
        r["region"]: r["score"]
        for r in connection.to_pyarrow(shortage.verdict(panel, shortage.NAV)).to_pylist()
    }
    assert nav == {"A": 2, "B": 0}  # vacancies not filled


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_same_panel_on_postgresql() -> None:
    """The Ibis expression, run by PostgreSQL, gives the DuckDB result (exact medians)."""
    from django.db import connection as django_connection

    rows = [
        (
            f"R{i % 7}",
            ("2221", "7212", "5321")[i % 3],
            f"2025Q{i % 4 + 1}",
            (i * 37) % 150,
            i % 4 + 1,
            i % 3 == 0,
        )
        for i in range(3000)
    ]
    table = _table(rows)
    duck = ibis.duckdb.connect().to_pyarrow(shortage.panel(ibis.memtable(table))).to_pylist()
    settings_dict = django_connection.settings_dict
    pg = ibis.postgres.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=int(settings_dict["PORT"] or 5432),
        user=settings_dict["USER"] or os.environ.get("PGUSER", "postgres"),
        password=settings_dict["PASSWORD"] or None,
        database=settings_dict["NAME"],
    )
    try:
        pg.create_table("shortage_test_ads", table, overwrite=True)
        ads = pg.table("shortage_test_ads")
        on_pg = pg.to_pyarrow(shortage.panel(ads)).to_pylist()
        pg.drop_table("shortage_test_ads")
    finally:
        pg.disconnect()
    assert len(on_pg) == len(duck)
    for left, right in zip(duck, on_pg, strict=True):
        assert left.keys() == right.keys()
        for key in left:
            if isinstance(left[key], float):
                assert right[key] == pytest.approx(left[key]), key
            else:
                assert left[key] == right[key], key


@pytest.fixture
def world(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    return make_world()


def test_a_picture_from_the_job_offers_is_kept_and_shown(world) -> None:
    today = dt.date(2026, 5, 4)
    for i in range(6):
        make_offer(
            world,
            status="filled" if i % 2 else "published",
            title=f"Pflege {i}",
            municipality=world.town,
            today=today,
        )
    run = shortage_services.run(
        actor=world.coordinator, network=world.network, source="jobs", method="ba", today=today
    )
    assert (run.ads, run.method, run.method_version) == (6, "ba", "1")
    assert run.parameters == shortage.BA.parameters
    cells, quarters = shortage_services.rows(run)
    assert cells and cells[0]["occupation"] == "2221" and quarters
    client = Client()
    client.force_login(world.observer)
    client.cookies["samverk_language"] = "en"
    page = client.get("/n/nordsachsen/knowledge/shortage/").content.decode()
    assert "Most pressing first" in page and "Nursing professionals" in page
    assert "Compute now" not in page  # only coordinators compute
    assert (
        client.post(
            "/n/nordsachsen/knowledge/shortage/run/", {"source": "jobs", "method": "ba"}
        ).status_code
        == 403
    )
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    done = coordinator.post(
        "/n/nordsachsen/knowledge/shortage/run/", {"source": "jobs", "method": "af"}
    )
    assert done.status_code == 302 and ShortageRun.objects.count() == 2
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get("/n/nordsachsen/knowledge/shortage/").status_code == 404
