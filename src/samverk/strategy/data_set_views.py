"""The page that takes an indicator's values from a data set of the knowledge base: first the
vintage, then one category of every dimension but time (``data_set_services``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, save_with_service
from samverk.knowledge.models import Vintage
from samverk.strategy import data_set_services, permissions
from samverk.strategy.models import Indicator


class VintageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Vintage) -> str:
        return f"{obj.data_set.title} — {obj.label}"


class VintageForm(forms.Form):
    vintage = VintageChoiceField(
        label=gettext_lazy("Data set and vintage"), queryset=Vintage.objects.none()
    )

    def __init__(self, *args: Any, vintages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["vintage"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = vintages


class SelectionForm(forms.Form):
    """One category of every dimension but time; the part for an indicator with a breakdown."""

    def __init__(self, *args: Any, vintage: Vintage, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vintage = vintage
        when = data_set_services.time_position(vintage)
        for position, dimension in enumerate(vintage.dimensions):
            if position == when:
                continue
            self.fields[f"d{position}"] = forms.ChoiceField(
                label=dimension["label"],
                choices=[("", "–"), *((c, label or c) for c, label in dimension["categories"])],
            )
        if indicator.breakdown:
            self.fields["part"] = forms.CharField(
                label=gettext_lazy("part"),
                max_length=100,
                required=False,
                help_text=gettext_lazy("Empty for the total, else e.g. the municipality."),
            )

    def selection(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("d") and name[1:].isdigit()
        }


@network_view
def measurements_from_data_set(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user)
        .for_network(network)
        .select_related("goal__direction__network"),
        pk=pk,
    )
    require(permissions.can_enter_measurement(request.user, network))
    back = reverse("strategy:indicator_detail", kwargs={"network": network.slug, "pk": pk})
    vintages = (
        Vintage.objects.visible_to(request.user)
        .for_network(network)
        .select_related("data_set")
        .order_by("data_set__title", "-retrieved_at", "-pk")
    )
    chosen = request.POST.get("vintage") or request.GET.get("vintage")
    vintage_form = VintageForm({"vintage": chosen} if chosen else None, vintages=vintages)
    context: dict[str, Any] = {
        "network": network,
        "indicator": indicator,
        "vintage_form": vintage_form,
        "has_vintages": vintages.exists(),
        "cancel_url": back,
    }
    if chosen and vintage_form.is_valid():
        vintage = vintage_form.cleaned_data["vintage"]
        try:
            data_set_services.time_position(vintage)
        except ValidationError as exc:
            vintage_form.add_error("vintage", exc.message_dict["vintage"])
            return render(request, "strategy/measurements_from_data_set.html", context)
        form = SelectionForm(
            request.POST if request.method == "POST" else None,
            vintage=vintage,
            indicator=indicator,
        )
        context.update(vintage=vintage, form=form)
        if request.method == "POST" and form.is_valid():
            taken = save_with_service(
                form,
                data_set_services.take_from_data_set,
                actor=request.user,
                indicator=indicator,
                vintage=vintage,
                selection=form.selection(),
                part=form.cleaned_data.get("part", ""),
            )
            if taken is not None:
                messages.success(
                    request,
                    _(
                        "Taken from the data set: %(entered)s new values (drafts), "
                        "%(corrected)s corrected, %(unchanged)s unchanged; left out: "
                        "%(outside)s outside the direction's years, %(missing)s missing."
                    )
                    % vars(taken),
                )
                return redirect(back)
        return render(request, "strategy/measurements_from_data_set.html", context)
    if request.method == "POST":
        raise Http404
    return render(request, "strategy/measurements_from_data_set.html", context)
