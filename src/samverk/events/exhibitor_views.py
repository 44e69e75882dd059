"""The exhibitor pages of a site (signed in): the list of exhibitors (every role of the
network), a member company's registration (its company contact or partner representative, or
the coordinator for it), its booth needs, contact and job offers, and the coordinator's
confirm/decline. The services check everything again."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view
from samverk.events import exhibitor_services, permissions
from samverk.events.models import EventSite, Exhibitor
from samverk.events.views import _site
from samverk.jobs.models import JobOffer
from samverk.networks.forms import current_members
from samverk.networks.models import Organisation, Person


class ExhibitorForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Company"), queryset=Organisation.objects.none()
    )
    booth_needs = forms.CharField(
        label=gettext_lazy("Booth needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Space, tables, power, internet …"),
    )
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Contact person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=gettext_lazy("A person of the company."),
    )

    def __init__(self, *args: Any, organisations: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations.order_by("name")
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ModelChoiceField)
        contact.queryset = (
            Person.objects.visible_to(user)
            .filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("name")
        )
        contact.label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"  # type: ignore[method-assign,assignment]


class ExhibitorEditForm(forms.Form):
    booth_needs = forms.CharField(
        label=gettext_lazy("Booth needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Contact person"), queryset=Person.objects.none(), required=False
    )
    job_offers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Job offers shown at the booth"),
        queryset=JobOffer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The company's published job offers."),
    )

    def __init__(self, *args: Any, exhibitor: Exhibitor, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ModelChoiceField)
        contact.queryset = (
            Person.objects.visible_to(user)
            .filter(organisation=exhibitor.organisation)
            .order_by("name")
        )
        offers = self.fields["job_offers"]
        assert isinstance(offers, forms.ModelMultipleChoiceField)
        attached = exhibitor.job_offers.values_list("pk", flat=True)
        offers.queryset = JobOffer.objects.filter(
            pk__in=[
                *exhibitor_services.attachable_offers(exhibitor).values_list("pk", flat=True),
                *attached,
            ]
        ).order_by("title", "pk")


def _site_url(network: Network, site: EventSite) -> str:
    return reverse("events:exhibitors", kwargs={"network": network.slug, "pk": site.pk})


@network_view
def exhibitors(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site = _site(request, network, pk)
    user = request.user
    rows = (
        Exhibitor.objects.visible_to(user)
        .filter(site=site)
        .select_related("organisation", "contact")
        .prefetch_related(Prefetch("job_offers", queryset=JobOffer.objects.order_by("title")))
    )
    acting = permissions.exhibiting_for(user, network)
    listed = list(rows)
    can_confirm = permissions.can_confirm_exhibitors(user, network)
    began = site.starts_at <= timezone.now()
    for row in listed:
        row.editable = permissions.can_edit_exhibitor(user, row)  # type: ignore[attr-defined]
        # the company withdraws until the site begins; the coordinator removes at any time
        row.removable = row.editable and (can_confirm or not began)  # type: ignore[attr-defined]
    return render(
        request,
        "events/exhibitor_list.html",
        {
            "network": network,
            "site": site,
            "exhibitors": listed,
            "can_register": permissions.can_manage_events(user, network)
            or bool(acting - {e.organisation_id for e in listed}),
            "can_confirm": can_confirm,
        },
    )


@network_view
def exhibitor_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site = _site(request, network, pk)
    user = request.user
    require(permissions.can_register_exhibitors(user, network))
    organisations = current_members(network)
    if not permissions.can_manage_events(user, network):
        organisations = organisations.filter(pk__in=permissions.exhibiting_for(user, network))
    form = ExhibitorForm(request.POST or None, organisations=organisations, user=user)
    return form_page(
        request,
        network,
        form,
        partial(exhibitor_services.register_exhibitor, actor=user, site=site),
        title=_("Exhibit at %(event)s, %(site)s") % {"event": site.event, "site": site.name},
        intro=_("The coordinator confirms the registration; then choose the job offers you bring."),
        cancel_url=_site_url(network, site),
        success_url=lambda exhibitor: reverse(
            "events:exhibitor_edit", kwargs={"network": network.slug, "pk": exhibitor.pk}
        ),
        message=_("Registered: the coordinator confirms it."),
    )


def _exhibitor(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Exhibitor:
    if not permissions.can_view_events(request.user, network):
        raise Http404
    return get_object_or_404(
        Exhibitor.objects.visible_to(request.user)
        .for_network(network)
        .select_related("site__event__network", "organisation"),
        pk=pk,
    )


def _save_exhibitor(
    *, actor: Any, exhibitor: Exhibitor, booth_needs: str, contact: Any, job_offers: Any
) -> Exhibitor:
    exhibitor = exhibitor_services.update_exhibitor(
        actor=actor, exhibitor=exhibitor, booth_needs=booth_needs, contact=contact
    )
    return exhibitor_services.set_job_offers(
        actor=actor, exhibitor=exhibitor, job_offers=job_offers
    )


@network_view
def exhibitor_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    exhibitor = _exhibitor(request, network, pk)
    require(permissions.can_edit_exhibitor(request.user, exhibitor))
    form = ExhibitorEditForm(
        request.POST or None,
        exhibitor=exhibitor,
        user=request.user,
        initial={
            "booth_needs": exhibitor.booth_needs,
            "contact": exhibitor.contact,
            "job_offers": list(exhibitor.job_offers.all()),
        },
    )
    return form_page(
        request,
        network,
        form,
        partial(_save_exhibitor, actor=request.user, exhibitor=exhibitor),
        title=_("%(company)s at %(site)s")
        % {"company": exhibitor.organisation.name, "site": exhibitor.site.name},
        cancel_url=_site_url(network, exhibitor.site),
        success_url=_site_url(network, exhibitor.site),
    )


@require_POST
@network_view
def exhibitor_decide(
    request: AuthenticatedHttpRequest, network: Network, pk: int, decision: str
) -> HttpResponse:
    exhibitor = _exhibitor(request, network, pk)
    require(permissions.can_confirm_exhibitors(request.user, network))
    service = {
        "confirm": exhibitor_services.confirm_exhibitor,
        "decline": exhibitor_services.decline_exhibitor,
    }.get(decision)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, exhibitor=exhibitor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (_("Confirmed: %(company)s.") if decision == "confirm" else _("Declined: %(company)s."))
            % {"company": exhibitor.organisation.name},
        )
    return redirect(_site_url(network, exhibitor.site))


@network_view
def exhibitor_remove(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Remove an exhibitor, after asking (GET asks, POST acts)."""
    exhibitor = _exhibitor(request, network, pk)
    require(permissions.can_edit_exhibitor(request.user, exhibitor))
    back = _site_url(network, exhibitor.site)
    error = ""
    if request.method == "POST":
        try:
            exhibitor_services.remove_exhibitor(actor=request.user, exhibitor=exhibitor)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Removed: %(company)s.") % {"company": exhibitor.organisation.name}
            )
            return redirect(back)
    return render(
        request,
        "events/exhibitor_remove.html",
        {
            "network": network,
            "exhibitor": exhibitor,
            "began": exhibitor.site.starts_at <= timezone.now(),
            "offers": exhibitor.job_offers.count(),
            "cancel_url": back,
            "error": error,
        },
        status=400 if error else 200,
    )
