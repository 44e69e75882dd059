"""REST API of the strategy app: /api/v1/strategy/directions, goals, commitments, indicators
and measurements.

Reads are scoped: every queryset starts from ``Model.objects.visible_to(request.user)`` (and
measurements, in each network, from ``shown_to``: drafts only for coordinators and whoever
entered them), and so does every related object a payload may reference (a goal, decision,
organisation or person of another network answers 400 "does not exist", never a leak). Writes
go through the service functions in ``strategy/services.py`` (permission, validation, audit);
serializers only parse and render. Measurements are the only thing deleted, and approved with
``POST …/measurements/<id>/approve/``.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from samverk.accounts.http import signed_in_user
from samverk.core.api import (
    ScopedModelSerializer,
    ServiceViewSet,
    SlugReferenceField,
    documented,
    run_service,
)
from samverk.core.date_range import EARLIEST_YEAR, LATEST_YEAR
from samverk.core.models import Network
from samverk.core.roles import get_roles, is_platform_admin
from samverk.strategy import filters, services
from samverk.strategy import permissions as rules
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement


def _network_slug(source: str) -> serializers.CharField:
    return serializers.CharField(
        source=source, read_only=True, help_text=_("network short name (slug)")
    )


def _value(field: str, attrs: dict[str, Any], instance: Model | None) -> Any:
    """A field's new value: the one sent, else (an update) the one the object has."""
    if field in attrs:
        return attrs[field]
    return getattr(instance, field, None)


# --- directions ------------------------------------------------------------------------------

YEAR = {"min_value": EARLIEST_YEAR, "max_value": LATEST_YEAR}


class DirectionSerializer(ScopedModelSerializer):
    """A network's direction for the years ``start_year`` to ``end_year``: context, mission and
    goals, adopted by a binding decision of the network's register (``adopted_by``; its
    number in ``adopted_by_reference``, ``2026/07``)."""

    network = _network_slug("network.slug")
    adopted_by_reference = serializers.CharField(
        source="adopted_by.reference", read_only=True, allow_null=True
    )

    class Meta:
        model = Direction
        fields = [
            "id",
            "network",
            "title",
            "start_year",
            "end_year",
            "context",
            "mission",
            "adopted_by",
            "adopted_by_reference",
        ]
        extra_kwargs = {"start_year": YEAR, "end_year": YEAR}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        first = _value("start_year", attrs, self.instance)
        last = _value("end_year", attrs, self.instance)
        if first is not None and last is not None and last < first:
            raise serializers.ValidationError(
                {"end_year": [_("The last year cannot be before the first year.")]}
            )
        return attrs


class DirectionCreateSerializer(DirectionSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@documented(DirectionCreateSerializer, DirectionSerializer)
class DirectionViewSet(ServiceViewSet):
    """The directions of your networks (``?network=``). Coordinators create and change them;
    a direction's years must keep all of its indicators' values."""

    serializer_class = DirectionSerializer
    create_serializer_class = DirectionCreateSerializer
    filterset_class = filters.DirectionFilter

    def get_queryset(self) -> QuerySet[Direction]:
        return Direction.objects.visible_to(self.request.user).select_related(
            "network", "adopted_by"
        )

    def can_update(self, user: Any, obj: Direction) -> bool:
        return rules.can_manage_strategy(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Direction:
        return run_service(services.create_direction, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Direction, data: dict[str, Any]) -> Direction:
        return run_service(
            services.update_direction,
            actor=signed_in_user(self.request),
            direction=instance,
            **data,
        )


# --- goals -----------------------------------------------------------------------------------


class GoalSerializer(ScopedModelSerializer):
    """A goal of a direction, in order of ``position``."""

    network = _network_slug("direction.network.slug")

    class Meta:
        model = Goal
        fields = ["id", "network", "direction", "position", "title", "description"]
        read_only_fields = ["direction"]


class GoalCreateSerializer(GoalSerializer):
    class Meta(GoalSerializer.Meta):
        read_only_fields = ["position"]


@documented(GoalCreateSerializer, GoalSerializer)
class GoalViewSet(ServiceViewSet):
    """The goals of your networks' directions (``?direction=``). Coordinators add them (at
    the end of the direction) and change them; a goal stays in its direction."""

    serializer_class = GoalSerializer
    create_serializer_class = GoalCreateSerializer
    filterset_class = filters.GoalFilter

    def get_queryset(self) -> QuerySet[Goal]:
        return Goal.objects.visible_to(self.request.user).select_related("direction__network")

    def can_update(self, user: Any, obj: Goal) -> bool:
        return rules.can_manage_strategy(user, obj.direction.network)

    def create_object(self, data: dict[str, Any]) -> Goal:
        return run_service(services.add_goal, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Goal, data: dict[str, Any]) -> Goal:
        return run_service(
            services.update_goal, actor=signed_in_user(self.request), goal=instance, **data
        )


# --- commitments -----------------------------------------------------------------------------


class CommitmentSerializer(ScopedModelSerializer):
    """What the network (``side`` "network") or its members ("members"; ``organisations``:
    the members it binds, none: all) do for a goal, with its ``status`` and ``evidence``.
    An owner you may not see (company contacts see only their own organisation's people) is
    ``null`` in ``owner`` and ``owner_name`` (sending that ``null`` back leaves the owner
    unchanged); ``owner_organisation_name`` still says whose person it is."""

    network = _network_slug("goal.direction.network.slug")
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True)
    owner_organisation_name = serializers.CharField(
        source="owner.organisation.name", read_only=True, allow_null=True
    )
    person_fields = {"owner": ("owner", "owner_name")}

    class Meta:
        model = Commitment
        fields = [
            "id",
            "network",
            "goal",
            "side",
            "position",
            "text",
            "organisations",
            "owner",
            "owner_name",
            "owner_organisation_name",
            "status",
            "evidence",
            "decisions",
        ]
        read_only_fields = ["goal", "position"]


class CommitmentCreateSerializer(CommitmentSerializer):
    class Meta(CommitmentSerializer.Meta):
        read_only_fields = ["position"]


def _same(current: Any, new: Any) -> bool:
    if hasattr(current, "all"):  # a many-to-many relation: the same objects, in any order
        return {obj.pk for obj in current.all()} == {obj.pk for obj in new}
    return bool(current == new)


@documented(CommitmentCreateSerializer, CommitmentSerializer)
class CommitmentViewSet(ServiceViewSet):
    """The commitments of your networks' goals (``?goal=``, ``?side=``, ``?status=``).
    Coordinators add and change them; the representatives of a member a commitment names
    change its ``status`` and ``evidence`` (they may send the whole commitment back with only
    those changed)."""

    serializer_class = CommitmentSerializer
    create_serializer_class = CommitmentCreateSerializer
    filterset_class = filters.CommitmentFilter

    def get_queryset(self) -> QuerySet[Commitment]:
        return (
            Commitment.objects.visible_to(self.request.user)
            .select_related("goal__direction__network", "owner__organisation")
            .prefetch_related("organisations", "decisions")
        )

    def can_update(self, user: Any, obj: Commitment) -> bool:
        return rules.can_update_commitment(user, obj, obj.goal.direction.network)

    def create_object(self, data: dict[str, Any]) -> Commitment:
        return run_service(services.add_commitment, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Commitment, data: dict[str, Any]) -> Commitment:
        # Only what differs reaches the service, which lets a representative change only the
        # status and the evidence.
        changes = {k: v for k, v in data.items() if not _same(getattr(instance, k), v)}
        if not changes:
            return instance
        return run_service(
            services.update_commitment,
            actor=signed_in_user(self.request),
            commitment=instance,
            **changes,
        )


# --- indicators ------------------------------------------------------------------------------


class IndicatorSerializer(ScopedModelSerializer):
    """A measurable indicator of a goal: from ``baseline_value`` on ``baseline_date`` to
    ``target_value`` by ``target_date``, in the ``desired`` direction. With ``uses_ratio``
    its values are entered as a numerator and a denominator; with a ``breakdown`` also per
    part (municipality, organisation, sex or age band)."""

    network = _network_slug("goal.direction.network.slug")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "network",
            "goal",
            "name",
            "unit",
            "desired",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "scope",
            "uses_ratio",
            "breakdown",
        ]
        read_only_fields = ["goal"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        start = _value("baseline_date", attrs, self.instance)
        end = _value("target_date", attrs, self.instance)
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError(
                {"target_date": [_("The target date must be after the baseline date.")]}
            )
        return attrs


class IndicatorCreateSerializer(IndicatorSerializer):
    class Meta(IndicatorSerializer.Meta):
        read_only_fields: list[str] = []


@documented(IndicatorCreateSerializer, IndicatorSerializer)
class IndicatorViewSet(ServiceViewSet):
    """The indicators of your networks' goals (``?goal=``). Coordinators add and change
    them; an indicator stays with its goal."""

    serializer_class = IndicatorSerializer
    create_serializer_class = IndicatorCreateSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.visible_to(self.request.user).select_related(
            "goal__direction__network"
        )

    def can_update(self, user: Any, obj: Indicator) -> bool:
        return rules.can_manage_strategy(user, obj.goal.direction.network)

    def create_object(self, data: dict[str, Any]) -> Indicator:
        return run_service(services.add_indicator, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Indicator, data: dict[str, Any]) -> Indicator:
        return run_service(
            services.update_indicator,
            actor=signed_in_user(self.request),
            indicator=instance,
            **data,
        )


# --- measurements ----------------------------------------------------------------------------


class MeasurementSerializer(ScopedModelSerializer):
    """A value of an indicator as of ``period_end`` (within the direction's years), in total
    (``part`` empty) or for one part of its breakdown. For an indicator that ``uses_ratio``,
    send ``numerator`` and ``denominator``: ``value`` is their ratio (times 100 for a
    percentage); otherwise send ``value``. A new or corrected value is a ``draft`` until a
    coordinator approves it; drafts are shown only to coordinators and whoever entered
    them, and only approved values count."""

    network = _network_slug("indicator.goal.direction.network.slug")

    class Meta:
        model = Measurement
        fields = [
            "id",
            "network",
            "indicator",
            "period_end",
            "part",
            "value",
            "numerator",
            "denominator",
            "source",
            "source_detail",
            "note",
            "status",
        ]
        read_only_fields = ["indicator", "status"]
        extra_kwargs = {"value": {"required": False, "allow_null": True}}
        validators: list[Any] = []  # one value per date and part: the service checks it


class MeasurementCreateSerializer(MeasurementSerializer):
    class Meta(MeasurementSerializer.Meta):
        read_only_fields = ["status"]


def shown_measurements(user: Any) -> QuerySet[Measurement]:
    """The values ``user`` may read, in every network they have a role in: each network's
    ``shown_to`` (drafts only for its coordinators and whoever entered them)."""
    visible = Measurement.objects.visible_to(user)
    if is_platform_admin(user):
        return visible.shown_to(user, None)  # type: ignore[no-any-return]
    networks = get_roles(user).network_ids()
    if not networks:
        return visible.none()  # type: ignore[no-any-return]
    return reduce(  # type: ignore[no-any-return]
        operator.or_, (visible.for_network(n).shown_to(user, n) for n in networks)
    )


@documented(MeasurementCreateSerializer, MeasurementSerializer)
class MeasurementViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The values of your networks' indicators (``?indicator=``, ``?status=``).
    Coordinators and partner representatives enter values (as drafts); coordinators approve
    them (``POST …/approve/``), correct and delete any value; whoever entered a draft
    corrects or deletes it until it is approved. A corrected value goes back to draft unless
    a coordinator corrected it."""

    serializer_class = MeasurementSerializer
    create_serializer_class = MeasurementCreateSerializer
    filterset_class = filters.MeasurementFilter

    def get_queryset(self) -> QuerySet[Measurement]:
        return shown_measurements(self.request.user).select_related(
            "indicator__goal__direction__network"
        )

    def can_update(self, user: Any, obj: Measurement) -> bool:
        network = obj.indicator.goal.direction.network
        if self.action == "approve":
            return rules.can_approve_measurement(user, network)
        return rules.can_edit_measurement(user, obj, network)

    def create_object(self, data: dict[str, Any]) -> Measurement:
        return run_service(services.enter_measurement, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Measurement, data: dict[str, Any]) -> Measurement:
        return run_service(
            services.correct_measurement,
            actor=signed_in_user(self.request),
            measurement=instance,
            **data,
        )

    def perform_destroy(self, instance: Measurement) -> None:
        run_service(
            services.delete_measurement, actor=signed_in_user(self.request), measurement=instance
        )

    @extend_schema(request=None, responses={200: MeasurementSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Approve a draft value (coordinators): from then on it counts. An approved value
        answers 400."""
        measurement = run_service(
            services.approve_measurement,
            actor=signed_in_user(request),
            measurement=self.get_object(),
        )
        return Response(self.get_serializer(measurement).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("directions", DirectionViewSet, basename="direction")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("measurements", MeasurementViewSet, basename="measurement")
