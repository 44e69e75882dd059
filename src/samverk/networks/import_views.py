"""Importing a partner list: upload → preview (nothing written) → confirm (all or nothing),
and the template files to fill in.

Between the preview and the confirmation the uploaded file is kept under
``MEDIA_ROOT/imports/`` with a random name; the confirmation form carries a signed token
(network, user, the file's SHA-256, the preview's fingerprint) valid for an hour, so that
nothing the browser sends back is trusted unsigned.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import clock
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view
from samverk.networks import import_services, permissions
from samverk.networks.choices import MandateRole, MembershipRole, NaceSection, OrganisationKind
from samverk.networks.import_plan import Plan, plan_import
from samverk.networks.imports import (
    COLUMNS,
    EXAMPLE_ROW,
    MAX_BYTES,
    MAX_ROWS,
    FileRejected,
    RowError,
    header_for,
    parse_table,
    read_file,
)

SALT = "samverk.networks.member_import"
TOKEN_MAX_AGE = 3600


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Partner list (XLSX or CSV)"),
        help_text=gettext_lazy("At most 5 MB and 1,000 rows."),
    )


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _clean_old_uploads(now: float) -> None:
    directory = _upload_dir()
    if not directory.is_dir():
        return
    for path in directory.glob("*.upload"):
        try:
            if now - path.stat().st_mtime > 2 * TOKEN_MAX_AGE:
                path.unlink()
        except OSError:
            continue


def store_upload(data: bytes) -> str:
    """Keep an uploaded file until its import is confirmed; the key to find it again."""
    _clean_old_uploads(time.time())
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(16)
    (directory / f"{key}.upload").write_bytes(data)
    return key


def _stored_path(key: str) -> Path | None:
    if len(key) != 32 or any(ch not in "0123456789abcdef" for ch in key):
        return None
    return _upload_dir() / f"{key}.upload"


def sign_upload(
    *, salt: str, key: str, network: Network, user: Any, data: bytes, digest: str, name: str
) -> str:
    """The token of a preview's confirmation form: the stored file (``key`` of
    :func:`store_upload`), the network, the user, the file's SHA-256 and the preview's
    fingerprint ``digest``, signed."""
    return signing.dumps(
        {
            "k": key,
            "n": network.pk,
            "u": user.pk,
            "h": hashlib.sha256(data).hexdigest(),
            "d": digest,
            "f": name[:200],
        },
        salt=salt,
    )


@dataclass(frozen=True)
class SignedUpload:
    path: Path  # the stored file
    data: bytes
    name: str  # the file's name as uploaded
    digest: str  # the fingerprint of the preview the user confirmed


def signed_upload(token: str, *, salt: str, network: Network, user: Any) -> SignedUpload | None:
    """The stored file of a token of :func:`sign_upload`; None for a token that is forged,
    expired, made for another network or user, or whose file is gone or changed."""
    try:
        payload = signing.loads(token, salt=salt, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    path = _stored_path(str(payload.get("k", "")))
    if (
        payload.get("n") != network.pk
        or payload.get("u") != user.pk
        or path is None
        or not path.is_file()
    ):
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != payload.get("h"):
        return None
    return SignedUpload(path, data, str(payload.get("f", "")), str(payload.get("d", "")))


def _language(request: AuthenticatedHttpRequest) -> str:
    return (translation.get_language() or "en").split("-")[0]


def _context(network: Network, request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
    language = _language(request)
    columns = [
        {
            "header": header_for(column, language),
            "english": column.headers["en"],
            "required": column.required,
            "label": column.label,
            "help": COLUMN_HELP.get(column.key, ""),
        }
        for column in COLUMNS
    ]
    return {
        "network": network,
        "columns": columns,
        "max_rows": MAX_ROWS,
        "max_mb": MAX_BYTES // 2**20,
        "kinds": OrganisationKind.choices,
        "membership_roles": MembershipRole.choices,
        "mandate_roles": MandateRole.choices,
        **extra,
    }


COLUMN_HELP = {
    "organisation": gettext_lazy("Required. The name as in the register."),
    "org_number": gettext_lazy("Optional; matches an organisation even if its name changed."),
    "kind": gettext_lazy("One of the kinds listed below (empty: other)."),
    "sector": gettext_lazy("A NACE section letter, A to U."),
    "region": gettext_lazy("The code of a region of the network (or its national code)."),
    "member_since": gettext_lazy("A date (31.01.2025, 2025-01-31 or 31/01/2025); empty: today."),
    "membership_role": gettext_lazy("partner, member or observer (empty: partner)."),
    "budget": gettext_lazy("The annual budget commitment, e.g. 1.500,00 or 1 500."),
    "currency": gettext_lazy("EUR, NOK or SEK (empty: the network's usual currency)."),
    "person": gettext_lazy(
        "A person of the organisation; repeat the organisation in a further "
        "row for each further person."
    ),
    "email": gettext_lazy("Matches a person already registered."),
    "mandate": gettext_lazy("principal or deputy; empty: no mandate."),
    "decision_authorised": gettext_lazy("yes or no (empty: yes)."),
    "mandate_from": gettext_lazy("A date; empty: the start of the membership, or today."),
}


def errors_context(errors: list[RowError]) -> dict[str, Any]:
    """The errors of a rejected file for the upload page: each once, by row."""
    unique = list(dict.fromkeys(errors))
    return {"errors": sorted(unique, key=lambda e: e.row or 0), "error_count": len(unique)}


Parse = Callable[[Any], tuple[list[Any], list[RowError]]]


def read_table(name: str, data: bytes, parse: Parse) -> tuple[list[Any], list[RowError]]:
    """The rows ``parse`` finds in a file's table, or the reasons the file cannot be read."""
    try:
        table = read_file(name, data)
    except FileRejected as rejected:
        return [], rejected.errors
    return parse(table)


def read_upload(upload: Any, parse: Parse) -> tuple[bytes, list[Any], list[RowError]]:
    """An uploaded import file: its bytes, rows and errors; a file over the size limit is
    refused before it is read into memory."""
    if upload.size > MAX_BYTES:
        too_large = _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_BYTES // 2**20}
        return b"", [], [RowError(None, too_large)]
    data = upload.read()
    rows, errors = read_table(upload.name or "", data, parse)
    return data, rows, errors


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
        request,
        plan=plan,
        lines=plan.lines,
        counts=plan.counts(),
        token=token,
        file_name=name,
        changed=changed,
    )
    return render(request, "networks/member_import_preview.html", context)


@network_view
def member_import(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Upload a partner list; a valid file shows the preview, a bad one every error."""
    require(permissions.can_import_members(request.user, network))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, rows, errors = read_upload(upload, parse_table)
        if rows:
            # Also the rows without errors of their own are checked against the register,
            # so that the report lists every problem of the file at once.
            plan = plan_import(network=network, rows=rows, today=clock.network_today(network))
            errors = errors + plan.errors
            if not errors:
                key = store_upload(data)
                return _preview(
                    request, network, key=key, name=upload.name or "", data=data, plan=plan
                )
    context = _context(
        network,
        request,
        form=form,
        file_name=getattr(request.FILES.get("file"), "name", ""),
        **errors_context(errors),
    )
    return render(request, "networks/member_import.html", context)


def _summary(plan: Plan) -> str:
    counts = plan.counts()
    parts = [
        ngettext(
            "%(count)s organisation created",
            "%(count)s organisations created",
            counts["organisations_created"],
        )
        % {"count": counts["organisations_created"]},
        ngettext(
            "%(count)s organisation changed",
            "%(count)s organisations changed",
            counts["organisations_changed"],
        )
        % {"count": counts["organisations_changed"]},
        ngettext(
            "%(count)s membership created",
            "%(count)s memberships created",
            counts["memberships_created"],
        )
        % {"count": counts["memberships_created"]},
        ngettext(
            "%(count)s membership changed",
            "%(count)s memberships changed",
            counts["memberships_changed"],
        )
        % {"count": counts["memberships_changed"]},
        ngettext("%(count)s person created", "%(count)s people created", counts["people_created"])
        % {"count": counts["people_created"]},
        ngettext("%(count)s person changed", "%(count)s people changed", counts["people_changed"])
        % {"count": counts["people_changed"]},
        ngettext(
            "%(count)s mandate created", "%(count)s mandates created", counts["mandates_created"]
        )
        % {"count": counts["mandates_created"]},
        ngettext(
            "%(count)s mandate changed", "%(count)s mandates changed", counts["mandates_changed"]
        )
        % {"count": counts["mandates_changed"]},
    ]
    return ", ".join(parts)


@network_view
def member_import_confirm(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Apply the previewed import (POST only)."""
    require(permissions.can_import_members(request.user, network))
    upload_url = reverse("networks:member_import", kwargs={"network": network.slug})
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
    path, data, name = upload.path, upload.data, upload.name
    if "cancel" in request.POST:
        path.unlink(missing_ok=True)
        messages.info(request, _("Import cancelled. Nothing was saved."))
        return redirect(upload_url)
    rows, errors = read_table(name, data, parse_table)
    if not errors:
        try:
            plan = import_services.import_partner_list(
                actor=request.user,
                network=network,
                rows=rows,
                today=clock.network_today(network),
                expected_digest=upload.digest,
            )
        except import_services.PlanChanged as changed:
            return _preview(
                request,
                network,
                key=path.stem,
                name=name,
                data=data,
                plan=changed.plan,
                changed=True,
            )
        except import_services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            path.unlink(missing_ok=True)
            messages.success(
                request,
                _("The partner list was imported: %(summary)s.") % {"summary": _summary(plan)},
            )
            return redirect("networks:member_list", network=network.slug)
    path.unlink(missing_ok=True)
    context = _context(
        network, request, form=UploadForm(), file_name=name, **errors_context(errors)
    )
    return render(request, "networks/member_import.html", context)


# --- the template files -----------------------------------------------------------------------


def _example_value(key: str, language: str, for_csv: bool) -> Any:
    value = EXAMPLE_ROW[key]
    if key in ("kind", "membership_role", "mandate"):
        return value
    if key == "decision_authorised":
        return {"de": "ja", "nb": "ja", "nn": "ja", "sv": "ja"}.get(language, "yes")
    if not for_csv:
        return value
    comma = language in ("de", "nb", "nn", "sv")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if comma else value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",") if comma else f"{value:.2f}"
    return value


def _filename(language: str, extension: str) -> str:
    base = {
        "de": "partnerliste",
        "nb": "partnerliste",
        "nn": "partnarliste",
        "sv": "partnerlista",
    }.get(language, "partner-list")
    return f"{base}.{extension}"


@network_view
def member_import_template(
    request: AuthenticatedHttpRequest, network: Network, file_format: str
) -> HttpResponse:
    """The file to fill in: the columns in the user's language and one example row."""
    require(permissions.can_import_members(request.user, network))
    if file_format not in ("xlsx", "csv"):
        raise Http404
    language = _language(request)
    headers = [header_for(column, language) for column in COLUMNS]
    if file_format == "csv":
        buffer = io.StringIO()
        delimiter = ";" if language in ("de", "nb", "nn", "sv") else ","
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerow([_example_value(c.key, language, True) for c in COLUMNS])
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    else:
        import openpyxl
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = _("Partner list")[:31]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.append([_example_value(c.key, language, False) for c in COLUMNS])
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=2, column=index)
            if column.key in ("member_since", "mandate_from"):
                cell.number_format = "DD.MM.YYYY" if language != "en" else "YYYY-MM-DD"
            elif column.key == "budget":
                cell.number_format = "#,##0.00"
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = max(14, len(headers[index - 1]) + 4)
        sheet.freeze_panes = "A2"
        values = workbook.create_sheet(_("Allowed values")[:31])
        values.append([_("Column"), _("Value"), _("Meaning")])
        for cell in values[1]:
            cell.font = Font(bold=True)
        for key, choices in (
            ("kind", OrganisationKind.choices),
            ("membership_role", MembershipRole.choices),
            ("mandate", MandateRole.choices),
            ("sector", NaceSection.choices),
        ):
            header = header_for(next(c for c in COLUMNS if c.key == key), language)
            for value, label in choices:
                values.append([header, value, str(label)])
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{_filename(language, file_format)}"'
    return response
