"""Exhibitors at an event site: a member company (its company contact or partner
representative, or the coordinator for it) registers for a site with its booth needs and a
contact person of the company; the coordinator confirms or declines; the exhibitor attaches
its own job offers, which the site's public page shows once it is confirmed.

Which job offers may be attached: offers of the exhibiting company in the event's network that
are **published when they are attached**. For a site that has already taken place, offers
that were published by the site's day and have ended since (expired, filled, withdrawn) may
be attached as well: an offer shown at a past event may have expired since (the demo records
the last Rückkehrertag that way). Offers attached earlier stay attached when they end.

Each write checks permission, runs atomically and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.clock import local_date
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    record_delete,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.events import permissions
from samverk.events.choices import ExhibitorStatus
from samverk.events.models import EventSite, Exhibitor
from samverk.jobs.choices import ENDED, OfferStatus
from samverk.jobs.models import JobOffer
from samverk.networks.forms import current_members

if TYPE_CHECKING:
    from samverk.networks.models import Organisation, Person


def _network(site: EventSite) -> Any:
    return site.event.network


def attachable_offers(exhibitor: Exhibitor, now: dt.datetime | None = None) -> Any:
    """The job offers ``exhibitor`` may attach now (see the module's rule)."""
    now = now or timezone.now()
    site = exhibitor.site
    network = _network(site)
    allowed = Q(status=OfferStatus.PUBLISHED)
    if site.starts_at <= now:
        allowed |= Q(
            status__in=list(ENDED),
            date_posted__isnull=False,
            date_posted__lte=local_date(site.starts_at, network.time_zone),
        )
    return (
        JobOffer.objects.filter(network=network, employer_id=exhibitor.organisation_id)
        .filter(allowed)
        .order_by("title", "pk")
    )


def _check_exhibitor(actor: Any, exhibitor: Exhibitor) -> None:
    site = exhibitor.site
    network = _network(site)
    organisation = exhibitor.organisation
    if organisation.network_id != network.pk:
        raise ValidationError({"organisation": _("Choose a company of this network.")})
    if not permissions.can_edit_exhibitor(actor, exhibitor):
        require(False)
    if not current_members(network).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "organisation": _("Only member companies exhibit: %(organisation)s is no member.")
                % {"organisation": organisation.name}
            }
        )
    contact = exhibitor.contact
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValidationError(
            {
                "contact": _("The contact person must work for %(organisation)s.")
                % {"organisation": organisation.name}
            }
        )


@transaction.atomic
def register_exhibitor(
    *,
    actor: Any,
    site: EventSite,
    organisation: Organisation,
    booth_needs: str = "",
    contact: Person | None = None,
) -> Exhibitor:
    """A member company asks to exhibit at ``site`` (status requested)."""
    site = EventSite.objects.select_related("event__network").get(pk=site.pk)
    require(permissions.can_register_exhibitors(actor, _network(site)))
    exhibitor = Exhibitor(
        site=site, organisation=organisation, booth_needs=booth_needs.strip(), contact=contact
    )
    _check_exhibitor(actor, exhibitor)
    if Exhibitor.objects.filter(site=site, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This company exhibits at this site already.")})
    save_audited(actor=actor, obj=exhibitor, network=_network(site))
    return exhibitor


def _locked(exhibitor: Exhibitor) -> Exhibitor:
    return (
        Exhibitor.objects.select_for_update(of=("self",))
        .select_related("site__event__network", "organisation")
        .get(pk=exhibitor.pk)
    )


@transaction.atomic
def update_exhibitor(
    *,
    actor: Any,
    exhibitor: Exhibitor,
    booth_needs: str | Unset = UNSET,
    contact: Person | Unset | None = UNSET,
) -> Exhibitor:
    exhibitor = _locked(exhibitor)
    require(permissions.can_edit_exhibitor(actor, exhibitor))
    before = audit.snapshot(exhibitor)
    assign(exhibitor, {"booth_needs": booth_needs, "contact": contact})
    _check_exhibitor(actor, exhibitor)
    save_audited(actor=actor, obj=exhibitor, network=_network(exhibitor.site), before=before)
    return exhibitor


def _decide(actor: Any, exhibitor: Exhibitor, status: str) -> Exhibitor:
    exhibitor = _locked(exhibitor)
    require(permissions.can_confirm_exhibitors(actor, _network(exhibitor.site)))
    before = audit.snapshot(exhibitor)
    exhibitor.status = status
    save_audited(actor=actor, obj=exhibitor, network=_network(exhibitor.site), before=before)
    return exhibitor


@transaction.atomic
def confirm_exhibitor(*, actor: Any, exhibitor: Exhibitor) -> Exhibitor:
    """The coordinator confirms: the company and its job offers appear on the site's page."""
    return _decide(actor, exhibitor, ExhibitorStatus.CONFIRMED)


@transaction.atomic
def decline_exhibitor(*, actor: Any, exhibitor: Exhibitor) -> Exhibitor:
    return _decide(actor, exhibitor, ExhibitorStatus.DECLINED)


@transaction.atomic
def set_job_offers(
    *,
    actor: Any,
    exhibitor: Exhibitor,
    job_offers: Iterable[JobOffer],
    now: dt.datetime | None = None,
) -> Exhibitor:
    """The job offers the exhibitor brings (replacing the list). Offers newly attached must be
    the company's own in the network and published (see the module's rule); offers attached
    before may stay after they ended."""
    exhibitor = _locked(exhibitor)
    require(permissions.can_edit_exhibitor(actor, exhibitor))
    chosen = {offer.pk: offer for offer in job_offers}
    kept = set(exhibitor.job_offers.values_list("pk", flat=True))
    new = set(chosen) - kept
    allowed = set(attachable_offers(exhibitor, now).filter(pk__in=new).values_list("pk", flat=True))
    refused = [chosen[pk] for pk in sorted(new - allowed)]
    if refused:
        foreign = [o for o in refused if o.employer_id != exhibitor.organisation_id]
        message = (
            _("Only job offers of %(organisation)s can be attached: %(titles)s.")
            if foreign
            else _("Only published job offers can be attached: %(titles)s.")
        )
        raise ValidationError(
            {
                "job_offers": message
                % {
                    "organisation": exhibitor.organisation.name,
                    "titles": "; ".join(o.title for o in (foreign or refused)),
                }
            }
        )
    set_relations_audited(
        actor=actor,
        obj=exhibitor,
        network=_network(exhibitor.site),
        relations={"job_offers": sorted(chosen.values(), key=lambda o: o.pk)},
    )
    return exhibitor


@transaction.atomic
def remove_exhibitor(*, actor: Any, exhibitor: Exhibitor, now: dt.datetime | None = None) -> None:
    """The company withdraws (until its site begins) or the coordinator removes an exhibitor
    (at any time, e.g. a company that did not come: the outcome then no longer counts it and
    its job offers). The job offers themselves stay; only their link to the site goes."""
    exhibitor = _locked(exhibitor)
    network = _network(exhibitor.site)
    require(permissions.can_edit_exhibitor(actor, exhibitor))
    now = now or timezone.now()
    if exhibitor.site.starts_at <= now and not permissions.can_confirm_exhibitors(actor, network):
        raise ValidationError(
            _("The site has begun: only the coordinator can remove %(organisation)s now.")
            % {"organisation": exhibitor.organisation.name}
        )
    set_relations_audited(actor=actor, obj=exhibitor, network=network, relations={"job_offers": []})
    record_delete(actor=actor, obj=exhibitor, network=network)
    exhibitor.delete()
