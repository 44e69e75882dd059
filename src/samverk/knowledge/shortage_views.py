"""The shortage picture page: compute one (coordinators) and read the latest or an earlier
one — a heat map of occupations x regions (the category written in each cell, not colour
alone) and the table of cells, most pressing first, for a quarter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.classifications.models import IscoGroup
from samverk.core.models import Network, Region
from samverk.core.services import require
from samverk.core.views import network_view
from samverk.knowledge import permissions, shortage_services
from samverk.knowledge.models import ShortageRun

METHOD_LABELS = {
    "ba": gettext_lazy("Bundesagentur style: indicators scored 0-3, mean ≥ 2 shortage"),
    "af": gettext_lazy("Arbetsförmedlingen style: shortage, balance or surplus"),
    "nav": gettext_lazy("NAV style: estimated shortage in persons"),
}
CATEGORY_LABELS = {
    "shortage": gettext_lazy("shortage"),
    "watch": gettext_lazy("watch"),
    "none": gettext_lazy("no shortage"),
    "balance": gettext_lazy("balance"),
    "surplus": gettext_lazy("surplus"),
    "": "",
}


class RunForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("job ads"))
    method = forms.ChoiceField(
        label=pgettext_lazy("shortage", "method"), choices=list(METHOD_LABELS.items())
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [(s.name, s.label) for s in shortage_services.sources().values()]


@network_view
def shortage_page(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    if not permissions.can_view_knowledge(request.user, network):
        raise Http404
    runs = list(ShortageRun.objects.visible_to(request.user).for_network(network)[:20])
    chosen = request.GET.get("run", "")
    run = next((r for r in runs if str(r.pk) == chosen), runs[0] if runs else None)
    context: dict[str, Any] = {
        "network": network,
        "runs": runs,
        "run": run,
        "form": RunForm(),
        "can_manage": permissions.can_manage_data_sets(request.user, network),
        "method_labels": METHOD_LABELS,
    }
    if run is not None:
        cells, quarters = shortage_services.rows(run, request.GET.get("quarter", ""))
        regions = {
            r.code: r.name for r in Region.objects.filter(code__in={c["region"] for c in cells})
        }
        occupations = {
            o.code: o.localised_label
            for o in IscoGroup.objects.filter(code__in={c["occupation"] for c in cells})
        }
        for cell in cells:
            cell["region_name"] = regions.get(cell["region"], cell["region"])
            cell["occupation_name"] = occupations.get(cell["occupation"], cell["occupation"])
            cell["category_label"] = CATEGORY_LABELS.get(cell["category"], cell["category"])
        columns = sorted({c["region"] for c in cells}, key=lambda code: regions.get(code, code))
        rows = sorted({c["occupation"] for c in cells})
        grid = {(c["occupation"], c["region"]): c for c in cells}
        context.update(
            cells=cells,
            quarters=quarters,
            quarter=cells[0]["quarter"] if cells else "",
            heat_columns=[(code, regions.get(code, code)) for code in columns],
            heat_rows=[
                (code, occupations.get(code, code), [grid.get((code, col)) for col in columns])
                for code in rows
            ],
            method_label=METHOD_LABELS.get(run.method, run.method),
        )
    return render(request, "knowledge/shortage.html", context)


@require_POST
@network_view
def shortage_run(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_data_sets(request.user, network))
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            run = shortage_services.run(
                actor=request.user,
                network=network,
                source=form.cleaned_data["source"],
                method=form.cleaned_data["method"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Computed from %(ads)s job ads: %(cells)s cells.")
                % {"ads": run.ads, "cells": run.cells},
            )
            return redirect(f"{request.path.rsplit('run/', 1)[0]}?run={run.pk}")
    else:
        messages.error(request, _("Choose the job ads and a method."))
    return redirect(request.path.rsplit("run/", 1)[0])
