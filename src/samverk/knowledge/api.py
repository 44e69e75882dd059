"""The knowledge base's API (``/api/v1/knowledge/…``): data sets and their vintages (read by
every role of the network), and a vintage's values as JSON-stat 2.0 (``…/vintages/<id>/
jsonstat/?f0=<code>``: the sub-cube of the categories chosen per dimension position)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from samverk.core.api import ScopedFilterBackend, ScopedModelSerializer, network_slug_field
from samverk.core.querysets import require_scoped
from samverk.knowledge import jsonstat_out
from samverk.knowledge.models import DataSet, Vintage


class DataSetSerializer(ScopedModelSerializer):
    """A table of a statistics office that the network imported: its publisher, table code,
    source address and licence."""

    network = network_slug_field()

    class Meta:
        model = DataSet
        fields = [
            "id",
            "network",
            "title",
            "publisher",
            "table_code",
            "source_url",
            "licence",
            "description",
        ]
        read_only_fields = fields


class VintageSerializer(ScopedModelSerializer):
    """The table as published at one time: when it was retrieved, its dimensions (in the
    cube's order, each with its role and categories; ``unmatched``: codes of a region or
    occupation dimension that match no classification) and how many cells it has."""

    network = network_slug_field("data_set.network.slug")

    class Meta:
        model = Vintage
        fields = [
            "id",
            "network",
            "data_set",
            "label",
            "published",
            "reference_period",
            "retrieved_at",
            "source_format",
            "language",
            "unit",
            "dimensions",
            "cells",
            "missing",
        ]
        read_only_fields = fields


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [ScopedFilterBackend]
    lookup_value_converter = "int"

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().filter_queryset(require_scoped(queryset, filtered=True))


class DataSetViewSet(_ReadOnly):
    """The data sets of your networks."""

    serializer_class = DataSetSerializer

    def get_queryset(self) -> QuerySet[DataSet]:
        return DataSet.objects.visible_to(self.request.user).select_related("network")


class VintageViewSet(_ReadOnly):
    """The vintages of your networks' data sets, newest first."""

    serializer_class = VintageSerializer

    def get_queryset(self) -> QuerySet[Vintage]:
        return (
            Vintage.objects.visible_to(self.request.user)
            .select_related("data_set__network")
            .order_by("-retrieved_at", "-pk")
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "f0",
                OpenApiTypes.STR,
                description="Category codes of the first dimension to keep (repeatable; "
                "f1, f2 … for the others). Unknown codes are ignored.",
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def jsonstat(self, request: Request, pk: str | None = None) -> Response:
        """The vintage's values as a JSON-stat 2.0 data set."""
        vintage = self.get_object()
        return Response(jsonstat_out.dataset(vintage, vintage.filters(request.query_params)))


def register(router: DefaultRouter) -> None:
    router.register("data-sets", DataSetViewSet, basename="data-set")
    router.register("vintages", VintageViewSet, basename="vintage")


__all__ = ["register", "serializers"]
