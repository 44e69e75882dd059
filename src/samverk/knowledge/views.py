"""The knowledge base's pages: the data sets, importing a table (upload, review, confirm), a
data set with its vintages and values (filtered by category, paged), exports, deletions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import exports
from samverk.core.models import Network
from samverk.core.services import require
from samverk.core.views import network_view, paginate, save_with_service, sort
from samverk.knowledge import formats, permissions, services, store
from samverk.knowledge.forms import ImportForm, UploadForm
from samverk.knowledge.models import DataSet, Vintage
from samverk.networks.import_views import sign_upload, signed_upload, store_upload

SALT = "samverk.knowledge.import"
SPREADSHEETS = ("csv", "xlsx")
VALUES_PER_PAGE = 50


def _data_sets(request: AuthenticatedHttpRequest, network: Network) -> Any:
    if not permissions.can_view_knowledge(request.user, network):
        raise Http404
    return DataSet.objects.visible_to(request.user).for_network(network)


@network_view
def dataset_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    rows = _data_sets(request, network).annotate(
        vintage_count=Count("vintages"), latest=Max("vintages__retrieved_at")
    )
    rows, current = sort(
        request,
        rows,
        {"title": "title", "publisher": "publisher", "latest": "latest"},
        "title",
    )
    return render(
        request,
        "knowledge/dataset_list.html",
        {
            "network": network,
            "page": paginate(request, rows),
            "sort": current,
            "can_manage": permissions.can_manage_data_sets(request.user, network),
        },
    )


# --- importing ------------------------------------------------------------------------------------


@network_view
def import_upload(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_data_sets(request.user, network))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            if formats.sniff(upload.name, data) in SPREADSHEETS:
                formats.read_delimited(upload.name, data)
            else:
                formats.read(upload.name, data)
        except formats.FormatError as exc:
            for problem in exc.problems[:20]:
                form.add_error("file", problem)
        else:
            key = store_upload(data)
            token = sign_upload(
                salt=SALT,
                key=key,
                network=network,
                user=request.user,
                data=data,
                digest="",
                name=upload.name,
            )
            url = reverse("knowledge:import_review", kwargs={"network": network.slug})
            return redirect(f"{url}?token={token}")
    return render(request, "knowledge/import_upload.html", {"network": network, "form": form})


def _mapping(raw: formats.RawTable, source: Any) -> dict[str, Any]:
    """How a spreadsheet's columns become a table: ``v`` the value columns (repeatable; a
    guess when none is given), ``decimal`` comma or point, ``wide_name`` the dimension that
    several value columns' headings form."""
    chosen = [int(v) for v in source.getlist("v") if v.isdigit() and int(v) < len(raw.headers)]
    decimal = source.get("decimal", "")
    if decimal not in ("comma", "point"):
        decimal = "point" if raw.separator == "," else "comma"
    values = sorted(set(chosen)) if "mapped" in source else formats.guess_value_columns(raw)
    return {
        "values": values,
        "decimal": decimal,
        "wide_name": source.get("wide_name", "")[:100],
        "columns": [
            {"index": i, "heading": heading, "value": i in values, "first": raw.rows[0][i]}
            for i, heading in enumerate(raw.headers)
        ],
    }


def _chosen(tables: list[formats.Table], key: str) -> formats.Table:
    return next((t for t in tables if t.key == key), tables[0])


@network_view
def import_review(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """The preview of an uploaded table and the form that imports it (all or nothing)."""
    require(permissions.can_manage_data_sets(request.user, network))
    source = request.POST if request.method == "POST" else request.GET
    token = source.get("token", "")
    upload = signed_upload(token, salt=SALT, network=network, user=request.user)
    if upload is None:
        messages.error(request, _("The upload has expired or is not yours: upload the file again."))
        return redirect("knowledge:import_upload", network=network.slug)
    kind = formats.sniff(upload.name, upload.data)
    mapping: dict[str, Any] = {}
    languages: list[str] = []
    language = ""
    if kind in SPREADSHEETS:
        raw = formats.read_delimited(upload.name, upload.data)
        mapping = _mapping(raw, source)
        try:
            table = formats.table_from_columns(
                raw,
                values=mapping["values"],
                decimal_comma=mapping["decimal"] == "comma",
                title=upload.name.rsplit(".", 1)[0],
                wide_name=mapping["wide_name"],
            )
        except formats.FormatError as exc:
            return render(
                request,
                "knowledge/import_mapping.html",
                {
                    "network": network,
                    "token": token,
                    "name": upload.name,
                    "raw": raw,
                    "mapping": mapping,
                    "problems": exc.problems,
                },
            )
        tables = [table]
    else:
        probe = formats.read(upload.name, upload.data)
        languages = probe[0].languages if len(probe) == 1 else []
        language = source.get("language", "")
        if language not in languages:
            language = languages[0] if languages else ""
        tables = formats.read(upload.name, upload.data, language=language)
        table = _chosen(tables, source.get("table", ""))
    data_sets = DataSet.objects.visible_to(request.user).for_network(network)
    initial = {
        "title": table.title[:300],
        "publisher": table.source[:200],
        "table_code": table.key[:100],
        "label": table.updated[:100],
        **{
            f"role_{i}": services.guess_role(d.id, d.label, d.role)
            for i, d in enumerate(table.dimensions)
        },
    }
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        table=table,
        data_sets=data_sets,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vintage = save_with_service(
            form,
            services.import_vintage,
            actor=request.user,
            network=network,
            table=table,
            source_format=kind,
            original_name=upload.name,
            label=data["label"],
            roles=form.roles(),
            data_set=data["data_set"],
            title=data["title"],
            publisher=data["publisher"],
            licence=data["licence"],
            table_code=data["table_code"],
            source_url=data["source_url"],
            reference_period=data["reference_period"],
            language=language,
        )
        if vintage is not None:
            upload.path.unlink(missing_ok=True)
            messages.success(
                request,
                _("Imported: %(cells)s cells of “%(title)s”.")
                % {"cells": vintage.cells, "title": vintage.data_set.title},
            )
            return redirect(_dataset_url(network, vintage.data_set))
    roles = form.roles() if form.is_bound and form.is_valid() else {}
    preview = []
    for position, dimension in enumerate(table.dimensions):
        role = roles.get(dimension.id) or initial[f"role_{position}"]
        codes = [c.code for c in dimension.categories]
        preview.append(
            {
                "dimension": dimension,
                "first": dimension.categories[:5],
                "unmatched": services.unmatched_codes(role, codes),
            }
        )
    sample = [
        {"codes": codes, "value": value, "status": status}
        for _i, (codes, value, status) in zip(range(10), table.rows(), strict=False)
    ]
    return render(
        request,
        "knowledge/import_review.html",
        {
            "network": network,
            "form": form,
            "token": token,
            "name": upload.name,
            "tables": tables,
            "table": table,
            "label_languages": languages,
            "language": language,
            "preview": preview,
            "sample": sample,
            "missing": sum(1 for v in table.values if v is None),
            "mapping": mapping,
            "raw_headers": raw.headers if kind in SPREADSHEETS else [],
        },
    )


# --- a data set, its values -----------------------------------------------------------------------


def _dataset_url(network: Network, data_set: DataSet) -> str:
    return reverse("knowledge:dataset_detail", kwargs={"network": network.slug, "pk": data_set.pk})


def _vintage(request: AuthenticatedHttpRequest, data_set: DataSet) -> Vintage | None:
    vintages = Vintage.objects.visible_to(request.user).filter(data_set=data_set)
    chosen = request.GET.get("vintage", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(vintages, pk=int(chosen))
    return vintages.order_by("-retrieved_at", "-pk").first()


def _labelled(vintage: Vintage, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = [dict(map(tuple, d["categories"])) for d in vintage.dimensions]
    return [
        {
            "categories": [
                (row[store.column(i)], labels[i].get(row[store.column(i)], ""), dimension["label"])
                for i, dimension in enumerate(vintage.dimensions)
            ],
            "value": row["value"],
            "status": row["status"],
        }
        for row in rows
    ]


@network_view
def dataset_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    data_set = get_object_or_404(_data_sets(request, network), pk=pk)
    vintages = list(
        Vintage.objects.visible_to(request.user)
        .filter(data_set=data_set)
        .select_related("imported_by")
        .order_by("-retrieved_at", "-pk")
    )
    vintage = _vintage(request, data_set)
    context: dict[str, Any] = {
        "network": network,
        "data_set": data_set,
        "vintages": vintages,
        "vintage": vintage,
        "can_manage": permissions.can_manage_data_sets(request.user, network),
    }
    if vintage is not None:
        filters = vintage.filters(request.GET)
        number = request.GET.get("page", "1")
        page_number = int(number) if number.isdigit() and int(number) > 0 else 1
        result = store.page(
            vintage.parquet.path,
            filters,
            offset=(page_number - 1) * VALUES_PER_PAGE,
            limit=VALUES_PER_PAGE,
        )
        paginator = Paginator(range(result.total), VALUES_PER_PAGE)
        page = paginator.get_page(page_number)
        context.update(
            page=page,
            rows=_labelled(vintage, result.rows),
            total=result.total,
            filters=[
                {
                    "position": position,
                    "dimension": dimension,
                    "chosen": filters.get(position, []),
                }
                for position, dimension in enumerate(vintage.dimensions)
            ],
        )
    return render(request, "knowledge/dataset_detail.html", context)


def _category(position: int, part: int) -> Callable[[dict[str, Any]], Any]:
    """An export column's cell: the code (``part`` 0) or label (1) of a dimension."""

    def cell(row: dict[str, Any]) -> Any:
        return row["categories"][position][part]

    return cell


def _export_name(vintage: Vintage) -> str:
    return slugify(f"{vintage.data_set.title[:60]} {vintage.label}") or "data-set"


@network_view
def vintage_export(
    request: AuthenticatedHttpRequest, network: Network, pk: int, format: str
) -> HttpResponse:
    vintage = get_object_or_404(
        Vintage.objects.visible_to(request.user).for_network(network).select_related("data_set"),
        pk=pk,
    )
    if not permissions.can_view_knowledge(request.user, network):
        raise Http404
    filters = vintage.filters(request.GET)
    names = [d["id"] for d in vintage.dimensions]
    if format == "parquet":
        response = HttpResponse(
            store.parquet_of(vintage.parquet.path, filters, names),
            content_type="application/vnd.apache.parquet",
        )
        disposition = content_disposition_header(
            as_attachment=True, filename=f"{_export_name(vintage)}.parquet"
        )
        response["Content-Disposition"] = disposition or "attachment"
        return response
    rows = _labelled(vintage, store.all_rows(vintage.parquet.path, filters))
    columns = []
    for position, dimension in enumerate(vintage.dimensions):
        columns.append(exports.Column(str(dimension["label"]), _category(position, 0)))
        columns.append(
            exports.Column(
                _("%(dimension)s (label)") % {"dimension": dimension["label"]},
                _category(position, 1),
            )
        )
    columns.append(exports.Column(_("value"), lambda r: r["value"]))
    columns.append(exports.Column(_("status"), lambda r: r["status"]))
    return exports.table_response(
        rows, columns, exports.export_format(format), _export_name(vintage)
    )


# --- deleting ------------------------------------------------------------------------------------


@network_view
def delete(request: AuthenticatedHttpRequest, network: Network, kind: str, pk: int) -> HttpResponse:
    """Delete a vintage or a whole data set, after asking (GET asks, POST acts)."""
    require(permissions.can_manage_data_sets(request.user, network))
    obj: DataSet | Vintage
    if kind == "dataset":
        data_set = get_object_or_404(_data_sets(request, network), pk=pk)
        obj, back = data_set, _dataset_url(network, data_set)
        done = reverse("knowledge:dataset_list", kwargs={"network": network.slug})
    elif kind == "vintage":
        vintage = get_object_or_404(
            Vintage.objects.visible_to(request.user)
            .for_network(network)
            .select_related("data_set__network"),
            pk=pk,
        )
        obj, back = vintage, _dataset_url(network, vintage.data_set)
        done = back
    else:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            if isinstance(obj, DataSet):
                services.delete_data_set(actor=request.user, data_set=obj)
            else:
                services.delete_vintage(actor=request.user, vintage=obj)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted."))
            return redirect(done)
    return render(
        request,
        "knowledge/delete.html",
        {"network": network, "kind": kind, "obj": obj, "cancel_url": back, "error": error},
        status=400 if error else 200,
    )
