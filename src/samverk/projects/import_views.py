"""Importing a network's existing project list: upload → preview (nothing written) → confirm
(all or nothing), and the template files to fill in — as the partner list's import
(:mod:`samverk.networks.import_views`), whose file handling and signed token this reuses: the
file is kept under ``MEDIA_ROOT/imports/`` until the confirmation, whose token carries the
network, the user, the file's SHA-256 and the preview's fingerprint."""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import exports
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view
from samverk.networks.import_views import (
    errors_context,
    read_table,
    read_upload,
    sign_upload,
    signed_upload,
    store_upload,
)
from samverk.networks.imports import (
    MAX_BYTES,
    MAX_ROWS,
    RowError,
    header_for,
)
from samverk.networks.models import Organisation
from samverk.projects import import_services, permissions
from samverk.projects.choices import ProjectStatus
from samverk.projects.imports import COLUMNS, Plan, parse_table
from samverk.projects.models import FocusArea

SALT = "samverk.projects.project_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Project list (XLSX or CSV)"),
        help_text=gettext_lazy("At most 5 MB and 1,000 rows."),
    )


COLUMN_HELP = {
    "title": gettext_lazy("Required. Each title once in the file and new to the network."),
    "short_name": gettext_lazy("At most 30 characters, e.g. “A2” or “MINT”."),
    "status": gettext_lazy("One of the statuses listed below (empty: idea)."),
    "starts": gettext_lazy("A date (31.01.2025, 2025-01-31 or 31/01/2025)."),
    "ends": gettext_lazy("A date, not before the start."),
    "regions": gettext_lazy("Where the project works (text)."),
    "sector": gettext_lazy("A NACE section letter, A to U, or a NACE code such as 84.11."),
    "carrier": gettext_lazy(
        "The name of an organisation of the network (as in the register; upper and lower "
        "case do not matter). A public project's carrier must be a member."
    ),
    "focus_areas": gettext_lazy(
        "Names separated by “;”. A name the network does not have yet becomes a new focus "
        "area (the preview lists them)."
    ),
    "basis": gettext_lazy("What the project implements, e.g. “TVöD § 5 Qualifizierung”."),
    "basis_url": gettext_lazy("A web address of the agreement or programme."),
    "summary": gettext_lazy("Text."),
    "problem": gettext_lazy("Text (Markdown)."),
    "goals": gettext_lazy("Text (Markdown)."),
    "implementation": gettext_lazy("Text (Markdown)."),
    "results": gettext_lazy("Text (Markdown)."),
    "public": gettext_lazy("yes or no (empty: no)."),
}


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _context(network: Network, **extra: Any) -> dict[str, Any]:
    language = _language()
    columns = [
        {
            "header": header_for(column, language),
            "english": column.headers["en"],
            "required": column.required,
            "help": COLUMN_HELP.get(column.key, ""),
        }
        for column in COLUMNS
    ]
    return {
        "network": network,
        "columns": columns,
        "max_rows": MAX_ROWS,
        "max_mb": MAX_BYTES // 2**20,
        "statuses": ProjectStatus.choices,
        **extra,
    }


def _upload_page(
    request: AuthenticatedHttpRequest,
    network: Network,
    form: UploadForm,
    errors: list[RowError],
    file_name: str,
) -> HttpResponse:
    context = _context(network, form=form, file_name=file_name, **errors_context(errors))
    return render(request, "projects/project_import.html", context)


def _preview(
    request: AuthenticatedHttpRequest,
    network: Network,
    *,
    key: str,
    name: str,
    data: bytes,
    plan: Plan,
    changed: bool = False,
) -> HttpResponse:
    token = sign_upload(
        salt=SALT,
        key=key,
        network=network,
        user=request.user,
        data=data,
        digest=plan.digest(),
        name=name,
    )
    context = _context(
        network,
        plan=plan,
        projects=plan.projects,
        new_focus_areas=list(plan.new_focus_areas),
        token=token,
        file_name=name,
        changed=changed,
    )
    return render(request, "projects/project_import_preview.html", context)


@network_view
def project_import(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Upload a project list; a valid file shows the preview, a bad one every error."""
    require(permissions.can_manage_projects(request.user, network))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, rows, errors = read_upload(upload, parse_table)
        if rows:
            # The rows without errors of their own are tried with the services (and rolled
            # back), so that the report lists every problem of the file at once.
            plan, found = import_services.rehearse_import(
                actor=request.user,
                network=network,
                rows=rows,
                skip={e.row for e in errors if e.row is not None},
            )
            errors = errors + found
            if not errors:
                key = store_upload(data)
                return _preview(
                    request, network, key=key, name=upload.name or "", data=data, plan=plan
                )
    file_name = getattr(request.FILES.get("file"), "name", "")
    return _upload_page(request, network, form, errors, file_name)


@network_view
def project_import_confirm(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Apply the previewed import (POST only)."""
    require(permissions.can_manage_projects(request.user, network))
    upload_url = reverse("projects:project_import", kwargs={"network": network.slug})
    if request.method != "POST":
        return redirect(upload_url)
    upload = signed_upload(
        request.POST.get("token", ""), salt=SALT, network=network, user=request.user
    )
    if upload is None:
        messages.error(
            request, _("The preview has expired or is not valid. Upload the file again.")
        )
        return redirect(upload_url)
    if "cancel" in request.POST:
        upload.path.unlink(missing_ok=True)
        messages.info(request, _("Import cancelled. Nothing was saved."))
        return redirect(upload_url)
    rows, errors = read_table(upload.name, upload.data, parse_table)
    if not errors:
        try:
            plan = import_services.import_projects(
                actor=request.user, network=network, rows=rows, expected_digest=upload.digest
            )
        except import_services.PlanChanged as changed:
            return _preview(
                request,
                network,
                key=upload.path.stem,
                name=upload.name,
                data=upload.data,
                plan=changed.plan,
                changed=True,
            )
        except import_services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            upload.path.unlink(missing_ok=True)
            created = ngettext(
                "%(count)s project was imported.",
                "%(count)s projects were imported.",
                len(plan.projects),
            ) % {"count": len(plan.projects)}
            if plan.new_focus_areas:
                created += " " + ngettext(
                    "%(count)s new focus area was created.",
                    "%(count)s new focus areas were created.",
                    len(plan.new_focus_areas),
                ) % {"count": len(plan.new_focus_areas)}
            messages.success(request, created)
            return redirect("projects:project_list", network=network.slug)
    upload.path.unlink(missing_ok=True)
    return _upload_page(request, network, UploadForm(), errors, upload.name)


# --- the template files -----------------------------------------------------------------------


_NO = {"de": "nein", "nb": "nei", "nn": "nei", "sv": "nej"}


def _example_row(network: Network, language: str) -> dict[str, Any]:
    """One example row; the carrier and focus areas are the network's own, where it has them,
    so that the template imports as it is."""
    carrier = Organisation.objects.filter(network=network).order_by("name", "pk").first()
    areas = list(
        FocusArea.objects.filter(network=network)
        .order_by("name", "pk")
        .values_list("name", flat=True)[:2]
    )
    return {
        "title": _("Returners' day 2025"),
        "short_name": "RT",
        "status": str(ProjectStatus.RUNNING.label),
        "starts": dt.date(2025, 1, 1),
        "ends": dt.date(2025, 12, 31),
        "regions": "",
        "sector": "N",
        "carrier": carrier.name if carrier else "",
        "focus_areas": "; ".join(areas),
        "basis": "",
        "basis_url": "",
        "summary": _("A day for skilled workers who want to come back to the region."),
        "problem": "",
        "goals": "",
        "implementation": "",
        "results": "",
        "public": _NO.get(language, "no"),
    }


@network_view
def project_import_template(
    request: AuthenticatedHttpRequest, network: Network, file_format: str
) -> HttpResponse:
    """The file to fill in: the columns in the user's language and one example row."""
    require(permissions.can_manage_projects(request.user, network))
    if file_format not in ("xlsx", "csv"):
        raise Http404
    language = _language()
    example = _example_row(network, language)
    columns = [
        exports.Column(header_for(column, language), operator.itemgetter(column.key))
        for column in COLUMNS
    ]
    return exports.table_response(
        [example], columns, exports.export_format(file_format), _("project-list"), language
    )
