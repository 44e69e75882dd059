"""The project pages: the list (filter, sort, search, export), a project's card and record
with its partners, key figures and milestones, and the forms that write them."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import audit, exports
from samverk.core.collation import choice_order
from samverk.core.models import Network
from samverk.core.querysets import person_label
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate, render_page, sort
from samverk.meetings.models import ActionItem
from samverk.networks.models import Person
from samverk.projects import permissions, services
from samverk.projects.choices import ProjectStatus, PublicField
from samverk.projects.filters import ProjectFilter
from samverk.projects.forms import (
    FeedForm,
    FileEditForm,
    FileForm,
    FocusAreaForm,
    KeyFigureForm,
    MilestoneForm,
    PartnerForm,
    ProjectForm,
    UpdateForm,
)
from samverk.projects.models import (
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)

SORTS: dict[str, Any] = {
    "title": "title",
    "starts": "starts_on",
    "ends": "ends_on",
}


def _projects(request: AuthenticatedHttpRequest, network: Network) -> Any:
    if not permissions.can_view_projects(request.user, network):
        raise Http404
    return Project.objects.visible_to(request.user).for_network(network)


def _listed(request: AuthenticatedHttpRequest, network: Network) -> tuple[ProjectFilter, Any, str]:
    base = _projects(request, network).select_related("carrier")
    filterset = ProjectFilter(request.GET or None, queryset=base)
    filterset.limit_to(network)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    # status by the labels the user reads, in the current language (codes differ from them)
    sorts = {**SORTS, "status": choice_order("status", ProjectStatus)}
    queryset, current_sort = sort(request, queryset, sorts, "title")
    return filterset, queryset, current_sort


@network_view
def project_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    filterset, queryset, current_sort = _listed(request, network)
    page = paginate(request, queryset.prefetch_related("focus_areas"))
    return render_page(
        request,
        "projects/project_list.html",
        {
            "network": network,
            "filter": filterset,
            "page": page,
            "sort": current_sort,
            "can_manage": permissions.can_manage_projects(request.user, network),
        },
        partial="results",
    )


@network_view
def project_export(
    request: AuthenticatedHttpRequest, network: Network, format: str
) -> HttpResponse:
    chosen = exports.export_format(format)
    _filterset, queryset, _sort = _listed(request, network)
    columns = [
        exports.Column(gettext_lazy("short name"), lambda p: p.short_name),
        exports.Column(gettext_lazy("title"), lambda p: p.title),
        exports.Column(gettext_lazy("status"), lambda p: p.get_status_display()),
        exports.Column(gettext_lazy("starts"), lambda p: p.starts_on),
        exports.Column(gettext_lazy("ends"), lambda p: p.ends_on),
        exports.Column(gettext_lazy("carrier"), lambda p: p.carrier.name if p.carrier else ""),
        exports.Column(gettext_lazy("region(s)"), lambda p: p.regions),
        exports.Column(gettext_lazy("sector (NACE)"), lambda p: p.sector),
        exports.Column(
            gettext_lazy("focus areas"), lambda p: ", ".join(a.name for a in p.focus_areas.all())
        ),
        exports.Column(gettext_lazy("short description"), lambda p: p.summary),
    ]
    return exports.table_response(
        queryset.prefetch_related("focus_areas"), columns, chosen, f"projects-{network.slug}"
    )


def _project(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Project:
    return get_object_or_404(_projects(request, network), pk=pk)


def _full(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Project:
    """A project with everything its page and its card show (a constant number of queries)."""
    user = request.user
    return get_object_or_404(
        _projects(request, network)
        .select_related("carrier", "contact__organisation", "continues")
        .prefetch_related(
            "focus_areas",
            "responsible_members",
            Prefetch(
                "responsible_people",
                queryset=Person.objects.select_related("organisation").order_by("name", "pk"),
            ),
            Prefetch("tasks", queryset=ActionItem.objects.order_by("due_date", "pk")),
            Prefetch("updates", queryset=ProjectUpdate.objects.order_by("-on", "-pk")),
            Prefetch(
                "files", queryset=ProjectFile.objects.order_by("-is_image", "created_at", "pk")
            ),
            "strategy_goals__direction",
            "commitments__goal",
            "activities__plan",
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "role", "organisation__name", "pk"
                ),
            ),
            Prefetch(
                "key_figures",
                queryset=KeyFigure.objects.select_related("indicator").order_by(
                    "-on", "label", "pk"
                ),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("planned_on", "pk")),
            Prefetch(
                "continuations",
                queryset=Project.objects.visible_to(user).order_by("starts_on", "pk"),
            ),
        ),
        pk=pk,
    )


@network_view
def project_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    user = request.user
    project = _full(request, network, pk)
    can_manage = permissions.can_manage_projects(user, network)
    responsible = [
        person_label(user, person, organisation=True) for person in project.responsible_people.all()
    ]
    return render(
        request,
        "projects/project_detail.html",
        {
            "network": network,
            "project": project,
            "contact_label": person_label(user, project.contact, organisation=True)
            if project.contact
            else "",
            "responsible": responsible,
            "public_parts": [label for value, label in PublicField.choices if project.shows(value)],
            "can_manage": can_manage,
            "history": audit.history(user, network, project) if can_manage else None,
        },
    )


@network_view
def project_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_projects(request.user, network))
    form = ProjectForm(request.POST or None, network=network, user=request.user)
    return form_page(
        request,
        network,
        form,
        partial(services.create_project, actor=request.user, network=network),
        title=_("New project"),
        cancel_url=reverse("projects:project_list", kwargs={"network": network.slug}),
        success_url=lambda project: project.get_absolute_url(),
    )


@network_view
def project_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    form = ProjectForm(
        request.POST or None,
        instance=Project.objects.get(pk=project.pk),
        network=network,
        user=request.user,
    )
    return form_page(
        request,
        network,
        form,
        partial(services.update_project, actor=request.user, project=project),
        title=_("Edit %(project)s") % {"project": project},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url(),
    )


@network_view
def focus_area_new(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_projects(request.user, network))
    back = reverse("projects:project_list", kwargs={"network": network.slug})
    return form_page(
        request,
        network,
        FocusAreaForm(request.POST or None),
        partial(services.add_focus_area, actor=request.user, network=network),
        title=_("New focus area"),
        intro=_("The network's own topics; projects are filed under them."),
        cancel_url=back,
        success_url=back,
    )


@network_view
def project_card_pdf(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """The project card on one printed page (for partner meetings and funders)."""
    from weasyprint import HTML

    from samverk.meetings.pdf import EmbeddedOnlyFetcher, logo_data_uri

    project = _full(request, network, pk)
    html = render_to_string(
        "projects/project_card_pdf.html",
        {
            "network": network,
            "project": project,
            "supporters": [p for p in project.partners.all() if p.role in ("supporter", "funder")],
            "contact_label": person_label(request.user, project.contact, organisation=True)
            if project.contact
            else "",
            "logo": logo_data_uri(network),
        },
    )
    pdf = HTML(string=html, url_fetcher=EmbeddedOnlyFetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(project.short_name or project.title)[:60] or "project"
    response["Content-Disposition"] = f'attachment; filename="project-{name}.pdf"'
    return response


# --- partners, key figures, milestones ----------------------------------------------------------


@network_view
def partner_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    return form_page(
        request,
        network,
        PartnerForm(request.POST or None, network=network),
        partial(services.add_partner, actor=request.user, project=project),
        title=_("New partner of %(project)s") % {"project": project},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#partners",
    )


def _child(request: AuthenticatedHttpRequest, network: Network, model: Any, pk: int) -> Any:
    if not permissions.can_view_projects(request.user, network):
        raise Http404
    return get_object_or_404(
        model.objects.visible_to(request.user).for_network(network).select_related("project"),
        pk=pk,
    )


@network_view
def figure_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    return form_page(
        request,
        network,
        KeyFigureForm(request.POST or None),
        partial(services.add_key_figure, actor=request.user, project=project),
        title=_("New key figure of %(project)s") % {"project": project},
        intro=_("A hard figure as data: what is counted, the number, its unit and the day."),
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#figures",
    )


@network_view
def figure_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    figure = _child(request, network, KeyFigure, pk)
    require(permissions.can_manage_projects(request.user, network))
    project = figure.project
    return form_page(
        request,
        network,
        KeyFigureForm(request.POST or None, instance=KeyFigure.objects.get(pk=figure.pk)),
        partial(services.update_key_figure, actor=request.user, figure=figure),
        title=_("Edit the key figure"),
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#figures",
    )


@network_view
def figure_feed(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    figure = _child(request, network, KeyFigure, pk)
    require(permissions.can_manage_projects(request.user, network))
    back = figure.project.get_absolute_url() + "#figures"

    def done(saved: KeyFigure) -> str:
        if saved.indicator_id is None:
            return back
        return reverse(
            "strategy:indicator_detail", kwargs={"network": network.slug, "pk": saved.indicator_id}
        )

    def said(saved: KeyFigure) -> str:
        if saved.indicator_id is None:
            return _("The figure feeds no indicator now; the values it entered stay.")
        return _(
            "The figure is now the indicator's value as of its day, and stays so when it changes."
        )

    return form_page(
        request,
        network,
        FeedForm(
            request.POST or None,
            network=network,
            initial={"indicator": figure.indicator_id, "part": figure.indicator_part},
        ),
        partial(services.feed_indicator, actor=request.user, figure=figure),
        title=_("Use “%(figure)s” as a value of an indicator") % {"figure": figure},
        intro=_(
            "The figure becomes the indicator's value as of its day, with the project as its "
            "source, and every later change of the figure — typed here or counted by an "
            "event — changes that value. A new value is a draft to approve on the indicator's "
            "page."
        ),
        cancel_url=back,
        success_url=done,
        message=said,
    )


@network_view
def milestone_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    return form_page(
        request,
        network,
        MilestoneForm(request.POST or None),
        partial(services.add_milestone, actor=request.user, project=project),
        title=_("New milestone of %(project)s") % {"project": project},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#milestones",
    )


@network_view
def milestone_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    milestone = _child(request, network, Milestone, pk)
    require(permissions.can_manage_projects(request.user, network))
    project = milestone.project
    return form_page(
        request,
        network,
        MilestoneForm(request.POST or None, instance=Milestone.objects.get(pk=milestone.pk)),
        partial(services.update_milestone, actor=request.user, milestone=milestone),
        title=_("Edit the milestone"),
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#milestones",
    )


@network_view
def update_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    return form_page(
        request,
        network,
        UpdateForm(request.POST or None),
        partial(services.add_update, actor=request.user, project=project),
        title=_("New update of %(project)s") % {"project": project},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#updates",
    )


@network_view
def update_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    update = _child(request, network, ProjectUpdate, pk)
    require(permissions.can_manage_projects(request.user, network))
    project = update.project
    return form_page(
        request,
        network,
        UpdateForm(request.POST or None, instance=ProjectUpdate.objects.get(pk=update.pk)),
        partial(services.update_update, actor=request.user, update=update),
        title=_("Edit the update"),
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#updates",
    )


@network_view
def file_new(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    project = _project(request, network, pk)
    require(permissions.can_manage_projects(request.user, network))
    form = FileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    return form_page(
        request,
        network,
        form,
        partial(services.add_file, actor=request.user, project=project),
        title=_("New document or image of %(project)s") % {"project": project},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#files",
        multipart=True,
    )


@network_view
def file_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    item = _child(request, network, ProjectFile, pk)
    require(permissions.can_manage_projects(request.user, network))
    project = item.project
    return form_page(
        request,
        network,
        FileEditForm(request.POST or None, instance=ProjectFile.objects.get(pk=item.pk)),
        partial(services.update_file, actor=request.user, item=item),
        title=_("Edit “%(name)s”") % {"name": item.title},
        cancel_url=project.get_absolute_url(),
        success_url=project.get_absolute_url() + "#files",
    )


@network_view
def file_view(request: AuthenticatedHttpRequest, network: Network, pk: int) -> FileResponse:
    """Uploads live outside the web root: only this view serves them, images inline (for the
    page), documents always as a download, each with the type checked at upload."""
    item = _child(request, network, ProjectFile, pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not item.is_image,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


_DELETABLE: dict[str, tuple[Any, Any, str]] = {
    "partner": (ProjectPartner, services.remove_partner, "partners"),
    "figure": (KeyFigure, services.delete_key_figure, "figures"),
    "file": (ProjectFile, services.remove_file, "files"),
}


@network_view
def line_delete(
    request: AuthenticatedHttpRequest, network: Network, kind: str, pk: int
) -> HttpResponse:
    """Remove a partner or delete a key figure, after asking (GET asks, POST acts)."""
    if kind not in _DELETABLE:
        raise Http404
    model, remove, anchor = _DELETABLE[kind]
    obj = _child(request, network, model, pk)
    require(permissions.can_manage_projects(request.user, network))
    back = obj.project.get_absolute_url()
    if request.method == "POST":
        argument = {"partner": "partner", "figure": "figure", "file": "item"}[kind]
        remove(actor=request.user, **{argument: obj})
        messages.success(request, _("Deleted."))
        return redirect(back + "#" + anchor)
    return render(
        request,
        "projects/line_delete.html",
        {"network": network, "kind": kind, "obj": obj, "cancel_url": back},
    )
