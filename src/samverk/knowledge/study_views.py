"""The studies library's pages: search and filter, a study, add/change/remove (coordinators),
the PDF (whoever may see the study)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.classifications.models import IscoGroup
from samverk.core import date_range
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate
from samverk.core.widgets import LightSelect
from samverk.knowledge import permissions, study_services
from samverk.knowledge.choices import StudyLanguage
from samverk.knowledge.models import Study
from samverk.networks.forms import network_regions


class StudyForm(forms.ModelForm):
    file = forms.FileField(
        label=gettext_lazy("PDF"),
        required=False,
        help_text=gettext_lazy("At most 30 MB; its text is searched."),
    )

    class Meta:
        model = Study
        fields = [
            "title",
            "authors",
            "publisher",
            "year",
            "language",
            "summary",
            "topics",
            "regions",
            "occupations",
            "file",
            "url",
            "visibility",
        ]
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = self.fields["regions"]
        assert isinstance(regions, forms.ModelMultipleChoiceField)
        regions.queryset = network_regions(network)
        occupations = self.fields["occupations"]
        assert isinstance(occupations, forms.ModelMultipleChoiceField)
        occupations.queryset = IscoGroup.objects.filter(level__lte=2).order_by("code")
        occupations.help_text = _("ISCO-08 major and sub-major groups.")

    def _post_clean(self) -> None:
        pass


class StudyFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    language = forms.ChoiceField(
        label=gettext_lazy("language"),
        required=False,
        choices=[("", "–"), *StudyLanguage.choices],
        widget=LightSelect,
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("from"),
        required=False,
        choices=[
            ("", gettext_lazy("this network and shared")),
            ("own", gettext_lazy("this network")),
            ("shared", gettext_lazy("other networks")),
        ],
        widget=LightSelect,
    )


def _studies(request: AuthenticatedHttpRequest, network: Network) -> Any:
    if not permissions.can_view_knowledge(request.user, network):
        raise Http404
    return Study.objects.visible_to(request.user).select_related("network")


@network_view
def study_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    studies = _studies(request, network).filter(network=network) | _studies(
        request, network
    ).exclude(visibility="internal")
    form = StudyFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["language"]:
            studies = studies.filter(language=data["language"])
        if data["scope"] == "own":
            studies = studies.filter(network=network)
        elif data["scope"] == "shared":
            studies = studies.exclude(network=network)
        studies = study_services.search(studies, data["q"])
    page = paginate(request, studies.order_by("-year", "title", "pk"))
    return render(
        request,
        "knowledge/study_list.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "can_manage": permissions.can_manage_studies(request.user, network),
        },
    )


def _study(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Study:
    return get_object_or_404(_studies(request, network), pk=pk)


@network_view
def study_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    study = _study(request, network, pk)
    return render(
        request,
        "knowledge/study_detail.html",
        {
            "network": network,
            "study": study,
            "regions": study.regions.order_by("name"),
            "occupations": study.occupations.order_by("code"),
            "can_manage": study.network_id == network.pk
            and permissions.can_manage_studies(request.user, network),
        },
    )


@network_view
def study_file(request: AuthenticatedHttpRequest, network: Network, pk: int) -> FileResponse:
    study = _study(request, network, pk)
    if not study.file:
        raise Http404
    response = FileResponse(
        study.file.open("rb"),
        as_attachment=True,
        filename=f"{study.title[:80]}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _list_url(network: Network) -> str:
    return reverse("knowledge:study_list", kwargs={"network": network.slug})


def _detail_url(study: Study) -> str:
    return reverse("knowledge:study_detail", kwargs={"network": study.network.slug, "pk": study.pk})


@network_view
def study_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_studies(request.user, network))
    return form_page(
        request,
        network,
        StudyForm(request.POST or None, request.FILES or None, network=network),
        partial(study_services.add_study, actor=request.user, network=network),
        title=_("Add a study"),
        intro=_("A study, report or plan, as a PDF or a link; its text is searched."),
        cancel_url=_list_url(network),
        success_url=_detail_url,
        multipart=True,
    )


@network_view
def study_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    study = get_object_or_404(_studies(request, network).filter(network=network), pk=pk)
    require(permissions.can_manage_studies(request.user, network))
    return form_page(
        request,
        network,
        StudyForm(
            request.POST or None,
            request.FILES or None,
            instance=Study.objects.get(pk=study.pk),
            network=network,
        ),
        partial(study_services.update_study, actor=request.user, study=study),
        title=_("Edit the study"),
        cancel_url=_detail_url(study),
        success_url=_detail_url(study),
        multipart=True,
    )


@network_view
def study_delete(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    study = get_object_or_404(_studies(request, network).filter(network=network), pk=pk)
    require(permissions.can_manage_studies(request.user, network))
    if request.method == "POST":
        study_services.remove_study(actor=request.user, study=study)
        messages.success(request, _("Deleted."))
        return redirect(_list_url(network))
    return render(
        request,
        "knowledge/study_delete.html",
        {"network": network, "study": study, "cancel_url": _detail_url(study)},
    )
