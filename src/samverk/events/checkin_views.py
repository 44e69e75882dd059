"""The check-in desk of a site (organisers, on a phone or tablet at the entrance), mounted at
``n/<network>/events/sites/<pk>/check-in/``: the code typed in or read from the QR code by the
camera (``events/static/events/checkin.js`` with the vendored jsQR; without camera or
JavaScript the typed code works), a search by name among the registered participants, the
walk-in counter (+1 / -1) and the live counts (an htmx partial refreshed every 10 seconds).
Refusals are shown on the page with what happened (a code of another site, a second check-in
and when the first was)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_permissions_policy.decorators import permissions_policy_override

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view
from samverk.events import checkin_services, permissions
from samverk.events.models import Event, EventSite, Registration
from samverk.events.views import _site


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "data-checkin-code": "",
            }
        ),
        help_text=gettext_lazy("The 8 characters on the confirmation, or scan its QR code."),
    )


def _checkin_site(request: AuthenticatedHttpRequest, network: Network, pk: int) -> EventSite:
    site = _site(request, network, pk)
    if not permissions.can_check_in(request.user, network):
        raise Http404
    return site


def _url(network: Network, site: EventSite) -> str:
    return reverse("events:check_in", kwargs={"network": network.slug, "pk": site.pk})


def _checked_in_message(registration: Registration) -> str:
    return _("Checked in: %(name)s (%(code)s).") % {
        "name": registration.name or _("(erased)"),
        "code": registration.code,
    }


# The desk is the one page that may use the camera (its own origin only), to read QR codes.
CAMERA_ALLOWED = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}


@permissions_policy_override(CAMERA_ALLOWED)  # type: ignore[arg-type]
@network_view
def check_in(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """GET: the desk (``?q=`` searches by name). POST ``action``: ``code`` (with ``code``),
    ``registration`` (with ``registration``: the id found by name), ``walk_in`` (with
    ``change`` +1 or -1)."""
    site = _checkin_site(request, network, pk)
    user = request.user
    form = CodeForm()
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        action = request.POST.get("action", "code")
        if action == "code":
            form = CodeForm(request.POST)
            if form.is_valid():
                try:
                    registration = checkin_services.check_in_code(
                        actor=user, site=site, code=form.cleaned_data["code"]
                    )
                except ValidationError as exc:
                    for error in (
                        exc.error_dict.get("code", []) if hasattr(exc, "error_dict") else [exc]
                    ):
                        form.add_error("code", error)
                else:
                    messages.success(request, _checked_in_message(registration))
                    return redirect(_url(network, site))
        elif action == "registration":
            registration = get_object_or_404(
                Registration.objects.visible_to(user).filter(site=site),
                pk=_int(request.POST.get("registration")),
            )
            try:
                registration = checkin_services.check_in_registration(
                    actor=user, site=site, registration=registration
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _checked_in_message(registration))
            return redirect(_url(network, site))
        elif action == "walk_in":
            change = _int(request.POST.get("change"))
            try:
                count = checkin_services.change_walk_ins(actor=user, site=site, change=change)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Walk-ins at %(site)s: %(count)d.") % {"site": site.name, "count": count},
                )
            return redirect(_url(network, site) + "#walk-ins")
        else:
            raise Http404
    found = list(checkin_services.search(site, query)) if query else []
    return render(
        request,
        "events/checkin_page.html",
        {
            "network": network,
            "site": site,
            "form": form,
            "query": query,
            "found": found,
            "counts": checkin_services.counts(site),
        },
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@network_view
def check_in_counts(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """The live counts (the partial the desk refreshes every 10 seconds)."""
    site = _checkin_site(request, network, pk)
    return render(
        request,
        "events/checkin_counts.html",
        {"network": network, "site": site, "counts": checkin_services.counts(site)},
    )


@require_POST
@network_view
def outcome_transfer(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """The coordinator transfers the event's outcome to its project's key figures."""
    from samverk.events import outcome

    event = get_object_or_404(
        Event.objects.visible_to(request.user).for_network(network).select_related("project"),
        pk=pk,
    )
    require(permissions.can_manage_events(request.user, network))
    try:
        figures = outcome.transfer_to_project(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Transferred to the key figures of “%(project)s”: %(figures)s.")
            % {"project": event.project, "figures": "; ".join(str(f) for f in figures)},
        )
    return redirect(
        reverse("events:event_detail", kwargs={"network": network.slug, "pk": event.pk})
        + "#outcome"
    )
