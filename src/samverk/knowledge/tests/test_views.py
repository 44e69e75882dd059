"""A coordinator imports a real SCB table (upload, review, import), reads it filtered and
paged, downloads it (XLSX, CSV, Parquet, JSON-stat 2.0 through the API: read back, it is the
same table), imports a second vintage beside the first, deletes one; every role's access; a
broken file or a refused import changes nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.test import Client
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Region
from samverk.knowledge import formats
from samverk.knowledge.models import DataSet, Vintage
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.tools import shared_data

pytestmark = pytest.mark.django_db

SCB = "jsonstat/statswe.json"


@pytest.fixture
def statistics() -> Path:
    return shared_data("statistics", SCB, "px/1001.px")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    network = NetworkFactory.create(
        slug="norrbotten", name="Kompetensplattform Norrbotten", language="sv"
    )
    other = NetworkFactory.create(slug="ostfold", name="Østfold")
    return {
        "network": network,
        "coordinator": user_with_role(network, RoleKind.COORDINATOR),
        "observer": user_with_role(network, RoleKind.OBSERVER),
        "partner": user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE),
        "outsider": user_with_role(other, RoleKind.COORDINATOR),
        "media": tmp_path,
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


BASE = "/n/norrbotten/knowledge/"


def _upload(client: Client, statistics: Path, name: str = SCB):
    path = statistics / name
    with path.open("rb") as handle:
        return client.post(f"{BASE}import/", {"file": handle})


def _import(client: Client, statistics: Path, **fields: str):
    uploaded = _upload(client, statistics)
    assert uploaded.status_code == 302, uploaded.content.decode()[:3000]
    review_url = uploaded["Location"]
    review = client.get(review_url)
    assert review.status_code == 200
    found = re.search(r'name="token" value="([^"]+)"', review.content.decode())
    assert found is not None
    token = found.group(1)
    data = {
        "token": token,
        "title": "Döda efter region",
        "publisher": "SCB",
        "licence": "CC0",
        "label": "2018-05",
        "role_0": "region",
        "role_1": "other",
        "role_2": "age",
        "role_3": "sex",
        "role_4": "measure",
        "role_5": "time",
    }
    data.update(fields)
    return review, client.post(f"{BASE}import/review/", data)


def test_a_coordinator_imports_reads_filters_and_downloads_a_table(world, statistics) -> None:
    Region.objects.create(code="25", name="Norrbottens län", level="county")
    client = _client(world["coordinator"])
    review, imported = _import(client, statistics)
    page = review.content.decode()
    assert "1120 cells, 0 of them missing or suppressed" in page
    assert "25 Norrbottens län" in page
    assert imported.status_code == 302
    vintage = Vintage.objects.get()
    data_set = vintage.data_set
    assert (data_set.title, data_set.publisher, data_set.licence) == (
        "Döda efter region",
        "SCB",
        "CC0",
    )
    assert (vintage.cells, vintage.label, vintage.source_format) == (1120, "2018-05", "jsonstat")
    region = vintage.dimension("Region")
    assert region["role"] == "region" and region["unmatched"] == []
    assert vintage.parquet.path.startswith(str(world["media"]))
    assert AuditRecord.objects.filter(object_id=str(vintage.pk), action="create").exists()

    detail = client.get(imported["Location"])
    text = detail.content.decode()
    assert "1120 cells" in text and "Page 1 of 23" in text
    # filtered: women (Kon=2) in 1995 → one cell per age group
    filtered = client.get(imported["Location"], {"f3": "2", "f5": "1995"}).content.decode()
    assert "20 cells" in filtered
    xlsx = client.get(f"{BASE}vintages/{vintage.pk}/values.xlsx", {"f3": "2", "f5": "1995"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 21 and rows[0][-2:] == ("value", "status")
    table = formats.read(SCB, (statistics / SCB).read_bytes())[0]
    expected = [v for codes, v, _s in table.rows() if codes[3] == "2" and codes[5] == "1995"]
    assert [row[-2] for row in rows[1:]] == expected
    csv = client.get(f"{BASE}vintages/{vintage.pk}/values.csv", {"f5": "1995"})
    assert csv.content.decode("utf-8-sig").count("\n") == 41  # header + 40 cells
    parquet = client.get(f"{BASE}vintages/{vintage.pk}/values.parquet")
    frame = pq.read_table(io.BytesIO(parquet.content))
    assert frame.num_rows == 1120 and frame.column_names[:2] == ["Region", "Dodsorsak"]
    assert frame.column("value").to_pylist() == table.values

    # the API gives the same table back as JSON-stat 2.0
    api = APIClient()
    api.force_authenticate(world["observer"])
    answer = api.get(f"/api/v1/knowledge/vintages/{vintage.pk}/jsonstat/")
    assert answer.status_code == 200
    [again] = formats.read("api.json", answer.content)
    assert again.values == table.values
    assert [d.id for d in again.dimensions] == [d.id for d in table.dimensions]
    part = api.get(f"/api/v1/knowledge/vintages/{vintage.pk}/jsonstat/?f3=2&f5=1995&f5=1996")
    [sub] = formats.read("api.json", part.content)
    assert [d.size for d in sub.dimensions] == [1, 1, 20, 1, 1, 2]


def test_a_new_vintage_is_kept_beside_the_old_and_one_can_be_deleted(
    world, statistics, django_capture_on_commit_callbacks
) -> None:
    client = _client(world["coordinator"])
    _import(client, statistics)
    data_set = DataSet.objects.get()
    _review, second = _import(client, statistics, data_set=str(data_set.pk), label="2019-05")
    assert second.status_code == 302
    assert list(Vintage.objects.order_by("label").values_list("label", flat=True)) == [
        "2018-05",
        "2019-05",
    ]
    _review, twice = _import(client, statistics, data_set=str(data_set.pk), label="2019-05")
    assert twice.status_code == 200
    assert "This data set has a vintage of this name already." in twice.content.decode()
    assert Vintage.objects.count() == 2
    assert len(list(world["media"].rglob("*.parquet"))) == 2  # the refused one left no file
    old = Vintage.objects.get(label="2018-05")
    path = Path(old.parquet.path)
    url = f"{BASE}vintage/{old.pk}/delete/"
    assert "is deleted, with its values" in client.get(url).content.decode()
    assert path.exists()  # asking deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Vintage.objects.filter(pk=old.pk).exists()
    assert not path.exists()


def test_an_unreadable_file_is_refused_and_nothing_is_kept(world, tmp_path) -> None:
    client = _client(world["coordinator"])
    broken = tmp_path / "broken.px"
    broken.write_bytes(b'STUB="a";\nVALUES("a")="x","y";\nDATA=\n1 2 3;\n')
    with broken.open("rb") as handle:
        answer = client.post(f"{BASE}import/", {"file": handle})
    assert answer.status_code == 200
    assert "DATA (from line 3) has 3 values; the table 2 (a) × … " not in answer.content.decode()
    assert "has 3 values" in answer.content.decode()
    assert not (world["media"] / "imports").exists() or not list(
        (world["media"] / "imports").iterdir()
    )
    assert not DataSet.objects.exists()


def test_a_new_data_set_needs_title_publisher_and_licence(world, statistics) -> None:
    client = _client(world["coordinator"])
    _review, refused = _import(client, statistics, title="", publisher="", licence="")
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Name the licence under which the office publishes the table." in text
    assert not DataSet.objects.exists() and not Vintage.objects.exists()


def test_who_may_see_and_import(world, statistics) -> None:
    _import(_client(world["coordinator"]), statistics)
    vintage = Vintage.objects.get()
    pages = {
        "list": BASE,
        "detail": f"{BASE}datasets/{vintage.data_set_id}/",
        "export": f"{BASE}vintages/{vintage.pk}/values.csv",
        "import": f"{BASE}import/",
        "delete": f"{BASE}vintage/{vintage.pk}/delete/",
    }
    expected = {
        "coordinator": {"list": 200, "detail": 200, "export": 200, "import": 200, "delete": 200},
        "observer": {"list": 200, "detail": 200, "export": 200, "import": 403, "delete": 403},
        "partner": {"list": 200, "detail": 200, "export": 200, "import": 403, "delete": 403},
        "outsider": {"list": 404, "detail": 404, "export": 404, "import": 404, "delete": 404},
    }
    for who, codes in expected.items():
        client = _client(world[who])
        for name, code in codes.items():
            assert client.get(pages[name]).status_code == code, (who, name)
    assert Client().get(pages["list"]).status_code == 302
    api = APIClient()
    api.force_authenticate(world["outsider"])
    assert api.get("/api/v1/knowledge/data-sets/").json()["results"] == []
    assert api.get(f"/api/v1/knowledge/vintages/{vintage.pk}/jsonstat/").status_code == 404


def test_a_wide_csv_is_mapped_reviewed_and_imported(world, tmp_path) -> None:
    client = _client(world["coordinator"])
    sheet = tmp_path / "beschaeftigte.csv"
    sheet.write_bytes("Kreis;2023;2024\n14730;1 400;1.450\n14729;..;2 000\n".encode("cp1252"))
    with sheet.open("rb") as handle:
        uploaded = client.post(f"{BASE}import/", {"file": handle})
    assert uploaded.status_code == 302
    review = client.get(uploaded["Location"])
    text = review.content.decode()
    assert "4 cells, 1 of them missing or suppressed" in text
    token = re.search(r'name="token" value="([^"]+)"', text)
    assert token is not None
    # no value column chosen: the mapping page says why, nothing else is offered
    bad = client.get(f"{BASE}import/review/", {"token": token.group(1), "mapped": "1"})
    assert bad.status_code == 200
    assert "Choose at least one column of values." in bad.content.decode()
    imported = client.post(
        f"{BASE}import/review/",
        {
            "token": token.group(1),
            "mapped": "1",
            "v": ["1", "2"],
            "decimal": "comma",
            "wide_name": "Jahr",
            "title": "Beschäftigte nach Kreis",
            "publisher": "Statistisches Landesamt Sachsen",
            "licence": "dl-de/by-2-0",
            "label": "2025-03",
            "role_0": "region",
            "role_1": "time",
        },
    )
    assert imported.status_code == 302, imported.content.decode()[:2000]
    vintage = Vintage.objects.get()
    assert vintage.source_format == "csv"
    assert [d["id"] for d in vintage.dimensions] == ["Kreis", "Jahr"]
    api = APIClient()
    api.force_authenticate(world["coordinator"])
    [table] = formats.read(
        "a.json", api.get(f"/api/v1/knowledge/vintages/{vintage.pk}/jsonstat/").content
    )
    assert table.values == [1400.0, 1450.0, None, 2000.0]


def test_a_multilingual_px_file_is_reviewed_in_the_language_chosen(world) -> None:
    statistics = shared_data("statistics", "px/px-x-0602000000_107.px")
    client = _client(world["coordinator"])
    uploaded = _upload(client, statistics, "px/px-x-0602000000_107.px")
    assert uploaded.status_code == 302
    german = client.get(uploaded["Location"]).content.decode()
    assert '<option value="en">en</option>' in german and "Ausbildungsniveau" in german
    english = client.get(uploaded["Location"] + "&language=en").content.decode()
    assert "Education level" in english and "60800 cells" in english
