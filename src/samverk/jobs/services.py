"""Writes of the jobs app: each checks permission, runs atomically and is audited.

An offer moves draft → submitted → published, or is returned with a reason (the company
edits it and submits it again); a published offer that is edited goes back to review; it
ends as expired, filled or withdrawn. ``today`` is the network's (``core.clock``) unless the
caller passes one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.classifications.models import EscoOccupation, IscoGroup
from samverk.core import audit, email
from samverk.core.clock import network_today
from samverk.core.models import AuditAction, Network, Region
from samverk.core.services import UNSET, Unset, assign, require, save_audited
from samverk.jobs import permissions
from samverk.jobs.choices import (
    ENDED,
    Duration,
    OfferKind,
    OfferStatus,
    TargetGroup,
    WorkingTime,
)
from samverk.jobs.models import JobOffer, JobOfferTargetGroup
from samverk.networks.models import Membership, Organisation

if TYPE_CHECKING:
    from samverk.accounts.models import User

RETURNED_MAIL = "jobs.offer_returned"
PUBLISHED_MAIL = "jobs.offer_published"
REMINDER_MAIL = "jobs.offer_expiring"
DAILY_JOB = "jobs.expire_and_remind"
# Days before "valid through" when the creator is reminded (once).
REMINDER_DAYS = 7
UNIT_GROUP_LEVEL = 4


def register_mail_kinds() -> None:
    email.register_kind(RETURNED_MAIL, gettext_lazy("Job offer returned"))
    email.register_kind(PUBLISHED_MAIL, gettext_lazy("Job offer published"))
    email.register_kind(REMINDER_MAIL, gettext_lazy("Job offer about to expire"))


# --- validation --------------------------------------------------------------------------------


def isco_unit_group(code: str) -> IscoGroup:
    """The ISCO-08 unit group of ``code``; refuses an unknown code and a group above the unit
    groups (the field ``isco_code``)."""
    code = (code or "").strip()
    group = IscoGroup.objects.filter(code=code).first() if code else None
    if group is None:
        raise ValidationError(
            {"isco_code": _("“%(code)s” is not an ISCO-08 code.") % {"code": code}}
        )
    if group.level != UNIT_GROUP_LEVEL:
        raise ValidationError(
            {
                "isco_code": _(
                    "Choose an ISCO-08 unit group (four digits): “%(code)s” is a broader group."
                )
                % {"code": code}
            }
        )
    return group


def _in_home_region(network: Network, region_id: int) -> bool:
    """Whether the region is the network's home region or lies within it (the regions the
    forms offer, ``networks.forms.network_regions``), walking up from the region: a query per
    level instead of the whole tree below the home region."""
    if network.home_region_id is None:
        return True
    current: int | None = region_id
    for _level in range(12):
        if current is None:
            return False
        if current == network.home_region_id:
            return True
        current = Region.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return False


def _check_offer(offer: JobOffer, today: dt.date) -> None:
    network = offer.network
    errors: dict[str, str] = {}
    employer = offer.employer
    if employer.network_id != network.pk or not (
        Membership.objects.filter(network=network, organisation=employer).active(today).exists()
    ):
        errors["employer"] = _(
            "The employer must be a member of the network: %(organisation)s is not a member today."
        ) % {"organisation": employer.name}
    if offer.valid_through is None:
        errors["valid_through"] = _("Say until when the offer is valid.")
    elif offer.valid_through < today:
        errors["valid_through"] = _("“Valid through” cannot be in the past.")
    elif offer.date_posted is not None and offer.valid_through < offer.date_posted:
        errors["valid_through"] = _("“Valid through” cannot be before the date posted.")
    if offer.esco_occupation is not None and (
        offer.esco_occupation.isco_group_id != offer.isco_group_id
    ):
        errors["esco_occupation"] = _(
            "The ESCO occupation belongs to another ISCO-08 group (%(code)s)."
        ) % {"code": offer.esco_occupation.isco_group.code}
    if not (offer.apply_url or "").strip() and not (offer.apply_email or "").strip():
        errors["apply_url"] = _("Say how to apply: a web address, an email address or both.")
    if offer.municipality_id is not None and not _in_home_region(network, offer.municipality_id):
        errors["municipality"] = _("Choose a region of the network.")
    if errors:
        raise ValidationError(errors)


def _check_groups(groups: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(groups))
    unknown = [g for g in chosen if g not in TargetGroup.values]
    if unknown:
        raise ValidationError({"target_groups": _("Choose target groups from the list.")})
    return [g for g in TargetGroup.values if g in chosen]


def _set_groups(actor: Any, offer: JobOffer, groups: list[str]) -> None:
    before = sorted(offer.groups.values_list("group", flat=True))
    if before == sorted(groups):
        return
    offer.groups.exclude(group__in=groups).delete()
    JobOfferTargetGroup.objects.bulk_create(
        [JobOfferTargetGroup(offer=offer, group=g) for g in groups if g not in before]
    )
    audit.record(
        actor=actor,
        obj=offer,
        action=AuditAction.UPDATE,
        network=offer.network,
        changes={"target_groups": [before, sorted(groups)]},
    )


# --- creating and editing ----------------------------------------------------------------------


@transaction.atomic
def create_offer(
    *,
    actor: User,
    network: Network,
    employer: Organisation,
    title: str,
    description: str,
    kind: str = OfferKind.JOB,
    isco_code: str,
    valid_through: dt.date | None,
    locality: str,
    working_time: str = WorkingTime.FULL_TIME,
    duration: str = Duration.PERMANENT,
    openings: int = 1,
    esco_occupation: EscoOccupation | None = None,
    street_address: str = "",
    postal_code: str = "",
    municipality: Region | None = None,
    country: str = "DE",
    start_date: dt.date | None = None,
    apply_url: str = "",
    apply_email: str = "",
    salary: str = "",
    target_groups: Iterable[str] = (),
    today: dt.date | None = None,
) -> JobOffer:
    """A new offer (a draft) of ``employer``, created by ``actor``."""
    require(permissions.can_create_offer_for(actor, network, employer))
    today = today or network_today(network)
    offer = JobOffer(
        network=network,
        employer=employer,
        status=OfferStatus.DRAFT,
        title=title,
        description=description,
        kind=kind,
        working_time=working_time,
        duration=duration,
        openings=openings,
        isco_group=isco_unit_group(isco_code),
        esco_occupation=esco_occupation,
        street_address=street_address,
        postal_code=postal_code,
        locality=locality,
        municipality=municipality,
        country=country,
        valid_through=valid_through,  # type: ignore[misc]
        start_date=start_date,
        apply_url=apply_url,
        apply_email=apply_email,
        salary=salary,
        created_by=actor,
    )
    _check_offer(offer, today)
    groups = _check_groups(target_groups)
    save_audited(actor=actor, obj=offer, network=network)
    _set_groups(actor, offer, groups)
    return offer


FIELDS = (
    "employer",
    "title",
    "description",
    "kind",
    "working_time",
    "duration",
    "openings",
    "esco_occupation",
    "street_address",
    "postal_code",
    "locality",
    "municipality",
    "country",
    "valid_through",
    "start_date",
    "apply_url",
    "apply_email",
    "salary",
)


@transaction.atomic
def update_offer(
    *,
    actor: User,
    offer: JobOffer,
    isco_code: str | Unset = UNSET,
    target_groups: Iterable[str] | Unset = UNSET,
    today: dt.date | None = None,
    **changes: Any,
) -> JobOffer:
    """Change any of the fields ``create_offer`` takes. A published offer that is edited goes
    back to review (``submitted``); a returned one stays returned until it is submitted."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"update_offer() got unexpected fields: {sorted(unknown)}")
    offer = _locked(offer)  # the state as it is now, not as the caller last read it
    require(permissions.can_edit_offer(actor, offer))
    network = offer.network
    today = today or network_today(network)
    before = audit.snapshot(offer)
    old_valid_through = offer.valid_through
    assign(offer, {name: changes.get(name, UNSET) for name in FIELDS})
    if "employer" in changes:
        require(permissions.can_create_offer_for(actor, network, changes["employer"]))
    if isco_code is not UNSET:
        offer.isco_group = isco_unit_group(isco_code)
    _check_offer(offer, today)
    groups = _check_groups(target_groups) if target_groups is not UNSET else None
    changed = audit.diff(before, audit.snapshot(offer))
    if changed and offer.status == OfferStatus.PUBLISHED:
        offer.status = OfferStatus.SUBMITTED
    if offer.valid_through != old_valid_through:
        offer.reminded_on = None  # a new end date: remind again before it
    save_audited(actor=actor, obj=offer, network=network, before=before)
    if groups is not None:
        _set_groups(actor, offer, groups)
    return offer


@transaction.atomic
def set_target_groups(*, actor: User, offer: JobOffer, groups: Iterable[str]) -> JobOffer:
    offer = _locked(offer)
    require(permissions.can_edit_offer(actor, offer))
    _set_groups(actor, offer, _check_groups(groups))
    return offer


# --- moderation ----------------------------------------------------------------------------------


def _locked(offer: JobOffer) -> JobOffer:
    return JobOffer.objects.select_for_update().select_related("network").get(pk=offer.pk)


def _move(actor: Any, offer: JobOffer, status: str, **values: Any) -> JobOffer:
    before = audit.snapshot(offer)
    offer.status = status
    assign(offer, values)
    save_audited(actor=actor, obj=offer, network=offer.network, before=before)
    return offer


@transaction.atomic
def submit_offer(*, actor: User, offer: JobOffer, today: dt.date | None = None) -> JobOffer:
    """Send a draft or returned offer to the coordinator for review."""
    offer = _locked(offer)
    require(permissions.can_submit_offer(actor, offer))
    _check_offer(offer, today or network_today(offer.network))
    return _move(actor, offer, OfferStatus.SUBMITTED)


@transaction.atomic
def return_offer(*, actor: User, offer: JobOffer, reason: str, base_url: str = "") -> JobOffer:
    """Return a submitted (or published) offer to the company with a reason, which the company
    sees; the creator is told by mail."""
    offer = _locked(offer)
    require(permissions.can_return_offer(actor, offer))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the offer is returned.")})
    offer = _move(actor, offer, OfferStatus.RETURNED, return_reason=reason)
    _mail_creator(
        offer,
        kind=RETURNED_MAIL,
        subject=gettext_lazy("Your job offer “%(title)s” was returned"),
        body=gettext_lazy(
            "Your job offer “%(title)s” of %(employer)s was returned by the coordinator of "
            "%(network)s with this reason:\n\n%(reason)s\n\nPlease change it and submit it "
            "again: %(link)s\n"
        ),
        actor=actor,
        base_url=base_url,
    )
    return offer


@transaction.atomic
def publish_offer(
    *, actor: User, offer: JobOffer, today: dt.date | None = None, base_url: str = ""
) -> JobOffer:
    """Publish a submitted offer (or a coordinator's own draft) as of the network's today; the
    creator is told by mail."""
    offer = _locked(offer)
    require(permissions.can_publish_offer(actor, offer))
    today = today or network_today(offer.network)
    offer.date_posted = today
    _check_offer(offer, today)
    offer = _move(actor, offer, OfferStatus.PUBLISHED, return_reason="")
    _mail_creator(
        offer,
        kind=PUBLISHED_MAIL,
        subject=gettext_lazy("Your job offer “%(title)s” is published"),
        body=gettext_lazy(
            "Your job offer “%(title)s” of %(employer)s is published by %(network)s, valid "
            "through %(valid_through)s: %(link)s\n"
        ),
        actor=actor,
        base_url=base_url,
    )
    return offer


@transaction.atomic
def end_offer(*, actor: User, offer: JobOffer, status: str) -> JobOffer:
    """End an offer: filled, withdrawn or (by the coordinator) expired."""
    offer = _locked(offer)
    if status not in ENDED:
        raise ValidationError({"status": _("Choose how the offer ends.")})
    require(permissions.can_end_offer(actor, offer, status))
    return _move(actor, offer, status)


# --- mail ----------------------------------------------------------------------------------------


def _site_url(base_url: str) -> str:
    from django.conf import settings

    return (base_url or getattr(settings, "SAMVERK_SITE_URL", "") or "").rstrip("/")


def offer_link(offer: JobOffer, base_url: str = "") -> str:
    path = reverse("jobs:offer_detail", kwargs={"network": offer.network.slug, "pk": offer.pk})
    return _site_url(base_url) + path


def _mail_creator(
    offer: JobOffer, *, kind: str, subject: Any, body: Any, actor: Any, base_url: str
) -> bool:
    """``subject`` and ``body``: lazy translations, read in the network's language."""
    # Tell the offer's creator (not when the creator did it themselves).
    creator = offer.created_by
    if creator is None or not creator.email or (actor is not None and creator.pk == actor.pk):
        return False
    network = offer.network
    with translation.override(network.language):
        values = {
            "title": offer.title,
            "employer": offer.employer.name,
            "network": network.name,
            "reason": offer.return_reason,
            "valid_through": date_format(offer.valid_through, "SHORT_DATE_FORMAT"),
            "link": offer_link(offer, base_url),
        }
        email.queue_mail(
            kind=kind,
            network=network,
            to=[creator.email],
            subject=str(subject) % values,
            body=str(body) % values,
            from_email=network.contact_email or None,
            created_by=actor,
        )
    return True


# --- the daily job: expiry and reminders ---------------------------------------------------------


def expire_and_remind(network: Network, today: dt.date, base_url: str = "") -> tuple[int, int]:
    """For one network on ``today``: published offers past their "valid through" expire;
    the creator of each published offer that expires within ``REMINDER_DAYS`` days is
    reminded once (``reminded_on``). Returns (expired, reminded)."""
    expired = 0
    published = JobOffer.objects.for_network(network).filter(status=OfferStatus.PUBLISHED)
    for offer in published.filter(valid_through__lt=today).select_related("network"):
        _move(None, offer, OfferStatus.EXPIRED)
        expired += 1
    reminded = 0
    due = published.filter(
        valid_through__gte=today,
        valid_through__lte=today + dt.timedelta(days=REMINDER_DAYS),
        reminded_on__isnull=True,
    ).select_related("network", "employer", "created_by")
    for offer in due:
        days = (offer.valid_through - today).days
        with translation.override(network.language):
            creator = offer.created_by
            if creator is not None and creator.email:
                values = {
                    "title": offer.title,
                    "employer": offer.employer.name,
                    "valid_through": date_format(offer.valid_through, "SHORT_DATE_FORMAT"),
                    "days": days,
                    "link": offer_link(offer, base_url),
                }
                email.queue_mail(
                    kind=REMINDER_MAIL,
                    network=network,
                    to=[creator.email],
                    subject=_("Your job offer “%(title)s” expires on %(valid_through)s") % values,
                    body=_(
                        "Your job offer “%(title)s” of %(employer)s is valid through "
                        "%(valid_through)s (%(days)s days from today). To keep it on the job "
                        "board, change the date: %(link)s\n"
                    )
                    % values,
                    from_email=network.contact_email or None,
                )
                reminded += 1
        JobOffer.objects.filter(pk=offer.pk).update(reminded_on=today)
    return expired, reminded


def expiry_job(now: dt.datetime) -> str:
    """The daily job (``core.periodic``): every network on its own today."""
    expired = reminded = 0
    networks = Network.objects.filter(
        pk__in=JobOffer.objects.filter(status=OfferStatus.PUBLISHED).values("network_id")
    )
    for network in networks:
        with transaction.atomic():
            done = expire_and_remind(network, network_today(network, now))
        expired += done[0]
        reminded += done[1]
    return f"{expired} job offer(s) expired, {reminded} reminder(s) queued"
