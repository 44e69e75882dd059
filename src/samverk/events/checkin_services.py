"""Check-in at an event site (by the organisers, on a phone or tablet at the entrance): by the
code on the confirmation (typed in, or read from its QR code by the camera), by a registration
found by name, and the walk-in counter for visitors who never registered; the live counts.

Each write checks permission, runs atomically and is audited. A check-in locks the
registration's row: two devices checking in the same code at once give one check-in and one
refusal that says when it happened. The walk-in counter is changed with an ``F()`` update that
never goes below 0."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samverk.core.models import AuditAction, AuditRecord
from samverk.core.services import require
from samverk.events import permissions
from samverk.events.choices import RegistrationStatus
from samverk.events.models import EventSite, Registration

CODE_FIELD = "code"
ALREADY = "already_checked_in"


def normalise_code(code: str) -> str:
    """What was typed or scanned, as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _audit(actor: Any, network: Any, obj: Any, repr_: str, changes: dict[str, Any]) -> None:
    AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        network=network,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=repr_[:300],
        action=AuditAction.UPDATE,
        changes=changes,
    )


def _when(moment: dt.datetime) -> str:
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


def _check_in(actor: Any, site: EventSite, registration: Registration, now: dt.datetime) -> Any:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.site_id != site.pk:
        other = EventSite.objects.select_related("event").get(pk=registration.site_id)
        raise ValidationError(
            {
                CODE_FIELD: _("This code belongs to another site: %(event)s, %(site)s.")
                % {"event": other.event.title, "site": other.name}
            }
        )
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({CODE_FIELD: _("This registration was cancelled.")})
    if registration.status == RegistrationStatus.WAITING:
        raise ValidationError(
            {CODE_FIELD: _("This person is on the waiting list and has no place.")}
        )
    if registration.checked_in_at is not None:
        raise ValidationError(
            {
                CODE_FIELD: ValidationError(
                    _("Checked in already, on %(when)s.")
                    % {"when": _when(registration.checked_in_at)},
                    code=ALREADY,
                )
            }
        )
    registration.checked_in_at = now
    registration.save(update_fields=["checked_in_at", "updated_at"])
    _audit(
        actor,
        site.event.network,
        registration,
        f"{registration.code} ({site})",
        {"checked_in_at": [None, now.isoformat()]},
    )
    registration.site = site
    return registration


def _site(site: EventSite) -> EventSite:
    return EventSite.objects.select_related("event__network").get(pk=site.pk)


@transaction.atomic
def check_in_code(
    *, actor: Any, site: EventSite, code: str, now: dt.datetime | None = None
) -> Registration:
    """Check in the registration with ``code`` (as typed or scanned) at ``site``. Refused:
    an unknown code, a code of another site or event (saying which), a cancelled or waiting
    registration, a second check-in (saying when the first was)."""
    site = _site(site)
    require(permissions.can_check_in(actor, site.event.network))
    wanted = normalise_code(code)
    if not wanted:
        raise ValidationError({CODE_FIELD: _("Type the code from the confirmation.")})
    registration = Registration.objects.filter(code=wanted).first()
    if registration is None:
        raise ValidationError(
            {
                CODE_FIELD: _("Unknown code “%(code)s”: check it and type it again.")
                % {"code": wanted}
            }
        )
    return _check_in(actor, site, registration, now or timezone.now())


@transaction.atomic
def check_in_registration(
    *, actor: Any, site: EventSite, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Check in a registration found by name on the check-in page."""
    site = _site(site)
    require(permissions.can_check_in(actor, site.event.network))
    return _check_in(actor, site, registration, now or timezone.now())


@transaction.atomic
def change_walk_ins(*, actor: Any, site: EventSite, change: int) -> int:
    """Add to (``change`` > 0) or take from the site's walk-in counter; it never goes below
    0 (a -1 at 0 changes nothing). Returns the count."""
    site = _site(site)
    require(permissions.can_check_in(actor, site.event.network))
    if change not in (1, -1):
        raise ValidationError(_("Count walk-ins one at a time."))
    rows = EventSite.objects.filter(pk=site.pk)
    if change < 0:
        rows = rows.filter(walk_ins__gte=-change)
    changed = rows.update(walk_ins=F("walk_ins") + change)
    count = EventSite.objects.filter(pk=site.pk).values_list("walk_ins", flat=True).get()
    if changed:
        _audit(actor, site.event.network, site, str(site), {"walk_ins": [count - change, count]})
    return int(count)


@dataclass(frozen=True)
class Counts:
    registered: int
    checked_in: int
    walk_ins: int
    waiting: int

    @property
    def visitors(self) -> int:
        """Visitors: registered participants who came, and walk-ins."""
        return self.checked_in + self.walk_ins


def counts(site: EventSite) -> Counts:
    from samverk.events.services import with_counts

    row = with_counts(EventSite.objects.filter(pk=site.pk)).values(
        "registered", "checked_in", "waiting", "walk_ins"
    )[0]
    return Counts(
        registered=row["registered"],
        checked_in=row["checked_in"],
        walk_ins=row["walk_ins"],
        waiting=row["waiting"],
    )


def search(site: EventSite, query: str, limit: int = 20) -> Any:
    """Registered participants of ``site`` whose name (or organisation, or code) contains
    ``query``."""
    from django.db.models import Q

    words = query.split()
    found = Registration.objects.filter(
        site=site, status=RegistrationStatus.REGISTERED, anonymised_at__isnull=True
    )
    if not words:
        return found.none()
    for word in words:
        found = found.filter(
            Q(name__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(code=normalise_code(word))
        )
    return found.order_by("name", "pk")[:limit]
