"""The signed-in job offer pages: the permission matrix of every page, the moderation flow
through the pages, what each role sees, sanitised descriptions, filters, the export's exact
columns and constant query counts.

The pages write with the network's real today, so the offers here are placed relative to it
(``network_today``); the services' own date logic is tested with fixed days."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.clock import network_today
from samverk.jobs import exports
from samverk.jobs.models import JobOffer
from samverk.jobs.tests.factories import World, make_offer, make_world

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "company", "other_company", "partner", "observer", "outsider", "anonymous"]


@pytest.fixture
def world() -> World:
    return make_world()


def client_for(user: Any, language: str = "en") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["samverk_language"] = language
    return client


def offer(world: World, status: str = "draft", **overrides: Any) -> JobOffer:
    today = network_today(world.network)
    overrides.setdefault("valid_through", today + dt.timedelta(days=30))
    return make_offer(world, status=status, today=today, **overrides)


def base(world: World) -> str:
    return f"/n/{world.network.slug}/jobs/"


# page → (method, status of the offer it acts on or None, expected answer of: coordinator,
# company contact of the employer, company contact of another member, partner representative
# of another member, observer); another network's coordinator gets 404, anonymous the login.
R, NF, FB, LOGIN = 200, 404, 403, 302
READ = (R, R, R, R, R)
MATRIX: dict[str, tuple[str, str | None, tuple[int, ...]]] = {
    "list": ("get", None, READ),
    "queue": ("get", None, (R, FB, FB, FB, FB)),
    "export.json": ("get", None, READ),
    "export.csv": ("get", None, READ),
    "new": ("get", None, (R, R, R, R, FB)),
    "detail/draft": ("get", "draft", (R, R, NF, NF, NF)),
    "detail/published": ("get", "published", READ),
    "detail/expired": ("get", "expired", READ),
    "edit/draft": ("get", "draft", (R, R, NF, NF, NF)),
    "edit/published": ("get", "published", (R, R, FB, FB, FB)),
    "submit/draft": ("post", "draft", (LOGIN, LOGIN, NF, NF, NF)),
    "return/submitted": ("get", "submitted", (R, FB, NF, NF, NF)),
    "publish/submitted": ("post", "submitted", (LOGIN, FB, NF, NF, NF)),
    "end/published": ("get", "published", (R, R, FB, FB, FB)),
}


def url_of(world: World, page: str, target: JobOffer | None) -> str:
    name = page.split("/")[0]
    if name.startswith("export."):
        return f"{base(world)}offers.{name.split('.')[1]}"
    if name == "list":
        return base(world)
    if name == "queue":
        return f"{base(world)}review/"
    if name == "new":
        return f"{base(world)}new/"
    assert target is not None
    if name == "detail":
        return f"{base(world)}{target.pk}/"
    return f"{base(world)}{target.pk}/{name}/"


@pytest.mark.parametrize("page", list(MATRIX))
def test_the_permission_matrix_of_every_page(world: World, page: str) -> None:
    method, status, answers = MATRIX[page]
    expected = {**dict(zip(ROLES, answers, strict=False)), "outsider": NF, "anonymous": LOGIN}
    for role in ROLES:
        target = offer(world, status) if status else None
        response = getattr(client_for(world.users[role]), method)(url_of(world, page, target))
        assert response.status_code == expected[role], (page, role)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]


def test_the_menu_links_the_job_offers(world: World) -> None:
    response = client_for(world.observer).get(f"/n/{world.network.slug}/")
    assert f'href="{base(world)}"' in response.content.decode()


def test_a_company_sees_its_own_offers_and_the_published_ones(world: World) -> None:
    own_draft = offer(world, title="Eigener Entwurf")
    published = offer(
        world,
        "published",
        title="Veröffentlicht",
        employer=world.other_member,
        actor=world.coordinator,
    )
    others_draft = offer(
        world, title="Fremder Entwurf", employer=world.other_member, actor=world.coordinator
    )

    seen = {
        role: client_for(world.users[role]).get(base(world)).content.decode()
        for role in ("coordinator", "company", "other_company", "observer")
    }

    assert all(o.title in seen["coordinator"] for o in (own_draft, published, others_draft))
    assert own_draft.title in seen["company"] and published.title in seen["company"]
    assert others_draft.title not in seen["company"]
    assert (
        others_draft.title in seen["other_company"] and own_draft.title not in seen["other_company"]
    )
    assert published.title in seen["observer"]
    assert own_draft.title not in seen["observer"] and others_draft.title not in seen["observer"]


def test_the_return_reason_is_shown_to_the_company_not_to_others(world: World) -> None:
    returned = offer(world, "returned")
    url = f"{base(world)}{returned.pk}/"
    assert "Bitte Gehalt angeben." in client_for(world.company).get(url).content.decode()
    assert "Bitte Gehalt angeben." in client_for(world.coordinator).get(url).content.decode()
    # published again after a change: the reason is cleared, others never saw it
    client_for(world.company).post(f"{url}submit/")
    client_for(world.coordinator).post(f"{url}publish/")
    returned.refresh_from_db()
    assert returned.status == "published" and returned.return_reason == ""
    assert "Bitte Gehalt angeben." not in client_for(world.observer).get(url).content.decode()


def test_history_for_coordinators_only(world: World) -> None:
    target = offer(world, "published")
    url = f"{base(world)}{target.pk}/"
    assert 'id="history-heading"' in client_for(world.coordinator).get(url).content.decode()
    assert 'id="history-heading"' not in client_for(world.company).get(url).content.decode()


def test_script_in_a_description_never_reaches_the_page(world: World) -> None:
    target = offer(
        world,
        "published",
        description='Hallo <script>alert("x")</script> <img src=x onerror=alert(1)> **fett**',
    )
    page = client_for(world.observer).get(f"{base(world)}{target.pk}/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page
    assert "<strong>fett</strong>" in page


def test_the_detail_shows_the_isco_chain_esco_and_attribution(world: World) -> None:
    target = offer(world, "published", esco_occupation=world.nurse)
    page = client_for(world.observer).get(f"{base(world)}{target.pk}/").content.decode()
    for text in ("2 Professionals", "222 Nursing and midwifery professionals", "2221 Nursing"):
        assert text in page
    assert "specialist nurse" in page
    assert "ESCO classification of the European Commission" in page


def post_data(world: World, **overrides: Any) -> dict[str, Any]:
    today = network_today(world.network)
    data = {
        "employer": world.employer.pk,
        "title": "Pflegefachkraft (m/w/d)",
        "description": "Wir suchen Sie.",
        "kind": "job",
        "working_time": "full_time",
        "duration": "permanent",
        "openings": "2",
        "isco_code": "2221",
        "esco_uri": world.nurse.uri,
        "locality": "Torgau",
        "municipality": world.town.pk,
        "country": "DE",
        "valid_through": (today + dt.timedelta(days=40)).isoformat(),
        "apply_email": "jobs@elbaue.example.org",
        "target_groups": ["returnees", "commuters"],
    }
    data.update(overrides)
    return data


def test_a_company_creates_submits_and_the_coordinator_publishes(world: World) -> None:
    company = client_for(world.company)
    form = company.get(f"{base(world)}new/").content.decode()
    # occupation: the unit groups by code; municipality: the network's regions
    assert '<option value="2221">2221 Nursing professionals</option>' in form
    assert '<option value="222">' not in form
    assert f'<option value="{world.town.pk}">Torgau</option>' in form
    assert world.other_member.name not in form  # only the organisations it acts for

    response = company.post(f"{base(world)}new/", post_data(world))
    assert response.status_code == 302
    created = JobOffer.objects.get()
    assert (created.status, created.esco_occupation, created.openings) == (
        "draft",
        world.nurse,
        2,
    )
    assert sorted(created.groups.values_list("group", flat=True)) == ["commuters", "returnees"]

    company.post(f"{base(world)}{created.pk}/submit/")
    queue = client_for(world.coordinator).get(f"{base(world)}review/").content.decode()
    assert created.title in queue

    response = client_for(world.coordinator).post(
        f"{base(world)}{created.pk}/return/", {"reason": "Bitte Gehalt angeben."}
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == "returned"

    company.post(f"{base(world)}{created.pk}/edit/", post_data(world, salary="3.200 €"))
    company.post(f"{base(world)}{created.pk}/submit/")
    client_for(world.coordinator).post(f"{base(world)}{created.pk}/publish/")
    created.refresh_from_db()
    assert (created.status, created.salary, created.date_posted) == (
        "published",
        "3.200 €",
        network_today(world.network),
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_through": "2001-01-01"}, "valid_through", "cannot be in the past"),
        ({"isco_code": "222"}, "isco_code", "Select a valid choice"),
        ({"apply_email": ""}, "apply_url", "Say how to apply"),
        ({"esco_uri": "https://example.org/x"}, "esco_uri", "not the address of an ESCO"),
    ],
)
def test_the_form_refuses_bad_input_and_saves_nothing(
    world: World, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = client_for(world.company).post(f"{base(world)}new/", post_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JobOffer.objects.exists()


def test_a_refused_action_shows_the_message(world: World) -> None:
    target = offer(world, "submitted")
    JobOffer.objects.filter(pk=target.pk).update(apply_email="")
    response = client_for(world.coordinator).post(f"{base(world)}{target.pk}/publish/", follow=True)
    assert "Say how to apply" in response.content.decode()
    target.refresh_from_db()
    assert target.status == "submitted"


def test_ending_asks_first_then_ends(world: World) -> None:
    target = offer(world, "published")
    url = f"{base(world)}{target.pk}/end/"
    page = client_for(world.company).get(url).content.decode()
    assert 'value="filled"' in page and 'value="withdrawn"' in page
    assert 'value="expired"' not in page  # the coordinator's
    client_for(world.company).post(url, {"status": "filled"})
    target.refresh_from_db()
    assert target.status == "filled"


def test_filters_search_and_sorting(world: World) -> None:
    nurse = offer(world, "published", title="Pflegefachkraft Nachtdienst")
    welder = offer(
        world,
        "published",
        title="Schweißer",
        isco_code="7212",
        kind="apprenticeship",
        employer=world.other_member,
        actor=world.coordinator,
    )
    client = client_for(world.coordinator)

    def titles(query: str) -> set[str]:
        page = client.get(f"{base(world)}?{query}").content.decode()
        return {o.title for o in (nurse, welder) if o.title in page}

    assert titles("isco=7") == {welder.title}
    assert titles("isco=2") == {nurse.title}
    assert titles("kind=apprenticeship") == {welder.title}
    assert titles(f"employer={world.other_member.pk}") == {welder.title}
    assert titles("q=nachtdienst") == {nurse.title}
    assert titles("status=draft") == set()
    page = client.get(f"{base(world)}?sort=title").content.decode()
    assert page.index(nurse.title) < page.index(welder.title)
    page = client.get(f"{base(world)}?sort=-title").content.decode()
    assert page.index(welder.title) < page.index(nurse.title)


def test_the_export_has_the_documented_columns(world: World) -> None:
    target = offer(
        world, "published", esco_occupation=world.nurse, target_groups=["commuters", "returnees"]
    )
    client = client_for(world.coordinator)

    data = json.loads(client.get(f"{base(world)}offers.json").content)
    assert data["schema"] == "samverk.jobs.offers/1" and data["network"] == world.network.slug
    (row,) = data["offers"]
    assert list(row) == list(exports.COLUMNS)
    assert row["isco_code"] == "2221" and row["esco_uri"] == world.nurse.uri
    assert row["target_groups"] == ["commuters", "returnees"]
    assert row["valid_through"] == target.valid_through.isoformat()
    assert row["municipality_code"] == world.town.code

    english = client.get(f"{base(world)}offers.csv")
    assert english["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(english.content.decode("utf-8-sig"))))
    assert rows[0] == list(exports.COLUMNS)
    assert rows[1][exports.COLUMNS.index("target_groups")] == "commuters returnees"

    german = client_for(world.coordinator, "de").get(f"{base(world)}offers.csv")
    header = german.content.decode("utf-8-sig").splitlines()[0]
    assert header == ";".join(exports.COLUMNS)  # the schema's names in every language


def test_the_export_holds_only_what_the_user_reads(world: World) -> None:
    offer(world, title="Entwurf")
    offer(world, "published", title="Öffentlich")
    data = json.loads(client_for(world.observer).get(f"{base(world)}offers.json").content)
    assert [row["title"] for row in data["offers"]] == ["Öffentlich"]


def test_a_formula_in_the_csv_is_neutralised(world: World) -> None:
    offer(world, "published", title="=HYPERLINK(1)")
    content = client_for(world.coordinator).get(f"{base(world)}offers.csv").content.decode()
    assert "'=HYPERLINK(1)" in content


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_suffix", ["", "review/", "offers.json", "offers.csv"])
def test_the_query_count_is_constant(world: World, url_suffix: str) -> None:
    client = client_for(world.coordinator)
    url = f"{base(world)}{url_suffix}"
    status = "submitted" if url_suffix == "review/" else "published"
    for _ in range(2):
        offer(world, status, target_groups=["returnees"])
    client.get(url)
    small = count_queries(client, url)
    for _ in range(8):
        offer(
            world,
            status,
            target_groups=["commuters"],
            employer=world.other_member,
            actor=world.coordinator,
        )
    assert count_queries(client, url) == small


def test_the_dashboard_shows_what_waits(world: World) -> None:
    offer(world, "submitted")
    offer(world, "returned")
    dashboard = f"/n/{world.network.slug}/"
    coordinator = client_for(world.coordinator).get(dashboard).content.decode()
    assert "1 job offer waits for review" in coordinator
    company = client_for(world.company).get(dashboard).content.decode()
    assert "1 of your job offers was returned" in company
    assert "waits for review" not in company
    assert (
        'id="job-offers-heading"' not in client_for(world.observer).get(dashboard).content.decode()
    )
    other = client_for(world.other_company).get(dashboard).content.decode()
    assert 'id="job-offers-heading"' not in other
