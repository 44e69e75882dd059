"""The pages of the company needs surveys: the coordinators' (list, set up, invite, send,
remind, close, results, publish as a data set) and the respondent's answer page (personal
link, no account)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.clock import network_today
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate, save_with_service
from samverk.knowledge import permissions, results, survey_services
from samverk.knowledge.choices import SurveyStatus
from samverk.knowledge.models import Invitation, Survey
from samverk.knowledge.survey_forms import AnswerForm, InviteForm, SurveyForm
from samverk.networks.forms import current_members, network_regions


def _surveys(request: AuthenticatedHttpRequest, network: Network) -> Any:
    if not permissions.can_view_knowledge(request.user, network):
        raise Http404
    require(permissions.can_run_surveys(request.user, network))
    return Survey.objects.visible_to(request.user).for_network(network)


def _survey(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Survey:
    return get_object_or_404(_surveys(request, network).select_related("network"), pk=pk)


def _url(survey: Survey) -> str:
    return reverse(
        "knowledge:survey_detail", kwargs={"network": survey.network.slug, "pk": survey.pk}
    )


@network_view
def survey_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    rows = _surveys(request, network).annotate(
        invited=Count("invitations"),
        answered=Count("invitations", filter=Q(invitations__responded_at__isnull=False)),
    )
    return render(
        request,
        "knowledge/survey_list.html",
        {"network": network, "page": paginate(request, rows.order_by("-deadline", "pk"))},
    )


@network_view
def survey_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    _surveys(request, network)
    return form_page(
        request,
        network,
        SurveyForm(request.POST or None),
        partial(survey_services.create_survey, actor=request.user, network=network),
        title=_("New company needs survey"),
        intro=_(
            "The survey asks employers for their vacancies now and their expected hires by "
            "occupation; choose the occupations and the other questions."
        ),
        cancel_url=reverse("knowledge:survey_list", kwargs={"network": network.slug}),
        success_url=_url,
    )


@network_view
def survey_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    survey = _survey(request, network, pk)
    return form_page(
        request,
        network,
        SurveyForm(request.POST or None, instance=Survey.objects.get(pk=survey.pk)),
        partial(survey_services.update_survey, actor=request.user, survey=survey),
        title=_("Edit the survey"),
        cancel_url=_url(survey),
        success_url=_url(survey),
    )


@network_view
def survey_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    survey = _survey(request, network, pk)
    invitations = list(
        Invitation.objects.visible_to(request.user)
        .filter(survey=survey)
        .select_related("organisation")
        .order_by("name", "pk")
    )
    answered = sum(1 for i in invitations if i.responded_at)
    invited_ids = {i.organisation_id for i in invitations}
    form = InviteForm(
        organisations=current_members(network).exclude(pk__in=invited_ids).order_by("name")
    )
    return render(
        request,
        "knowledge/survey_detail.html",
        {
            "network": network,
            "survey": survey,
            "invitations": invitations,
            "answered": answered,
            "rate": round(100 * answered / len(invitations)) if invitations else 0,
            "occupations": survey.occupations.order_by("code"),
            "form": form,
            "today": network_today(network),
        },
    )


@require_POST
@network_view
def survey_invite(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    survey = _survey(request, network, pk)
    form = InviteForm(request.POST, organisations=current_members(network))
    if form.is_valid():
        invited = save_with_service(
            form,
            survey_services.invite,
            actor=request.user,
            survey=survey,
            organisations=form.cleaned_data["organisations"],
            addresses=form.cleaned_data["addresses"],
        )
        if invited is not None:
            text = _("Invited: %(added)s; invited already: %(already)s.") % {
                "added": invited.added,
                "already": invited.already,
            }
            if invited.without_address:
                text += " " + _("Without a contact address, not invited: %(names)s.") % {
                    "names": ", ".join(invited.without_address)
                }
            messages.success(request, text)
            return redirect(_url(survey))
    for error in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
        messages.error(request, error)
    return redirect(_url(survey) + "#invite")


@require_POST
@network_view
def survey_action(
    request: AuthenticatedHttpRequest, network: Network, pk: int, action: str
) -> HttpResponse:
    survey = _survey(request, network, pk)
    try:
        if action == "open":
            sent = survey_services.open_survey(actor=request.user, survey=survey)
            messages.success(
                request, _("The survey is open; invitations queued: %(n)s.") % {"n": sent}
            )
        elif action == "remind":
            sent = survey_services.send_reminders(actor=request.user, survey=survey)
            messages.success(request, _("Reminders queued: %(n)s.") % {"n": sent})
        elif action == "close":
            survey_services.close_survey(actor=request.user, survey=survey)
            messages.success(request, _("The survey is closed."))
        elif action == "publish":
            vintage = results.publish(actor=request.user, survey=survey)
            messages.success(request, _("The results are a data set now."))
            return redirect(
                reverse(
                    "knowledge:dataset_detail",
                    kwargs={"network": network.slug, "pk": vintage.data_set_id},
                )
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url(survey))


@network_view
def survey_results(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    survey = _survey(request, network, pk)
    by = "sector" if request.GET.get("by") == "sector" else "region"
    return render(
        request,
        "knowledge/survey_results.html",
        {
            "network": network,
            "survey": survey,
            "by": by,
            "tables": results.results(survey, by),
        },
    )


# --- the respondent's page ----------------------------------------------------------------------


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The invited employer answers by its personal link (no account). Once answered, the
    page shows the answer given (to the respondent only: whoever holds the link)."""
    invitation = (
        Invitation.objects.select_related("survey__network", "organisation", "response__region")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    survey = invitation.survey
    network = survey.network
    today = network_today(network)
    context: dict[str, Any] = {"survey": survey, "invitation": invitation, "network": network}
    if invitation.responded_at is not None:
        context["response"] = invitation.response
        context["lines"] = invitation.response.lines.select_related("occupation")
        return render(request, "knowledge/survey_answer.html", context)
    if survey.status != SurveyStatus.OPEN or today > survey.deadline:
        context["closed"] = True
        return render(request, "knowledge/survey_answer.html", context, status=410)
    ask_place = invitation.organisation is None or invitation.organisation.region_id is None
    form = AnswerForm(
        request.POST or None,
        survey=survey,
        regions=network_regions(network),
        ask_place=ask_place,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lines = [
            survey_services.Line(
                occupation=occupation,
                vacancies=data.get(f"vacancies_{occupation.pk}") or 0,
                hires_12=data.get(f"hires_12_{occupation.pk}") or 0,
                hires_24=data.get(f"hires_24_{occupation.pk}") or 0,
            )
            for occupation in form.occupations
        ]
        response = save_with_service(
            form,
            survey_services.answer,
            token=token,
            lines=lines,
            region=data.get("region"),
            sector=data.get("sector", ""),
            difficulties=data.get("difficulties", ""),
            training_needs=data.get("training_needs", ""),
            comments=data.get("comments", ""),
            today=today,
        )
        if response is not None:
            return redirect("knowledge_survey:answer", token=token)
    context["form"] = form
    return render(request, "knowledge/survey_answer.html", context)
