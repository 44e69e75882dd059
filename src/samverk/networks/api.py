"""REST API of the networks app: /api/v1/networks, regions, organisations, memberships,
people, mandates and arenas.

Reads are scoped: every queryset starts from ``Model.objects.visible_to(request.user)``, and
so does every related object a payload may reference (a network, organisation, membership or
person of another network answers 400 "does not exist", never a leak). Writes go through the
service functions in ``networks/services.py`` (which check permissions, validate, audit);
serializers only parse and render. No deletes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.fields import Field
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from samverk.core.api import run_service
from samverk.networks import filters, services
from samverk.networks import permissions as rules
from samverk.networks.models import (
    Arena,
    Federation,
    Mandate,
    Membership,
    Network,
    Organisation,
    Person,
    Region,
)

# --- scoping helpers ------------------------------------------------------------------------


def _scope(queryset: Any, user: Any) -> Any:
    """Limit a related field's or filter's choices to what ``user`` may see."""
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset


class ScopedFilterBackend(django_filters.DjangoFilterBackend):
    """The app's FilterSets, with the choices of model filters (``?organisation=``,
    ``?person=``…) limited to visible objects, so a filter cannot probe other networks."""

    def get_filterset(self, request: Request, queryset: QuerySet[Any], view: APIView) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for flt in filterset.filters.values():
                choices = getattr(flt, "queryset", None)
                if isinstance(choices, QuerySet):
                    flt.queryset = _scope(choices, request.user)
        return filterset


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is named after its model and field
    (``OrganisationKindEnum``, ``ArenaKindEnum``…), so equal field names with different
    choice sets do not collide in the schema."""

    @property
    def enum_name(self) -> str:
        serializer: Any = self.parent
        name = "".join(part.title() for part in (self.field_name or "").split("_"))
        return f"{serializer.Meta.model.__name__}{name}Enum"


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str | None:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        return schema


class ScopedModelSerializer(serializers.ModelSerializer):
    # Every writable relation only accepts objects visible to the requesting user. (A comment,
    # not a docstring: drf-spectacular would show a docstring on every schema component.)

    serializer_choice_field = NamedChoiceField

    def get_fields(self) -> dict[str, Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(relation, RelatedField) and not relation.read_only:
                queryset = relation.queryset
                if queryset is not None:
                    relation.queryset = _scope(queryset.all(), user) if user else queryset.none()
        return fields


class SlugReferenceField(serializers.SlugRelatedField):
    """A reference by short name (``"network": "barnim"``). Rejects what is not text, or text
    with NUL characters, before it reaches the database (PostgreSQL refuses NUL: a 500)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class CanWrite(permissions.BasePermission):
    """Before an update is validated: may this user change this object at all? (The service
    checks again; this only gives a 403 before any 400.)"""

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        can_update = getattr(view, "can_update", None)
        return bool(can_update and can_update(request.user, obj))


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    # List, detail, create and update (no delete). Subclasses say how to read (get_queryset
    # from visible_to) and which services write (create_object, update_object). A comment, not
    # a docstring, so that each endpoint's own docstring describes it in the schema.

    permission_classes = [permissions.IsAuthenticated, CanWrite]
    filter_backends = [ScopedFilterBackend]
    create_serializer_class: type[serializers.BaseSerializer] | None = None

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create" and self.create_serializer_class is not None:
            return self.create_serializer_class
        return super().get_serializer_class()

    # Hooks -------------------------------------------------------------------------------
    def can_update(self, user: Any, obj: Any) -> bool:
        raise NotImplementedError

    def create_object(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_object(self, instance: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    # Writes through the services, never serializer.save() --------------------------------
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.create_object(dict(serializer.validated_data))
        # The answer has the same shape as list and detail.
        assert self.serializer_class is not None
        output = self.serializer_class(instance, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        obj = self.update_object(serializer.instance, dict(serializer.validated_data))
        if hasattr(obj, "_prefetched_objects_cache"):
            obj._prefetched_objects_cache = {}
        serializer.instance = obj


def _documented(create_serializer: type[serializers.BaseSerializer], serializer: Any) -> Any:
    """Schema of a create endpoint: the create payload in, the common shape out."""
    return extend_schema_view(
        create=extend_schema(request=create_serializer, responses={201: serializer})
    )


# --- regions (shared reference data; platform admins edit) ------------------------------------


class RegionSerializer(ScopedModelSerializer):
    """A region: country, state or county, district or municipality."""

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "nuts_code", "national_code"]


class RegionViewSet(ServiceViewSet):
    """Regions are shared reference data: every signed-in user reads them; platform
    administrators create and change them."""

    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilter

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user)

    def can_update(self, user: Any, obj: Region) -> bool:
        return rules.can_edit_regions(user)

    def create_object(self, data: dict[str, Any]) -> Region:
        return run_service(services.create_region, actor=self.request.user, **data)

    def update_object(self, instance: Region, data: dict[str, Any]) -> Region:
        return run_service(services.update_region, actor=self.request.user, region=instance, **data)


# --- networks --------------------------------------------------------------------------------


class NetworkSerializer(ScopedModelSerializer):
    """A regional skilled-labour network."""

    federation = SlugReferenceField(
        slug_field="slug",
        queryset=Federation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("federation short name (slug)"),
    )

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "language",
            "time_zone",
            "home_region",
            "description",
            "federation",
        ]
        extra_kwargs = {"slug": {"required": False}}

    def validate_slug(self, value: str) -> str:
        request = self.context.get("request")
        changed = self.instance is not None and value != self.instance.slug
        if changed and not rules.can_create_network(getattr(request, "user", None)):
            raise serializers.ValidationError(
                _("Only a platform administrator can change the short name of a network.")
            )
        return value


class NetworkCreateSerializer(NetworkSerializer):
    class Meta(NetworkSerializer.Meta):
        extra_kwargs = {"slug": {"required": True}}


@_documented(NetworkCreateSerializer, NetworkSerializer)
class NetworkViewSet(ServiceViewSet):
    """Networks you have a role in. Platform administrators create networks and change
    their short names; coordinators change the rest."""

    serializer_class = NetworkSerializer
    create_serializer_class = NetworkCreateSerializer
    filterset_class = filters.NetworkFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Network]:
        return Network.objects.visible_to(self.request.user).select_related("federation")

    def can_update(self, user: Any, obj: Network) -> bool:
        return rules.can_manage_network(user, obj)

    def create_object(self, data: dict[str, Any]) -> Network:
        return run_service(services.create_network, actor=self.request.user, **data)

    def update_object(self, instance: Network, data: dict[str, Any]) -> Network:
        if data.get("slug") == instance.slug:
            data.pop("slug")
        return run_service(
            services.update_network, actor=self.request.user, network=instance, **data
        )


# --- organisations ---------------------------------------------------------------------------


class OrganisationSerializer(ScopedModelSerializer):
    """An organisation in a network's register (member or not)."""

    network = serializers.CharField(
        source="network.slug", read_only=True, help_text=_("network short name (slug)")
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "network",
            "name",
            "kind",
            "sector",
            "region",
            "website",
            "address",
            "is_example",
        ]


class OrganisationCreateSerializer(OrganisationSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@_documented(OrganisationCreateSerializer, OrganisationSerializer)
class OrganisationViewSet(ServiceViewSet):
    """Organisations of your networks. Coordinators create and change them; partner
    representatives and company contacts change their own organisation."""

    serializer_class = OrganisationSerializer
    create_serializer_class = OrganisationCreateSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.visible_to(self.request.user).select_related("network")

    def can_update(self, user: Any, obj: Organisation) -> bool:
        return rules.can_edit_organisation(user, obj)

    def create_object(self, data: dict[str, Any]) -> Organisation:
        return run_service(services.create_organisation, actor=self.request.user, **data)

    def update_object(self, instance: Organisation, data: dict[str, Any]) -> Organisation:
        return run_service(
            services.update_organisation, actor=self.request.user, organisation=instance, **data
        )


# --- memberships -----------------------------------------------------------------------------


class MembershipSerializer(ScopedModelSerializer):
    """An organisation's membership in its network, with its budget commitment."""

    network = serializers.CharField(
        source="network.slug", read_only=True, help_text=_("network short name (slug)")
    )
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "network",
            "organisation",
            "organisation_name",
            "since",
            "until",
            "role",
            "budget_amount",
            "currency",
        ]


class MembershipCreateSerializer(MembershipSerializer):
    organisation = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Organisation.objects.all()
    )


@_documented(MembershipCreateSerializer, MembershipSerializer)
class MembershipViewSet(ServiceViewSet):
    """Memberships of organisations in your networks. Coordinators add and change them;
    setting ``until`` ends the membership and its mandates."""

    serializer_class = MembershipSerializer
    create_serializer_class = MembershipCreateSerializer
    filterset_class = filters.MembershipFilter

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.visible_to(self.request.user).select_related(
            "network", "organisation"
        )

    def can_update(self, user: Any, obj: Membership) -> bool:
        return rules.can_manage_network(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Membership:
        return run_service(services.add_membership, actor=self.request.user, **data)

    def update_object(self, instance: Membership, data: dict[str, Any]) -> Membership:
        return run_service(
            services.update_membership, actor=self.request.user, membership=instance, **data
        )


# --- people ----------------------------------------------------------------------------------


class PersonSerializer(ScopedModelSerializer):
    """A person of an organisation, with work contact details."""

    network = serializers.CharField(
        source="organisation.network.slug",
        read_only=True,
        help_text=_("network short name (slug)"),
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "network", "organisation", "organisation_name", "name", "email", "phone"]


class PersonViewSet(ServiceViewSet):
    """People of your networks' organisations (company contacts see only their own
    organisation's people). Coordinators, and representatives for their own organisation,
    add and change them."""

    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.visible_to(self.request.user).select_related("organisation__network")

    def can_update(self, user: Any, obj: Person) -> bool:
        return rules.can_edit_person(user, obj)

    def create_object(self, data: dict[str, Any]) -> Person:
        return run_service(services.create_person, actor=self.request.user, **data)

    def update_object(self, instance: Person, data: dict[str, Any]) -> Person:
        return run_service(services.update_person, actor=self.request.user, person=instance, **data)


# --- mandates --------------------------------------------------------------------------------


class MandateSerializer(ScopedModelSerializer):
    """A person represents a member organisation (principal or deputy)."""

    network = serializers.CharField(
        source="membership.network.slug",
        read_only=True,
        help_text=_("network short name (slug)"),
    )
    membership = serializers.IntegerField(source="membership_id", read_only=True)
    organisation = serializers.IntegerField(source="membership.organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="membership.organisation.name", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "network",
            "membership",
            "organisation",
            "organisation_name",
            "person",
            "person_name",
            "role",
            "decision_authorised",
            "valid_from",
            "valid_until",
        ]


class MandateCreateSerializer(MandateSerializer):
    membership = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Membership.objects.all()
    )
    person = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Person.objects.all()
    )


@_documented(MandateCreateSerializer, MandateSerializer)
class MandateViewSet(ServiceViewSet):
    """Who represents which member organisation. Coordinators add and change mandates."""

    serializer_class = MandateSerializer
    create_serializer_class = MandateCreateSerializer
    filterset_class = filters.MandateFilter

    def get_queryset(self) -> QuerySet[Mandate]:
        return Mandate.objects.visible_to(self.request.user).select_related(
            "membership__network", "membership__organisation", "person"
        )

    def can_update(self, user: Any, obj: Mandate) -> bool:
        return rules.can_manage_network(user, obj.membership.network)

    def create_object(self, data: dict[str, Any]) -> Mandate:
        return run_service(services.add_mandate, actor=self.request.user, **data)

    def update_object(self, instance: Mandate, data: dict[str, Any]) -> Mandate:
        return run_service(
            services.update_mandate, actor=self.request.user, mandate=instance, **data
        )


# --- arenas ----------------------------------------------------------------------------------


class ArenaSerializer(ScopedModelSerializer):
    """A body of the network: plenary, steering group, working group…"""

    network = serializers.CharField(
        source="network.slug", read_only=True, help_text=_("network short name (slug)")
    )

    class Meta:
        model = Arena
        fields = ["id", "network", "name", "kind", "level", "mandate", "members"]


class ArenaCreateSerializer(ArenaSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@_documented(ArenaCreateSerializer, ArenaSerializer)
class ArenaViewSet(ServiceViewSet):
    """Arenas (plenary, steering group, working groups…) of your networks. Coordinators
    create and change them."""

    serializer_class = ArenaSerializer
    create_serializer_class = ArenaCreateSerializer
    filterset_class = filters.ArenaFilter

    def get_queryset(self) -> QuerySet[Arena]:
        return (
            Arena.objects.visible_to(self.request.user)
            .select_related("network")
            .prefetch_related("members")
        )

    def can_update(self, user: Any, obj: Arena) -> bool:
        return rules.can_manage_network(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Arena:
        return run_service(services.create_arena, actor=self.request.user, **data)

    def update_object(self, instance: Arena, data: dict[str, Any]) -> Arena:
        return run_service(services.update_arena, actor=self.request.user, arena=instance, **data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("networks", NetworkViewSet, basename="network")
    router.register("regions", RegionViewSet, basename="region")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("people", PersonViewSet, basename="person")
    router.register("mandates", MandateViewSet, basename="mandate")
    router.register("arenas", ArenaViewSet, basename="arena")
