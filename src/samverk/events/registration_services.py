"""Registrations for an event's sites, made on the portal without an account, and the
retention rule that erases participants' personal data.

Every write locks the site's row (``select_for_update``) first, and the chosen workshops' rows
after it, so concurrent registrations for one site queue up: capacity is counted under the
lock, never exceeded, and a registration that finds the site full goes on the waiting list
(when the visitor asked for that) instead of being lost. Cancelling moves the first on the
waiting list up, with a mail.

Audit records of registrations name the check-in code, never the participant (the audit log
outlives the retention period).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.core.clock import local_date, network_today
from samverk.core.models import AuditAction, AuditRecord
from samverk.core.services import require
from samverk.events import permissions, registration_mail
from samverk.events.choices import RegistrationStatus, SessionKind
from samverk.events.models import (
    DEFAULT_RETENTION_DAYS,
    EventSettings,
    EventSite,
    Registration,
    Session,
    new_token,
)

#: The field a full site's refusal is put on: the form offers the waiting list there.
WAITING_LIST_FIELD = "join_waiting_list"
SITE_FULL = "site_full"


def _audit(
    registration: Registration,
    action: str,
    changes: dict[str, Any],
    actor: Any = None,
) -> None:
    AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        network=registration.site.event.network,
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
        object_repr=f"{registration.code} ({registration.site})"[:300],
        action=action,
        changes=changes,
    )


def _locked_site(site: EventSite) -> EventSite:
    return (
        EventSite.objects.select_for_update(of=("self",))
        .select_related("event__network")
        .get(pk=site.pk)
    )


def _check_open(site: EventSite, now: dt.datetime) -> None:
    if not site.event.registration_open or now >= site.starts_at:
        raise ValidationError(_("Registration for this site is closed."))


def registered_at(site: EventSite) -> int:
    return Registration.objects.filter(site=site, status=RegistrationStatus.REGISTERED).count()


def is_full(site: EventSite, registered: int | None = None) -> bool:
    if site.capacity is None:
        return False
    return (registered if registered is not None else registered_at(site)) >= site.capacity


def _chosen_in(session: Session, exclude: Registration | None) -> int:
    chosen = Registration.objects.filter(workshops=session, status=RegistrationStatus.REGISTERED)
    if exclude is not None and exclude.pk:
        chosen = chosen.exclude(pk=exclude.pk)
    return chosen.count()


def _check_workshops(
    site: EventSite,
    workshops: Iterable[Session],
    *,
    check_places: bool,
    registration: Registration | None = None,
) -> list[Session]:
    """The chosen workshops, locked and checked: this site's workshops, no two at the same
    time, and (``check_places``) each with a free place."""
    ids = sorted({w.pk for w in workshops})
    if not ids:
        return []
    locked = list(Session.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids) or any(
        s.site_id != site.pk or s.kind != SessionKind.WORKSHOP for s in locked
    ):
        raise ValidationError({"workshops": _("Choose workshops of this site only.")})
    ordered = sorted(locked, key=lambda s: (s.starts_at, s.pk))
    for first, second in itertools.pairwise(ordered):
        if second.starts_at < first.ends_at:
            raise ValidationError(
                {
                    "workshops": _(
                        "“%(first)s” and “%(second)s” take place at the same time: "
                        "choose one of them."
                    )
                    % {"first": first.title, "second": second.title}
                }
            )
    if check_places:
        for session in ordered:
            if session.capacity is not None and _chosen_in(session, registration) >= (
                session.capacity
            ):
                raise ValidationError(
                    {"workshops": _("The workshop “%(title)s” is full.") % {"title": session.title}}
                )
    return ordered


@transaction.atomic
def register(
    *,
    site: EventSite,
    name: str,
    email: str,
    organisation_name: str = "",
    workshops: Iterable[Session] = (),
    consent: bool = False,
    join_waiting_list: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a visitor for ``site`` (no account): registered, or on the waiting list when
    the site is full and they asked for it (``join_waiting_list``); a confirmation mail with
    the date as ``.ics``, the check-in code and the personal link."""
    now = now or timezone.now()
    site = _locked_site(site)
    event = site.event
    _check_open(site, now)
    name = " ".join(name.split())
    email = email.strip()
    if not name:
        raise ValidationError({"name": _("Give your name.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if event.consent_text.strip() and not consent:
        raise ValidationError({"consent": _("Please agree to the terms to register.")})
    if (
        Registration.objects.filter(site=site, email__iexact=email, anonymised_at__isnull=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            {
                "email": _(
                    "This email address is registered for this site already. The mail we "
                    "sent has a link to change or cancel that registration."
                )
            }
        )
    full = is_full(site)
    chosen = _check_workshops(site, workshops, check_places=not full)
    if full and not join_waiting_list:
        raise ValidationError(
            {
                WAITING_LIST_FIELD: ValidationError(
                    _(
                        "The site is full. Join the waiting list? You move up automatically "
                        "when someone cancels, and we tell you by mail."
                    ),
                    code=SITE_FULL,
                )
            }
        )
    registration = Registration(
        site=site,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        name=name,
        email=email,
        organisation_name=organisation_name.strip(),
        consented_at=now if consent else None,
    )
    registration.full_clean()
    registration.save()
    registration.workshops.set(chosen)
    _audit(
        registration,
        AuditAction.CREATE,
        {
            "status": [None, registration.status],
            "workshops": [None, [w.title for w in chosen]],
        },
    )
    registration_mail.confirmation(registration, workshops=chosen)
    return registration


def _active(registration: Registration) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.anonymised_at is not None:
        raise ValidationError(_("This registration no longer exists."))
    if locked.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is cancelled already."))
    return locked


@transaction.atomic
def change_workshops(
    *,
    registration: Registration,
    workshops: Iterable[Session],
    now: dt.datetime | None = None,
) -> Registration:
    """The participant changes their workshops through the personal link."""
    now = now or timezone.now()
    site = _locked_site(registration.site)
    registration = _active(registration)
    registration.site = site
    if now >= site.starts_at:
        raise ValidationError(_("The event has begun: the registration cannot be changed."))
    before = sorted(w.title for w in registration.workshops.all())
    chosen = _check_workshops(
        site,
        workshops,
        check_places=registration.status == RegistrationStatus.REGISTERED,
        registration=registration,
    )
    registration.workshops.set(chosen)
    after = sorted(w.title for w in chosen)
    if before != after:
        _audit(registration, AuditAction.UPDATE, {"workshops": [before, after]})
    return registration


@transaction.atomic
def cancel(
    *,
    registration: Registration,
    now: dt.datetime | None = None,
    actor: Any = None,
) -> Registration:
    """Cancel a registration: by the participant through the personal link (before the site
    starts), or by an organiser (``actor``). The first on the waiting list moves up."""
    now = now or timezone.now()
    site = _locked_site(registration.site)
    if actor is not None:
        require(permissions.can_view_registrations(actor, site.event.network))
    registration = _active(registration)
    registration.site = site
    if actor is None and now >= site.starts_at:
        raise ValidationError(_("The event has begun: the registration cannot be cancelled."))
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _audit(registration, AuditAction.UPDATE, {"status": [before, registration.status]}, actor)
    registration_mail.cancelled(registration)
    move_up(site=site)
    return registration


def move_up(*, site: EventSite) -> list[Registration]:
    """Move people from the waiting list up while the site has places (in the order they
    registered); a workshop they chose that is full by now is dropped. Each gets a mail.
    The caller holds the site's lock."""
    moved: list[Registration] = []
    registered = registered_at(site)
    waiting = Registration.objects.select_for_update().filter(
        site=site, status=RegistrationStatus.WAITING, anonymised_at__isnull=True
    )
    for registration in waiting.order_by("created_at", "pk"):
        if is_full(site, registered):
            break
        registration.site = site
        dropped = []
        kept = []
        for session in registration.workshops.order_by("starts_at", "pk"):
            if session.capacity is not None and _chosen_in(session, registration) >= (
                session.capacity
            ):
                dropped.append(session)
            else:
                kept.append(session)
        if dropped:
            registration.workshops.set(kept)
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        _audit(
            registration,
            AuditAction.UPDATE,
            {"status": [RegistrationStatus.WAITING, RegistrationStatus.REGISTERED]},
        )
        registration_mail.moved_up(registration, workshops=kept, dropped=dropped)
        registered += 1
        moved.append(registration)
    return moved


# --- retention ----------------------------------------------------------------------------------


def retention_days(network: Any, stored: dict[int, int] | None = None) -> int:
    if stored is not None:
        return stored.get(network.pk, DEFAULT_RETENTION_DAYS)
    found = EventSettings.objects.filter(network=network).values_list("retention_days", flat=True)
    return next(iter(found), DEFAULT_RETENTION_DAYS)


def erasure_day(site: EventSite, days: int) -> dt.date:
    """The day from which the site's participants' personal data is erased: ``days`` after
    the (local) day the site ends."""
    return local_date(site.ends_at, site.event.network.time_zone) + dt.timedelta(days=days)


def anonymise_site(site: EventSite, now: dt.datetime) -> int:
    """Erase the personal data of the site's participants: name, email (a placeholder that is
    no address), organisation; the personal link stops working. Status, workshops and
    check-in stay, so every count stays. Returns how many were erased."""
    count = 0
    for registration in Registration.objects.select_for_update().filter(
        site=site, anonymised_at__isnull=True
    ):
        registration.name = ""
        registration.email = f"erased-{registration.pk}.invalid"
        registration.organisation_name = ""
        registration.token = new_token()
        registration.anonymised_at = now
        registration.save(
            update_fields=[
                "name",
                "email",
                "organisation_name",
                "token",
                "anonymised_at",
                "updated_at",
            ]
        )
        count += 1
    return count


def anonymise_due(now: dt.datetime) -> str:
    """The daily job: every site whose retention period is over has its participants'
    personal data erased (each network's ``EventSettings.retention_days`` after the site's
    end, in the network's time zone)."""
    stored = dict(EventSettings.objects.values_list("network_id", "retention_days"))
    sites = (
        EventSite.objects.filter(registrations__anonymised_at__isnull=True, ends_at__lt=now)
        .select_related("event__network")
        .distinct()
    )
    erased = 0
    site_count = 0
    for site in sites:
        network = site.event.network
        if network_today(network, now) >= erasure_day(site, retention_days(network, stored)):
            with transaction.atomic():
                erased += anonymise_site(site, now)
            site_count += 1
    return f"{erased} participants' personal data erased at {site_count} sites"
