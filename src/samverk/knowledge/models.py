"""The knowledge base's official statistics: a network's data sets (a table of a statistics
office: SCB, SSB, Destatis, Eurostat …) and their vintages (the table as published at one
time; a new vintage is kept beside the old ones, so that what was published when stays
readable).

A vintage's cells are not rows in the database: they are a Parquet file in long form (one
string column per dimension holding the category code, ``value`` and ``status``), written on
import and read with Ibis over DuckDB (``knowledge.store``). The database holds what the
pages list and filter by: the dimensions with their categories, roles and labels."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.knowledge import querysets
from samverk.knowledge.choices import SourceFormat


class DataSet(TimeStampedModel):
    network = models.ForeignKey("core.Network", on_delete=models.CASCADE, related_name="data_sets")
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(
        _("publisher"), max_length=200, help_text=_("e.g. Statistics Sweden (SCB), SSB, Destatis")
    )
    table_code = models.CharField(
        _("table code"), max_length=100, blank=True, help_text=_("The office's code of the table.")
    )
    source_url = models.URLField(_("address of the source"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=200, help_text=_("e.g. CC BY 4.0, NLOD 2.0, dl-de/by-2-0")
    )
    description = models.TextField(_("description"), blank=True)

    network_path = "network"
    objects = querysets.DataSetQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "title"],
                name="knowledge_one_data_set_title_per_network",
                violation_error_message=_("This network has a data set of this title already."),
            )
        ]

    def __str__(self) -> str:
        return self.title


def vintage_path(instance: Vintage, filename: str) -> str:
    return f"knowledge/{instance.data_set.network_id}/{instance.data_set_id}/{filename}"


class Vintage(TimeStampedModel):
    """The table as published at one time."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="vintages"
    )
    label = models.CharField(
        _("vintage"), max_length=100, help_text=_("e.g. the publication date or release name")
    )
    published = models.CharField(_("published (by the source)"), max_length=100, blank=True)
    reference_period = models.CharField(_("reference period"), max_length=100, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved"))
    source_format = models.CharField(_("format"), max_length=10, choices=SourceFormat.choices)
    original_name = models.CharField(_("file"), max_length=255)
    language = models.CharField(_("language of the labels"), max_length=10, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # [{"id", "label", "role", "categories": [[code, label], ...]}] in the cube's order.
    dimensions: models.JSONField[list[dict[str, Any]], list[dict[str, Any]]] = models.JSONField(
        _("dimensions"), default=list
    )
    cells = models.PositiveIntegerField(_("cells"))
    missing = models.PositiveIntegerField(_("missing cells"), default=0)
    parquet = models.FileField(_("values (Parquet)"), upload_to=vintage_path, max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    network_path = "data_set__network"
    objects = querysets.VintageQuerySet.as_manager()

    class Meta:
        ordering = ["data_set", "-retrieved_at", "-pk"]
        verbose_name = _("vintage")
        verbose_name_plural = _("vintages")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "label"],
                name="knowledge_one_vintage_label_per_data_set",
                violation_error_message=_("This data set has a vintage of this name already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set} ({self.label})"

    def dimension(self, dimension_id: str) -> dict[str, Any]:
        """The dimension of that id (KeyError when the vintage has none)."""
        for dimension in self.dimensions:
            if dimension["id"] == dimension_id:
                return dimension
        raise KeyError(dimension_id)
