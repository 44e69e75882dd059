"""Adding a member with its decision-authorised representative as one flow: organisation →
membership → person → mandate → arenas. What was entered is kept in the session between the
steps (back and forward keep it); nothing is written until the last step, where one service
(``services.add_member``) writes everything in one transaction. The same flow, from the person
step on, adds a representative to an existing member (``services.add_representative``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock
from samverk.core import permissions as platform
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view
from samverk.networks import services
from samverk.networks.forms import (
    ArenasStepForm,
    MandateStepForm,
    MembershipStepForm,
    OrganisationStepForm,
    PersonStepForm,
)
from samverk.networks.models import Arena, Membership, Organisation

STEP_TITLES = {
    "organisation": gettext_lazy("Organisation"),
    "membership": gettext_lazy("Membership"),
    "person": gettext_lazy("Representative"),
    "mandate": pgettext_lazy("of a representative", "Mandate"),
    "arenas": gettext_lazy("Arenas"),
}
MEMBER_STEPS = ["organisation", "membership", "person", "mandate", "arenas"]
REPRESENTATIVE_STEPS = ["person", "mandate"]
RESULT_KEY = "member_flow_result"


class Flow:
    """One run of the flow: its steps, the data stored per step, and each step's form."""

    def __init__(
        self,
        request: AuthenticatedHttpRequest,
        network: Network,
        key: str,
        steps: list[str],
        membership: Membership | None = None,
    ) -> None:
        self.request, self.network, self.key, self.steps = request, network, key, steps
        self.membership = membership
        self.data: dict[str, dict[str, list[str]]] = request.session.get(key, {})

    def save(self) -> None:
        self.request.session[self.key] = self.data

    def clear(self) -> None:
        self.request.session.pop(self.key, None)

    def store(self, step: str, post: Any) -> None:
        self.data[step] = {k: post.getlist(k) for k in post if k != "csrfmiddlewaretoken"}
        self.save()

    def _bound(self, step: str) -> dict[str, Any] | None:
        raw = self.data.get(step)
        if raw is None:
            return None
        return MultiValueDict(raw)  # type: ignore[return-value]

    def form(self, step: str, data: Any = None) -> forms.BaseForm:
        data = data if data is not None else self._bound(step)
        if step == "organisation":
            return OrganisationStepForm(data, network=self.network)
        if step == "membership":
            return MembershipStepForm(data, network=self.network)
        if step == "person":
            return PersonStepForm(data, organisation=self.organisation())
        if step == "mandate":
            return MandateStepForm(data, start=self.mandate_start())
        return ArenasStepForm(data, network=self.network)

    def cleaned(self, step: str) -> dict[str, Any] | None:
        if step not in self.data:
            return None
        form = self.form(step)
        return form.cleaned_data if form.is_valid() else None

    def organisation(self) -> Organisation | None:
        if self.membership is not None:
            return self.membership.organisation
        chosen = self.cleaned("organisation")
        return chosen.get("existing") if chosen else None

    def mandate_start(self) -> Any:
        today = clock.network_today(self.network)
        if self.membership is not None:
            return max(today, self.membership.since)
        membership = self.cleaned("membership")
        return membership["since"] if membership else today

    def first_open_step(self) -> str | None:
        """The first step without valid data (None: all are done)."""
        for step in self.steps:
            if self.cleaned(step) is None:
                return step
        return None

    def url(self, step: str) -> str:
        if self.membership is not None:
            return reverse(
                "networks:representative_add_step",
                kwargs={"network": self.network.slug, "pk": self.membership.pk, "step": step},
            )
        return reverse(
            "networks:member_add_step", kwargs={"network": self.network.slug, "step": step}
        )


def _summary(flow: Flow) -> list[tuple[str, str]]:
    """What was entered so far, for the last step's review."""
    rows: list[tuple[str, str]] = []
    organisation = flow.cleaned("organisation")
    if organisation:
        existing = organisation.get("existing")
        rows.append((_("Organisation"), existing.name if existing else organisation["name"]))
    membership = flow.cleaned("membership")
    if membership:
        rows.append(
            (_("Member since"), membership["since"].isoformat() if membership["since"] else "")
        )
    person = flow.cleaned("person")
    if person:
        existing = person.get("existing")
        rows.append((_("Representative"), existing.name if existing else person["name"]))
    return rows


def _run(flow: Flow, step: str, finish: Callable[[Flow], HttpResponse | forms.BaseForm]) -> Any:
    request = flow.request
    if step not in flow.steps:
        return redirect(flow.url(flow.steps[0]))
    index = flow.steps.index(step)
    # A step is reached only once the earlier ones are done.
    first_open = flow.first_open_step()
    if first_open is not None and flow.steps.index(first_open) < index:
        return redirect(flow.url(first_open))
    if request.method == "POST":
        if "back" in request.POST:
            flow.store(step, request.POST)  # kept as typed, even if not valid yet
            return redirect(flow.url(flow.steps[max(index - 1, 0)]))
        form = flow.form(step, request.POST)
        if form.is_valid():
            flow.store(step, request.POST)
            if index + 1 < len(flow.steps):
                return redirect(flow.url(flow.steps[index + 1]))
            result = finish(flow)
            if isinstance(result, HttpResponse):
                return result
            form = result  # a step's form with the service's errors
            step = _failed(form) or step
    else:
        form = flow.form(step)
    return render(
        request,
        "networks/member_flow.html",
        {
            "network": flow.network,
            "membership": flow.membership,
            "form": form,
            "step": step,
            "steps": [
                {"name": s, "title": STEP_TITLES[s], "url": flow.url(s), "done": s in flow.data}
                for s in flow.steps
            ],
            "step_number": flow.steps.index(step) + 1,
            "step_count": len(flow.steps),
            "is_first": flow.steps.index(step) == 0,
            "is_last": flow.steps.index(step) == len(flow.steps) - 1,
            "summary": _summary(flow) if step == flow.steps[-1] else [],
            "cancel_url": reverse("networks:member_list", kwargs={"network": flow.network.slug}),
        },
    )


def _failed(form: forms.BaseForm) -> str:
    return str(getattr(form, "flow_step", ""))


def _form_with_errors(flow: Flow, error: services.FlowStepError) -> forms.BaseForm:
    form = flow.form(error.step)
    form.is_valid()
    for field, errors in error.error_dict.items() if hasattr(error, "error_dict") else []:
        target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
    form.flow_step = error.step  # type: ignore[attr-defined]
    return form


def _finish_member(flow: Flow) -> HttpResponse | forms.BaseForm:
    organisation = flow.cleaned("organisation") or {}
    membership = flow.cleaned("membership") or {}
    person = flow.cleaned("person") or {}
    mandate = flow.cleaned("mandate") or {}
    arenas = flow.cleaned("arenas") or {}
    existing_org = organisation.get("existing")
    try:
        result = services.add_member(
            actor=flow.request.user,
            network=flow.network,
            organisation=existing_org,
            new_organisation=None
            if existing_org
            else services.NewOrganisation(
                name=organisation["name"],
                kind=organisation["kind"],
                sector=organisation.get("sector") or "",
                region=organisation.get("region"),
                website=organisation.get("website") or "",
            ),
            since=membership["since"],
            role=membership["role"],
            budget_amount=membership.get("budget_amount"),
            currency=membership["currency"],
            person=person.get("existing"),
            new_person=None
            if person.get("existing")
            else services.NewPerson(
                name=person["name"],
                email=person.get("email") or "",
                phone=person.get("phone") or "",
            ),
            valid_from=mandate["valid_from"],
            valid_until=mandate.get("valid_until"),
            mandate_role=mandate["role"],
            decision_authorised=mandate["decision_authorised"],
            arenas=list(arenas.get("arenas") or []),
        )
    except services.FlowStepError as error:
        return _form_with_errors(flow, error)
    flow.clear()
    flow.request.session[RESULT_KEY] = {
        "organisation": result.organisation.pk,
        "membership": result.membership.pk,
        "mandate": result.mandate.pk,
        "arenas": [a.pk for a in result.arenas],
    }
    messages.success(
        flow.request, _("%(organisation)s is now a member.") % {"organisation": result.organisation}
    )
    return redirect("networks:member_add_done", network=flow.network.slug)


def _finish_representative(flow: Flow) -> HttpResponse | forms.BaseForm:
    assert flow.membership is not None
    person = flow.cleaned("person") or {}
    mandate = flow.cleaned("mandate") or {}
    try:
        result = services.add_representative(
            actor=flow.request.user,
            membership=flow.membership,
            person=person.get("existing"),
            new_person=None
            if person.get("existing")
            else services.NewPerson(
                name=person["name"],
                email=person.get("email") or "",
                phone=person.get("phone") or "",
            ),
            valid_from=mandate["valid_from"],
            valid_until=mandate.get("valid_until"),
            role=mandate["role"],
            decision_authorised=mandate["decision_authorised"],
        )
    except services.FlowStepError as error:
        return _form_with_errors(flow, error)
    flow.clear()
    messages.success(flow.request, _("Mandate of %(person)s saved.") % {"person": result.person})
    return redirect(flow.membership.organisation)


@network_view
def member_add(
    request: AuthenticatedHttpRequest, network: Network, step: str | None = None
) -> HttpResponse:
    require(platform.can_manage_network(request.user, network))
    flow = Flow(request, network, f"member_flow:{network.pk}", MEMBER_STEPS)
    if step is None:  # a new run; ?organisation=<pk> starts with that organisation chosen
        flow.clear()
        flow = Flow(request, network, f"member_flow:{network.pk}", MEMBER_STEPS)
        organisation = request.GET.get("organisation")
        if organisation and organisation.isdigit():
            flow.data["organisation"] = {"existing": [organisation]}
            flow.save()
        return redirect(flow.url(MEMBER_STEPS[0]))
    return _run(flow, step, _finish_member)  # type: ignore[no-any-return]


@network_view
def representative_add(
    request: AuthenticatedHttpRequest, network: Network, pk: int, step: str | None = None
) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user)
        .for_network(network)
        .select_related("organisation__network", "network"),
        pk=pk,
    )
    require(platform.can_manage_network(request.user, network))
    key = f"representative_flow:{network.pk}:{membership.pk}"
    flow = Flow(request, network, key, REPRESENTATIVE_STEPS, membership=membership)
    if step is None:
        flow.clear()
        return redirect(flow.url(REPRESENTATIVE_STEPS[0]))
    return _run(flow, step, _finish_representative)  # type: ignore[no-any-return]


@network_view
def member_add_done(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The summary after adding a member: organisation, membership, representative, arenas."""
    require(platform.can_manage_network(request.user, network))
    result = request.session.get(RESULT_KEY)
    if not result:
        return redirect("networks:member_list", network=network.slug)
    membership = get_object_or_404(
        Membership.objects.for_network(network).select_related("organisation"),
        pk=result["membership"],
    )
    mandate = membership.mandates.select_related("person").filter(pk=result["mandate"]).first()
    arenas = Arena.objects.for_network(network).filter(pk__in=result["arenas"]).order_by("name")
    return render(
        request,
        "networks/member_added.html",
        {"network": network, "membership": membership, "mandate": mandate, "arenas": arenas},
    )
