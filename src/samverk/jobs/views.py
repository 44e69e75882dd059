"""The signed-in pages of job offers: the list (filter, sort, search, export), the moderation
queue, an offer's page with its actions, and the forms that write them. The public job board
is the portal's (``board_views.py``)."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.classifications.models import IscoGroup
from samverk.core import audit
from samverk.core.collation import choice_order
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate, render_page, sort
from samverk.jobs import exports, permissions, services
from samverk.jobs.choices import OfferKind, OfferStatus
from samverk.jobs.filters import JobOfferFilter
from samverk.jobs.forms import EndForm, OfferForm, ReturnForm
from samverk.jobs.models import JobOffer

SORTS: dict[str, Any] = {
    "title": "title",
    "employer": "employer__name",
    "posted": "date_posted",
    "valid": "valid_through",
    "isco": "isco_group__code",
}
ESCO_ATTRIBUTION = "classifications/esco_attribution.html"


def offers_for(user: Any, network: Network) -> Any:
    """The offers of ``network`` that ``user`` reads (``permissions.offer_visibility``)."""
    if not permissions.can_view_offers(user, network):
        raise Http404
    return (
        JobOffer.objects.visible_to(user)
        .for_network(network)
        .filter(permissions.offer_visibility(user))
    )


def _listed(
    request: AuthenticatedHttpRequest, network: Network, base: Any = None
) -> tuple[JobOfferFilter, Any, str]:
    base = (base if base is not None else offers_for(request.user, network)).select_related(
        "employer", "isco_group"
    )
    filterset = JobOfferFilter(request.GET or None, queryset=base)
    filterset.limit_to(network)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sorts = {
        **SORTS,
        "status": choice_order("status", OfferStatus),
        "kind": choice_order("kind", OfferKind),
    }
    queryset, current_sort = sort(request, queryset, sorts, "-posted")
    return filterset, queryset, current_sort


def _list_page(
    request: AuthenticatedHttpRequest, network: Network, *, queue: bool = False
) -> HttpResponse:
    user = request.user
    base = None
    if queue:
        require(permissions.can_moderate(user, network))
        base = offers_for(user, network).filter(status=OfferStatus.SUBMITTED)
    filterset, queryset, current_sort = _listed(request, network, base)
    return render_page(
        request,
        "jobs/offer_list.html",
        {
            "network": network,
            "filter": filterset,
            "page": paginate(request, queryset),
            "sort": current_sort,
            "queue": queue,
            "can_create": permissions.can_create_offers(user, network),
            "can_moderate": permissions.can_moderate(user, network),
        },
        partial="results",
    )


@network_view
def offer_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    return _list_page(request, network)


@network_view
def offer_queue(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The coordinators' moderation queue: the submitted offers."""
    return _list_page(request, network, queue=True)


@network_view
def offer_export(request: AuthenticatedHttpRequest, network: Network, format: str) -> HttpResponse:
    """The offers the user reads (filtered as the list), as JSON or CSV (``jobs/exports.py``
    and docs/architecture.md describe the schema)."""
    if format not in ("json", "csv"):
        raise Http404
    _filterset, queryset, _sort = _listed(request, network)
    rows = exports.rows(queryset)
    filename = f"job-offers-{network.slug}.{format}"
    if format == "json":
        body = json.dumps(exports.as_json(network, rows), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(exports.as_csv(rows), content_type="text/csv; charset=utf-8")
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _offer(request: AuthenticatedHttpRequest, network: Network, pk: int) -> JobOffer:
    offer: JobOffer = get_object_or_404(
        offers_for(request.user, network).select_related(
            "network",
            "employer",
            "isco_group__parent__parent__parent",
            "esco_occupation",
            "municipality",
            "created_by",
        ),
        pk=pk,
    )
    return offer


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@network_view
def offer_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    offer = _offer(request, network, pk)
    moderator = permissions.can_moderate(user, network)
    chain: list[IscoGroup] = []
    group: IscoGroup | None = offer.isco_group
    while group is not None:
        chain.insert(0, group)
        group = group.parent
    return render(
        request,
        "jobs/offer_detail.html",
        {
            "network": network,
            "offer": offer,
            "isco_chain": chain,
            "target_groups": [g.get_group_display() for g in offer.groups.order_by("group")],
            "show_reason": bool(offer.return_reason)
            and permissions.may_read_return_reason(user, offer),
            "can_edit": permissions.can_edit_offer(user, offer),
            "can_submit": permissions.can_submit_offer(user, offer),
            "can_return": permissions.can_return_offer(user, offer),
            "can_publish": permissions.can_publish_offer(user, offer),
            "can_end": permissions.can_end_offer(user, offer),
            "can_moderate": moderator,
            "esco_attribution": _has_template(ESCO_ATTRIBUTION),
            "history": audit.history(user, network, offer) if moderator else None,
        },
    )


def _detail_url(network: Network, pk: int) -> str:
    return reverse("jobs:offer_detail", kwargs={"network": network.slug, "pk": pk})


@network_view
def offer_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_create_offers(request.user, network))
    form = OfferForm(request.POST or None, network=network, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(services.create_offer, actor=request.user, network=network),
        title=_("New job offer"),
        intro=_("The offer is saved as a draft; submit it for review when it is complete."),
        cancel_url=reverse("jobs:offer_list", kwargs={"network": network.slug}),
        success_url=lambda offer: _detail_url(network, offer.pk),
    )


@network_view
def offer_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    offer = _offer(request, network, pk)
    require(permissions.can_edit_offer(request.user, offer))
    form = OfferForm(
        request.POST or None,
        instance=JobOffer.objects.select_related("isco_group", "esco_occupation").get(pk=pk),
        network=network,
        user=request.user,
    )
    intro = (
        _("Saving a change sends the published offer back to review.")
        if offer.status == OfferStatus.PUBLISHED
        else ""
    )
    return form_page(
        request,
        network,
        form,
        partial(services.update_offer, actor=request.user, offer=offer),
        title=_("Edit %(offer)s") % {"offer": offer},
        intro=intro,
        cancel_url=_detail_url(network, pk),
        success_url=_detail_url(network, pk),
    )


def _base_url(request: AuthenticatedHttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_POST
@network_view
def offer_submit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    offer = _offer(request, network, pk)
    return _act(
        request,
        network,
        offer,
        partial(services.submit_offer, actor=request.user, offer=offer),
        _("Submitted for review."),
    )


@require_POST
@network_view
def offer_publish(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    offer = _offer(request, network, pk)
    return _act(
        request,
        network,
        offer,
        partial(
            services.publish_offer,
            actor=request.user,
            offer=offer,
            base_url=_base_url(request),
        ),
        _("Published."),
    )


def _act(
    request: AuthenticatedHttpRequest, network: Network, offer: JobOffer, run: Any, done: str
) -> HttpResponse:
    from django.core.exceptions import ValidationError

    try:
        run()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_detail_url(network, offer.pk))


@network_view
def offer_return(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    offer = _offer(request, network, pk)
    require(permissions.can_return_offer(request.user, offer))
    return form_page(
        request,
        network,
        ReturnForm(request.POST or None),
        partial(
            services.return_offer, actor=request.user, offer=offer, base_url=_base_url(request)
        ),
        title=_("Return “%(offer)s” to the company") % {"offer": offer},
        intro=_("The offer goes back to the company with your reason; its creator gets a mail."),
        cancel_url=_detail_url(network, pk),
        success_url=_detail_url(network, pk),
        message=_("Returned to the company."),
    )


@network_view
def offer_end(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """End an offer after asking how (GET asks, POST acts)."""
    offer = _offer(request, network, pk)
    choices = permissions.end_choices(request.user, offer)
    require(bool(choices))
    form = EndForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.end_offer(actor=request.user, offer=offer, status=form.cleaned_data["status"])
        messages.success(request, _("The offer has ended."))
        return redirect(_detail_url(network, pk))
    return render(
        request,
        "jobs/offer_end.html",
        {"network": network, "offer": offer, "form": form, "cancel_url": _detail_url(network, pk)},
    )
