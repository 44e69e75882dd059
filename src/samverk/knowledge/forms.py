"""Forms of the knowledge base: the upload, and the review of an import (which table of the
file, which data set it is a vintage of, the dimensions' roles)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.knowledge.choices import DimensionRole
from samverk.knowledge.formats import Table
from samverk.knowledge.models import DataSet

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Table (JSON-stat, PC-Axis .px, CSV or XLSX)"),
        help_text=_(
            "As downloaded from SCB, SSB, Eurostat or another PxWeb, or a spreadsheet; "
            "at most 20 MB."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ImportForm(forms.Form):
    """What the coordinator confirms after the preview."""

    data_set = forms.ModelChoiceField(
        label=_("Add as a new vintage of"),
        queryset=DataSet.objects.none(),
        required=False,
        empty_label=_("(a new data set)"),
    )
    title = forms.CharField(label=_("title"), max_length=300, required=False)
    publisher = forms.CharField(label=_("publisher"), max_length=200, required=False)
    licence = forms.CharField(
        label=_("licence"),
        max_length=200,
        required=False,
        help_text=_("e.g. CC BY 4.0, NLOD 2.0, dl-de/by-2-0"),
    )
    table_code = forms.CharField(label=_("table code"), max_length=100, required=False)
    source_url = forms.URLField(
        label=_("address of the source"), required=False, assume_scheme="https"
    )
    label = forms.CharField(
        label=_("vintage"),
        max_length=100,
        help_text=_("e.g. the publication date or release name"),
    )
    reference_period = forms.CharField(label=_("reference period"), max_length=100, required=False)

    def __init__(self, *args: Any, table: Table, data_sets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["data_set"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = data_sets
        self.table = table
        for position, dimension in enumerate(table.dimensions):
            self.fields[f"role_{position}"] = forms.ChoiceField(
                label=_("“%(dimension)s” is") % {"dimension": dimension.label},
                choices=DimensionRole.choices,
            )

    def role_fields(self) -> list[Any]:
        return [self[f"role_{i}"] for i in range(len(self.table.dimensions))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("data_set") is None:
            for name, message in (
                ("title", _("Give the new data set a title.")),
                ("publisher", _("Name the publisher (the statistics office).")),
                ("licence", _("Name the licence under which the office publishes the table.")),
            ):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data

    def roles(self) -> dict[str, str]:
        return {
            dimension.id: self.cleaned_data[f"role_{i}"]
            for i, dimension in enumerate(self.table.dimensions)
        }
