"""The job board's read-only public API, without login: ``/api/v1/public-jobs/offers/?network=
<slug>`` (the board's offers with the page's search, filters, sorting and pages of 20) and
``…/offers/<id>/?network=<slug>`` (one offer; 410 once it has ended). Read only through
``jobs.board``, the board pages' read side, so it shows no more than they do; a network
whose portal is not published is not found."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from samverk.core.api import NamedChoiceField, NamedChoiceFieldExtension
from samverk.core.clock import network_today
from samverk.jobs import board
from samverk.jobs.choices import Duration, OfferKind, TargetGroup, WorkingTime
from samverk.portal import public

SORTS_DOC = (
    "newest: newest first (the default); valid_through: ending soonest first; title: by title."
)


class _Choice(NamedChoiceField):
    """A choice named in the schema after the public offer's field (``PublicOfferKindEnum``…),
    so that it does not collide with other apps' ``kind``."""

    @property
    def enum_name(self) -> str:
        name = "".join(part.title() for part in (self.field_name or "").split("_"))
        return f"PublicOffer{name}Enum"


class _ChoiceExtension(NamedChoiceFieldExtension):
    target_class = _Choice


class PublicOfferSerializer(serializers.Serializer[Any]):
    """An offer on a network's job board: its public parts."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    employer = serializers.CharField()
    employer_website = serializers.CharField()
    kind = _Choice(choices=OfferKind.choices)
    kind_label = serializers.CharField()
    working_time = _Choice(choices=WorkingTime.choices)
    working_time_label = serializers.CharField()
    duration = _Choice(choices=Duration.choices)
    duration_label = serializers.CharField()
    openings = serializers.IntegerField()
    isco_code = serializers.CharField(help_text="ISCO-08 unit group.")
    isco_label = serializers.CharField()
    locality = serializers.CharField()
    postal_code = serializers.CharField()
    municipality = serializers.CharField()
    region = serializers.CharField()
    country = serializers.CharField()
    date_posted = serializers.DateField(allow_null=True)
    valid_through = serializers.DateField()
    start_date = serializers.DateField(allow_null=True)
    target_groups = serializers.ListField(child=serializers.ChoiceField(TargetGroup.choices))


class PublicOfferDetailSerializer(PublicOfferSerializer):
    description = serializers.CharField(help_text="Markdown")
    street_address = serializers.CharField()
    esco_label = serializers.CharField()
    esco_uri = serializers.CharField()
    apply_url = serializers.CharField()
    apply_email = serializers.CharField()
    salary = serializers.CharField()


class GoneSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class BoardPagination(PageNumberPagination):
    page_size = board.PER_PAGE


NETWORK = OpenApiParameter(
    "network", OpenApiTypes.STR, required=True, description="The network's slug (its portal)."
)
FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words of the title, description, "
                     "place, employer or occupation (each word, as a prefix)."),
    OpenApiParameter("occupation", OpenApiTypes.STR,
                     description="An ISCO-08 major (1 digit) or sub-major group (2 digits)."),
    OpenApiParameter("municipality", OpenApiTypes.INT, description="A region's id."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=OfferKind.values),
    OpenApiParameter("working_time", OpenApiTypes.STR, enum=WorkingTime.values),
    OpenApiParameter("duration", OpenApiTypes.STR, enum=Duration.values),
    OpenApiParameter("group", OpenApiTypes.STR, enum=TargetGroup.values,
                     description="A target group the offer addresses."),
    OpenApiParameter("employer", OpenApiTypes.INT, description="An organisation's id."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(board.SORTS), description=SORTS_DOC),
]  # fmt: skip


def _portal(request: Request) -> public.Portal:
    slug = request.query_params.get("network", "")
    if not slug:
        raise ValidationError({"network": ["This parameter is required."]})
    return public.portal_for(slug)


class PublicOfferViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The job offers on a network's public board (read only, no login)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = PublicOfferSerializer
    pagination_class = BoardPagination
    filter_backends: list[Any] = []
    lookup_value_converter = "int"

    @extend_schema(parameters=[NETWORK, *FILTERS])
    def list(self, request: Request) -> Response:
        portal = _portal(request)
        today = network_today(portal.network)
        form = board.BoardFilterForm(request.query_params, network=portal.network, today=today)
        if not form.is_valid():
            raise ValidationError(
                {
                    name: [error["message"] for error in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        queryset, _sort = board.filtered(portal.network, today, form.cleaned_data)
        paginator = self.paginator
        assert paginator is not None
        keys: Any = board.matching(queryset)  # a list pages as a queryset does
        page: list[int] | None = paginator.paginate_queryset(keys, request, view=self)
        rows = board.records(list(page or []))
        return paginator.get_paginated_response(PublicOfferSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[NETWORK],
        responses={
            200: PublicOfferDetailSerializer,
            410: OpenApiResponse(GoneSerializer, description="The offer has ended."),
        },
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        portal = _portal(request)
        try:
            found = board.offer(portal.network, int(pk), network_today(portal.network))
        except board.OfferEnded:
            return Response({"detail": "This job offer has ended."}, status=status.HTTP_410_GONE)
        except ValueError as exc:
            raise Http404 from exc
        return Response(PublicOfferDetailSerializer(found).data)


def register(router: DefaultRouter) -> None:
    """Register the board's viewset on its /api/v1/public-jobs/ router."""
    router.register("offers", PublicOfferViewSet, basename="offer")
