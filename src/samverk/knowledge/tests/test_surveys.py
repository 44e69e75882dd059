"""Company needs surveys: the coordinator sets one up, invites member companies and other
employers, opens it (the invitations leave through the mail queue with personal links),
reminds; employers answer by their link without an account (refused after the deadline and a
second time); the results are aggregated with disclosure control and published as a data
set; only coordinators see surveys and raw answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.models import OutgoingMail
from samverk.jobs.tests.factories import make_world
from samverk.knowledge import results, survey_services
from samverk.knowledge.models import Invitation, Response, Survey, Vintage
from samverk.networks.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2199, 12, 31)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SAMVERK_SITE_URL = "https://samverk.example.org"
    world = make_world()
    PersonFactory.create(organisation=world.employer, email="hr@elbaue.example.org")
    world.employer.region = world.town
    world.employer.sector = "Q"
    world.employer.save()
    return world


def _survey(world, **kw) -> Survey:
    return survey_services.create_survey(
        actor=world.coordinator,
        network=world.network,
        title="Fachkräftebedarf 2027",
        deadline=kw.pop("deadline", DEADLINE),
        occupations=[world.groups["2221"], world.groups["7212"]],
        **kw,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def test_invite_open_remind_answer_and_refusals(world) -> None:
    survey = _survey(world)
    invited = survey_services.invite(
        actor=world.coordinator,
        survey=survey,
        organisations=[world.employer, world.other_member],
        addresses=[("Stadtwerke Torgau", "personal@stadtwerke.example.org")],
    )
    assert (invited.added, invited.already, invited.without_address) == (
        2,
        0,
        ["Torgauer Metallbau GmbH"],
    )
    again = survey_services.invite(
        actor=world.coordinator, survey=survey, addresses=[("", "PERSONAL@stadtwerke.example.org")]
    )
    assert (again.added, again.already) == (0, 1)
    assert not OutgoingMail.objects.exists()  # nothing goes out before the survey opens
    with pytest.raises(PermissionDenied):
        survey_services.open_survey(actor=world.observer, survey=survey)
    assert survey_services.open_survey(actor=world.coordinator, survey=survey) == 2
    mails = list(OutgoingMail.objects.order_by("to"))
    assert [m.to for m in mails] == [["hr@elbaue.example.org"], ["personal@stadtwerke.example.org"]]
    invitation = Invitation.objects.get(email="hr@elbaue.example.org")
    assert f"https://samverk.example.org/survey/{invitation.token}/" in mails[0].body
    assert mails[0].sensitive

    line = survey_services.Line(world.groups["2221"], vacancies=4, hires_12=6, hires_24=9)
    response = survey_services.answer(token=invitation.token, lines=[line], difficulties="severe")
    # the member company's region and sector are taken from its record
    assert (response.region, response.sector) == (world.town, "Q")
    with pytest.raises(ValidationError, match="used to answer already"):
        survey_services.answer(token=invitation.token, lines=[line])
    other = Invitation.objects.get(email="personal@stadtwerke.example.org")
    with pytest.raises(ValidationError, match="answers are no longer taken"):
        survey_services.answer(token=other.token, lines=[line], today=DEADLINE + dt.timedelta(1))
    welder_only = survey_services.Line(world.groups["2221"], 1, 1, 1)
    foreign = survey_services.Line(world.groups["2"], 1, 1, 1)
    with pytest.raises(ValidationError, match="only for the occupations"):
        survey_services.answer(token=other.token, lines=[welder_only, foreign])
    assert Response.objects.count() == 1

    assert survey_services.send_reminders(actor=world.coordinator, survey=survey) == 1
    reminder = OutgoingMail.objects.get(kind=survey_services.REMINDER_MAIL)
    assert reminder.to == ["personal@stadtwerke.example.org"]
    # the questions stay as they were sent
    with pytest.raises(ValidationError, match="questions and occupations stay"):
        survey_services.update_survey(
            actor=world.coordinator, survey=survey, occupations=[world.groups["2221"]]
        )
    survey_services.close_survey(actor=world.coordinator, survey=survey)
    with pytest.raises(ValidationError, match="not open"):
        survey_services.answer(token=other.token, lines=[line])


def _answers(world, survey, per_town: dict[str, list[int]]) -> None:
    """Employers in towns answer vacancies for the nurse group (hires = vacancies)."""
    from samverk.networks.tests.factories import RegionFactory

    for town, vacancies in per_town.items():
        region = RegionFactory.create(code=f"T-{town}", name=town, level="municipality")
        for i, count in enumerate(vacancies):
            company = OrganisationFactory.create(
                network=world.network, name=f"{town} {i}", region=region, sector="C"
            )
            PersonFactory.create(organisation=company, email=f"{town}{i}@example.org")
            survey_services.invite(actor=world.coordinator, survey=survey, organisations=[company])
    survey_services.open_survey(actor=world.coordinator, survey=survey)
    for invitation in Invitation.objects.filter(survey=survey):
        town, index = invitation.name.rsplit(" ", 1)
        count = per_town[town][int(index)]
        survey_services.answer(
            token=invitation.token,
            lines=[survey_services.Line(world.groups["2221"], count, count, count)],
        )


def test_results_hide_small_and_dominated_cells_and_become_a_data_set(world) -> None:
    survey = _survey(world)
    _answers(world, survey, {"Torgau": [5, 4, 6], "Oschatz": [30, 1, 1], "Eilenburg": [7]})
    [vacancies, *_rest] = results.results(survey, "region")
    table = {label: cells for _code, label, cells in vacancies.lines()}
    columns = [label for _code, label in vacancies.columns]
    nurses = dict(zip([*columns, "total"], table["Nursing professionals"], strict=True))
    assert nurses["Torgau"] == 15.0
    assert nurses["Oschatz"] is None  # one employer makes 30 of 32
    assert nurses["Eilenburg"] is None  # one respondent
    assert nurses["total"] == 54.0
    assert vacancies.suppressed >= 2

    client = _client(world.coordinator)
    page = client.get(f"/n/nordsachsen/knowledge/surveys/{survey.pk}/results/").content.decode()
    assert 'title="suppressed">x</abbr>' in page and ">15<" in page and ">30<" not in page
    published = client.post(f"/n/nordsachsen/knowledge/surveys/{survey.pk}/publish/")
    assert published.status_code == 302
    vintage = Vintage.objects.get()
    assert vintage.source_format == "survey"
    assert vintage.dimension("occupation")["role"] == "occupation"
    from samverk.knowledge import store

    rows = store.all_rows(vintage.parquet.path, {})
    hidden = [r for r in rows if r["value"] is None]
    assert hidden and all(r["status"] == "x" for r in hidden)
    assert 30.0 not in [r["value"] for r in rows]
    survey.refresh_from_db()
    assert survey.results == vintage.data_set


def test_the_answer_page_by_link_and_who_sees_what(world) -> None:
    survey = _survey(world)
    survey_services.invite(
        actor=world.coordinator, survey=survey, addresses=[("Stadtwerke", "sw@example.org")]
    )
    invitation = Invitation.objects.get()
    url = f"/survey/{invitation.token}/"
    anonymous = Client()
    anonymous.cookies["samverk_language"] = "en"
    assert anonymous.get(url).status_code == 410  # not open yet
    survey_services.open_survey(actor=world.coordinator, survey=survey)
    page = anonymous.get(url)
    assert page.status_code == 200
    assert "Nursing professionals" in page.content.decode()
    nurse = world.groups["2221"].pk
    refused = anonymous.post(url, {f"vacancies_{nurse}": "-1"})
    assert refused.status_code == 200 and not Response.objects.exists()
    done = anonymous.post(
        url,
        {
            f"vacancies_{nurse}": "3",
            f"hires_12_{nurse}": "5",
            "region": world.town.pk,
            "sector": "D",
            "difficulties": "some",
            "training_needs": "Pflegeassistenz",
        },
    )
    assert done.status_code == 302
    shown = anonymous.get(url).content.decode()
    assert "This is what you answered" in shown and "Pflegeassistenz" in shown
    assert anonymous.get("/survey/not-a-token/").status_code == 404

    pages = [
        "/n/nordsachsen/knowledge/surveys/",
        f"/n/nordsachsen/knowledge/surveys/{survey.pk}/",
        f"/n/nordsachsen/knowledge/surveys/{survey.pk}/results/",
        "/n/nordsachsen/knowledge/surveys/new/",
    ]
    for who, code in (
        ("coordinator", 200),
        ("company", 403),
        ("partner", 403),
        ("observer", 403),
        ("outsider", 404),
    ):
        client = _client(getattr(world, who))
        for address in pages:
            assert client.get(address).status_code == code, (who, address)
    detail = _client(world.coordinator).get(pages[1]).content.decode()
    assert "1 of 1 (100 %)" in detail and "sw@example.org" in detail
