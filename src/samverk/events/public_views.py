"""The events on the network's public portal (no login): the list of public events, an
event's page (sites, programme, free places), the registration form per site, and the
participant's personal page (by the token of the personal link) to change workshops or cancel.

The list and the event page are served by ``portal.views.portal_page`` (cached, ETag). The
registration form and the personal pages take POSTs and show personal data: they are never
cached (``Cache-Control: private, no-store``); they resolve the portal the same way and render
with the same base template. No page here shows anyone's personal data but the visitor's own
(on the personal page, reached only with the secret token)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, Min, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverk.core.models import Network
from samverk.core.views import save_with_service
from samverk.events import qr, registration_services, services
from samverk.events.choices import RegistrationStatus, SessionKind
from samverk.events.forms import ChangeWorkshopsForm, RegistrationForm, workshops_of
from samverk.events.models import Event, EventSite, Exhibitor, Registration, Session
from samverk.portal.public import Portal
from samverk.portal.views import (
    portal_context,
    portal_language,
    portal_of_request,
    portal_page,
)


def events_url(portal: Portal, request: HttpRequest, name: str, **kwargs: Any) -> str:
    """A public events page's path: under ``/p/<slug>/events/`` or on the network's own host."""
    if not getattr(request, "portal_host", None):
        kwargs["network"] = portal.network.slug
    return reverse(f"events_public:{name}", kwargs=kwargs)


def _sites(portal: Portal) -> Any:
    sessions = services.with_workshop_counts(Session.objects.order_by("starts_at", "title", "pk"))
    return services.with_counts(
        EventSite.objects.public()
        .for_network(portal.network)
        .select_related("region")
        .order_by("starts_at", "name", "pk")
    ).prefetch_related(Prefetch("sessions", queryset=sessions))


def _free(site: EventSite) -> int | None:
    if site.capacity is None:
        return None
    return max(site.capacity - getattr(site, "registered", 0), 0)


def _decorate(site: EventSite, now: Any) -> EventSite:
    site.free = _free(site)  # type: ignore[attr-defined]
    site.open_for_registration = (  # type: ignore[attr-defined]
        site.event.registration_open and now < site.starts_at
    )
    for session in site.sessions.all():
        if session.kind == SessionKind.WORKSHOP and session.capacity is not None:
            session.free = max(session.capacity - session.chosen, 0)  # type: ignore[attr-defined]
    return site


def sitemap_pages(network: Network) -> list[tuple[str, dict[str, Any], Any]]:
    """The events' public pages for the portal's sitemap: the list and every public event
    (the last 200, as the list shows them)."""
    events = Event.objects.public().for_network(network).order_by("-pk")[:200]
    return [("events_public:list", {}, None)] + [
        ("events_public:event", {"pk": pk}, modified)
        for pk, modified in events.values_list("pk", "updated_at")
    ]


@portal_page
def event_list(request: HttpRequest, portal: Portal) -> HttpResponse:
    now = timezone.now()
    events = list(
        Event.objects.public()
        .for_network(portal.network)
        .annotate(
            first_start=Min("sites__starts_at"),
            running=Exists(EventSite.objects.filter(event=OuterRef("pk"), ends_at__gte=now)),
        )
        .prefetch_related(
            Prefetch(
                "sites",
                queryset=EventSite.objects.order_by("starts_at", "name", "pk").select_related(
                    "region"
                ),
            )
        )
        .order_by("first_start", "pk")[:200]
    )
    upcoming = [e for e in events if e.running]
    past = sorted((e for e in events if not e.running), key=lambda e: e.first_start, reverse=True)
    for event in events:
        event.url = events_url(portal, request, "event", pk=event.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "events/public/event_list.html",
        portal_context(
            request, portal, title=_("Events"), current="events", upcoming=upcoming, past=past
        ),
    )


@portal_page
def event_detail(request: HttpRequest, portal: Portal, pk: int) -> HttpResponse:
    now = timezone.now()
    event = (
        Event.objects.public()
        .for_network(portal.network)
        .prefetch_related(Prefetch("sites", queryset=_sites(portal)))
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    sites = [_decorate(site, now) for site in event.sites.all()]
    for site in sites:
        site.register_url = events_url(  # type: ignore[attr-defined]
            portal, request, "register", pk=site.pk
        )
    _add_exhibitors(request, portal, sites)
    return render(
        request,
        "events/public/event_detail.html",
        portal_context(
            request,
            portal,
            title=event.title,
            current="events",
            event=event,
            sites=sites,
            list_url=events_url(portal, request, "list"),
            description=event.description,
        ),
    )


def _add_exhibitors(request: HttpRequest, portal: Portal, sites: list[EventSite]) -> None:
    """Each site's confirmed exhibitors with the job offers they bring; an offer links to the
    public job board while the board shows it."""
    from samverk.core.clock import network_today
    from samverk.jobs.board_views import board_url
    from samverk.jobs.models import JobOffer

    today = network_today(portal.network)
    on_board = set(
        JobOffer.objects.on_board(today)
        .filter(network=portal.network, shown_at__site__in=sites)
        .values_list("pk", flat=True)
    )
    shown = (
        Exhibitor.objects.public()
        .filter(site__in=sites)
        .select_related("organisation")
        .prefetch_related(Prefetch("job_offers", queryset=JobOffer.objects.order_by("title", "pk")))
    )
    per_site: dict[int, list[Exhibitor]] = {}
    for exhibitor in shown:
        for offer in exhibitor.job_offers.all():
            offer.board_url = (  # type: ignore[attr-defined]
                board_url(portal, request, "detail", pk=offer.pk) if offer.pk in on_board else ""
            )
        per_site.setdefault(exhibitor.site_id, []).append(exhibitor)
    for site in sites:
        site.shown_exhibitors = per_site.get(site.pk, [])  # type: ignore[attr-defined]


# --- pages that are never cached -----------------------------------------------------------------


def _uncached(view: Any) -> Any:
    """Resolve the portal and the language like ``portal_page``, but answer uncached (forms
    with CSRF tokens, personal data)."""

    def wrapper(request: HttpRequest, network: str | None = None, **kwargs: Any) -> HttpResponse:
        portal = portal_of_request(request, network)
        language = portal_language(request, portal.network)
        with translation.override(language), timezone.override(portal.network.time_zone):
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
            response: HttpResponse = view(request, portal, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        response["Content-Language"] = language
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "same-origin"  # the token never leaves the site
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return require_http_methods(["GET", "HEAD", "POST"])(wrapper)


def _public_site(portal: Portal, pk: int) -> EventSite:
    site = (
        services.with_counts(EventSite.objects.public().for_network(portal.network))
        .select_related("event__network")
        .filter(pk=pk)
        .first()
    )
    if site is None:
        raise Http404
    return site


def _workshops(site: EventSite) -> Any:
    return services.with_workshop_counts(workshops_of(site))


@_uncached
def register(request: HttpRequest, portal: Portal, pk: int) -> HttpResponse:
    """The registration form of a site: name, email, organisation, workshops, consent; the
    waiting list offered when the site is full."""
    now = timezone.now()
    site = _public_site(portal, pk)
    event = site.event
    is_open = event.registration_open and now < site.starts_at
    full = registration_services.is_full(site, site.registered)  # type: ignore[attr-defined]
    workshops = _workshops(site)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        workshops=workshops if workshops.exists() else None,
        consent_text=event.consent_text,
        offer_waiting_list=full,
    )
    if request.method == "POST" and is_open:
        if form.is_valid():
            data = dict(form.cleaned_data)
            registration = save_with_service(
                form,
                registration_services.register,
                site=site,
                name=data["name"],
                email=data["email"],
                organisation_name=data.get("organisation_name", ""),
                workshops=data.get("workshops") or (),
                consent=bool(data.get("consent")),
                join_waiting_list=bool(data.get("join_waiting_list")),
                now=now,
            )
            if registration is not None:
                return redirect(
                    events_url(portal, request, "registration", token=registration.token) + "?new=1"
                )
        if form.has_error(registration_services.WAITING_LIST_FIELD):
            form.offer_waiting_list = True
    return render(
        request,
        "events/public/register.html",
        portal_context(
            request,
            portal,
            title=_("Register: %(event)s, %(site)s") % {"event": event.title, "site": site.name},
            current="events",
            event=event,
            site=site,
            form=form,
            is_open=is_open,
            full=full,
            free=_free(site),
            event_url=events_url(portal, request, "event", pk=event.pk),
        ),
    )


def _registration(portal: Portal, token: str) -> Registration:
    registration = (
        Registration.objects.filter(
            token=token,
            anonymised_at__isnull=True,
            site__event__network=portal.network,
            site__event__is_public=True,
        )
        .select_related("site__event__network")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


@_uncached
def registration(request: HttpRequest, portal: Portal, token: str) -> HttpResponse:
    """The participant's personal page: their registration, the workshops to change, a link
    to cancel."""
    now = timezone.now()
    registration = _registration(portal, token)
    site = registration.site
    active = registration.status != RegistrationStatus.CANCELLED
    changeable = active and now < site.starts_at
    workshops = _workshops(site)
    form = None
    if changeable and workshops.exists():
        form = ChangeWorkshopsForm(
            request.POST if request.method == "POST" else None,
            workshops=workshops,
            initial={"workshops": list(registration.workshops.all())},
        )
    status = 200
    if request.method == "POST":
        if form is None:
            status = 400  # nothing to change (cancelled, begun, no workshops)
        elif form.is_valid():
            changed = save_with_service(
                form,
                registration_services.change_workshops,
                registration=registration,
                workshops=form.cleaned_data["workshops"],
                now=now,
            )
            if changed is not None:
                return redirect(
                    events_url(portal, request, "registration", token=token) + "?saved=1"
                )
    return render(
        request,
        "events/public/registration.html",
        portal_context(
            request,
            portal,
            title=_("Your registration"),
            current="events",
            registration=registration,
            site=site,
            event=site.event,
            chosen=list(registration.workshops.order_by("starts_at", "pk")),
            qr_svg=mark_safe(  # noqa: S308 (segno's markup of the code: no user input)
                qr.svg(registration.code, title=_("QR code of the check-in code"))
            )
            if registration.status == RegistrationStatus.REGISTERED
            else "",
            form=form,
            active=active,
            changeable=changeable,
            new=request.GET.get("new") == "1",
            saved=request.GET.get("saved") == "1",
            cancel_url=events_url(portal, request, "cancel", token=token),
            event_url=events_url(portal, request, "event", pk=site.event.pk),
        ),
        status=status,
    )


@_uncached
def cancel(request: HttpRequest, portal: Portal, token: str) -> HttpResponse:
    """Cancel the registration, after asking (GET asks, POST cancels)."""
    registration = _registration(portal, token)
    back = events_url(portal, request, "registration", token=token)
    error = ""
    if request.method == "POST":
        try:
            registration_services.cancel(registration=registration, now=timezone.now())
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(back)
    return render(
        request,
        "events/public/cancel.html",
        portal_context(
            request,
            portal,
            title=_("Cancel your registration?"),
            current="events",
            registration=registration,
            site=registration.site,
            event=registration.site.event,
            back_url=back,
            error=error,
        ),
    )
