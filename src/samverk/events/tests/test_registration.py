"""Registration without an account: registered or on the waiting list, every refusal (with
nothing saved), cancelling moves the waiting list up (with a mail), changing workshops."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverk.core.models import AuditRecord, OutgoingMail
from samverk.events import registration_mail, registration_services
from samverk.events.models import Registration
from samverk.events.tests.factories import (
    NOW,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def _register(site, email="kim@example.org", **kwargs):
    return registration_services.register(
        site=site, name=kwargs.pop("name", "Kim Berg"), email=email, now=NOW, **kwargs
    )


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_register_with_workshops_queues_a_confirmation_and_audits_without_the_name() -> None:
    site = SiteFactory.create(capacity=2)
    first = SessionFactory.create(site=site, title="Pflege")
    registration = _register(site, workshops=[first], organisation_name=" Schule ")
    assert registration.status == "registered"
    assert list(registration.workshops.all()) == [first]
    assert registration.organisation_name == "Schule"
    assert len(registration.code) == 8
    mail = OutgoingMail.objects.get(kind=registration_mail.CONFIRMATION)
    assert mail.to == ["kim@example.org"]
    assert registration.code in mail.body
    assert registration.token in mail.body
    assert mail.attachments[0]["filename"] == "event.ics"
    assert mail.sensitive
    record = AuditRecord.objects.get(object_id=str(registration.pk))
    assert "Kim" not in record.object_repr and "Kim" not in str(record.changes)


def test_a_full_site_offers_the_waiting_list_and_saves_nothing_until_accepted() -> None:
    site = SiteFactory.create(capacity=1)
    _register(site, email="first@example.org")
    with pytest.raises(ValidationError) as refused:
        _register(site, email="second@example.org")
    errors = _errors(refused)
    assert registration_services.WAITING_LIST_FIELD in errors
    assert "waiting list" in errors[registration_services.WAITING_LIST_FIELD][0]
    assert refused.value.error_dict[registration_services.WAITING_LIST_FIELD][0].code == (
        registration_services.SITE_FULL
    )
    assert Registration.objects.count() == 1
    waiting = _register(site, email="second@example.org", join_waiting_list=True)
    assert waiting.status == "waiting"
    mail = OutgoingMail.objects.filter(to=["second@example.org"]).get()
    assert "waiting list" in mail.body.lower()
    assert mail.attachments == []  # no date in the calendar while waiting


def test_a_second_registration_with_the_same_email_is_refused() -> None:
    site = SiteFactory.create()
    _register(site, email="Kim@Example.org")
    with pytest.raises(ValidationError) as refused:
        _register(site, email="kim@example.org")
    assert "registered for this site already" in _errors(refused)["email"][0]
    assert Registration.objects.count() == 1


def test_the_same_email_may_register_for_another_site_and_again_after_cancelling() -> None:
    site = SiteFactory.create()
    other = SiteFactory.create(event=site.event)
    first = _register(site)
    _register(other)
    registration_services.cancel(registration=first, now=NOW)
    assert _register(site).status == "registered"


def test_overlapping_workshops_are_refused() -> None:
    site = SiteFactory.create()
    one = SessionFactory.create(site=site, title="Pflege")
    two = SessionFactory.create(
        site=site,
        title="Logistik",
        starts_at=one.starts_at + dt.timedelta(minutes=30),
        ends_at=one.ends_at + dt.timedelta(minutes=30),
    )
    with pytest.raises(ValidationError) as refused:
        _register(site, workshops=[one, two])
    message = _errors(refused)["workshops"][0]
    assert "Pflege" in message and "Logistik" in message and "same time" in message
    assert Registration.objects.count() == 0


def test_back_to_back_workshops_are_fine() -> None:
    site = SiteFactory.create()
    one = SessionFactory.create(site=site)
    two = SessionFactory.create(
        site=site, starts_at=one.ends_at, ends_at=one.ends_at + dt.timedelta(hours=1)
    )
    assert _register(site, workshops=[one, two]).workshops.count() == 2


def test_a_workshop_of_another_site_or_a_keynote_is_refused() -> None:
    site = SiteFactory.create()
    elsewhere = SessionFactory.create(site=SiteFactory.create(event=site.event))
    keynote = SessionFactory.create(site=site, kind="keynote")
    for chosen in ([elsewhere], [keynote]):
        with pytest.raises(ValidationError) as refused:
            _register(site, workshops=chosen)
        assert "this site only" in _errors(refused)["workshops"][0]
    assert Registration.objects.count() == 0


def test_a_full_workshop_is_refused_with_its_name() -> None:
    site = SiteFactory.create()
    workshop = SessionFactory.create(site=site, title="Arbeitgebermarke", capacity=1)
    _register(site, email="a@example.org", workshops=[workshop])
    with pytest.raises(ValidationError) as refused:
        _register(site, email="b@example.org", workshops=[workshop])
    assert _errors(refused)["workshops"] == ["The workshop “Arbeitgebermarke” is full."]
    assert Registration.objects.count() == 1


def test_closed_registration_is_refused() -> None:
    closed = SiteFactory.create(event=EventFactory.create(registration_open=False))
    with pytest.raises(ValidationError, match="closed"):
        _register(closed)
    started = SiteFactory.create(
        starts_at=NOW - dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=3)
    )
    with pytest.raises(ValidationError, match="closed"):
        _register(started)
    assert Registration.objects.count() == 0


def test_consent_is_required_when_the_event_has_a_consent_text() -> None:
    site = SiteFactory.create(event=EventFactory.create(consent_text="Fotos erlaubt."))
    with pytest.raises(ValidationError) as refused:
        _register(site)
    assert "consent" in _errors(refused)
    assert Registration.objects.count() == 0
    registration = _register(site, consent=True)
    assert registration.consented_at == NOW


def test_name_and_email_are_required() -> None:
    site = SiteFactory.create()
    with pytest.raises(ValidationError) as refused:
        _register(site, name="  ")
    assert "name" in _errors(refused)
    with pytest.raises(ValidationError) as refused:
        _register(site, email="not an address")
    assert "email" in _errors(refused)


def test_cancelling_moves_the_first_on_the_waiting_list_up_with_a_mail() -> None:
    site = SiteFactory.create(capacity=1)
    workshop = SessionFactory.create(site=site, capacity=1)
    taken = _register(site, email="a@example.org", workshops=[workshop])
    first = _register(site, email="b@example.org", workshops=[workshop], join_waiting_list=True)
    second = _register(site, email="c@example.org", join_waiting_list=True)

    registration_services.cancel(registration=taken, now=NOW)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "registered" and second.status == "waiting"
    assert list(first.workshops.all()) == [workshop]  # the cancelled place freed it
    moved = OutgoingMail.objects.get(kind=registration_mail.MOVED_UP)
    assert moved.to == ["b@example.org"]
    assert first.code in moved.body
    assert moved.attachments[0]["filename"] == "event.ics"
    assert OutgoingMail.objects.filter(kind=registration_mail.CANCELLED, to=["a@example.org"])


def test_moving_up_drops_a_workshop_that_is_full_by_then() -> None:
    site = SiteFactory.create(capacity=2)
    workshop = SessionFactory.create(site=site, capacity=1, title="Voll")
    leaving = _register(site, email="a@example.org")
    _register(site, email="b@example.org", workshops=[workshop])
    waiting = _register(site, email="c@example.org", workshops=[workshop], join_waiting_list=True)
    registration_services.cancel(registration=leaving, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert waiting.workshops.count() == 0
    assert "Voll" in OutgoingMail.objects.get(kind=registration_mail.MOVED_UP).body


def test_raising_the_capacity_moves_people_up() -> None:
    from samverk.core.choices import RoleKind
    from samverk.events import services
    from samverk.networks.tests.factories import user_with_role

    site = SiteFactory.create(capacity=1)
    _register(site, email="a@example.org")
    waiting = _register(site, email="b@example.org", join_waiting_list=True)
    coordinator = user_with_role(site.event.network, RoleKind.COORDINATOR)
    services.update_site(actor=coordinator, site=site, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "registered"


def test_cancelling_twice_or_after_the_start_is_refused() -> None:
    site = SiteFactory.create()
    registration = _register(site)
    registration_services.cancel(registration=registration, now=NOW)
    with pytest.raises(ValidationError, match="cancelled already"):
        registration_services.cancel(registration=registration, now=NOW)
    other = _register(site, email="other@example.org")
    with pytest.raises(ValidationError, match="begun"):
        registration_services.cancel(registration=other, now=site.starts_at)


def test_only_organisers_cancel_for_someone() -> None:
    from django.core.exceptions import PermissionDenied

    from samverk.core.choices import RoleKind
    from samverk.networks.tests.factories import user_with_role

    site = SiteFactory.create()
    registration = _register(site)
    observer = user_with_role(site.event.network, RoleKind.OBSERVER)
    with pytest.raises(PermissionDenied):
        registration_services.cancel(registration=registration, actor=observer, now=NOW)
    coordinator = user_with_role(site.event.network, RoleKind.COORDINATOR)
    registration_services.cancel(registration=registration, actor=coordinator, now=NOW)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_changing_workshops_checks_clashes_and_places_but_not_ones_own_place() -> None:
    site = SiteFactory.create()
    one = SessionFactory.create(site=site, capacity=1)
    clash = SessionFactory.create(site=site, starts_at=one.starts_at, ends_at=one.ends_at)
    later = SessionFactory.create(
        site=site, starts_at=one.ends_at, ends_at=one.ends_at + dt.timedelta(hours=1)
    )
    registration = _register(site, workshops=[one])
    registration_services.change_workshops(
        registration=registration, workshops=[one, later], now=NOW
    )
    assert set(registration.workshops.all()) == {one, later}
    with pytest.raises(ValidationError, match="same time"):
        registration_services.change_workshops(
            registration=registration, workshops=[one, clash], now=NOW
        )
    assert set(registration.workshops.all()) == {one, later}
    full = SessionFactory.create(
        site=site,
        capacity=1,
        starts_at=later.ends_at,
        ends_at=later.ends_at + dt.timedelta(hours=1),
    )
    RegistrationFactory.create(site=site).workshops.add(full)
    with pytest.raises(ValidationError, match="is full"):
        registration_services.change_workshops(registration=registration, workshops=[full], now=NOW)
