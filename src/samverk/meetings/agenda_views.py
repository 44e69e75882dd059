"""The meeting page's agenda: items and their documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, render_page, save_with_service
from samverk.meetings import permissions, services
from samverk.meetings.forms import (
    AgendaItemForm,
    DocumentForm,
)
from samverk.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
)
from samverk.meetings.views import (
    _back,
    _meeting,
    _url,
    _with_errors,
)


@network_view
@require_POST
def agenda_add(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    form = AgendaItemForm(request.POST, meeting=meeting)
    if (
        form.is_valid()
        and save_with_service(
            form, services.add_agenda_item, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        is not None
    ):
        messages.success(request, _("Agenda item added."))
        return _back(network, meeting, "agenda")
    return _with_errors(request, network, meeting, agenda_form=form)


def _agenda_item(
    request: AuthenticatedHttpRequest, network: Network, pk: int, item: int
) -> AgendaItem:
    meeting = _meeting(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__network", "meeting__arena"),
        meeting=meeting,
        pk=item,
    )


@network_view
def agenda_edit(
    request: AuthenticatedHttpRequest, network: Network, pk: int, item: int
) -> HttpResponse:
    agenda_item = _agenda_item(request, network, pk, item)
    meeting = agenda_item.meeting
    title = _("Edit agenda item %(item)s") % {"item": agenda_item}
    form = AgendaItemForm(request.POST or None, instance=agenda_item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        fresh = AgendaItem.objects.select_related("meeting__network").get(pk=agenda_item.pk)
        if save_with_service(
            form, services.update_agenda_item, actor=request.user, item=fresh, **form.cleaned_data
        ):
            messages.success(request, _("Saved."))
            return _back(network, meeting, "agenda")
    return render_page(
        request,
        "meetings/form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "cancel_url": _url("meeting_detail", network, pk=pk) + "#agenda",
        },
    )


@network_view
@require_POST
def agenda_move(
    request: AuthenticatedHttpRequest, network: Network, pk: int, item: int
) -> HttpResponse:
    agenda_item = _agenda_item(request, network, pk, item)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Move an item up or down."))
    try:
        services.move_agenda_item(actor=request.user, item=agenda_item, offset=offset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(network, agenda_item.meeting, "agenda")


@network_view
def agenda_delete(
    request: AuthenticatedHttpRequest, network: Network, pk: int, item: int
) -> HttpResponse:
    agenda_item = _agenda_item(request, network, pk, item)
    meeting = agenda_item.meeting
    if request.method == "POST":
        try:
            services.remove_agenda_item(actor=request.user, item=agenda_item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Agenda item “%(title)s” removed.") % {"title": agenda_item.title}
            )
        return _back(network, meeting, "agenda")
    return render_page(
        request,
        "meetings/agenda_delete.html",
        {
            "network": network,
            "meeting": meeting,
            "item": agenda_item,
            "documents": agenda_item.documents.count(),
            "references": agenda_item.decisions.count() + agenda_item.action_items.count(),
        },
    )


@network_view
@require_POST
def document_add(
    request: AuthenticatedHttpRequest, network: Network, pk: int, item: int
) -> HttpResponse:
    meeting = _meeting(request, network, pk)
    agenda_item = get_object_or_404(AgendaItem, meeting=meeting, pk=item)
    require(permissions.can_manage_meetings(request.user, network))
    form = DocumentForm(request.POST, request.FILES, auto_id=f"id_document_{item}_%s")
    if form.is_valid():
        document = save_with_service(
            form,
            services.attach_document,
            actor=request.user,
            agenda_item=agenda_item,
            upload=form.cleaned_data["file"],
        )
        if document:
            messages.success(
                request, _("Document “%(name)s” attached.") % {"name": document.original_name}
            )
            return _back(network, meeting, "agenda")
    return _with_errors(request, network, meeting, document_form=form, document_item=item)


def _document(request: AuthenticatedHttpRequest, network: Network, pk: int) -> AgendaDocument:
    """A document of a meeting the user may see in this network, or 404."""
    visible = Meeting.objects.visible_to(request.user).for_network(network)
    return get_object_or_404(
        AgendaDocument.objects.filter(agenda_item__meeting__in=visible).select_related(
            "agenda_item__meeting__network"
        ),
        pk=pk,
    )


@network_view
def document_download(request: AuthenticatedHttpRequest, network: Network, pk: int) -> FileResponse:
    """Uploads live outside the web root: only this view serves them, always as a download
    (never shown inline) with the type checked at upload."""
    document = _document(request, network, pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@network_view
def document_delete(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    document = _document(request, network, pk)
    require(permissions.can_manage_meetings(request.user, network))
    meeting = document.agenda_item.meeting
    if request.method == "POST":
        name = document.original_name
        services.remove_document(actor=request.user, document=document)
        messages.success(request, _("Document “%(name)s” removed.") % {"name": name})
        return _back(network, meeting, "agenda")
    return render_page(
        request,
        "meetings/document_delete.html",
        {"network": network, "meeting": meeting, "document": document},
    )
