"""The demo job offers (``samverk.jobs.demo``): a few hundred offers of Nordsachsen's member
employers in varied states, written by the services as the admin, the same on every load.
Loaded with the whole demo as of a fixed day, and checked again (networks and jobs only) for
other days drawn by hypothesis."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverk.accounts.models import User
from samverk.core import email
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.core.registry import registry
from samverk.jobs import demo, permissions
from samverk.jobs.models import JobOffer
from samverk.networks import demo as network_demo

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="class")
def demo_loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--force", "--today", TODAY.isoformat(), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def the_offers_are_varied_and_consistent(today: dt.date) -> None:
    network = Network.objects.get(slug="nordsachsen")
    offers = JobOffer.objects.filter(network=network).select_related("isco_group")
    # the jobs demo's offers; the events demo adds those shown at the last Rückkehrertag
    assert offers.filter(shown_at__isnull=True).count() == demo.OFFER_COUNT
    statuses = Counter(offers.values_list("status", flat=True))
    assert statuses["published"] > 100
    assert statuses["expired"] >= 20 and statuses["submitted"] >= 10
    assert statuses["returned"] == 1 and statuses["draft"] and statuses["filled"]
    assert len(set(offers.values_list("kind", flat=True))) == 4
    assert len({o.isco_group.code for o in offers}) >= 8
    assert all(o.isco_group.level == 4 for o in offers)
    assert len(set(offers.values_list("employer", flat=True))) >= 4
    for offer in offers.filter(status="published"):
        assert offer.date_posted is not None and offer.date_posted <= today <= offer.valid_through
    for offer in offers.filter(status="expired"):
        assert offer.valid_through < today
    returned = offers.get(status="returned")
    assert returned.employer.name == demo.RETURNED_EMPLOYER
    assert returned.return_reason == demo.RETURN_REASON


def loaded_on(today: dt.date) -> tuple[tuple[Any, ...], ...]:
    """The offers as data (no ids or timestamps), to compare two loads."""
    return tuple(
        JobOffer.objects.order_by("pk").values_list(
            "title", "status", "employer__name", "isco_group__code", "kind", "valid_through"
        )
    )


@pytest.mark.usefixtures("demo_loaded")
class TestDemoJobs:
    def test_the_jobs_loader_runs_after_the_projects(self) -> None:
        names = [loader.name for loader in registry.demo_loaders]
        assert names.index("projects") < names.index("jobs")

    def test_the_offers_are_varied_and_consistent(self) -> None:
        the_offers_are_varied_and_consistent(TODAY)

    def test_the_company_account_sees_its_returned_offer(self) -> None:
        company = User.objects.get(email=network_demo.email("company", "nordsachsen"))
        returned = JobOffer.objects.get(status="returned")
        assert permissions.may_read_return_reason(company, returned)
        assert permissions.can_edit_offer(company, returned)

    def test_everything_was_written_by_the_services_as_the_admin(self) -> None:
        admin = User.objects.get(email=network_demo.ADMIN_EMAIL)
        created = AuditRecord.objects.filter(action=AuditAction.CREATE, actor=admin)
        ids = set(
            created.filter(content_type__model="joboffer").values_list("object_id", flat=True)
        )
        assert ids == {str(pk) for pk in JobOffer.objects.values_list("pk", flat=True)}


def load_networks_and_jobs(today: dt.date) -> None:
    with email.no_mail():
        admin = User.objects.create_superuser(network_demo.ADMIN_EMAIL, name="admin")
        for loader in registry.demo_loaders:
            if loader.name in ("networks", "jobs"):
                loader.load(actor=admin, today=today)


@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(today=st.dates(min_value=network_demo.EARLIEST_TODAY, max_value=dt.date(2040, 12, 31)))
def test_the_demo_offers_whatever_day_the_demo_is_loaded_on(today: dt.date) -> None:
    with transaction.atomic():
        load_networks_and_jobs(today)
        the_offers_are_varied_and_consistent(today)
        first = loaded_on(today)
        transaction.set_rollback(True)
    with transaction.atomic():
        load_networks_and_jobs(today)
        assert loaded_on(today) == first  # deterministic
        transaction.set_rollback(True)
