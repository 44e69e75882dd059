"""The charter, its versions and obligations, and the members' yearly self-check."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import Federation, OutgoingMail
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory
from samverk.networks.models import Membership
from samverk.networks.tests.factories import (
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)
from samverk.strategy import charter_services as services
from samverk.strategy.models import Charter, CharterVersion, SelfCheck

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def network():
    return NetworkFactory.create(slug="barnim", name="Netzwerk Barnim", language="en")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def member(network, name):
    organisation = OrganisationFactory.create(network=network, name=name)
    MembershipFactory.create(
        network=network,
        organisation=organisation,
        since=dt.date(2020, 1, 1),
        budget_amount=Decimal("5000.00"),
    )
    return organisation


def charter_with_obligations(network, coordinator):
    charter = services.save_charter(
        actor=coordinator,
        network=network,
        title="Gemeinsames Leitbild",
        who_we_are="Wir sind ein Netzwerk.",
        what_we_want="Fachkräfte sichern.",
        how_we_work="Verbindlich.",
    )
    services.add_obligation(
        actor=coordinator,
        charter=charter,
        text="Eine entscheidungsbefugte Vertretung zu jeder Sitzung entsenden",
        measure="authorised_attendance",
    )
    services.add_obligation(
        actor=coordinator, charter=charter, text="Jährlich ein festes Budget", measure="budget"
    )
    return charter


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def test_each_change_of_the_text_is_a_version_with_its_differences(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    decision = DecisionFactory.create(meeting=MeetingFactory.create(network=network))

    services.save_charter(
        actor=coordinator,
        network=network,
        how_we_work="Verbindlich.\nTransparent.",
        adopted_by=decision,
    )
    services.save_charter(actor=coordinator, network=network, title="Gemeinsames Leitbild")

    versions = list(CharterVersion.objects.filter(charter=charter).order_by("number"))
    assert [(v.number, v.adopted_by) for v in versions] == [(1, None), (2, decision)]
    page = client_for(coordinator).get("/n/barnim/strategy/charter/versions/2/").content.decode()
    assert "<ins>" in page and "Transparent." in page
    assert f"adopted by decision {decision.reference}" in page


def test_adoption_by_a_recommendation_is_refused(network, coordinator):
    recommendation = DecisionFactory.create(
        meeting=MeetingFactory.create(network=network), binding=False
    )
    with pytest.raises(ValidationError) as refused:
        services.save_charter(
            actor=coordinator, network=network, title="Leitbild", adopted_by=recommendation
        )
    assert "binding decision" in " ".join(refused.value.message_dict["adopted_by"])
    assert not Charter.objects.exists()


def test_a_shared_charter_is_the_charter_of_the_federation(network, coordinator):
    federation = Federation.objects.create(name="Barnim-Uckermark", slug="bu")
    network.federation = federation
    network.save()
    uckermark = NetworkFactory.create(slug="uckermark", federation=federation)
    elsewhere = NetworkFactory.create(slug="elsewhere")
    charter = charter_with_obligations(network, coordinator)
    reader = user_with_role(uckermark, RoleKind.OBSERVER)
    stranger = user_with_role(elsewhere, RoleKind.COORDINATOR)

    assert (
        "Gemeinsames Leitbild"
        not in client_for(reader).get("/n/uckermark/strategy/charter/").content.decode()
    )
    services.save_charter(actor=coordinator, network=network, shared=True)
    page = client_for(reader).get("/n/uckermark/strategy/charter/").content.decode()

    assert "Gemeinsames Leitbild" in page and "shared by Netzwerk Barnim" in page
    assert "Edit the charter" not in page
    assert not Charter.objects.visible_to(stranger).filter(pk=charter.pk).exists()
    assert client_for(stranger).get("/n/barnim/strategy/charter/").status_code == 404


def test_sharing_needs_a_federation(network, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.save_charter(actor=coordinator, network=network, title="L", shared=True)
    assert "shared" in refused.value.message_dict


def test_a_member_answers_the_self_check_and_the_coordinator_sees_the_matrix(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    kreis = member(network, "Landkreis Barnim")
    member(network, "Agentur für Arbeit")
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    attendance, budget = charter.obligations.order_by("position")
    url = f"/n/barnim/strategy/self-check/{YEAR}/"

    form = client_for(partner).get(url).content.decode()
    assert "Answers of Landkreis Barnim" in form
    assert "Agentur für Arbeit" not in form  # a member sees only its own row
    response = client_for(partner).post(
        url,
        {
            "organisation": kreis.pk,
            f"answer_{attendance.pk}": "partly",
            f"comment_{attendance.pk}": "Zweimal ohne Vollmacht",
            f"answer_{budget.pk}": "met",
        },
    )
    assert response.status_code == 302
    assert {(a.obligation_id, a.answer) for a in SelfCheck.objects.all()} == {
        (attendance.pk, "partly"),
        (budget.pk, "met"),
    }

    matrix = client_for(coordinator).get(url).content.decode()
    assert "1 member has not answered every obligation." in matrix
    assert "partly met" in matrix and "Zweimal ohne Vollmacht" in matrix
    assert "5,000.00 EUR" in matrix  # the committed budget beside the answer


def test_an_answer_for_another_member_is_refused_and_nothing_is_saved(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    kreis = member(network, "Landkreis Barnim")
    other = member(network, "Agentur für Arbeit")
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    obligation = charter.obligations.first()

    response = client_for(partner).post(
        f"/n/barnim/strategy/self-check/{YEAR}/",
        {"organisation": other.pk, f"answer_{obligation.pk}": "met"},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.answer_self_check(
            actor=partner,
            network=network,
            obligation=obligation,
            organisation=other,
            year=YEAR,
            answer="met",
        )
    assert not SelfCheck.objects.exists()


def test_a_comment_without_an_answer_is_a_field_error(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    kreis = member(network, "Landkreis Barnim")
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    first, second = charter.obligations.order_by("position")

    response = client_for(partner).post(
        f"/n/barnim/strategy/self-check/{YEAR}/",
        {
            "organisation": kreis.pk,
            f"answer_{first.pk}": "met",
            f"comment_{second.pk}": "Kommt noch",
        },
    )

    assert response.status_code == 200
    assert "Choose an answer for your comment or evidence." in response.content.decode()
    assert not SelfCheck.objects.exists()


def test_reminders_go_to_the_representatives_of_members_without_every_answer(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    done, waiting = member(network, "Fertig GmbH"), member(network, "Wartend AG")
    for organisation, address in ((done, "done@example.test"), (waiting, "wait@example.test")):
        MandateFactory.create(
            membership=organisation.memberships.get(),
            person=PersonFactory.create(organisation=organisation, email=address),
            valid_from=dt.date(2020, 1, 1),
        )
    for obligation in charter.obligations.all():
        services.answer_self_check(
            actor=coordinator,
            network=network,
            obligation=obligation,
            organisation=done,
            year=YEAR,
            answer="met",
        )

    response = client_for(coordinator).post(f"/n/barnim/strategy/self-check/{YEAR}/remind/")

    assert response.status_code == 302
    mails = list(OutgoingMail.objects.filter(kind=services.REMINDER_KIND))
    assert [m.to for m in mails] == [["wait@example.test"]]
    assert f"/n/barnim/strategy/self-check/{YEAR}/" in mails[0].body
    assert "Wartend AG" in mails[0].subject


def test_the_coordinator_exports_the_self_check(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    kreis = member(network, "Landkreis Barnim")
    services.answer_self_check(
        actor=coordinator,
        network=network,
        obligation=charter.obligations.first(),
        organisation=kreis,
        year=YEAR,
        answer="not_met",
        comment="Keine Vollmacht",
    )

    response = client_for(coordinator).get(f"/n/barnim/strategy/self-check/{YEAR}.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["member", "obligation", "answer", "comment"]
    assert rows[1][:4] == [
        "Landkreis Barnim",
        "Eine entscheidungsbefugte Vertretung zu jeder Sitzung entsenden",
        "not met",
        "Keine Vollmacht",
    ]
    assert len(rows) == 3  # one row per member and obligation
    observer = user_with_role(network, RoleKind.OBSERVER)
    assert client_for(observer).get(f"/n/barnim/strategy/self-check/{YEAR}.xlsx").status_code == 403


@pytest.mark.parametrize("role", [RoleKind.OBSERVER, RoleKind.PARTNER_REPRESENTATIVE])
def test_only_coordinators_write_the_charter(network, coordinator, role):
    charter = charter_with_obligations(network, coordinator)
    user = user_with_role(network, role)
    client = client_for(user)
    for url in (
        "/n/barnim/strategy/charter/edit/",
        "/n/barnim/strategy/charter/obligations/new/",
        f"/n/barnim/strategy/charter/obligations/{charter.obligations.first().pk}/edit/",
    ):
        assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_obligation(actor=user, charter=charter, text="x")
    page = client.get("/n/barnim/strategy/charter/").content.decode()
    assert "Gemeinsames Leitbild" in page and "Jährlich ein festes Budget" in page


def test_the_dashboard_links_the_charter_and_counts_the_self_check(network, coordinator):
    charter_with_obligations(network, coordinator)
    member(network, "Landkreis Barnim")

    page = client_for(coordinator).get("/n/barnim/").content.decode()

    assert "Gemeinsames Leitbild" in page
    assert "0 of 1 members have answered every obligation." in page


def test_the_strategy_charter_replaces_the_federations_charter_page(network, coordinator):
    federation = Federation.objects.create(name="Barnim-Uckermark", slug="bu", charter="Alt.")
    network.federation = federation
    network.save()
    client = client_for(coordinator)
    assert "Charter of Barnim-Uckermark" in client.get("/n/barnim/").content.decode()
    assert client.get("/n/barnim/charter/").status_code == 200

    charter_with_obligations(network, coordinator)

    assert "Charter of Barnim-Uckermark" not in client.get("/n/barnim/").content.decode()
    response = client.get("/n/barnim/charter/")
    assert response.status_code == 302 and response["Location"] == "/n/barnim/strategy/charter/"


def _cells(page: str, member_pk: int, obligation_pk: int) -> list[str]:
    """The cells of a member's row in an obligation's table of the year-over-year page, as
    text."""
    section = page.split(f'id="obligation-{obligation_pk}"', 2)[-1].split("</section>")[0]
    row = section.split(f'data-member="{member_pk}">')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def _totals(page: str, obligation_pk: int) -> dict[str, list[str]]:
    section = page.split(f'id="obligation-{obligation_pk}"', 2)[-1].split("</section>")[0]
    rows = re.findall(r'<tr data-total="([a-z_]+)">(.*?)</tr>', section, re.S)
    return {
        kind: [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][:-1]
        for kind, row in rows
    }


def _answers_over_years(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    attendance, budget = list(charter.obligations.order_by("position"))
    kreis = member(network, "Landkreis Barnim")
    newcomer = OrganisationFactory.create(network=network, name="Neu GmbH")
    MembershipFactory.create(network=network, organisation=newcomer, since=dt.date(2025, 3, 1))
    for year, answer in ((2023, "not_met"), (2024, "partly"), (2025, "met")):
        services.answer_self_check(
            actor=coordinator,
            network=network,
            obligation=attendance,
            organisation=kreis,
            year=year,
            answer=answer,
        )
    services.answer_self_check(
        actor=coordinator,
        network=network,
        obligation=attendance,
        organisation=newcomer,
        year=2025,
        answer="partly",
    )
    services.answer_self_check(
        actor=coordinator,
        network=network,
        obligation=budget,
        organisation=kreis,
        year=2025,
        answer="met",
    )
    services.answer_self_check(
        actor=coordinator,
        network=network,
        obligation=budget,
        organisation=kreis,
        year=2024,
        answer="met",
    )
    return attendance, budget, kreis, newcomer


def test_the_coordinator_compares_the_self_check_year_over_year(network, coordinator):
    attendance, budget, kreis, newcomer = _answers_over_years(network, coordinator)

    page = client_for(coordinator).get("/n/barnim/strategy/self-check/2025/years/").content.decode()

    assert "Self-check 2023–2025 year over year" in page
    assert _cells(page, kreis.pk, attendance.pk) == ["not met", "partly met", "met", "↑ better"]
    assert _cells(page, newcomer.pk, attendance.pk) == [
        "not a member",
        "not a member",
        "partly met",
        "–",
    ]
    assert _cells(page, kreis.pk, budget.pk) == ["no answer", "met", "met", "= unchanged"]
    assert _cells(page, newcomer.pk, budget.pk) == [
        "not a member",
        "not a member",
        "no answer",
        "–",
    ]
    assert _totals(page, attendance.pk) == {
        "met": ["0", "0", "1"],
        "partly": ["0", "1", "1"],
        "not_met": ["1", "0", "0"],
        "none": ["0", "0", "0"],
    }
    assert _totals(page, budget.pk)["none"] == ["1", "0", "1"]
    # the year's page links here; the range moves by a year
    assert (
        "/n/barnim/strategy/self-check/2025/years/"
        in client_for(coordinator).get("/n/barnim/strategy/self-check/2025/").content.decode()
    )
    earlier = client_for(coordinator).get("/n/barnim/strategy/self-check/2024/years/")
    assert _cells(earlier.content.decode(), kreis.pk, attendance.pk) == [
        "no answer",
        "not met",
        "partly met",
        "↑ better",
    ]


def test_a_member_compares_only_its_own_answers(network, coordinator):
    attendance, _budget, kreis, newcomer = _answers_over_years(network, coordinator)
    representative = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    observer = user_with_role(network, RoleKind.OBSERVER)
    stranger = user_with_role(NetworkFactory.create(slug="elsewhere"), RoleKind.COORDINATOR)
    url = "/n/barnim/strategy/self-check/2025/years/"

    page = client_for(representative).get(url).content.decode()

    assert _cells(page, kreis.pk, attendance.pk)[:3] == ["not met", "partly met", "met"]
    assert f'data-member="{newcomer.pk}"' not in page and "Neu GmbH" not in page
    assert 'data-total="' not in page and "Download" not in page  # the totals are the network's
    assert client_for(representative).get(url.replace("years/", "years.xlsx")).status_code == 403
    assert client_for(observer).get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404


def test_the_coordinator_exports_the_years_compared(network, coordinator):
    attendance, _budget, _kreis, _newcomer = _answers_over_years(network, coordinator)

    response = client_for(coordinator).get("/n/barnim/strategy/self-check/2025/years.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["member", "obligation", "2023", "2024", "2025", "change"]
    assert rows[1] == [
        "Landkreis Barnim",
        attendance.text,
        "not met",
        "partly met",
        "met",
        "better",
    ]
    assert rows[2] == ["Neu GmbH", attendance.text, "–", "–", "partly met", None]
    assert len(rows) == 5  # two members, two obligations
    assert (
        client_for(coordinator).get("/n/barnim/strategy/self-check/2025/years.pdf").status_code
        == 404
    )


def test_the_years_compared_run_the_same_queries_for_more_members(network, coordinator, settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    charter = charter_with_obligations(network, coordinator)
    client = client_for(coordinator)
    url = "/n/barnim/strategy/self-check/2025/years/"

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_members(count: int, start: int) -> None:
        for k in range(start, start + count):
            organisation = member(network, f"Mitglied {k:02}")
            for year in (2023, 2024, 2025):
                for obligation in charter.obligations.all():
                    services.answer_self_check(
                        actor=coordinator,
                        network=network,
                        obligation=obligation,
                        organisation=organisation,
                        year=year,
                        answer="partly",
                    )

    add_members(2, 0)
    few = queries()
    add_members(10, 2)
    assert queries() == few


def test_what_data_shows_pre_fills_the_evidence_of_an_unanswered_obligation(network, coordinator):
    charter = charter_with_obligations(network, coordinator)
    kreis = member(network, "Landkreis Barnim")
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    attendance, budget = charter.obligations.order_by("position")
    last_year = clock.network_today(network).year - 1  # today's figures are for recent years
    url = f"/n/barnim/strategy/self-check/{last_year}/"

    form = client_for(partner).get(url).content.decode()
    evidence = re.search(
        rf'<textarea name="evidence_{budget.pk}"[^>]*>\s*(.*?)</textarea>', form, re.S
    )
    assert evidence is not None and evidence.group(1).strip() == "5,000.00 EUR"
    # left as filled in beside an obligation not answered: no answer, nothing saved for it
    response = client_for(partner).post(
        url,
        {
            "organisation": kreis.pk,
            f"answer_{attendance.pk}": "met",
            f"evidence_{budget.pk}": evidence.group(1).strip(),
        },
    )
    assert response.status_code == 302
    assert [(a.obligation_id, a.answer) for a in SelfCheck.objects.all()] == [
        (attendance.pk, "met")
    ]
    # once answered, the member's own evidence is shown, not the figure
    client_for(partner).post(
        url,
        {
            "organisation": kreis.pk,
            f"answer_{budget.pk}": "met",
            f"evidence_{budget.pk}": "Beschluss des Kreistags 12/2024",
        },
    )
    assert SelfCheck.objects.get(obligation=budget).evidence == "Beschluss des Kreistags 12/2024"
    form = client_for(partner).get(url).content.decode()
    assert "Beschluss des Kreistags 12/2024" in form
    # an earlier year's self-check: today's figures are not its evidence
    Membership.objects.filter(organisation=kreis).update(since=dt.date(2000, 1, 1))
    earlier = client_for(partner).get(f"/n/barnim/strategy/self-check/{last_year - 3}/")
    empty = re.search(
        rf'<textarea name="evidence_{budget.pk}"[^>]*>\s*(.*?)</textarea>',
        earlier.content.decode(),
        re.S,
    )
    assert empty is not None and empty.group(1).strip() == ""


def test_a_network_with_its_own_charter_answers_only_its_own_obligations(network, coordinator):
    federation = Federation.objects.create(name="Barnim-Uckermark", slug="bu")
    uckermark = NetworkFactory.create(slug="uckermark", federation=federation)
    network.federation = federation
    network.save()
    shared = charter_with_obligations(network, coordinator)
    services.save_charter(actor=coordinator, network=network, shared=True)
    their_coordinator = user_with_role(uckermark, RoleKind.COORDINATOR)
    own = services.save_charter(
        actor=their_coordinator, network=uckermark, title="Leitbild Uckermark"
    )
    services.add_obligation(actor=their_coordinator, charter=own, text="Eigene Pflicht")
    kreis = OrganisationFactory.create(network=uckermark, name="Landkreis Uckermark")
    MembershipFactory.create(network=uckermark, organisation=kreis, since=dt.date(2020, 1, 1))

    with pytest.raises(ValidationError) as refused:
        services.answer_self_check(
            actor=their_coordinator,
            network=uckermark,
            obligation=shared.obligations.first(),
            organisation=kreis,
            year=YEAR,
            answer="met",
        )

    assert refused.value.message_dict == {
        "obligation": ["Choose an obligation of this network's charter."]
    }
    assert not SelfCheck.objects.exists()
    services.answer_self_check(
        actor=their_coordinator,
        network=uckermark,
        obligation=own.obligations.get(),
        organisation=kreis,
        year=YEAR,
        answer="met",
    )
    assert SelfCheck.objects.get().obligation.charter == own
