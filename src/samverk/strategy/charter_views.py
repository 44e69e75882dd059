"""The charter page (sections, obligations, versions and their differences) and the members'
yearly self-check: each member answers, the coordinator sees members by obligations, reminds
those who have not answered and exports it."""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import audit, clock, exports
from samverk.core.models import Network
from samverk.core.registry import registry
from samverk.core.services import require
from samverk.core.views import form_page, network_view, save_with_service
from samverk.meetings.reports import commitment
from samverk.networks import permissions as network_permissions
from samverk.networks.models import Membership, Organisation
from samverk.strategy import charter_services, permissions
from samverk.strategy.charter_forms import CharterForm, ObligationForm, SelfCheckForm
from samverk.strategy.choices import ObligationMeasure, SelfCheckAnswer
from samverk.strategy.models import Charter, CharterVersion, Obligation, SelfCheck

SECTIONS = (
    ("who_we_are", gettext_lazy("Who we are")),
    ("what_we_want", gettext_lazy("What we want")),
    ("how_we_work", gettext_lazy("How we work")),
)


def _charter(request: AuthenticatedHttpRequest, network: Network) -> Charter | None:
    """The network's own charter, else the one its federation shares."""
    return Charter.objects.visible_to(request.user).own_or_shared(network)


def _charter_url(network: Network) -> str:
    return reverse("strategy:charter", kwargs={"network": network.slug})


@network_view
def charter_detail(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    charter = _charter(request, network)
    can_manage = permissions.can_manage_strategy(request.user, network)
    own = charter is None or charter.network_id == network.pk
    context: dict[str, Any] = {
        "network": network,
        "charter": charter,
        "can_edit": can_manage and own,
        "can_manage": can_manage,
        "year": clock.network_today(network).year - 1,
    }
    if charter is not None:
        context["sections"] = [(label, getattr(charter, name)) for name, label in SECTIONS]
        context["obligations"] = list(charter.obligations.order_by("position", "pk"))
        context["versions"] = list(
            charter.versions.select_related("adopted_by", "saved_by").order_by("-number")
        )
        context["history"] = (
            audit.history(request.user, network, charter) if can_manage and own else None
        )
    return render(request, "strategy/charter_detail.html", context)


@network_view
def charter_edit(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    charter = Charter.objects.filter(network=network).first()
    form = CharterForm(
        request.POST or None,
        instance=copy.copy(charter) if charter else None,
        network=network,
    )
    return form_page(
        request,
        network,
        form,
        partial(charter_services.save_charter, actor=request.user, network=network),
        title=_("Edit the charter") if charter else _("Write the charter"),
        cancel_url=_charter_url(network),
        success_url=_charter_url(network),
        intro=_("Each change is kept as a new version; the page shows what changed."),
    )


@dataclass
class Line:
    kind: str  # "same", "added", "removed"
    text: str


def _diff(before: str, after: str) -> list[Line]:
    return diff_lines(before.splitlines(), after.splitlines())


def diff_lines(before: list[str], after: list[str]) -> list[Line]:
    """The lines of ``after`` with those added and removed since ``before`` marked."""
    lines = []
    for line in difflib.ndiff(before, after):
        code, text = line[:2], line[2:]
        if code == "  ":
            lines.append(Line("same", text))
        elif code == "+ ":
            lines.append(Line("added", text))
        elif code == "- ":
            lines.append(Line("removed", text))
    return lines


@network_view
def charter_version(
    request: AuthenticatedHttpRequest, network: Network, number: int
) -> HttpResponse:
    charter = _charter(request, network)
    if charter is None:
        raise Http404
    version = get_object_or_404(
        CharterVersion.objects.select_related("adopted_by", "saved_by").filter(charter=charter),
        number=number,
    )
    previous = (
        CharterVersion.objects.filter(charter=charter, number__lt=number)
        .order_by("-number")
        .first()
    )
    changes = [
        (
            label,
            _diff(getattr(previous, name) if previous else "", getattr(version, name)),
        )
        for name, label in (("title", gettext_lazy("Title")), *SECTIONS)
    ]
    return render(
        request,
        "strategy/charter_version.html",
        {
            "network": network,
            "charter": charter,
            "version": version,
            "previous": previous,
            "changes": changes,
        },
    )


@network_view
def obligation_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    charter = get_object_or_404(Charter, network=network)
    form = ObligationForm(request.POST or None)
    return form_page(
        request,
        network,
        form,
        partial(charter_services.add_obligation, actor=request.user, charter=charter),
        title=_("New obligation"),
        cancel_url=_charter_url(network),
        success_url=_charter_url(network) + "#obligations",
    )


@network_view
def obligation_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    obligation = get_object_or_404(
        Obligation.objects.visible_to(request.user).filter(charter__network=network), pk=pk
    )
    form = ObligationForm(request.POST or None, instance=copy.copy(obligation))
    return form_page(
        request,
        network,
        form,
        partial(charter_services.update_obligation, actor=request.user, obligation=obligation),
        title=_("Edit obligation"),
        cancel_url=_charter_url(network),
        success_url=_charter_url(network) + "#obligations",
    )


# --- the yearly self-check ----------------------------------------------------------------------


def _measured(
    request: AuthenticatedHttpRequest,
    network: Network,
    year: int,
    members: list[Organisation],
    obligations: list[Obligation],
) -> dict[tuple[int, int], str]:
    """What data shows for each member and measured obligation: strategy's own figures of
    today (attendance with authority over the recent meetings, the committed yearly budget)
    and the figures of ``year`` the apps above it register (``self_check_measures``, e.g. the
    projects carried or taken part in), each measured once for all members."""
    kinds = {o.measure for o in obligations}
    shown: dict[tuple[int, int], str] = {}
    for entry in registry.self_check_measures:
        if entry.name not in kinds or entry.name in _OWN_MEASURES:
            continue
        figures = entry.measure(network, year, members)
        for obligation in obligations:
            if obligation.measure != entry.name:
                continue
            for member in members:
                shown[(member.pk, obligation.pk)] = _figure(figures.get(member.pk))
    if ObligationMeasure.AUTHORISED_ATTENDANCE in kinds:
        rows = {r.organisation_id: r for r in commitment(network, organisations=members)}
        for obligation in obligations:
            if obligation.measure != ObligationMeasure.AUTHORISED_ATTENDANCE:
                continue
            for member in members:
                row = rows.get(member.pk)
                rate = row.authority_rate if row else None
                shown[(member.pk, obligation.pk)] = (
                    "–"
                    if rate is None
                    else _("%(percent)s %% with authority (%(meetings)s meetings)")
                    % {"percent": round(rate * 100), "meetings": row.meetings if row else 0}
                )
    if ObligationMeasure.BUDGET in kinds:
        budgets = {
            organisation: (amount, currency)
            for organisation, amount, currency in Membership.objects.filter(
                network=network, organisation__in=members
            )
            .order_by("since")
            .values_list("organisation_id", "budget_amount", "currency")
        }
        for obligation in obligations:
            if obligation.measure != ObligationMeasure.BUDGET:
                continue
            for member in members:
                amount, currency = budgets.get(member.pk, (None, ""))
                visible = network_permissions.can_see_budget(request.user, network, member)
                shown[(member.pk, obligation.pk)] = (
                    "–"
                    if amount is None or not visible
                    else f"{number_format(amount, 2, force_grouping=True)} {currency}"
                )
    return shown


_OWN_MEASURES = {ObligationMeasure.AUTHORISED_ATTENDANCE, ObligationMeasure.BUDGET}


def _figure(value: Any) -> str:
    """A registered measure's figure as shown: a number in the user's format, a text as it
    is, nothing measured as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(number_format(value, force_grouping=True))
    return str(value)


@network_view
def self_check(request: AuthenticatedHttpRequest, network: Network, year: int) -> HttpResponse:
    if not 1900 <= year <= 2200:
        raise Http404
    user = request.user
    charter = _charter(request, network)
    obligations = list(charter.obligations.order_by("position", "pk")) if charter else []
    members = charter_services.members_in(network, year)
    is_coordinator = permissions.can_manage_strategy(user, network)
    own_ids = network_permissions.own_organisation_ids(user, network)
    own = [m for m in members if m.pk in own_ids]
    if not is_coordinator and not own:
        raise Http404(_("You answer the self-check for a member of this network."))
    answers = {
        (a.organisation_id, a.obligation_id): a
        for a in SelfCheck.objects.visible_to(user)
        .for_network(network)
        .filter(year=year, obligation__in=obligations)
        .select_related("answered_by")
    }
    measured = _measured(request, network, year, members if is_coordinator else own, obligations)
    form = None
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    candidates = members if is_coordinator else own
    organisation = own[0] if own and not chosen else None
    if chosen:
        organisation = next((m for m in candidates if str(m.pk) == chosen), None)
        if organisation is None:
            raise PermissionDenied(_("You answer the self-check only for your own organisation."))
    if organisation is not None and obligations:
        initial = {o.pk: answers.get((organisation.pk, o.pk)) for o in obligations}
        form = SelfCheckForm(
            request.POST or None,
            obligations=obligations,
            initial_answers=initial,
            # today's figures pre-fill only the self-check of this year and the last one
            measured={o.pk: measured.get((organisation.pk, o.pk), "") for o in obligations}
            if year >= clock.network_today(network).year - 1
            else None,
        )
        if request.method == "POST" and form.is_valid():
            if _save_answers(request, network, form, organisation, year, obligations):
                messages.success(
                    request,
                    _("Saved the self-check %(year)s of %(organisation)s.")
                    % {"year": year, "organisation": organisation.name},
                )
                return redirect(request.get_full_path())
    rows = [
        {
            "member": m,
            "cells": [
                {"answer": answers.get((m.pk, o.pk)), "measured": measured.get((m.pk, o.pk))}
                for o in obligations
            ],
            "complete": all((m.pk, o.pk) in answers for o in obligations),
        }
        for m in (members if is_coordinator else own)
    ]
    return render(
        request,
        "strategy/self_check.html",
        {
            "network": network,
            "charter": charter,
            "year": year,
            "obligations": obligations,
            "rows": rows,
            "form": form,
            "organisation": organisation,
            "own": own,
            "measured": {o.pk: measured.get((organisation.pk, o.pk)) for o in obligations}
            if organisation
            else {},
            "is_coordinator": is_coordinator,
            "missing": sum(1 for r in rows if not r["complete"]),
        },
    )


def _save_answers(
    request: AuthenticatedHttpRequest,
    network: Network,
    form: SelfCheckForm,
    organisation: Organisation,
    year: int,
    obligations: list[Obligation],
) -> bool:
    """Every answer of the form, or none (the first refused one names its field)."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            for obligation in obligations:
                answer = data.get(f"answer_{obligation.pk}")
                if not answer:
                    continue
                result = save_with_service(
                    form,
                    charter_services.answer_self_check,
                    actor=request.user,
                    network=network,
                    obligation=obligation,
                    organisation=organisation,
                    year=year,
                    answer=answer,
                    comment=data.get(f"comment_{obligation.pk}", ""),
                    evidence=data.get(f"evidence_{obligation.pk}", ""),
                )
                if result is None:
                    raise _Refused
    except _Refused:
        return False
    return True


class _Refused(Exception):
    pass


@network_view
@require_POST
def self_check_remind(
    request: AuthenticatedHttpRequest, network: Network, year: int
) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    queued = charter_services.remind_self_check(
        actor=request.user,
        network=network,
        year=year,
        today=clock.network_today(network),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    if queued:
        messages.success(
            request,
            ngettext(
                "%(count)s reminder is queued for sending; the mail page shows when it leaves.",
                "%(count)s reminders are queued for sending; the mail page shows when they leave.",
                queued,
            )
            % {"count": queued},
        )
    else:
        messages.info(request, _("No reminder was needed: no representative without an answer."))
    return redirect(reverse("strategy:self_check", kwargs={"network": network.slug, "year": year}))


@network_view
def self_check_export(
    request: AuthenticatedHttpRequest, network: Network, year: int, format: str
) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    chosen = exports.export_format(format)
    charter = _charter(request, network)
    obligations = list(charter.obligations.order_by("position", "pk")) if charter else []
    members = charter_services.members_in(network, year)
    answers = {
        (a.organisation_id, a.obligation_id): a
        for a in SelfCheck.objects.for_network(network).filter(
            year=year, obligation__in=obligations
        )
    }
    measured = _measured(request, network, year, members, obligations)
    rows = [(m, o) for m in members for o in obligations]
    columns = [
        exports.Column(gettext_lazy("member"), lambda r: r[0].name),
        exports.Column(gettext_lazy("obligation"), lambda r: r[1].text),
        exports.Column(
            gettext_lazy("answer"),
            lambda r: (
                answers[(r[0].pk, r[1].pk)].get_answer_display()
                if (r[0].pk, r[1].pk) in answers
                else ""
            ),
        ),
        exports.Column(
            gettext_lazy("comment"),
            lambda r: answers[(r[0].pk, r[1].pk)].comment if (r[0].pk, r[1].pk) in answers else "",
        ),
        exports.Column(
            gettext_lazy("evidence"),
            lambda r: answers[(r[0].pk, r[1].pk)].evidence if (r[0].pk, r[1].pk) in answers else "",
        ),
        exports.Column(gettext_lazy("measured by"), lambda r: measured.get((r[0].pk, r[1].pk), "")),
    ]
    return exports.table_response(rows, columns, chosen, f"self-check-{network.slug}-{year}")


# --- the self-check year over year ---------------------------------------------------------------

YEARS_COMPARED = 3
_RANK = {SelfCheckAnswer.MET: 2, SelfCheckAnswer.PARTLY: 1, SelfCheckAnswer.NOT_MET: 0}


def _trend(before: SelfCheck | None, after: SelfCheck | None) -> str:
    """How a member's answer changed from one year to the next: better, worse, same, or ""
    when either year has no answer."""
    if before is None or after is None:
        return ""
    change = _RANK[SelfCheckAnswer(after.answer)] - _RANK[SelfCheckAnswer(before.answer)]
    return "better" if change > 0 else "worse" if change < 0 else "same"


@dataclass
class _YearCell:
    year: int
    member: bool  # a member during the year
    answer: SelfCheck | None

    def counts_as(self, choice: SelfCheckAnswer | None) -> bool:
        """Whether the cell counts for ``choice`` (None: a member that did not answer)."""
        if not self.member:
            return False
        return self.answer.answer == choice if self.answer else choice is None


@dataclass
class _YearRow:
    member: Organisation
    cells: list[_YearCell]
    trend: str


@dataclass
class _Total:
    choice: SelfCheckAnswer | None
    counts: list[int]

    @property
    def label(self) -> str | None:
        return str(self.choice.label) if self.choice else None


def _years_compared(request: AuthenticatedHttpRequest, network: Network, year: int) -> dict:
    """The answers of the ``YEARS_COMPARED`` years up to ``year``, per obligation: a row per
    member (the coordinator's: every member of one of the years; a representative's: its own),
    a cell per year (not a member that year / no answer / the answer), the change over the last
    year, and per year how many answered each way."""
    if not 1900 <= year <= 2200:
        raise Http404
    user = request.user
    charter = _charter(request, network)
    obligations = list(charter.obligations.order_by("position", "pk")) if charter else []
    years = list(range(year - YEARS_COMPARED + 1, year + 1))
    in_year = {y: charter_services.members_in(network, y) for y in years}
    members = sorted(
        {m.pk: m for found in in_year.values() for m in found}.values(),
        key=lambda m: (m.name, m.pk),
    )
    is_coordinator = permissions.can_manage_strategy(user, network)
    if not is_coordinator:
        own_ids = network_permissions.own_organisation_ids(user, network)
        members = [m for m in members if m.pk in own_ids]
        if not members:
            raise Http404(_("You answer the self-check for a member of this network."))
    member_ids = {y: {m.pk for m in found} for y, found in in_year.items()}
    answers = {
        (a.organisation_id, a.obligation_id, a.year): a
        for a in SelfCheck.objects.visible_to(user)
        .for_network(network)
        .filter(year__in=years, obligation__in=obligations)
    }
    sections = []
    for obligation in obligations:
        rows = []
        for member in members:
            cells = [
                _YearCell(y, member.pk in member_ids[y], answers.get((member.pk, obligation.pk, y)))
                for y in years
            ]
            rows.append(_YearRow(member, cells, _trend(cells[-2].answer, cells[-1].answer)))
        totals = [
            _Total(
                choice,
                [
                    sum(1 for row in rows if row.cells[k].counts_as(choice))
                    for k in range(len(years))
                ],
            )
            for choice in (*SelfCheckAnswer, None)
        ]
        sections.append({"obligation": obligation, "rows": rows, "totals": totals})
    return {
        "network": network,
        "charter": charter,
        "year": year,
        "years": years,
        "members": members,
        "sections": sections,
        "is_coordinator": is_coordinator,
    }


@network_view
def self_check_years(
    request: AuthenticatedHttpRequest, network: Network, year: int
) -> HttpResponse:
    return render(
        request, "strategy/self_check_years.html", _years_compared(request, network, year)
    )


@network_view
def self_check_years_export(
    request: AuthenticatedHttpRequest, network: Network, year: int, format: str
) -> HttpResponse:
    require(permissions.can_manage_strategy(request.user, network))
    chosen = exports.export_format(format)
    compared = _years_compared(request, network, year)
    rows = [
        (section["obligation"], row) for section in compared["sections"] for row in section["rows"]
    ]

    def answer_in(k: int) -> Any:
        def value(r: tuple[Obligation, _YearRow]) -> str:
            cell = r[1].cells[k]
            if not cell.member:
                return "–"
            return cell.answer.get_answer_display() if cell.answer else ""

        return value

    trends = {"better": _("better"), "worse": _("worse"), "same": _("unchanged"), "": ""}
    columns = [
        exports.Column(gettext_lazy("member"), lambda r: r[1].member.name),
        exports.Column(gettext_lazy("obligation"), lambda r: r[0].text),
        *(exports.Column(str(y), answer_in(k)) for k, y in enumerate(compared["years"])),
        exports.Column(gettext_lazy("change"), lambda r: trends[r[1].trend]),
    ]
    first = compared["years"][0]
    return exports.table_response(
        rows, columns, chosen, f"self-check-{network.slug}-{first}-{year}"
    )
