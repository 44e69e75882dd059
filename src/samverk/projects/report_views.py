"""The annual report's pages: the report of a year (every role of the network reads it), its
PDF, and the coordinator's form for its texts and settings."""

from __future__ import annotations

import copy
from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock, date_range
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view
from samverk.projects import annual_report, permissions, report_services
from samverk.projects.models import AnnualReport
from samverk.projects.report_forms import AnnualReportForm, NewAnnualReportForm, YearForm
from samverk.strategy.models import AnnualPlan


def _readable(request: AuthenticatedHttpRequest, network: Network) -> None:
    if not permissions.can_view_projects(request.user, network):
        raise Http404


def _year(year: int) -> int:
    if not date_range.EARLIEST_YEAR <= year <= date_range.LATEST_YEAR:
        raise Http404
    return year


def _url(name: str, network: Network, year: int) -> str:
    return reverse(f"projects:{name}", kwargs={"network": network.slug, "year": year})


def _record(request: AuthenticatedHttpRequest, network: Network, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.visible_to(request.user)
        .for_network(network)
        .filter(year=year)
        .select_related("network")
        .first()
    )


@network_view
def annual_report_index(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The year chosen (``?year=``), else the latest report's year, else this year."""
    _readable(request, network)
    form = YearForm(request.GET or None)
    if form.is_bound:
        if form.is_valid():
            return redirect(_url("annual_report", network, form.cleaned_data["year"]))
        return render(
            request,
            "projects/annual_report.html",
            {"network": network, "year_form": form, "report": None, "years": []},
        )
    latest = AnnualReport.objects.visible_to(request.user).for_network(network).first()
    year = latest.year if latest else clock.network_today(network).year
    return redirect(_url("annual_report", network, year))


def _years(request: AuthenticatedHttpRequest, network: Network, year: int) -> list[int]:
    """Years worth a link: those with a report or a plan, and the one shown."""
    reports = AnnualReport.objects.visible_to(request.user).for_network(network)
    plans = AnnualPlan.objects.visible_to(request.user).for_network(network)
    found = set(reports.values_list("year", flat=True)) | set(plans.values_list("year", flat=True))
    return sorted(found | {year}, reverse=True)


@network_view
def annual_report_page(
    request: AuthenticatedHttpRequest, network: Network, year: int
) -> HttpResponse:
    _readable(request, network)
    report = annual_report.build_annual_report(network, _year(year), user=request.user)
    can_manage = permissions.can_manage_projects(request.user, network)
    return render(
        request,
        "projects/annual_report.html",
        {
            "network": network,
            "report": report,
            "year": year,
            "years": _years(request, network, year),
            "year_form": YearForm(initial={"year": year}),
            "can_manage": can_manage,
            "edit_url": (
                _url("annual_report_edit", network, year)
                if report.record
                else reverse("projects:annual_report_new", kwargs={"network": network.slug})
                + f"?year={year}"
            )
            if can_manage
            else "",
        },
    )


@network_view
def annual_report_pdf(
    request: AuthenticatedHttpRequest, network: Network, year: int
) -> HttpResponse:
    _readable(request, network)
    report = annual_report.build_annual_report(network, _year(year), user=request.user)
    response = HttpResponse(
        annual_report.render_annual_report_pdf(report), content_type="application/pdf"
    )
    filename = annual_report.pdf_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@network_view
def annual_report_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_projects(request.user, network))
    year = request.GET.get("year", "")
    form = NewAnnualReportForm(
        request.POST or None, initial={"year": year} if year.isdigit() else {}
    )
    return form_page(
        request,
        network,
        form,
        partial(report_services.create_annual_report, actor=request.user, network=network),
        title=_("Write the annual report"),
        intro=_(
            "The report assembles the year's plan, indicators, projects, meetings, decisions "
            "and contributions from the data; here you write its texts (Markdown) and choose "
            "what it shows."
        ),
        cancel_url=reverse("projects:annual_report_index", kwargs={"network": network.slug}),
        success_url=lambda report: _url("annual_report", network, report.year),
    )


@network_view
def annual_report_edit(
    request: AuthenticatedHttpRequest, network: Network, year: int
) -> HttpResponse:
    _readable(request, network)
    record = _record(request, network, _year(year))
    require(permissions.can_manage_projects(request.user, network))
    if record is None:
        new = reverse("projects:annual_report_new", kwargs={"network": network.slug})
        return redirect(f"{new}?year={year}")
    back = _url("annual_report", network, year)
    return form_page(
        request,
        network,
        AnnualReportForm(request.POST or None, instance=copy.copy(record)),
        partial(report_services.update_annual_report, actor=request.user, report=record),
        title=_("Edit the annual report %(year)s") % {"year": year},
        cancel_url=back,
        success_url=back,
    )
