"""``samverk demo``: the networks of the seed documents, their accounts, and its safety rails.

The demo is loaded as of a fixed day (``TODAY``); what it promises for any day is checked in
``meetings/tests/test_demo.py`` and ``meetings/tests/test_demo_dates.py``."""

from __future__ import annotations

import datetime as dt
import math
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Federation, Network, NetworkRole, Region
from samverk.meetings.models import Meeting
from samverk.networks import demo
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

TODAY = dt.date(2026, 12, 2)  # the demo's today

SLUGS = {
    "barnim",
    "uckermark",
    "nordsachsen",
    "zukunft-bewegen",
    "hordaland",
    "more-og-romsdal",
    "ostfold",
    "norrbotten",
}
NORRBOTTEN_MUNICIPALITIES = {
    "Arjeplogs kommun": "2506",
    "Arvidsjaurs kommun": "2505",
    "Bodens kommun": "2582",
    "Gällivare kommun": "2523",
    "Haparanda stad": "2583",
    "Jokkmokks kommun": "2510",
    "Kalix kommun": "2514",
    "Kiruna kommun": "2584",
    "Luleå kommun": "2580",
    "Piteå kommun": "2581",
    "Pajala kommun": "2521",
    "Älvsbyns kommun": "2560",
    "Överkalix kommun": "2513",
    "Övertorneå kommun": "2518",
}


def load_demo() -> str:
    out = StringIO()
    # tests run with DEBUG off
    call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def active_members(slug: str, on: dt.date = TODAY) -> list[Any]:
    """The memberships active ``on`` a day, annotated with ``has_authorised_representative``."""
    return list(
        Membership.objects.for_network(Network.objects.get(slug=slug))
        .active(on)
        .with_representation(on)
        .select_related("organisation")
    )


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for a class of read-only tests and rolled back after it
    (loading goes through every service function and takes a few seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_output")
class TestLoadedDemo:
    def test_demo_loads_a_network_for_every_seed_system(self, demo_output):
        assert set(Network.objects.values_list("slug", flat=True)) == SLUGS
        assert {n.slug: (n.language, n.time_zone) for n in Network.objects.all()} == {
            "barnim": ("de", "Europe/Berlin"),
            "uckermark": ("de", "Europe/Berlin"),
            "nordsachsen": ("de", "Europe/Berlin"),
            "zukunft-bewegen": ("de", "Europe/Berlin"),
            "hordaland": ("nn", "Europe/Oslo"),
            "more-og-romsdal": ("nn", "Europe/Oslo"),
            "ostfold": ("nb", "Europe/Oslo"),
            "norrbotten": ("sv", "Europe/Stockholm"),
        }
        assert "Demo loaded: 8 networks." in demo_output
        assert "coordinator@norrbotten.example.org" in demo_output
        assert "Password for every demo account: samverk-demo" in demo_output

    def test_demo_prints_a_short_summary_not_a_line_per_meeting(self, demo_output):
        organisations, people = Organisation.objects.count(), Person.objects.count()
        summary = (
            f"  8 networks, {organisations} organisations, {people} people, "
            f"{Meeting.objects.count()} meetings, 0 mails queued"
        )
        assert summary in demo_output.splitlines()
        assert "Queued" not in demo_output
        # tests run with the locmem mail backend; the demo names where mail goes
        assert "mail sent while you try it goes through" in demo_output
        assert len(demo_output.splitlines()) < 30  # the summary, the accounts, the password

    def test_barnim_and_uckermark_share_the_leitbild_as_federation_charter(self):
        federation = Federation.objects.get()
        assert federation.slug == "barnim-uckermark"
        assert set(federation.networks.values_list("slug", flat=True)) == {"barnim", "uckermark"}
        assert federation.charter.startswith(
            "# Gemeinsames Leitbild für die Netzwerke Fachkräftesicherung Barnim und Uckermark\n"
        )
        assert (
            "sorgt dafür, dass an jeder Netzwerksitzung ein entscheidungsbefugter Vertreter "
            "seiner/ihrer Institution teilnimmt." in federation.charter
        )

    def test_the_partners_named_in_the_seeds_are_loaded_and_not_marked_as_examples(self):
        nordsachsen = Organisation.objects.filter(network__slug="nordsachsen", is_example=False)
        assert {
            "WFG Landkreis Nordsachsen",
            "Agentur für Arbeit Oschatz",
            "IHK Leipzig",
            "HTWK Leipzig",
            "Universität Leipzig",
            "Stadtverwaltung Delitzsch",
            "Stadtverwaltung Torgau",
            "Stadtverwaltung Oschatz",
            "Stadtverwaltung Eilenburg",
            "Stadtverwaltung Schkeuditz",
            "Wirtschaftsförderung Sachsen",
            "ZAROF",
            "Regionale Koordinierungsstelle für Berufs- und Studienorientierung (RKO)",
        } <= set(nordsachsen.values_list("name", flat=True))
        hordaland = Organisation.objects.filter(network__slug="hordaland", is_example=False)
        assert {
            "Universitetet i Bergen (UiB)",
            "Høgskulen på Vestlandet (HVL)",
            "NAV Hordaland",
            "Innovasjon Norge (IN)",
            "NHO Hordaland",
            "LO i Hordaland",
            "Bergen kommune",
        } <= set(hordaland.values_list("name", flat=True))
        steering = Arena.objects.get(network__slug="hordaland", kind="steering_group")
        assert steering.name == "Styringsgruppa"
        assert Arena.objects.filter(network__slug="hordaland", kind="reference_group").exists()
        assert Arena.objects.filter(network__slug="hordaland", kind="local_arena").count() == 2

        # Zukunft bewegen: the seed names the two project organisations, not the municipalities.
        zukunft = Organisation.objects.filter(network__slug="zukunft-bewegen")
        assert set(zukunft.filter(is_example=False).values_list("name", flat=True)) == {
            "Bildungswerk der Wirtschaft Sachsen-Anhalt e. V.",
            "AFoS e. V. Verein zur Förderung von Frauen und Jugendlichen",
        }
        municipalities = zukunft.filter(kind="municipality")
        assert municipalities.count() == 9
        assert all(m.is_example for m in municipalities)
        assert set(municipalities.values_list("region__parent__name", flat=True)) == {
            "Burgenlandkreis",
            "Saalekreis",
            "Landkreis Mansfeld-Südharz",
        }
        # Barnim's and Uckermark's seed names no partners at all.
        assert not Organisation.objects.filter(
            network__slug__in=["barnim", "uckermark"], is_example=False
        ).exists()

    def test_norrbotten_has_its_14_municipalities_as_members(self):
        members = [m for m in active_members("norrbotten") if m.organisation.kind == "municipality"]
        assert len(members) == 14
        assert {
            m.organisation.name: m.organisation.region and m.organisation.region.national_code
            for m in Membership.objects.filter(pk__in=[m.pk for m in members]).select_related(
                "organisation__region"
            )
        } == NORRBOTTEN_MUNICIPALITIES
        assert {m.currency for m in members} == {"SEK"}
        assert {a.name: a.kind for a in Arena.objects.filter(network__slug="norrbotten")} == {
            "Förbundsfullmäktige": "assembly",
            "Styrelsen": "board",
            "Nätverk för kompetensförsörjning": "working_group",
        }
        assembly = Arena.objects.get(network__slug="norrbotten", kind="assembly")
        assert assembly.members.count() == 14

    def test_regions_carry_the_official_codes(self):
        codes = {r.name: (r.level, r.nuts_code, r.national_code) for r in Region.objects.all()}
        assert codes["Landkreis Barnim"] == ("district", "DE40A", "12060")
        assert codes["Landkreis Uckermark"] == ("district", "DE40I", "12073")
        assert codes["Landkreis Nordsachsen"] == ("district", "DED53", "14730")
        assert codes["Norrbottens län"] == ("state", "SE332", "25")
        assert codes["Bergen"] == ("municipality", "", "4601")
        assert Region.objects.filter(name="Landkreis Barnim", parent__name="Brandenburg").exists()
        assert Network.objects.filter(
            slug="nordsachsen", home_region__name="Landkreis Nordsachsen"
        ).exists()

    def test_every_network_has_two_or_three_members_without_an_authorised_representative(self):
        for slug in SLUGS:
            missing = [m for m in active_members(slug) if not m.has_authorised_representative]
            assert 2 <= len(missing) <= 3, (slug, missing)
        # ... and a few representatives are not decision-authorised, some are deputies.
        assert Mandate.objects.filter(decision_authorised=False).exists()
        assert Mandate.objects.filter(role="deputy").exists()
        assert Membership.objects.filter(budget_amount__isnull=False).exists()

    def test_barnim_and_uckermark_members_without_authority_had_it_until_some_weeks_ago(self):
        """Their arenas need every member represented with authority: the representatives
        left after the joint meeting five months ago, so that one could decide bindingly."""
        today = TODAY
        for slug in ("barnim", "uckermark"):
            missing = [m for m in active_members(slug) if not m.has_authorised_representative]
            assert len(missing) == 3, slug
            for membership in missing:
                last = (
                    Mandate.objects.filter(membership=membership, decision_authorised=True)
                    .order_by("valid_until")
                    .last()
                )
                assert last is not None and last.valid_until is not None, membership
                assert last.valid_from <= today - dt.timedelta(days=365)
                assert (
                    dt.timedelta(weeks=11) <= today - last.valid_until <= dt.timedelta(weeks=20)
                ), membership

    def test_every_write_went_through_the_services_with_the_admin_as_actor(self):
        admin = User.objects.get(email="admin@example.org")
        assert admin.is_superuser
        for model in (Region, Network, Organisation, Membership, Person, Mandate, Arena):
            created = AuditRecord.objects.filter(
                content_type=ContentType.objects.get_for_model(model), action="create"
            )
            assert created.count() == model.objects.count(), model
            assert set(created.values_list("actor", flat=True)) == {admin.pk}, model

    def test_demo_accounts_have_their_roles_and_person_records(self):
        assert {a.email for a in demo.accounts()} == set(
            User.objects.values_list("email", flat=True)
        )
        for slug in SLUGS:
            assert NetworkRole.objects.filter(
                user__email=f"coordinator@{slug}.example.org",
                network__slug=slug,
                role=RoleKind.COORDINATOR,
            ).exists()
            partner = NetworkRole.objects.get(user__email=f"partner@{slug}.example.org")
            assert (partner.network.slug, partner.role) == (slug, RoleKind.PARTNER_REPRESENTATIVE)
            person = Person.objects.get(user=partner.user)
            assert person.organisation == partner.organisation
            assert partner.organisation.memberships.active(TODAY).exists()
        company = NetworkRole.objects.get(user__email="company@nordsachsen.example.org")
        assert (company.network.slug, company.role) == ("nordsachsen", RoleKind.COMPANY_CONTACT)
        assert company.organisation is not None
        assert company.organisation.kind == "company"
        assert Person.objects.get(user=company.user).organisation == company.organisation

    def test_every_demo_account_logs_in_and_coordinators_reach_their_dashboard(self, client):
        for account in demo.accounts():
            assert client.login(email=account.email, password="samverk-demo"), account.email
            if account.role == RoleKind.COORDINATOR:
                response = client.get(f"/n/{account.network}/")
                assert response.status_code == 200, account.email
                assert Network.objects.get(slug=account.network).name in response.content.decode()
            client.logout()

    def test_if_empty_changes_nothing_when_loaded(self):
        before = (Organisation.objects.count(), Person.objects.count(), AuditRecord.objects.count())

        out = StringIO()
        call_command("demo", "--if-empty", "--force", stdout=out)

        assert "demo already loaded" in out.getvalue()
        assert "coordinator@barnim.example.org" in out.getvalue()
        after = (Organisation.objects.count(), Person.objects.count(), AuditRecord.objects.count())
        assert after == before

    def test_a_second_load_without_if_empty_is_refused(self):
        organisations = Organisation.objects.count()

        with pytest.raises(CommandError, match="already has networks"):
            call_command("demo", "--force", stdout=StringIO())

        assert Organisation.objects.count() == organisations

    def test_a_former_member_left_at_the_end_of_a_year_some_years_ago(self):
        former = Membership.objects.get(organisation__name="Bildungszentrum Finowkanal e. V.")

        assert former.until == dt.date(2023, 12, 31)  # three years before TODAY's year
        assert not former.is_active(TODAY)
        assert former.organisation.name not in {
            m.organisation.name for m in active_members("barnim")
        }
        assert not former.organisation.arenas.exists()


def test_without_today_the_demo_is_loaded_as_of_the_networks_today(settings):
    """With DEBUG on it needs no --force. Without --today it is the real day's demo: Barnim's
    next meeting is ahead of now (by a week at least), the others were held, and three
    members have had no authorised representative for some weeks."""
    settings.DEBUG = True

    call_command("demo", stdout=StringIO())

    now = timezone.now()
    barnim = Network.objects.get(slug="barnim")
    meetings = Meeting.objects.filter(network=barnim).order_by("starts_at")
    assert [(m.starts_at > now, m.status) for m in meetings] == [
        (False, "minutes_approved"),
        (False, "minutes_approved"),
        (False, "closed"),  # its minutes await approval at the next meeting
        (False, "closed"),  # the joint meeting with Uckermark, a few days ago
        (True, "invited"),
    ]
    members = active_members("barnim", clock.network_today(barnim))
    assert len([m for m in members if not m.has_authorised_representative]) == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-01", "not a date (YYYY-MM-DD): '2026-13-01'"),
        ("02.12.2026", "not a date (YYYY-MM-DD): '02.12.2026'"),
        ("2019-12-31", "--today 2019-12-31 is too early"),
    ],
)
def test_a_bad_today_is_refused_with_a_clear_message(value, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("demo", "--force", "--today", value, stdout=StringIO())

    assert not Network.objects.exists()


def test_refuses_to_run_with_debug_off_without_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=StringIO())

    assert not Network.objects.exists()
    assert not User.objects.exists()


def test_if_empty_loads_into_an_empty_database():
    call_command("demo", "--if-empty", "--force", "--today", TODAY.isoformat(), stdout=StringIO())

    assert Network.objects.count() == 8


def test_organisation_tables_reject_unknown_flags():
    with pytest.raises(ValueError, match="bad flags"):
        demo.organisations("Stadt X | municipality | O | DE | 100 | exampel")
    with pytest.raises(ValueError, match="bad flags"):
        demo.organisations("Stadt X | municipality | O | DE | 100 | rep:sometimes")
    with pytest.raises(ValueError, match="bad flags"):
        demo.organisations("Stadt X | municipality | O | DE | 100 | rep:full left:12")
    with pytest.raises(ValueError, match="bad flags"):
        demo.organisations("Stadt X | municipality | O | DE | 100 | rep:none left:soon")
    with pytest.raises(ValueError, match="bad flags"):
        demo.organisations("Stadt X | municipality | O | DE | 100 | former:2023-12-31")
    (left,) = demo.organisations("Stadt X | municipality | O | DE | 100 | rep:ended left:12")
    assert (left.rep, left.left) == (demo.ENDED, 12)


def test_invented_names_do_not_repeat_within_a_network():
    for firsts, lasts in demo.NAMES.values():
        assert math.gcd(len(firsts), len(lasts)) == 1
    for spec in demo.NETWORKS:
        people = demo.people(spec.names, spec.slug)
        names = [next(people)[0] for _ in range(200)]
        assert len(set(names)) == 200
