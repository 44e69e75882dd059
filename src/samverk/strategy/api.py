"""REST API of the strategy app: /api/v1/strategy/directions, goals, commitments, indicators
and measurements; the charter (charters, obligations, self-checks) and the annual plan (plans,
activities, income) with the members' contributions.

Reads are scoped: every queryset starts from ``Model.objects.visible_to(request.user)`` (and
measurements, in each network, from ``shown_to``: drafts only for coordinators and whoever
entered them; contributions and self-check answers: every member's for coordinators, a
member's own for its representatives), and so does every related object a payload may
reference (a goal, decision, organisation or person of another network answers 400 "does not
exist", never a leak). A charter another network of the federation shares is read (with its
obligations) as the pages read it. Writes go through the service functions in
``strategy/services.py``, ``charter_services.py`` and ``plan_services.py`` (permission,
validation, audit); serializers only parse and render. Measurements, activities, income lines
and contributions are deleted; measurements approved with ``POST …/measurements/<id>/approve/``,
plans proposed, adopted and revised with ``POST …/plans/<id>/propose/`` (``adopt/``,
``revise/``), activities reported with ``POST …/activities/<id>/report/``.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.field_mapping import get_unique_error_message

from samverk.accounts.http import signed_in_user
from samverk.core.api import (
    ScopedModelSerializer,
    ServiceViewSet,
    SlugReferenceField,
    documented,
    network_slug_field,
    run_service,
    same_value,
)
from samverk.core.choices import RoleKind
from samverk.core.date_range import EARLIEST_YEAR, LATEST_YEAR
from samverk.core.models import Network
from samverk.core.roles import get_roles, is_platform_admin
from samverk.meetings.models import Decision
from samverk.networks import permissions as network_rules
from samverk.networks.permissions import ORG_ACTORS
from samverk.strategy import charter_services, filters, plan_services, services
from samverk.strategy import permissions as rules
from samverk.strategy.models import (
    AnnualPlan,
    Charter,
    CharterVersion,
    Commitment,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    Indicator,
    Measurement,
    Obligation,
    PlanActivity,
    SelfCheck,
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

    network = network_slug_field()
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

    network = network_slug_field("direction.network.slug")

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
    the members it binds, none: all) do for a goal, with its ``status`` and ``evidence`` (text;
    ``decisions`` and ``actions``: those of the network's meetings that show it is kept).
    An owner you may not see (company contacts see only their own organisation's people) is
    ``null`` in ``owner`` and ``owner_name`` (sending that ``null`` back leaves the owner
    unchanged); ``owner_organisation_name`` still says whose person it is."""

    network = network_slug_field("goal.direction.network.slug")
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
            "actions",
        ]
        read_only_fields = ["goal", "position"]


class CommitmentCreateSerializer(CommitmentSerializer):
    class Meta(CommitmentSerializer.Meta):
        read_only_fields = ["position"]


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
            .prefetch_related("organisations", "decisions", "actions")
        )

    def can_update(self, user: Any, obj: Commitment) -> bool:
        return rules.can_update_commitment(user, obj, obj.goal.direction.network)

    def create_object(self, data: dict[str, Any]) -> Commitment:
        return run_service(services.add_commitment, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Commitment, data: dict[str, Any]) -> Commitment:
        # Only what differs reaches the service, which lets a representative change only the
        # status and the evidence.
        changes = {k: v for k, v in data.items() if not same_value(getattr(instance, k), v)}
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

    network = network_slug_field("goal.direction.network.slug")

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
            "is_public",
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

    network = network_slug_field("indicator.goal.direction.network.slug")

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


def per_network(visible: Any, user: Any, shown: Any) -> Any:
    """``visible`` (a ``visible_to(user)`` queryset) limited in each network the user has a
    role in by ``shown(rows, network_id)`` (the platform admin: ``shown(visible, None)``),
    the parts joined in one query."""
    if is_platform_admin(user):
        return shown(visible, None)
    networks = get_roles(user).network_ids()
    if not networks:
        return visible.none()
    return reduce(operator.or_, (shown(visible.for_network(n), n) for n in networks))


def shown_measurements(user: Any) -> QuerySet[Measurement]:
    """The values ``user`` may read, in every network they have a role in: each network's
    ``shown_to`` (drafts only for its coordinators and whoever entered them)."""
    return per_network(  # type: ignore[no-any-return]
        Measurement.objects.visible_to(user), user, lambda rows, n: rows.shown_to(user, n)
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


# --- charters --------------------------------------------------------------------------------


class CharterVersionSerializer(ScopedModelSerializer):
    """The charter's text as it was saved (``number`` 1, 2, …), adopted by a binding decision
    (``adopted_by``; its number in ``adopted_by_reference``) when one was named."""

    adopted_by_reference = serializers.CharField(
        source="adopted_by.reference", read_only=True, allow_null=True
    )

    class Meta:
        model = CharterVersion
        fields = [
            "number",
            "title",
            "who_we_are",
            "what_we_want",
            "how_we_work",
            "adopted_by",
            "adopted_by_reference",
            "created_at",
        ]
        read_only_fields = fields


class CharterSerializer(ScopedModelSerializer):
    """A network's charter: who we are, what we want, how we work (Markdown). ``shared``: the
    other networks of the network's federation read it as their charter (it is listed for
    them too, ``network`` naming the network that wrote it). Each change of the text is kept
    as a new version (``versions``, newest first); ``adopted_by`` (sent only) names the
    binding decision that adopts the text saved with it."""

    network = network_slug_field()
    adopted_by = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("The binding decision that adopts this version."),
    )
    versions = CharterVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Charter
        fields = [
            "id",
            "network",
            "title",
            "who_we_are",
            "what_we_want",
            "how_we_work",
            "shared",
            "is_public",
            "adopted_by",
            "versions",
        ]


class CharterCreateSerializer(CharterSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )

    def validate_network(self, network: Network) -> Network:
        if Charter.objects.filter(network=network).exists():  # one charter per network
            message = get_unique_error_message(Charter._meta.get_field("network"))
            raise serializers.ValidationError(capfirst(message))
        return network


@documented(CharterCreateSerializer, CharterSerializer)
class CharterViewSet(ServiceViewSet):
    """The charters of your networks, and the charter another network of your federation
    shares (``?network=``, ``?shared=``). Coordinators write their own network's charter
    (one per network) and change it; a shared charter is changed only by the coordinators of
    the network that wrote it."""

    serializer_class = CharterSerializer
    create_serializer_class = CharterCreateSerializer
    filterset_class = filters.CharterFilter

    def get_queryset(self) -> QuerySet[Charter]:
        return (
            Charter.objects.visible_to(self.request.user)
            .select_related("network")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=CharterVersion.objects.select_related("adopted_by").order_by(
                        "-number"
                    ),
                )
            )
            .order_by("network__name", "pk")
        )

    def can_update(self, user: Any, obj: Charter) -> bool:
        return rules.can_manage_strategy(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Charter:
        return run_service(
            charter_services.save_charter, actor=signed_in_user(self.request), **data
        )

    def update_object(self, instance: Charter, data: dict[str, Any]) -> Charter:
        return run_service(
            charter_services.save_charter,
            actor=signed_in_user(self.request),
            network=instance.network,
            **data,
        )


# --- obligations -----------------------------------------------------------------------------


def charter_obligations(user: Any) -> QuerySet[Obligation]:
    """The obligations of the charters ``user`` reads: their networks' own (``visible_to``)
    and those of a charter another network of their federation shares."""
    return Obligation.objects.visible_to(user) | Obligation.objects.filter(  # type: ignore[no-any-return]
        charter__shared=True, charter__in=Charter.objects.visible_to(user)
    )


class ObligationSerializer(ScopedModelSerializer):
    """What each partner takes on by the charter, in order of ``position``; each member
    answers it once a year (``self-checks``). ``measure``: the data shown beside each
    member's answer."""

    network = network_slug_field("charter.network.slug")

    class Meta:
        model = Obligation
        fields = ["id", "network", "charter", "position", "text", "measure"]
        read_only_fields = ["charter"]


class ObligationCreateSerializer(ObligationSerializer):
    class Meta(ObligationSerializer.Meta):
        read_only_fields = ["position"]


@documented(ObligationCreateSerializer, ObligationSerializer)
class ObligationViewSet(ServiceViewSet):
    """The obligations of the charters you read (``?charter=``). Coordinators add them to
    their network's charter (at the end) and change them; an obligation stays with its
    charter."""

    serializer_class = ObligationSerializer
    create_serializer_class = ObligationCreateSerializer
    filterset_class = filters.ObligationFilter

    def get_queryset(self) -> QuerySet[Obligation]:
        return charter_obligations(self.request.user).select_related("charter__network")

    def can_update(self, user: Any, obj: Obligation) -> bool:
        return rules.can_manage_strategy(user, obj.charter.network)

    def create_object(self, data: dict[str, Any]) -> Obligation:
        return run_service(
            charter_services.add_obligation, actor=signed_in_user(self.request), **data
        )

    def update_object(self, instance: Obligation, data: dict[str, Any]) -> Obligation:
        return run_service(
            charter_services.update_obligation,
            actor=signed_in_user(self.request),
            obligation=instance,
            **data,
        )


# --- the yearly self-check -------------------------------------------------------------------


def _answers_shown(rows: Any, user: Any, network_id: int | None) -> Any:
    """As the self-check page: coordinators see every member's answers, a partner
    representative or company contact only those of the organisations they act for."""
    roles = get_roles(user)
    if network_id is None or roles.has(network_id, RoleKind.COORDINATOR):
        return rows
    own = roles.organisations.get(network_id, set()) if roles.has(network_id, *ORG_ACTORS) else ()
    return rows.filter(organisation_id__in=sorted(own))


def shown_self_checks(user: Any) -> QuerySet[SelfCheck]:
    return per_network(  # type: ignore[no-any-return]
        SelfCheck.objects.visible_to(user),
        user,
        lambda rows, n: _answers_shown(rows, user, n),
    )


class SelfCheckSerializer(ScopedModelSerializer):
    """A member's (``organisation``) answer to one obligation of the network's charter (its
    own or the one its federation shares) for ``year``: ``met``, ``partly`` or ``not_met``,
    with a ``comment`` and ``evidence``. A second answer for the same obligation, member and
    year replaces the first (the history keeps it)."""

    network = network_slug_field()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = SelfCheck
        fields = [
            "id",
            "network",
            "obligation",
            "organisation",
            "organisation_name",
            "year",
            "answer",
            "comment",
            "evidence",
        ]
        extra_kwargs = {"year": YEAR}
        validators: list[Any] = []  # one answer per obligation, member and year: replaced

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        obligation = fields.get("obligation")
        if isinstance(obligation, serializers.PrimaryKeyRelatedField) and not obligation.read_only:
            user = self._requesting_user()
            # Also a shared charter's obligations (the service checks the network's charter).
            obligation.queryset = charter_obligations(user) if user else Obligation.objects.none()
        return fields


class SelfCheckCreateSerializer(SelfCheckSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


READ_AND_CREATE = ["get", "post", "head", "options"]
READ_CREATE_AND_DELETE = ["get", "post", "delete", "head", "options"]


@documented(SelfCheckCreateSerializer, SelfCheckSerializer)
class SelfCheckViewSet(ServiceViewSet):
    """The members' yearly answers to the charter's obligations (``?year=``,
    ``?organisation=``, ``?obligation=``, ``?answer=``). Coordinators read and answer for
    every member of their network; partner representatives and company contacts read and
    answer for the organisation they act for (an answer for another member: 403)."""

    serializer_class = SelfCheckSerializer
    create_serializer_class = SelfCheckCreateSerializer
    filterset_class = filters.SelfCheckFilter
    http_method_names = READ_AND_CREATE

    def get_queryset(self) -> QuerySet[SelfCheck]:
        return shown_self_checks(self.request.user).select_related("network", "organisation")

    def can_update(self, user: Any, obj: SelfCheck) -> bool:
        return False

    def create_object(self, data: dict[str, Any]) -> SelfCheck:
        return run_service(
            charter_services.answer_self_check, actor=signed_in_user(self.request), **data
        )


# --- annual plans ----------------------------------------------------------------------------


class AnnualPlanSerializer(ScopedModelSerializer):
    """A network's plan of one ``year`` drawn from its ``direction``: an annual ``theme``,
    ``summary``, ``priorities`` (goals of the direction) and the budget in ``currency``.
    The ``proposing_arena``'s binding decision proposes it (``proposal``), the
    ``adopting_arena``'s adopts it (``adoption``): ``status`` draft → proposed → adopted. A
    revision of an adopted plan is a new ``version`` (``revises``); the plan it replaces
    is ``superseded`` once the revision is adopted. Only a draft or proposed plan is
    changed."""

    network = network_slug_field()
    proposal_reference = serializers.CharField(
        source="proposal.reference", read_only=True, allow_null=True
    )
    adoption_reference = serializers.CharField(
        source="adoption.reference", read_only=True, allow_null=True
    )

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "network",
            "year",
            "version",
            "direction",
            "theme",
            "summary",
            "priorities",
            "currency",
            "proposing_arena",
            "adopting_arena",
            "status",
            "proposal",
            "proposal_reference",
            "adoption",
            "adoption_reference",
            "revises",
        ]
        read_only_fields = ["year", "version", "status", "proposal", "adoption", "revises"]
        extra_kwargs = {"year": YEAR}
        validators: list[Any] = []  # one plan per year and version: the service checks it


class AnnualPlanCreateSerializer(AnnualPlanSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )

    class Meta(AnnualPlanSerializer.Meta):
        read_only_fields = ["version", "status", "proposal", "adoption", "revises"]


class PlanStepSerializer(ScopedModelSerializer):
    # The binding decision that proposes or adopts a plan. (A comment, not a docstring: the
    # schema shows a serializer's docstring.)
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all())

    class Meta:
        model = AnnualPlan
        fields = ["decision"]


@documented(AnnualPlanCreateSerializer, AnnualPlanSerializer)
class AnnualPlanViewSet(ServiceViewSet):
    """The annual plans of your networks (``?year=``, ``?status=``). Coordinators create
    them (one per year), change a draft or proposed plan, propose and adopt it with a
    binding decision of the arena named for the step (``POST …/propose/``, ``…/adopt/``) and
    revise an adopted plan (``POST …/revise/``)."""

    serializer_class = AnnualPlanSerializer
    create_serializer_class = AnnualPlanCreateSerializer
    filterset_class = filters.AnnualPlanFilter

    def get_queryset(self) -> QuerySet[AnnualPlan]:
        return (
            AnnualPlan.objects.visible_to(self.request.user)
            .select_related("network", "proposal", "adoption")
            .prefetch_related("priorities")
        )

    def can_update(self, user: Any, obj: AnnualPlan) -> bool:
        return rules.can_manage_strategy(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> AnnualPlan:
        return run_service(plan_services.create_plan, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: AnnualPlan, data: dict[str, Any]) -> AnnualPlan:
        return run_service(
            plan_services.update_plan, actor=signed_in_user(self.request), plan=instance, **data
        )

    def _step(self, request: Request, service: Any) -> Response:
        plan = self.get_object()
        step = PlanStepSerializer(data=request.data, context=self.get_serializer_context())
        step.is_valid(raise_exception=True)
        plan = run_service(
            service,
            actor=signed_in_user(request),
            plan=plan,
            decision=step.validated_data["decision"],
        )
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=PlanStepSerializer, responses={200: AnnualPlanSerializer})
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Propose a draft plan by a binding decision of its ``proposing_arena``."""
        return self._step(request, plan_services.propose_plan)

    @extend_schema(request=PlanStepSerializer, responses={200: AnnualPlanSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Adopt a proposed plan by a binding decision of its ``adopting_arena`` (not before
        the proposal); the adopted plan it revises is superseded."""
        return self._step(request, plan_services.adopt_plan)

    @extend_schema(request=None, responses={201: AnnualPlanSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Draft a new version of an adopted plan, with its activities and income (answered
        with the new version); the adopted plan holds until the revision is adopted."""
        revision = run_service(
            plan_services.revise_plan, actor=signed_in_user(request), plan=self.get_object()
        )
        return Response(self.get_serializer(revision).data, status=201)


# --- activities ------------------------------------------------------------------------------


class PlanActivitySerializer(ScopedModelSerializer):
    """An activity of a plan: for a ``goal`` of the plan's direction, by the responsible
    members (``organisations``) and ``person``, from ``starts_on`` until ``ends_on`` (days of
    the plan's year), with its ``budget``. How it went (``status``, ``spent``) is reported
    with ``POST …/report/``. A person you may not see (company contacts see only their own
    organisation's people) is ``null`` in ``person`` and ``person_name`` (sending that
    ``null`` back leaves the person unchanged)."""

    network = network_slug_field("plan.network.slug")
    person_name = serializers.CharField(source="person.name", read_only=True, allow_null=True)
    person_organisation_name = serializers.CharField(
        source="person.organisation.name", read_only=True, allow_null=True
    )
    person_fields = {"person": ("person", "person_name")}

    class Meta:
        model = PlanActivity
        fields = [
            "id",
            "network",
            "plan",
            "goal",
            "title",
            "organisations",
            "person",
            "person_name",
            "person_organisation_name",
            "starts_on",
            "ends_on",
            "budget",
            "status",
            "spent",
        ]
        read_only_fields = ["plan", "status", "spent"]
        extra_kwargs = {"budget": {"min_value": 0}}


class PlanActivityCreateSerializer(PlanActivitySerializer):
    class Meta(PlanActivitySerializer.Meta):
        read_only_fields = ["status", "spent"]


class ActivityReportSerializer(ScopedModelSerializer):
    # How an activity went: its status and what it cost (either or both).

    class Meta:
        model = PlanActivity
        fields = ["status", "spent"]
        extra_kwargs = {"status": {"required": False}, "spent": {"required": False}}


@documented(PlanActivityCreateSerializer, PlanActivitySerializer)
class PlanActivityViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The activities of your networks' plans (``?plan=``, ``?goal=``, ``?status=``).
    Coordinators add, change and delete them while the plan is a draft or proposed, and
    report how they went (``POST …/report/``, also once the plan is adopted)."""

    serializer_class = PlanActivitySerializer
    create_serializer_class = PlanActivityCreateSerializer
    filterset_class = filters.PlanActivityFilter

    def get_queryset(self) -> QuerySet[PlanActivity]:
        return (
            PlanActivity.objects.visible_to(self.request.user)
            .select_related("plan__network", "person__organisation")
            .prefetch_related("organisations")
        )

    def can_update(self, user: Any, obj: PlanActivity) -> bool:
        return rules.can_manage_strategy(user, obj.plan.network)

    def create_object(self, data: dict[str, Any]) -> PlanActivity:
        return run_service(plan_services.add_activity, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: PlanActivity, data: dict[str, Any]) -> PlanActivity:
        return run_service(
            plan_services.update_activity,
            actor=signed_in_user(self.request),
            activity=instance,
            **data,
        )

    def perform_destroy(self, instance: PlanActivity) -> None:
        run_service(
            plan_services.delete_activity, actor=signed_in_user(self.request), activity=instance
        )

    @extend_schema(request=ActivityReportSerializer, responses={200: PlanActivitySerializer})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Report how the activity went: its ``status`` and what was ``spent`` (either or
        both). An activity of a superseded plan answers 400."""
        activity = self.get_object()
        report = ActivityReportSerializer(
            activity, data=request.data, partial=True, context=self.get_serializer_context()
        )
        report.is_valid(raise_exception=True)
        activity = run_service(
            plan_services.report_activity,
            actor=signed_in_user(request),
            activity=activity,
            **report.validated_data,
        )
        return Response(self.get_serializer(activity).data)


# --- income ----------------------------------------------------------------------------------


class IncomeLineSerializer(ScopedModelSerializer):
    """Money a plan counts on: a member's contribution (``kind`` ``contribution``, naming
    the ``organisation``), a grant or other income (naming its source in ``label``), in the
    plan's ``currency`` (the plan's when none is sent)."""

    network = network_slug_field("plan.network.slug")
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True
    )

    class Meta:
        model = IncomeLine
        fields = [
            "id",
            "network",
            "plan",
            "kind",
            "organisation",
            "organisation_name",
            "label",
            "amount",
            "currency",
        ]
        read_only_fields = ["plan"]
        extra_kwargs = {"amount": {"min_value": 0}}

    def to_representation(self, instance: IncomeLine) -> Any:
        data = super().to_representation(instance)
        # A member's contribution is its budget: shown as the members' budgets are
        # (networks.permissions.can_see_budget); the field stays, as null.
        if instance.organisation is not None and not network_rules.can_see_budget(
            self._requesting_user(), instance.plan.network, instance.organisation
        ):
            data["amount"] = None
        return data


class IncomeLineCreateSerializer(IncomeLineSerializer):
    class Meta(IncomeLineSerializer.Meta):
        read_only_fields: list[str] = []


@documented(IncomeLineCreateSerializer, IncomeLineSerializer)
class IncomeLineViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The income of your networks' plans (``?plan=``, ``?kind=``). Coordinators add,
    change and delete it while the plan is a draft or proposed; a line stays with its
    plan."""

    serializer_class = IncomeLineSerializer
    create_serializer_class = IncomeLineCreateSerializer
    filterset_class = filters.IncomeLineFilter

    def get_queryset(self) -> QuerySet[IncomeLine]:
        return IncomeLine.objects.visible_to(self.request.user).select_related(
            "plan__network", "organisation"
        )

    def can_update(self, user: Any, obj: IncomeLine) -> bool:
        return rules.can_manage_strategy(user, obj.plan.network)

    def create_object(self, data: dict[str, Any]) -> IncomeLine:
        data.setdefault("currency", data["plan"].currency)
        return run_service(plan_services.add_income, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: IncomeLine, data: dict[str, Any]) -> IncomeLine:
        return run_service(
            plan_services.update_income, actor=signed_in_user(self.request), line=instance, **data
        )

    def perform_destroy(self, instance: IncomeLine) -> None:
        run_service(plan_services.delete_income, actor=signed_in_user(self.request), line=instance)


# --- contributions ---------------------------------------------------------------------------


def shown_contributions(user: Any) -> QuerySet[Contribution]:
    """The contributions ``user`` may read: in each network, ``shown_to`` (coordinators
    every member's, a member's representatives their own)."""
    return per_network(  # type: ignore[no-any-return]
        Contribution.objects.visible_to(user), user, lambda rows, n: rows.shown_to(user, n)
    )


class ContributionSerializer(ScopedModelSerializer):
    """What a member (``organisation``) gives the network in ``year``: ``money``,
    ``staff_hours`` (with the ``hours``) or ``in_kind`` (rooms, catering, hosting a meeting),
    with its ``value`` in ``currency``; ``pledged`` (to an ``activity`` of the year's plan,
    or in general) or ``contributed``."""

    network = network_slug_field()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "network",
            "organisation",
            "organisation_name",
            "year",
            "activity",
            "kind",
            "status",
            "description",
            "hours",
            "value",
            "currency",
        ]
        extra_kwargs = {
            "year": YEAR,
            "value": {"min_value": 0},
            "hours": {"min_value": 0},
            "currency": {"required": True},
        }


class ContributionCreateSerializer(ContributionSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@documented(ContributionCreateSerializer, ContributionSerializer)
class ContributionViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The members' contributions to your networks (``?year=``, ``?organisation=``,
    ``?activity=``, ``?kind=``, ``?status=``): coordinators read, record and delete every
    member's; a member's partner representatives and company contacts their own. A
    contribution is not changed: delete it and record it again."""

    serializer_class = ContributionSerializer
    create_serializer_class = ContributionCreateSerializer
    filterset_class = filters.ContributionFilter
    http_method_names = READ_CREATE_AND_DELETE

    def get_queryset(self) -> QuerySet[Contribution]:
        return shown_contributions(self.request.user).select_related("network", "organisation")

    def can_update(self, user: Any, obj: Contribution) -> bool:
        return rules.can_record_contribution(user, obj.network, obj.organisation)

    def create_object(self, data: dict[str, Any]) -> Contribution:
        return run_service(
            plan_services.record_contribution, actor=signed_in_user(self.request), **data
        )

    def perform_destroy(self, instance: Contribution) -> None:
        run_service(
            plan_services.delete_contribution,
            actor=signed_in_user(self.request),
            contribution=instance,
        )


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("directions", DirectionViewSet, basename="direction")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("measurements", MeasurementViewSet, basename="measurement")
    router.register("charters", CharterViewSet, basename="charter")
    router.register("obligations", ObligationViewSet, basename="obligation")
    router.register("self-checks", SelfCheckViewSet, basename="self-check")
    router.register("plans", AnnualPlanViewSet, basename="plan")
    router.register("activities", PlanActivityViewSet, basename="activity")
    router.register("income", IncomeLineViewSet, basename="income")
    router.register("contributions", ContributionViewSet, basename="contribution")
