"""The public job board on the network's portal (no login): the list with search, filters and
sorting, an offer's page with schema.org JobPosting JSON-LD, 410 for an offer that has ended.
Served by ``portal.views.portal_page`` (portal lookup, language, ETag, cache) and read only
through ``jobs.board``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from samverk.core.clock import network_today
from samverk.core.markdown import render as render_markdown
from samverk.jobs import board
from samverk.jobs.board import PublicOffer
from samverk.portal.public import Portal
from samverk.portal.views import _json_ld, portal_context, portal_page

EMPLOYMENT_TYPES = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
ESCO_ATTRIBUTION = "classifications/esco_attribution.html"


def esco_attribution() -> str:
    """The classifications app's ESCO attribution partial, once it has one."""
    try:
        get_template(ESCO_ATTRIBUTION)
    except TemplateDoesNotExist:
        return ""
    return ESCO_ATTRIBUTION


def board_url(portal: Portal, request: HttpRequest, name: str, **kwargs: Any) -> str:
    """A board page's path: under ``/p/<slug>/jobs/`` or, on the network's own host name,
    at ``/jobs/`` (as ``portal.views.portal_url``)."""
    if not getattr(request, "portal_host", None):
        kwargs["network"] = portal.network.slug
    return reverse(f"jobs_board:{name}", kwargs=kwargs)


def _suffix(context: dict[str, Any]) -> str:
    return str(context.get("suffix") or "")


def _context(request: HttpRequest, portal: Portal, *, title: str, **extra: Any) -> dict[str, Any]:
    context = portal_context(request, portal, title=title, current="jobs", **extra)
    suffix = _suffix(context)
    context["board_url"] = board_url(portal, request, "list") + suffix
    context["board_feed_url"] = board_url(portal, request, "feed")
    return context


@portal_page
def offer_list(request: HttpRequest, portal: Portal) -> HttpResponse:
    network = portal.network
    today = network_today(network)
    form = board.BoardFilterForm(request.GET, network=network, today=today)
    queryset, sort = board.filtered(network, today, board.valid_values(form))
    page = board.offers_page(queryset, request.GET.get("page"))
    context = _context(request, portal, title=_("Job board"), form=form, page=page, sort=sort)
    suffix = _suffix(context)
    detail = board_url(portal, request, "detail", pk=0).removesuffix("0/")
    context["rows"] = [(o, f"{detail}{o.pk}/{suffix}") for o in page.object_list]
    context["count"] = page.paginator.count
    context["filtered"] = any(request.GET.get(name) for name in form.fields if name != "sort")
    return render(request, "jobs/board_list.html", context)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def employment_types(offer: PublicOffer) -> list[str]:
    """schema.org/Google employmentType values of the offer."""
    types = [EMPLOYMENT_TYPES.get(offer.working_time, "OTHER")]
    if offer.duration == "temporary":
        types.append("TEMPORARY")
    if offer.kind == "internship":
        types.append("INTERN")
    elif offer.kind in ("apprenticeship", "dual_study"):
        types.append("OTHER")
    return types


def job_posting(request: HttpRequest, portal: Portal, offer: PublicOffer) -> dict[str, Any]:
    """The offer as schema.org JobPosting (every property Google requires, and the
    recommended ones the offer has)."""
    url = _absolute(request, board_url(portal, request, "detail", pk=offer.pk))
    organisation: dict[str, Any] = {"@type": "Organization", "name": offer.employer}
    if offer.employer_website:
        organisation["sameAs"] = offer.employer_website
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressLocality": offer.locality,
        "addressCountry": offer.country,
    }
    if offer.street_address:
        address["streetAddress"] = offer.street_address
    if offer.postal_code:
        address["postalCode"] = offer.postal_code
    if offer.region:
        address["addressRegion"] = offer.region
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": str(render_markdown(offer.description)),
        "identifier": {
            "@type": "PropertyValue",
            "name": portal.network.name,
            "value": str(offer.pk),
        },
        "url": url,
        "datePosted": offer.date_posted.isoformat() if offer.date_posted else None,
        "validThrough": offer.valid_through.isoformat(),
        "hiringOrganization": organisation,
        "jobLocation": {"@type": "Place", "address": address},
        "employmentType": employment_types(offer),
        "occupationalCategory": offer.isco_code,
        "totalJobOpenings": offer.openings,
        "directApply": False,
    }
    if data["datePosted"] is None:
        del data["datePosted"]
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    salary = board.parse_salary(offer.salary, offer.country) if offer.salary else None
    if salary is not None:
        data["baseSalary"] = salary
    return data


@portal_page
def offer_detail(request: HttpRequest, portal: Portal, pk: int) -> HttpResponse:
    try:
        found = board.offer(portal.network, pk, network_today(portal.network))
    except board.OfferEnded as ended:
        context = _context(request, portal, title=_("This job offer has ended"), ended=ended)
        return render(request, "jobs/board_ended.html", context, status=410)
    description = strip_tags(render_markdown(found.description))
    context = _context(
        request,
        portal,
        title=found.title,
        offer=found,
        og_type="article",
        description=description,
        json_ld=_json_ld(job_posting(request, portal, found)),
        esco_attribution=esco_attribution(),
    )
    return render(request, "jobs/board_detail.html", context)
