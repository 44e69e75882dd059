"""Writes of the events app by its organisers: events, their sites and programmes, and the
network's event settings. Each checks permission, runs atomically and is audited.

Registrations (made by the public on the portal) are in ``registration_services.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    record_delete,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.events import permissions
from samverk.events.choices import RegistrationStatus, SessionKind
from samverk.events.models import (
    DEFAULT_RETENTION_DAYS,
    Event,
    EventSettings,
    EventSite,
    Registration,
    Session,
)

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.core.models import Region
    from samverk.networks.models import Organisation, Person
    from samverk.projects.models import Project

ACTIVE = ~Q(status=RegistrationStatus.CANCELLED)


# --- settings ---------------------------------------------------------------------------------


def settings_for(network: Network) -> EventSettings:
    """The network's event settings (the defaults while none were saved)."""
    found = EventSettings.objects.filter(network=network).first()
    return found or EventSettings(network=network, retention_days=DEFAULT_RETENTION_DAYS)


@transaction.atomic
def update_event_settings(*, actor: User, network: Network, retention_days: int) -> EventSettings:
    require(permissions.can_manage_events(actor, network))
    settings = EventSettings.objects.select_for_update().filter(network=network).first()
    before = audit.snapshot(settings) if settings is not None else None
    if settings is None:
        settings = EventSettings(network=network)
    settings.retention_days = retention_days
    save_audited(actor=actor, obj=settings, network=network, before=before)
    return settings


# --- events -----------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    network = event.network
    check_same_network(network, field="organiser", obj=event.organiser)
    check_same_network(network, field="project", obj=event.project)
    if not event.title.strip():
        raise ValidationError({"title": _("Give the event a title.")})


@transaction.atomic
def create_event(
    *,
    actor: User,
    network: Network,
    title: str,
    kind: str,
    description: str = "",
    organiser: Organisation | None = None,
    co_organisers: Iterable[Organisation] = (),
    is_public: bool = False,
    registration_open: bool = False,
    consent_text: str = "",
    project: Project | None = None,
) -> Event:
    require(permissions.can_manage_events(actor, network))
    event = Event(
        network=network,
        title=title.strip(),
        kind=kind,
        description=description,
        organiser=organiser,
        is_public=is_public,
        registration_open=registration_open,
        consent_text=consent_text,
        project=project,
    )
    _check_event(event)
    chosen = list(co_organisers)
    check_all_same_network(network, field="co_organisers", objs=chosen)
    save_audited(actor=actor, obj=event, network=network)
    set_relations_audited(
        actor=actor, obj=event, network=network, relations={"co_organisers": chosen}
    )
    return event


EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "organiser",
    "is_public",
    "registration_open",
    "consent_text",
    "project",
)


@transaction.atomic
def update_event(
    *,
    actor: User,
    event: Event,
    co_organisers: Iterable[Organisation] | Unset = UNSET,
    **changes: Any,
) -> Event:
    """Change any of the fields ``create_event`` takes (the others stay)."""
    network = event.network
    require(permissions.can_manage_events(actor, network))
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event() got unexpected fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = audit.snapshot(event)
    assign(event, {name: changes.get(name, UNSET) for name in EVENT_FIELDS})
    if isinstance(event.title, str):
        event.title = event.title.strip()
    _check_event(event)
    save_audited(actor=actor, obj=event, network=network, before=before)
    if co_organisers is not UNSET:
        chosen = list(co_organisers)
        check_all_same_network(network, field="co_organisers", objs=chosen)
        set_relations_audited(
            actor=actor, obj=event, network=network, relations={"co_organisers": chosen}
        )
    return event


# --- sites ------------------------------------------------------------------------------------


def registered_count(site: EventSite) -> int:
    return Registration.objects.filter(site=site, status=RegistrationStatus.REGISTERED).count()


def _check_site(site: EventSite) -> None:
    if site.starts_at and site.ends_at and site.ends_at <= site.starts_at:
        raise ValidationError({"ends_at": _("The site's end must be after its start.")})
    if not site.name.strip():
        raise ValidationError({"name": _("Name the site, e.g. the town.")})
    if site.pk is None:
        return
    registered = registered_count(site)
    if site.capacity is not None and site.capacity < registered:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d people are registered already: the capacity cannot be lower."
                )
                % {"count": registered}
            }
        )
    outside = Session.objects.filter(site=site).filter(
        Q(starts_at__lt=site.starts_at) | Q(ends_at__gt=site.ends_at)
    )
    if outside.exists():
        raise ValidationError(
            {"starts_at": _("Some sessions lie outside these times: move them first.")}
        )


@transaction.atomic
def add_site(
    *,
    actor: User,
    event: Event,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str = "",
    address: str = "",
    region: Region | None = None,
    capacity: int | None = None,
    accessibility: str = "",
) -> EventSite:
    network = event.network
    require(permissions.can_manage_events(actor, network))
    site = EventSite(
        event=event,
        name=name.strip(),
        venue=venue,
        address=address,
        region=region,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        accessibility=accessibility,
    )
    _check_site(site)
    save_audited(actor=actor, obj=site, network=network)
    return site


SITE_FIELDS = (
    "name",
    "venue",
    "address",
    "region",
    "starts_at",
    "ends_at",
    "capacity",
    "accessibility",
)


@transaction.atomic
def update_site(*, actor: User, site: EventSite, **changes: Any) -> EventSite:
    """Change any of the fields ``add_site`` takes. A capacity raised moves people up from
    the waiting list (each gets a mail)."""
    from samverk.events import registration_services

    network = site.event.network
    require(permissions.can_manage_events(actor, network))
    unknown = set(changes) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"update_site() got unexpected fields: {sorted(unknown)}")
    site = EventSite.objects.select_for_update().select_related("event__network").get(pk=site.pk)
    before = audit.snapshot(site)
    assign(site, {name: changes.get(name, UNSET) for name in SITE_FIELDS})
    _check_site(site)
    save_audited(actor=actor, obj=site, network=network, before=before)
    registration_services.move_up(site=site)
    return site


@transaction.atomic
def remove_site(*, actor: User, site: EventSite) -> None:
    network = site.event.network
    require(permissions.can_manage_events(actor, network))
    if Registration.objects.filter(site=site).filter(ACTIVE).exists():
        raise ValidationError(
            _("People are registered for this site: cancel their registrations first.")
        )
    if site.exhibitors.exists():
        raise ValidationError(_("Exhibitors are registered for this site: remove them first."))
    record_delete(actor=actor, obj=site, network=network)
    site.delete()


# --- sessions ---------------------------------------------------------------------------------


def _check_session(session: Session) -> None:
    site = session.site
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session's end must be after its start.")})
    if session.starts_at < site.starts_at or session.ends_at > site.ends_at:
        raise ValidationError({"starts_at": _("The session must lie within the site's times.")})
    if not session.title.strip():
        raise ValidationError({"title": _("Give the session a title.")})
    if session.pk is None:
        return
    chosen = (
        Registration.objects.filter(workshops=session, status=RegistrationStatus.REGISTERED)
        .distinct()
        .count()
    )
    if chosen and session.kind != SessionKind.WORKSHOP:
        raise ValidationError({"kind": _("Participants chose this workshop: it stays a workshop.")})
    if session.capacity is not None and session.capacity < chosen:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d participants chose this workshop: the capacity cannot be lower."
                )
                % {"count": chosen}
            }
        )


@transaction.atomic
def add_session(
    *,
    actor: User,
    site: EventSite,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    description: str = "",
    room: str = "",
    capacity: int | None = None,
    speakers: Iterable[Person] = (),
    guest_speakers: str = "",
) -> Session:
    network = site.event.network
    require(permissions.can_manage_events(actor, network))
    session = Session(
        site=site,
        kind=kind,
        title=title.strip(),
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        capacity=capacity,
        guest_speakers=guest_speakers,
    )
    _check_session(session)
    chosen = list(speakers)
    check_all_same_network(network, field="speakers", objs=chosen)
    save_audited(actor=actor, obj=session, network=network)
    set_relations_audited(actor=actor, obj=session, network=network, relations={"speakers": chosen})
    return session


SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "room",
    "capacity",
    "guest_speakers",
)


@transaction.atomic
def update_session(
    *,
    actor: User,
    session: Session,
    speakers: Iterable[Person] | Unset = UNSET,
    **changes: Any,
) -> Session:
    network = session.site.event.network
    require(permissions.can_manage_events(actor, network))
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"update_session() got unexpected fields: {sorted(unknown)}")
    session = Session.objects.select_for_update().select_related("site").get(pk=session.pk)
    before = audit.snapshot(session)
    assign(session, {name: changes.get(name, UNSET) for name in SESSION_FIELDS})
    _check_session(session)
    save_audited(actor=actor, obj=session, network=network, before=before)
    if speakers is not UNSET:
        chosen = list(speakers)
        check_all_same_network(network, field="speakers", objs=chosen)
        set_relations_audited(
            actor=actor, obj=session, network=network, relations={"speakers": chosen}
        )
    return session


@transaction.atomic
def remove_session(*, actor: User, session: Session) -> None:
    network = session.site.event.network
    require(permissions.can_manage_events(actor, network))
    record_delete(actor=actor, obj=session, network=network)
    session.delete()


# --- counts -----------------------------------------------------------------------------------


def with_counts(sites: Any) -> Any:
    """Sites annotated with ``registered``, ``waiting`` and ``checked_in`` (one query)."""
    return sites.annotate(
        registered=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        checked_in=Count(
            "registrations",
            filter=Q(
                registrations__status=RegistrationStatus.REGISTERED,
                registrations__checked_in_at__isnull=False,
            ),
        ),
    )


def with_workshop_counts(sessions: Any) -> Any:
    """Sessions annotated with ``chosen``: registered participants who chose them."""
    return sessions.annotate(
        chosen=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
    )
