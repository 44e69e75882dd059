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

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from samverk.accounts.http import signed_in_user
from samverk.core import permissions as platform
from samverk.core.api import (
    ScopedModelSerializer,
    ServiceViewSet,
    SlugReferenceField,
    documented,
    network_slug_field,
    run_service,
)
from samverk.core.models import Federation, Network, Region
from samverk.networks import filters, services
from samverk.networks import permissions as rules
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person

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
        return platform.can_edit_regions(user)

    def create_object(self, data: dict[str, Any]) -> Region:
        return run_service(services.create_region, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Region, data: dict[str, Any]) -> Region:
        return run_service(
            services.update_region, actor=signed_in_user(self.request), region=instance, **data
        )


# --- networks --------------------------------------------------------------------------------


class NetworkSerializer(ScopedModelSerializer):
    """A regional skilled-labour network."""

    # Only federations of the user's own networks can be named (the queryset is scoped), so
    # another federation answers as one that does not exist.
    federation = SlugReferenceField(
        slug_field="slug",
        queryset=Federation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("federation short name (slug); only platform administrators change it"),
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
        if changed and not platform.can_create_network(getattr(request, "user", None)):
            raise serializers.ValidationError(
                _("Only a platform administrator can change the short name of a network.")
            )
        return value

    def validate_federation(self, value: Federation | None) -> Federation | None:
        request = self.context.get("request")
        current = self.instance.federation_id if self.instance is not None else None
        changed = (value.pk if value else None) != current
        if changed and not platform.can_change_federation(getattr(request, "user", None)):
            raise serializers.ValidationError(
                _("Only a platform administrator can change the federation of a network.")
            )
        return value


class NetworkCreateSerializer(NetworkSerializer):
    class Meta(NetworkSerializer.Meta):
        extra_kwargs = {"slug": {"required": True}}


@documented(NetworkCreateSerializer, NetworkSerializer)
class NetworkViewSet(ServiceViewSet):
    """Networks you have a role in. Platform administrators create networks and change
    their short names; coordinators change the rest."""

    serializer_class = NetworkSerializer
    create_serializer_class = NetworkCreateSerializer
    filterset_class = filters.NetworkFilter
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self) -> QuerySet[Network]:
        return Network.objects.visible_to(self.request.user).select_related("federation")

    def can_update(self, user: Any, obj: Network) -> bool:
        return platform.can_manage_network(user, obj)

    def create_object(self, data: dict[str, Any]) -> Network:
        return run_service(services.create_network, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Network, data: dict[str, Any]) -> Network:
        if data.get("slug") == instance.slug:
            data.pop("slug")
        return run_service(
            services.update_network, actor=signed_in_user(self.request), network=instance, **data
        )


# --- organisations ---------------------------------------------------------------------------


class OrganisationSerializer(ScopedModelSerializer):
    """An organisation in a network's register (member or not)."""

    network = network_slug_field()
    logo = serializers.SerializerMethodField(
        help_text=_(
            "where the organisation's logo is served (to those who may see the organisation), "
            "or null without a logo; it is uploaded on the organisation's page"
        )
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "network",
            "name",
            "org_number",
            "kind",
            "sector",
            "region",
            "website",
            "address",
            "is_example",
            "logo",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo(self, obj: Organisation) -> str | None:
        if not obj.logo:
            return None
        url = reverse(
            "networks:organisation_logo", kwargs={"network": obj.network.slug, "pk": obj.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class OrganisationCreateSerializer(OrganisationSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@documented(OrganisationCreateSerializer, OrganisationSerializer)
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
        return run_service(services.create_organisation, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Organisation, data: dict[str, Any]) -> Organisation:
        return run_service(
            services.update_organisation,
            actor=signed_in_user(self.request),
            organisation=instance,
            **data,
        )


# --- memberships -----------------------------------------------------------------------------


class MembershipSerializer(ScopedModelSerializer):
    """An organisation's membership in its network, with its budget commitment."""

    network = network_slug_field()
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

    def to_representation(self, instance: Membership) -> Any:
        data = super().to_representation(instance)
        # Other members' budgets only for those the network lets see them (one rule:
        # networks.permissions.can_see_budget); the field stays, as null.
        if not rules.can_see_budget(
            self._requesting_user(), instance.network, instance.organisation
        ):
            data["budget_amount"] = None
        return data


class MembershipCreateSerializer(MembershipSerializer):
    organisation = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Organisation.objects.all()
    )


@documented(MembershipCreateSerializer, MembershipSerializer)
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
        return platform.can_manage_network(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Membership:
        return run_service(services.add_membership, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Membership, data: dict[str, Any]) -> Membership:
        return run_service(
            services.update_membership,
            actor=signed_in_user(self.request),
            membership=instance,
            **data,
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
        return run_service(services.create_person, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Person, data: dict[str, Any]) -> Person:
        return run_service(
            services.update_person, actor=signed_in_user(self.request), person=instance, **data
        )


# --- mandates --------------------------------------------------------------------------------


class MandateSerializer(ScopedModelSerializer):
    """A person represents a member organisation (principal or deputy). A person you may not
    see (company contacts see only their own organisation's people) is ``null`` in ``person``
    and ``person_name``; ``organisation`` still names the member they represent."""

    network = serializers.CharField(
        source="membership.network.slug",
        read_only=True,
        help_text=_("network short name (slug)"),
    )
    membership = serializers.IntegerField(source="membership_id", read_only=True)
    organisation = serializers.IntegerField(source="membership.organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="membership.organisation.name", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    person_name = serializers.CharField(source="person.name", read_only=True, allow_null=True)
    person_fields = {"person": ("person", "person_name")}

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


@documented(MandateCreateSerializer, MandateSerializer)
class MandateViewSet(ServiceViewSet):
    """Who represents which member organisation. Coordinators add and change mandates."""

    serializer_class = MandateSerializer
    create_serializer_class = MandateCreateSerializer
    filterset_class = filters.MandateFilter

    def get_queryset(self) -> QuerySet[Mandate]:
        return Mandate.objects.visible_to(self.request.user).select_related(
            "membership__network", "membership__organisation", "person__organisation"
        )

    def can_update(self, user: Any, obj: Mandate) -> bool:
        return platform.can_manage_network(user, obj.membership.network)

    def create_object(self, data: dict[str, Any]) -> Mandate:
        return run_service(services.add_mandate, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Mandate, data: dict[str, Any]) -> Mandate:
        return run_service(
            services.update_mandate, actor=signed_in_user(self.request), mandate=instance, **data
        )


# --- arenas ----------------------------------------------------------------------------------


class ArenaSerializer(ScopedModelSerializer):
    """A body of the network: plenary, steering group, working group…"""

    network = network_slug_field()

    class Meta:
        model = Arena
        fields = [
            "id",
            "network",
            "name",
            "kind",
            "level",
            "mandate",
            "quorum_rule",
            "quorum_percent",
            "votes_by",
            "members",
        ]


class ArenaCreateSerializer(ArenaSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug",
        queryset=Network.objects.all(),
        help_text=_("network short name (slug)"),
    )


@documented(ArenaCreateSerializer, ArenaSerializer)
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
        return platform.can_manage_network(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Arena:
        return run_service(services.create_arena, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Arena, data: dict[str, Any]) -> Arena:
        return run_service(
            services.update_arena, actor=signed_in_user(self.request), arena=instance, **data
        )


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("networks", NetworkViewSet, basename="network")
    router.register("regions", RegionViewSet, basename="region")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("people", PersonViewSet, basename="person")
    router.register("mandates", MandateViewSet, basename="mandate")
    router.register("arenas", ArenaViewSet, basename="arena")
