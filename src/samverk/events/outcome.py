"""The outcome of an event, per site and in total, counted from what was recorded:

* **visitors**: registered participants who were checked in, plus the walk-ins;
* **exhibitors**: confirmed exhibitors;
* **job offers shown**: distinct job offers attached to confirmed exhibitors (an offer shown at
  two sites counts once in the total);
* **workshops held**: sessions of kind workshop at sites that have ended (a workshop is part
  of a programme that took place; who sat in it is not recorded — walk-ins join workshops
  too, so counting only workshops with a checked-in participant who chose them would miss
  some).

``transfer_to_project`` writes the outcome into the key figures of the event's project (source
"counted", as of the day the last site ended) through ``projects.services``: a second transfer
updates the same figures, never adds duplicates. A figure is found again by its note (which
names the event and the measure), or else by its label (so a figure entered by hand with the
same label, like the seed's "Besuchende", becomes the counted one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.core.clock import local_date
from samverk.core.services import require
from samverk.events import permissions
from samverk.events.choices import ExhibitorStatus, RegistrationStatus, SessionKind
from samverk.events.models import Event, EventSite, Exhibitor, Registration, Session
from samverk.projects import services as project_services
from samverk.projects.choices import FigureSource
from samverk.projects.models import KeyFigure

#: measure → (label, unit) in the network's language, unless the caller names them.
MEASURES: dict[str, tuple[Any, Any]] = {
    "visitors": (gettext_lazy("Visitors"), gettext_lazy("visitors")),
    "job_offers": (gettext_lazy("Job offers"), gettext_lazy("job offers")),
    "exhibitors": (gettext_lazy("Exhibitors"), gettext_lazy("exhibitors")),
    "workshops": (gettext_lazy("Workshops held"), gettext_lazy("workshops")),
}


@dataclass
class SiteOutcome:
    site: EventSite
    checked_in: int
    walk_ins: int
    exhibitors: int
    job_offers: int
    workshops: int

    @property
    def visitors(self) -> int:
        return self.checked_in + self.walk_ins


@dataclass
class Outcome:
    sites: list[SiteOutcome] = field(default_factory=list)
    job_offers: int = 0  # distinct across the sites

    @property
    def checked_in(self) -> int:
        return sum(s.checked_in for s in self.sites)

    @property
    def walk_ins(self) -> int:
        return sum(s.walk_ins for s in self.sites)

    @property
    def visitors(self) -> int:
        return sum(s.visitors for s in self.sites)

    @property
    def exhibitors(self) -> int:
        return sum(s.exhibitors for s in self.sites)

    @property
    def workshops(self) -> int:
        return sum(s.workshops for s in self.sites)

    def value(self, measure: str) -> int:
        return int(getattr(self, measure))


def outcome(event: Event, now: dt.datetime | None = None) -> Outcome:
    """The event's outcome as of ``now`` (workshops count once their site has ended)."""
    now = now or timezone.now()
    sites = list(EventSite.objects.filter(event=event).order_by("starts_at", "name", "pk"))

    def per_site(rows: Any, counted: str) -> dict[int, int]:
        # One grouped query per measure (joining them all would multiply the rows).
        return dict(
            rows.values("site").annotate(n=Count(counted, distinct=True)).values_list("site", "n")
        )

    came = per_site(
        Registration.objects.filter(
            site__event=event, status=RegistrationStatus.REGISTERED, checked_in_at__isnull=False
        ),
        "pk",
    )
    confirmed = Exhibitor.objects.filter(site__event=event, status=ExhibitorStatus.CONFIRMED)
    exhibitors = per_site(confirmed, "pk")
    offers = per_site(confirmed, "job_offers")
    workshops = per_site(Session.objects.filter(site__event=event, kind=SessionKind.WORKSHOP), "pk")
    result = Outcome()
    for site in sites:
        result.sites.append(
            SiteOutcome(
                site=site,
                checked_in=came.get(site.pk, 0),
                walk_ins=site.walk_ins,
                exhibitors=exhibitors.get(site.pk, 0),
                job_offers=offers.get(site.pk, 0),
                workshops=workshops.get(site.pk, 0) if site.ends_at <= now else 0,
            )
        )
    result.job_offers = (
        Exhibitor.objects.filter(site__event=event, status=ExhibitorStatus.CONFIRMED)
        .values("job_offers")
        .exclude(job_offers=None)
        .distinct()
        .count()
    )
    return result


def _marker(event: Event, measure: str) -> str:
    return _("Counted at the event “%(event)s” (%(measure)s, no. %(pk)d).") % {
        "event": event.title,
        "measure": measure,
        "pk": event.pk,
    }


@transaction.atomic
def transfer_to_project(
    *,
    actor: Any,
    event: Event,
    now: dt.datetime | None = None,
    labels: dict[str, tuple[str, str]] | None = None,
) -> list[KeyFigure]:
    """Create or update the key figures of the event's project from its outcome (source
    "counted", as of the day its last site ended). ``labels``: measure → (label, unit) where
    the defaults do not fit (e.g. the seed's "Besuchende"). Workshops are transferred only
    when there were any."""
    network = event.network
    require(permissions.can_manage_events(actor, network))
    if event.project_id is None:
        raise ValidationError(_("Link the event to a project first: its key figures are fed."))
    now = now or timezone.now()
    project = event.project
    assert project is not None
    last = EventSite.objects.filter(event=event).order_by("-ends_at").first()
    if last is None or last.ends_at > now:
        raise ValidationError(_("The outcome is transferred once the last site has ended."))
    on = local_date(last.ends_at, network.time_zone)
    counted = outcome(event, now)
    figures = []
    existing = list(KeyFigure.objects.select_for_update().filter(project=project))
    with translation.override(network.language):
        for measure, (default_label, default_unit) in MEASURES.items():
            value = counted.value(measure)
            if measure == "workshops" and not value:
                continue
            label, unit = (labels or {}).get(measure, (str(default_label), str(default_unit)))
            note = _marker(event, measure)
            figure = next((f for f in existing if f.note == note), None) or next(
                (f for f in existing if f.label.casefold() == label.casefold()), None
            )
            if figure is None:
                figure = project_services.add_key_figure(
                    actor=actor,
                    project=project,
                    label=label,
                    value=Decimal(value),
                    unit=unit,
                    on=on,
                    source=FigureSource.COUNTED,
                    note=note,
                )
                existing.append(figure)
            else:
                figure = project_services.update_key_figure(
                    actor=actor,
                    figure=figure,
                    value=Decimal(value),
                    on=on,
                    source=FigureSource.COUNTED,
                    note=note,
                )
            figures.append(figure)
    return figures
