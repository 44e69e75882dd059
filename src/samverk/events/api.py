"""REST API of the events app.

``/api/v1/events/``: ``events``, ``sites``, ``sessions`` (every role of a network reads them;
coordinators write them through ``events/services.py``) and ``registrations`` (coordinators
only: personal data; read, and ``POST …/registrations/<id>/cancel/``), ``exhibitors`` (every
role reads; member companies register, coordinators confirm) and ``check-ins`` (coordinators:
check-in by code, walk-ins, live counts).

``/api/v1/public-events/``: ``events``, ``sites`` and ``sessions`` of public events, without
login and without personal data (no registrations, no speakers' names from the network's
people, no counts of who chose what beyond the free places).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from samverk.accounts.http import signed_in_user
from samverk.core.api import (
    ScopedFilterBackend,
    ScopedModelSerializer,
    ServiceViewSet,
    SlugReferenceField,
    documented,
    network_slug_field,
    run_service,
    same_value,
)
from samverk.core.models import Network
from samverk.core.querysets import require_scoped
from samverk.events import (
    checkin_services,
    exhibitor_services,
    filters,
    registration_services,
    services,
)
from samverk.events import permissions as rules
from samverk.events.models import Event, EventSite, Exhibitor, Registration, Session
from samverk.networks.models import Person
from samverk.portal.models import PortalSettings

# --- events ---------------------------------------------------------------------------------


class EventSerializer(ScopedModelSerializer):
    """An event (or a series at several sites): ``kind``, ``description`` (Markdown), the
    ``organiser`` and ``co_organisers`` (member organisations), ``is_public`` (shown on the
    portal), ``registration_open``, the ``consent_text`` participants agree to, and the
    ``project`` whose key figures its outcome feeds."""

    network = network_slug_field()

    class Meta:
        model = Event
        fields = [
            "id",
            "network",
            "title",
            "kind",
            "description",
            "organiser",
            "co_organisers",
            "is_public",
            "registration_open",
            "consent_text",
            "project",
        ]


class EventCreateSerializer(EventSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug", queryset=Network.objects.all(), help_text=_("network short name (slug)")
    )


@documented(EventCreateSerializer, EventSerializer)
class EventViewSet(ServiceViewSet):
    """The events of your networks (``?network=``, ``?kind=``, ``?when=upcoming|past``,
    ``?q=``). Every role reads them; coordinators create and change them."""

    serializer_class = EventSerializer
    create_serializer_class = EventCreateSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self) -> QuerySet[Event]:
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("network")
            .prefetch_related("co_organisers")
            .order_by("-pk")
        )

    def can_update(self, user: Any, obj: Event) -> bool:
        return rules.can_manage_events(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Event:
        return run_service(services.create_event, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Event, data: dict[str, Any]) -> Event:
        changes = {
            k: v
            for k, v in data.items()
            if k == "co_organisers" or not same_value(getattr(instance, k), v)
        }
        return run_service(
            services.update_event, actor=signed_in_user(self.request), event=instance, **changes
        )


# --- sites ----------------------------------------------------------------------------------


class SiteSerializer(ScopedModelSerializer):
    """A site and date of an event: venue, address, region, times, ``capacity`` (empty: no
    limit), accessibility notes; ``registered`` and ``waiting`` count its registrations."""

    network = network_slug_field("event.network.slug")
    registered = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)

    class Meta:
        model = EventSite
        fields = [
            "id",
            "network",
            "event",
            "name",
            "venue",
            "address",
            "region",
            "starts_at",
            "ends_at",
            "capacity",
            "accessibility",
            "walk_ins",
            "registered",
            "waiting",
        ]
        read_only_fields = ["event", "walk_ins"]


class SiteCreateSerializer(SiteSerializer):
    class Meta(SiteSerializer.Meta):
        read_only_fields = ["walk_ins"]


@documented(SiteCreateSerializer, SiteSerializer)
class SiteViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The sites of your networks' events (``?event=``). Coordinators add, change and delete
    them (a site with registrations stays)."""

    serializer_class = SiteSerializer
    create_serializer_class = SiteCreateSerializer
    filterset_class = filters.SiteFilter

    def get_queryset(self) -> QuerySet[EventSite]:
        return services.with_counts(
            EventSite.objects.visible_to(self.request.user).select_related("event__network")
        ).order_by("starts_at", "pk")

    def can_update(self, user: Any, obj: EventSite) -> bool:
        return rules.can_manage_events(user, obj.event.network)

    def create_object(self, data: dict[str, Any]) -> EventSite:
        site = run_service(services.add_site, actor=signed_in_user(self.request), **data)
        return services.with_counts(EventSite.objects.filter(pk=site.pk)).get()

    def update_object(self, instance: EventSite, data: dict[str, Any]) -> EventSite:
        run_service(services.update_site, actor=signed_in_user(self.request), site=instance, **data)
        return self.get_queryset().get(pk=instance.pk)

    def perform_destroy(self, instance: EventSite) -> None:
        run_service(services.remove_site, actor=signed_in_user(self.request), site=instance)


# --- sessions -------------------------------------------------------------------------------


class SessionSerializer(ScopedModelSerializer):
    """A part of a site's programme (keynote, workshop, panel, presentation) with its times
    (within the site's), room, ``capacity`` (workshops), ``speakers`` (people of the
    network you may see) and ``guest_speakers`` from outside."""

    network = network_slug_field("site.event.network.slug")

    class Meta:
        model = Session
        fields = [
            "id",
            "network",
            "site",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "room",
            "capacity",
            "speakers",
            "guest_speakers",
        ]
        read_only_fields = ["site"]

    def to_representation(self, instance: Session) -> Any:
        from samverk.core.querysets import may_see_person

        data = super().to_representation(instance)
        user = self._requesting_user()
        data["speakers"] = [p.pk for p in instance.speakers.all() if may_see_person(user, p)]
        return data


class SessionCreateSerializer(SessionSerializer):
    class Meta(SessionSerializer.Meta):
        read_only_fields: list[str] = []


@documented(SessionCreateSerializer, SessionSerializer)
class SessionViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The programme of your networks' event sites (``?site=``, ``?event=``, ``?kind=``).
    Coordinators add, change and delete sessions."""

    serializer_class = SessionSerializer
    create_serializer_class = SessionCreateSerializer
    filterset_class = filters.SessionFilter

    def get_queryset(self) -> QuerySet[Session]:
        return (
            Session.objects.visible_to(self.request.user)
            .select_related("site__event__network")
            .prefetch_related(
                Prefetch("speakers", queryset=Person.objects.select_related("organisation"))
            )
            .order_by("starts_at", "pk")
        )

    def can_update(self, user: Any, obj: Session) -> bool:
        return rules.can_manage_events(user, obj.site.event.network)

    def create_object(self, data: dict[str, Any]) -> Session:
        return run_service(services.add_session, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Session, data: dict[str, Any]) -> Session:
        return run_service(
            services.update_session, actor=signed_in_user(self.request), session=instance, **data
        )

    def perform_destroy(self, instance: Session) -> None:
        run_service(services.remove_session, actor=signed_in_user(self.request), session=instance)


# --- registrations (organisers only) ------------------------------------------------------------


class RegistrationSerializer(ScopedModelSerializer):
    """A participant's registration for a site (personal data: only for coordinators).
    ``status`` registered, waiting or cancelled; ``code`` is checked in; after the retention
    period ``anonymised_at`` is set and name, email and organisation are erased."""

    network = network_slug_field("site.event.network.slug")

    class Meta:
        model = Registration
        fields = [
            "id",
            "network",
            "site",
            "status",
            "name",
            "email",
            "organisation_name",
            "workshops",
            "code",
            "consented_at",
            "checked_in_at",
            "anonymised_at",
            "created_at",
        ]
        read_only_fields = fields


class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The registrations of your networks' event sites (``?site=``, ``?event=``,
    ``?status=``): coordinators only. ``POST …/<id>/cancel/`` cancels one (the first on the
    waiting list moves up and gets a mail)."""

    serializer_class = RegistrationSerializer
    filterset_class = filters.RegistrationFilter
    filter_backends = [ScopedFilterBackend]
    permission_classes = [IsAuthenticated]
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Registration]:
        return (
            Registration.objects.visible_to(self.request.user)
            .select_related("site__event__network")
            .prefetch_related("workshops")
            .order_by("site", "created_at", "pk")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().filter_queryset(require_scoped(queryset, filtered=True))

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        run_service(
            registration_services.cancel,
            registration=registration,
            actor=signed_in_user(request),
        )
        registration.refresh_from_db()
        return Response(self.get_serializer(registration).data)


# --- exhibitors --------------------------------------------------------------------------------


class ExhibitorSerializer(ScopedModelSerializer):
    """A member company at a site: ``status`` requested, confirmed (by the coordinator; then it
    shows on the portal) or declined; ``booth_needs``, the ``contact`` person of the company
    and the ``job_offers`` it brings (its own offers of the network, published when attached).
    """

    network = network_slug_field("site.event.network.slug")

    class Meta:
        model = Exhibitor
        fields = [
            "id",
            "network",
            "site",
            "organisation",
            "status",
            "booth_needs",
            "contact",
            "job_offers",
        ]
        read_only_fields = ["site", "organisation", "status"]


class ExhibitorCreateSerializer(ExhibitorSerializer):
    class Meta(ExhibitorSerializer.Meta):
        read_only_fields = ["status", "job_offers"]


@documented(ExhibitorCreateSerializer, ExhibitorSerializer)
class ExhibitorViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The exhibitors of your networks' event sites (``?site=``, ``?event=``). Every role
    reads them; a company contact or partner representative registers its company (the
    coordinator any member) and changes booth needs, contact and job offers, and withdraws
    it until the site begins (``DELETE``; the coordinator at any time);
    ``POST …/<id>/confirm/`` and ``…/decline/``: the coordinator."""

    serializer_class = ExhibitorSerializer
    create_serializer_class = ExhibitorCreateSerializer
    filterset_class = filters.ExhibitorFilter

    def get_queryset(self) -> QuerySet[Exhibitor]:
        return (
            Exhibitor.objects.visible_to(self.request.user)
            .select_related("site__event__network", "organisation")
            .prefetch_related("job_offers")
            .order_by("site", "organisation__name", "pk")
        )

    def can_update(self, user: Any, obj: Exhibitor) -> bool:
        return rules.can_edit_exhibitor(user, obj)

    def create_object(self, data: dict[str, Any]) -> Exhibitor:
        return run_service(
            exhibitor_services.register_exhibitor, actor=signed_in_user(self.request), **data
        )

    def update_object(self, instance: Exhibitor, data: dict[str, Any]) -> Exhibitor:
        actor = signed_in_user(self.request)
        offers = data.pop("job_offers", None)
        if data:
            instance = run_service(
                exhibitor_services.update_exhibitor, actor=actor, exhibitor=instance, **data
            )
        if offers is not None:
            instance = run_service(
                exhibitor_services.set_job_offers,
                actor=actor,
                exhibitor=instance,
                job_offers=offers,
            )
        return self.get_queryset().get(pk=instance.pk)

    def perform_destroy(self, instance: Exhibitor) -> None:
        run_service(
            exhibitor_services.remove_exhibitor,
            actor=signed_in_user(self.request),
            exhibitor=instance,
        )

    def _decide(self, service: Any) -> Response:
        exhibitor = run_service(
            service, actor=signed_in_user(self.request), exhibitor=self.get_object()
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=exhibitor.pk)).data)

    @extend_schema(request=None, responses={200: ExhibitorSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(exhibitor_services.confirm_exhibitor)

    @extend_schema(request=None, responses={200: ExhibitorSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(exhibitor_services.decline_exhibitor)


# --- check-in (organisers only) -------------------------------------------------------------------


class _SiteScopedSerializer(serializers.Serializer[Any]):
    site = serializers.PrimaryKeyRelatedField(queryset=EventSite.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            site = self.fields["site"]
            assert isinstance(site, serializers.PrimaryKeyRelatedField)
            site.queryset = EventSite.objects.visible_to(request.user).select_related(
                "event__network"
            )


class CheckInSerializer(_SiteScopedSerializer):
    """A check-in at ``site`` by the ``code`` on the confirmation (as typed or scanned)."""

    code = serializers.CharField(max_length=40)


class WalkInSerializer(_SiteScopedSerializer):
    """``change``: +1 or -1 (the counter never goes below 0)."""

    change = serializers.ChoiceField(choices=[1, -1])


class CountsSerializer(serializers.Serializer[Any]):
    """A site's live counts: visitors = checked in + walk-ins."""

    site = serializers.IntegerField()
    registered = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    visitors = serializers.IntegerField()
    waiting = serializers.IntegerField()


def _counts(site: EventSite) -> dict[str, int]:
    counted = checkin_services.counts(site)
    return {
        "site": site.pk,
        "registered": counted.registered,
        "checked_in": counted.checked_in,
        "walk_ins": counted.walk_ins,
        "visitors": counted.visitors,
        "waiting": counted.waiting,
    }


class CheckInViewSet(viewsets.GenericViewSet[Any]):
    """Check-in at a site (coordinators): ``POST check-ins/`` with ``site`` and ``code``
    answers the registration (refusals: 400 with the reason — another site's code, unknown,
    cancelled, waiting, checked in already and when); ``POST check-ins/walk-ins/`` with
    ``site`` and ``change`` (+1/-1); ``GET check-ins/<site id>/counts/`` the live counts."""

    permission_classes = [IsAuthenticated]
    serializer_class = CheckInSerializer
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[EventSite]:
        return EventSite.objects.visible_to(self.request.user).select_related("event__network")

    def _site(self, site: EventSite) -> EventSite:
        if not rules.can_check_in(self.request.user, site.event.network):
            raise PermissionDenied
        return site

    @extend_schema(request=CheckInSerializer, responses={200: RegistrationSerializer})
    def create(self, request: Request) -> Response:
        data = CheckInSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        site = self._site(data.validated_data["site"])
        registration = run_service(
            checkin_services.check_in_code,
            actor=signed_in_user(request),
            site=site,
            code=data.validated_data["code"],
        )
        return Response(RegistrationSerializer(registration, context={"request": request}).data)

    @extend_schema(request=WalkInSerializer, responses={200: CountsSerializer})
    @action(detail=False, methods=["post"], url_path="walk-ins")
    def walk_ins(self, request: Request) -> Response:
        data = WalkInSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        site = self._site(data.validated_data["site"])
        run_service(
            checkin_services.change_walk_ins,
            actor=signed_in_user(request),
            site=site,
            change=int(data.validated_data["change"]),
        )
        return Response(_counts(site))

    @extend_schema(request=None, responses={200: CountsSerializer})
    @action(detail=True, methods=["get"])
    def counts(self, request: Request, pk: str | None = None) -> Response:
        """The live counts of the site ``id``."""
        site = self.get_object()
        return Response(_counts(self._site(site)))


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/events/ router."""
    router.register("events", EventViewSet, basename="event")
    router.register("sites", SiteViewSet, basename="site")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("registrations", RegistrationViewSet, basename="registration")
    router.register("exhibitors", ExhibitorViewSet, basename="exhibitor")
    router.register("check-ins", CheckInViewSet, basename="check-in")


# --- public, read-only ----------------------------------------------------------------------------


class PublicEventSerializer(serializers.ModelSerializer[Event]):
    network = serializers.CharField(source="network.slug", read_only=True)

    class Meta:
        model = Event
        fields = ["id", "network", "title", "kind", "description", "registration_open"]
        read_only_fields = fields


class PublicSiteSerializer(serializers.ModelSerializer[EventSite]):
    free_places = serializers.SerializerMethodField(
        help_text="Places left (null: no limit); 0: new registrations go on the waiting list."
    )

    class Meta:
        model = EventSite
        fields = [
            "id",
            "event",
            "name",
            "venue",
            "address",
            "starts_at",
            "ends_at",
            "capacity",
            "accessibility",
            "free_places",
        ]
        read_only_fields = fields

    def get_free_places(self, obj: EventSite) -> int | None:
        if obj.capacity is None:
            return None
        return max(obj.capacity - getattr(obj, "registered", 0), 0)


class PublicSessionSerializer(serializers.ModelSerializer[Session]):
    free_places = serializers.SerializerMethodField(
        help_text="Workshops with a capacity: places left; otherwise null."
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "site",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "room",
            "capacity",
            "guest_speakers",
            "free_places",
        ]
        read_only_fields = fields

    def get_free_places(self, obj: Session) -> int | None:
        if obj.capacity is None:
            return None
        return max(obj.capacity - getattr(obj, "chosen", 0), 0)


def _unpublished() -> Any:
    return PortalSettings.objects.filter(is_published=False).values("network_id")


class _PublicViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    lookup_value_converter = "int"
    network_path = "network__slug"

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # only networks whose portal is published (as the portal's pages)
        network_id = self.network_path.removesuffix("__slug") + "_id"
        queryset = queryset.exclude(**{f"{network_id}__in": _unpublished()})
        slug = self.request.query_params.get("network")
        if slug:
            queryset = queryset.filter(**{self.network_path: slug})
        return queryset


_BY_NETWORK = extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("network", str, description="network short name (slug)")]
    )
)


@_BY_NETWORK
class PublicEventViewSet(_PublicViewSet):
    """Public events of every network (``?network=`` a network's short name)."""

    serializer_class = PublicEventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return Event.objects.public().select_related("network").order_by("-pk")


@_BY_NETWORK
class PublicSiteViewSet(_PublicViewSet):
    """Sites of public events, with their free places (``?network=``)."""

    serializer_class = PublicSiteSerializer
    network_path = "event__network__slug"

    def get_queryset(self) -> QuerySet[EventSite]:
        return services.with_counts(EventSite.objects.public()).order_by("starts_at", "pk")


@_BY_NETWORK
class PublicSessionViewSet(_PublicViewSet):
    """The programme of public events' sites (``?network=``)."""

    serializer_class = PublicSessionSerializer
    network_path = "site__event__network__slug"

    def get_queryset(self) -> QuerySet[Session]:
        return services.with_workshop_counts(Session.objects.public()).order_by("starts_at", "pk")


def register_public(router: DefaultRouter) -> None:
    """The read-only public endpoints at /api/v1/public-events/."""
    router.register("events", PublicEventViewSet, basename="public-event")
    router.register("sites", PublicSiteViewSet, basename="public-site")
    router.register("sessions", PublicSessionViewSet, basename="public-session")
