"""REST API of the meetings app: /api/v1/meetings, agenda-items, attendance, decisions and
actions.

Reads are scoped: every queryset starts from ``Model.objects.visible_to(request.user)``, and
so does every related object a payload may reference (a meeting, arena, person or organisation
of another network answers 400 "does not exist", never a leak). Writes go through the service
functions in ``meetings/services.py`` (permission, validation, audit); serializers only parse
and render. No deletes; check-ins are not changed through the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from samverk.accounts.http import signed_in_user
from samverk.core.api import (
    ScopedModelSerializer,
    ServiceViewSet,
    documented,
    network_slug_field,
    run_service,
)
from samverk.meetings import filters, services
from samverk.meetings import permissions as rules
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingParticipation,
)
from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.networks.models import Arena

READ_AND_CREATE = ["get", "post", "head", "options"]


# --- filters of the lists that have no page of their own (the others: meetings/filters.py) --


class MeetingFilter(_NetworkSlugFilterSet):
    arena = django_filters.ModelChoiceFilter(label=_("arena"), queryset=Arena.objects.all())
    status = django_filters.ChoiceFilter(label=_("status"), choices=MeetingStatus.choices)
    upcoming = django_filters.BooleanFilter(
        label=_("upcoming"),
        method="filter_upcoming",
        help_text=_("true: meetings not yet over (not cancelled); false: past meetings"),
    )

    class Meta:
        model = Meeting
        fields = ["network", "arena", "series", "status", "upcoming"]

    def filter_upcoming(self, queryset: Any, name: str, value: bool) -> Any:
        return queryset.upcoming() if value else queryset.past()

    def filter_network(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """A network's meetings include the joint meetings it takes part in."""
        joint = MeetingParticipation.objects.filter(network__slug=value).values("meeting_id")
        return queryset.filter(Q(network__slug=value) | Q(pk__in=joint))


class AgendaItemFilter(_NetworkSlugFilterSet):
    network_path = "meeting__network__slug"

    class Meta:
        model = AgendaItem
        fields = ["network", "meeting", "kind"]


class AttendanceFilter(_NetworkSlugFilterSet):
    network_path = "meeting__network__slug"

    class Meta:
        model = Attendance
        fields = ["network", "meeting", "organisation", "with_authority", "is_guest"]


# --- meetings --------------------------------------------------------------------------------

MEETING_FIELDS = [
    "id",
    "network",
    "arena",
    "arena_name",
    "series",
    "title",
    "purpose",
    "starts_at",
    "ends_at",
    "venue",
    "online_link",
    "host",
    "host_name",
    "status",
    "is_public",
    "sequence",
    "participating_networks",
]


class ParticipationSerializer(serializers.Serializer[MeetingParticipation]):
    network = serializers.CharField(source="network.slug", read_only=True)
    network_name = serializers.CharField(source="network.name", read_only=True)
    arena = serializers.IntegerField(source="arena_id", read_only=True)
    arena_name = serializers.CharField(source="arena.name", read_only=True)


class MeetingSerializer(ScopedModelSerializer):
    """A meeting of an arena: purpose, time, place, host and status."""

    network = network_slug_field()
    arena_name = serializers.CharField(source="arena.name", read_only=True)
    host_name = serializers.CharField(source="host.name", read_only=True, allow_null=True)
    participating_networks = ParticipationSerializer(
        source="participations",
        many=True,
        read_only=True,
        help_text=_(
            "A joint meeting: the other networks (of the same federation) whose arenas take "
            "part; empty for a meeting of one network."
        ),
    )

    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        read_only_fields = ["arena", "series", "sequence"]
        validators: list[Any] = []


class MeetingCreateSerializer(MeetingSerializer):
    class Meta(MeetingSerializer.Meta):
        read_only_fields = ["series", "sequence", "status"]


@documented(MeetingCreateSerializer, MeetingSerializer)
class MeetingViewSet(ServiceViewSet):
    """Meetings of your networks' arenas. Coordinators schedule and change them; a change of
    ``status`` follows planned → invited → in progress → closed → minutes approved (or
    cancelled). ``?upcoming=true`` lists meetings not yet over."""

    serializer_class = MeetingSerializer
    create_serializer_class = MeetingCreateSerializer
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("network", "arena", "host")
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=MeetingParticipation.objects.select_related(
                        "network", "arena"
                    ).order_by("network__name", "pk"),
                )
            )
        )

    def can_update(self, user: Any, obj: Meeting) -> bool:
        return rules.can_manage_meetings(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Meeting:
        return run_service(services.schedule_meeting, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Meeting, data: dict[str, Any]) -> Meeting:
        status = data.pop("status", None)
        with transaction.atomic():  # the fields and the status change, or neither
            meeting = instance
            if data:
                meeting = run_service(
                    services.update_meeting,
                    actor=signed_in_user(self.request),
                    meeting=meeting,
                    base_url=self.request.build_absolute_uri("/"),
                    **data,
                )
            if status is not None and status != meeting.status:
                meeting = run_service(
                    services.change_status,
                    actor=signed_in_user(self.request),
                    meeting=meeting,
                    status=status,
                    base_url=self.request.build_absolute_uri("/"),
                )
        return meeting


# --- agenda items ----------------------------------------------------------------------------


class AgendaItemSerializer(ScopedModelSerializer):
    """An item of a meeting's agenda, in order of ``position``."""

    network = network_slug_field("meeting.network.slug")
    presenter_name = serializers.CharField(source="presenter.name", read_only=True, allow_null=True)
    person_fields = {"presenter": ("presenter", "presenter_name")}

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "network",
            "meeting",
            "position",
            "title",
            "kind",
            "description",
            "presenter",
            "presenter_name",
            "guest_presenter",
            "planned_minutes",
        ]
        read_only_fields = ["position", "meeting"]
        validators: list[Any] = []


class AgendaItemCreateSerializer(AgendaItemSerializer):
    class Meta(AgendaItemSerializer.Meta):
        read_only_fields = ["position"]


@documented(AgendaItemCreateSerializer, AgendaItemSerializer)
class AgendaItemViewSet(ServiceViewSet):
    """Agenda items of your networks' meetings. Coordinators add them (at the end of the
    agenda) and change them until the meeting is over; an item stays in its meeting."""

    serializer_class = AgendaItemSerializer
    create_serializer_class = AgendaItemCreateSerializer
    filterset_class = AgendaItemFilter

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.visible_to(self.request.user).select_related(
            "meeting__network", "presenter__organisation"
        )

    def can_update(self, user: Any, obj: AgendaItem) -> bool:
        return rules.can_manage_meetings(user, obj.meeting.network)

    def create_object(self, data: dict[str, Any]) -> AgendaItem:
        return run_service(services.add_agenda_item, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: AgendaItem, data: dict[str, Any]) -> AgendaItem:
        return run_service(
            services.update_agenda_item, actor=signed_in_user(self.request), item=instance, **data
        )


# --- attendance ------------------------------------------------------------------------------


class AttendanceSerializer(ScopedModelSerializer):
    """A check-in: a person (or a named guest) at a meeting. ``with_authority``: the person
    held a decision-authorised mandate for ``organisation`` then; ``is_guest``: no mandate for
    a member organisation of the arena (never counted for the quorum). A person you may not
    see (company contacts see only their own organisation's people) is ``null`` in
    ``person`` and ``person_name``; ``organisation`` still says whom they represented.
    ``left_at``: when the person left the meeting (recorded on the meeting page; from then on
    they no longer count for the quorum), ``null`` while present."""

    network = network_slug_field("meeting.network.slug")
    person_name = serializers.CharField(source="person.name", read_only=True, allow_null=True)
    person_fields = {"person": ("person", "person_name")}
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Attendance
        fields = [
            "id",
            "network",
            "meeting",
            "person",
            "person_name",
            "guest_name",
            "organisation",
            "organisation_name",
            "with_authority",
            "is_guest",
            "left_at",
        ]
        read_only_fields = ["organisation", "with_authority", "is_guest", "left_at"]
        validators: list[Any] = []


@documented(AttendanceSerializer, AttendanceSerializer)
class AttendanceViewSet(ServiceViewSet):
    """Who attended your networks' meetings. Coordinators check people in (``person``, or
    ``guest_name`` for someone who is not in the register); authority is decided at check-in
    from the person's mandates."""

    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    http_method_names = READ_AND_CREATE

    def get_queryset(self) -> QuerySet[Attendance]:
        return Attendance.objects.visible_to(self.request.user).select_related(
            "meeting__network", "person__organisation", "organisation"
        )

    def can_update(self, user: Any, obj: Attendance) -> bool:
        return False

    def create_object(self, data: dict[str, Any]) -> Attendance:
        return run_service(services.check_in, actor=signed_in_user(self.request), **data)


# --- decisions -------------------------------------------------------------------------------


class DecisionSerializer(ScopedModelSerializer):
    """A decision, numbered per network and year: ``reference`` is ``2026/07``. A decision
    that is not ``binding`` is a recommendation (a meeting without quorum)."""

    network = network_slug_field()
    reference = serializers.CharField(read_only=True)
    number = serializers.IntegerField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "network",
            "reference",
            "year",
            "number",
            "meeting",
            "agenda_item",
            "text",
            "topic",
            "method",
            "votes_for",
            "votes_against",
            "abstentions",
            "binding",
        ]
        read_only_fields = ["year", "number", "meeting"]
        validators: list[Any] = []


class DecisionCreateSerializer(DecisionSerializer):
    number = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Leave out for the next free number of the year."),
    )

    class Meta(DecisionSerializer.Meta):
        read_only_fields = ["year"]


@documented(DecisionCreateSerializer, DecisionSerializer)
class DecisionViewSet(ServiceViewSet):
    """The decisions register of your networks (``?year=``, ``?arena=``, ``?topic=``,
    ``?q=`` searches text and topic).
    Coordinators record decisions once the meeting has started, and correct them until its
    minutes are approved (the number stays); a binding decision needs a quorate meeting."""

    serializer_class = DecisionSerializer
    create_serializer_class = DecisionCreateSerializer
    filterset_class = filters.DecisionFilter

    def get_queryset(self) -> QuerySet[Decision]:
        return Decision.objects.visible_to(self.request.user).select_related("network")

    def can_update(self, user: Any, obj: Decision) -> bool:
        return rules.can_manage_meetings(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Decision:
        return run_service(services.record_decision, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Decision, data: dict[str, Any]) -> Decision:
        return run_service(
            services.update_decision, actor=signed_in_user(self.request), decision=instance, **data
        )


# --- actions ---------------------------------------------------------------------------------

ACTION_FIELDS = [
    "id",
    "network",
    "meeting",
    "agenda_item",
    "decision",
    "title",
    "owner_person",
    "owner_person_name",
    "owner_organisation",
    "owner_organisation_name",
    "due_date",
    "status",
]


class ActionItemSerializer(ScopedModelSerializer):
    """An action agreed at a meeting: owner (person and/or organisation), due date, status.
    Coordinators change all of it but the meeting; the owning organisation's representatives
    change the status. An owner person you may not see is ``null`` in ``owner_person`` and
    ``owner_person_name`` (sending that ``null`` back leaves the owner unchanged)."""

    network = network_slug_field()
    owner_person_name = serializers.CharField(
        source="owner_person.name", read_only=True, allow_null=True
    )
    owner_organisation_name = serializers.CharField(
        source="owner_organisation.name", read_only=True, allow_null=True
    )
    person_fields = {"owner_person": ("owner_person", "owner_person_name")}

    class Meta:
        model = ActionItem
        fields = ACTION_FIELDS
        read_only_fields = ["meeting"]
        validators: list[Any] = []


class ActionItemCreateSerializer(ActionItemSerializer):
    class Meta(ActionItemSerializer.Meta):
        read_only_fields = ["status"]


@documented(ActionItemCreateSerializer, ActionItemSerializer)
class ActionItemViewSet(ServiceViewSet):
    """Actions agreed at your networks' meetings. Coordinators create and change them;
    the representatives of the owning organisation change their ``status``."""

    serializer_class = ActionItemSerializer
    create_serializer_class = ActionItemCreateSerializer
    filterset_class = filters.ActionItemFilter

    def get_queryset(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.visible_to(self.request.user).select_related(
            "network", "owner_person__organisation", "owner_organisation"
        )

    def can_update(self, user: Any, obj: ActionItem) -> bool:
        return rules.can_update_action(user, obj)

    def create_object(self, data: dict[str, Any]) -> ActionItem:
        return run_service(services.create_action, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: ActionItem, data: dict[str, Any]) -> ActionItem:
        status = data.pop("status", instance.status)
        # Only what differs: a representative may send the whole action back with a new status.
        changes = {k: v for k, v in data.items() if getattr(instance, k) != v}
        action = instance
        with transaction.atomic():  # the fields and the status change, or neither
            if changes:
                action = run_service(
                    services.update_action,
                    actor=signed_in_user(self.request),
                    action=action,
                    **changes,
                )
            if status != action.status:
                action = run_service(
                    services.update_action_status,
                    actor=signed_in_user(self.request),
                    action=action,
                    status=status,
                )
        return action


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("attendance", AttendanceViewSet, basename="attendance")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("actions", ActionItemViewSet, basename="action")
