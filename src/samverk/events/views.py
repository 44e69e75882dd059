"""The network's event pages (signed in): the list (upcoming and past, filters), an event with
its sites, programme and counts per site, the forms that write them (organisers), and each
site's participant list with its export (organisers only: personal data)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import exports
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate, render_page, sort
from samverk.events import outcome, permissions, services
from samverk.events.filters import EventFilter
from samverk.events.forms import EventForm, EventSettingsForm, SessionForm, SiteForm
from samverk.events.models import Event, EventSite, Registration, Session
from samverk.networks.models import Person

SORTS: dict[str, Any] = {"title": "title", "starts": "first_start", "kind": "kind"}


def _events(request: AuthenticatedHttpRequest, network: Network) -> Any:
    if not permissions.can_view_events(request.user, network):
        raise Http404
    return Event.objects.visible_to(request.user).for_network(network)


@network_view
def event_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    base = _events(request, network).annotate(
        first_start=Min("sites__starts_at"),
        last_end=Max("sites__ends_at"),
        site_count=Count("sites", distinct=True),
    )
    filterset = EventFilter(request.GET or None, queryset=base)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    queryset, current_sort = sort(request, queryset, SORTS, "-starts")
    page = paginate(request, queryset)
    return render_page(
        request,
        "events/event_list.html",
        {
            "network": network,
            "filter": filterset,
            "page": page,
            "sort": current_sort,
            "can_manage": permissions.can_manage_events(request.user, network),
        },
        partial="results",
    )


def _event(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Event:
    return get_object_or_404(_events(request, network), pk=pk)


@network_view
def event_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    sessions = services.with_workshop_counts(
        Session.objects.order_by("starts_at", "title", "pk")
    ).prefetch_related(
        Prefetch(
            "speakers",
            queryset=Person.objects.visible_to(user)
            .select_related("organisation")
            .order_by("name"),
        )
    )
    sites = services.with_counts(
        EventSite.objects.select_related("region").order_by("starts_at", "name", "pk")
    ).prefetch_related(Prefetch("sessions", queryset=sessions))
    event = get_object_or_404(
        _events(request, network)
        .select_related("organiser", "project")
        .prefetch_related("co_organisers", Prefetch("sites", queryset=sites)),
        pk=pk,
    )
    return render(
        request,
        "events/event_detail.html",
        {
            "network": network,
            "event": event,
            "can_manage": permissions.can_manage_events(user, network),
            "can_see_participants": permissions.can_view_registrations(user, network),
            "can_check_in": permissions.can_check_in(user, network),
            "outcome": outcome.outcome(event),
        },
    )


def _list_url(network: Network) -> str:
    return reverse("events:event_list", kwargs={"network": network.slug})


def _event_url(network: Network, event: Event) -> str:
    return reverse("events:event_detail", kwargs={"network": network.slug, "pk": event.pk})


@network_view
def event_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_events(request.user, network))
    form = EventForm(request.POST or None, network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.create_event, actor=request.user, network=network),
        title=_("New event"),
        cancel_url=_list_url(network),
        success_url=lambda event: _event_url(network, event),
    )


@network_view
def event_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    event = _event(request, network, pk)
    require(permissions.can_manage_events(request.user, network))
    form = EventForm(request.POST or None, instance=event, network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.update_event, actor=request.user, event=event),
        title=_("Edit the event"),
        cancel_url=_event_url(network, event),
        success_url=_event_url(network, event),
    )


def _site(request: AuthenticatedHttpRequest, network: Network, pk: int) -> EventSite:
    if not permissions.can_view_events(request.user, network):
        raise Http404
    return get_object_or_404(
        EventSite.objects.visible_to(request.user)
        .for_network(network)
        .select_related("event__network"),
        pk=pk,
    )


@network_view
def site_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    event = _event(request, network, pk)
    require(permissions.can_manage_events(request.user, network))
    form = SiteForm(request.POST or None, network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.add_site, actor=request.user, event=event),
        title=_("New site of %(event)s") % {"event": event},
        cancel_url=_event_url(network, event),
        success_url=_event_url(network, event),
    )


@network_view
def site_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site = _site(request, network, pk)
    require(permissions.can_manage_events(request.user, network))
    form = SiteForm(request.POST or None, instance=site, network=network)
    return form_page(
        request,
        network,
        form,
        partial(services.update_site, actor=request.user, site=site),
        title=_("Edit the site %(site)s") % {"site": site.name},
        cancel_url=_event_url(network, site.event),
        success_url=_event_url(network, site.event),
    )


@network_view
def session_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site = _site(request, network, pk)
    require(permissions.can_manage_events(request.user, network))
    form = SessionForm(request.POST or None, network=network, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(services.add_session, actor=request.user, site=site),
        title=_("New session at %(site)s") % {"site": site.name},
        cancel_url=_event_url(network, site.event),
        success_url=_event_url(network, site.event) + f"#site-{site.pk}",
    )


def _session(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Session:
    if not permissions.can_view_events(request.user, network):
        raise Http404
    return get_object_or_404(
        Session.objects.visible_to(request.user)
        .for_network(network)
        .select_related("site__event__network"),
        pk=pk,
    )


@network_view
def session_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    session = _session(request, network, pk)
    require(permissions.can_manage_events(request.user, network))
    form = SessionForm(request.POST or None, instance=session, network=network, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(services.update_session, actor=request.user, session=session),
        title=_("Edit the session"),
        cancel_url=_event_url(network, session.site.event),
        success_url=_event_url(network, session.site.event) + f"#site-{session.site_id}",
    )


@network_view
def line_delete(
    request: AuthenticatedHttpRequest, network: Network, kind: str, pk: int
) -> HttpResponse:
    """Remove a site or a session, after asking (GET asks, POST acts)."""
    obj: EventSite | Session
    if kind == "site":
        obj = _site(request, network, pk)
        event = obj.event
    elif kind == "session":
        obj = _session(request, network, pk)
        event = obj.site.event
    else:
        raise Http404
    require(permissions.can_manage_events(request.user, network))
    back = _event_url(network, event)
    error = ""
    if request.method == "POST":
        try:
            if isinstance(obj, EventSite):
                services.remove_site(actor=request.user, site=obj)
            else:
                services.remove_session(actor=request.user, session=obj)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted."))
            return redirect(back)
    return render(
        request,
        "events/line_delete.html",
        {"network": network, "kind": kind, "obj": obj, "cancel_url": back, "error": error},
        status=400 if error else 200,
    )


def _participants(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Any:
    site = _site(request, network, pk)
    if not permissions.can_view_registrations(request.user, network):
        raise Http404
    registrations = (
        Registration.objects.visible_to(request.user)
        .filter(site=site)
        .prefetch_related(Prefetch("workshops", queryset=Session.objects.order_by("starts_at")))
        .order_by("status", "created_at", "pk")
    )
    return site, registrations


@network_view
def participants(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site, registrations = _participants(request, network, pk)
    counted = services.with_counts(EventSite.objects.filter(pk=site.pk)).get()
    return render(
        request,
        "events/participants.html",
        {
            "network": network,
            "site": site,
            "counts": counted,
            "page": paginate(request, registrations, 100),
        },
    )


@network_view
def participants_export(
    request: AuthenticatedHttpRequest, network: Network, pk: int, format: str
) -> HttpResponse:
    chosen = exports.export_format(format)
    site, registrations = _participants(request, network, pk)
    require(permissions.can_export_participants(request.user, network))
    columns = [
        exports.Column(gettext_lazy("name"), lambda r: r.name),
        exports.Column(gettext_lazy("email"), lambda r: r.email if not r.anonymised_at else ""),
        exports.Column(gettext_lazy("organisation"), lambda r: r.organisation_name),
        exports.Column(gettext_lazy("status"), lambda r: r.get_status_display()),
        exports.Column(
            gettext_lazy("workshops"), lambda r: "; ".join(w.title for w in r.workshops.all())
        ),
        exports.Column(gettext_lazy("check-in code"), lambda r: r.code),
        exports.Column(gettext_lazy("registered on"), lambda r: r.created_at),
        exports.Column(gettext_lazy("checked in"), lambda r: r.checked_in_at),
    ]
    return exports.table_response(
        registrations, columns, chosen, f"participants-{site.event.pk}-{site.pk}"
    )


@network_view
def event_settings(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_events(request.user, network))
    form = EventSettingsForm(request.POST or None, instance=services.settings_for(network))
    return form_page(
        request,
        network,
        form,
        partial(services.update_event_settings, actor=request.user, network=network),
        title=_("Event settings"),
        intro=_(
            "Participants' names, email addresses and organisations are erased this many days "
            "after the site they registered for has ended. The counts stay."
        ),
        cancel_url=_list_url(network),
        success_url=_list_url(network),
    )
