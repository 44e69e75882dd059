"""REST API of the projects app: /api/v1/projects/projects, focus-areas, partners,
key-figures, milestones, updates and files (read only).

Reads are scoped: every queryset starts from ``Model.objects.visible_to(request.user)``, and
so does every related object a payload may reference (an organisation, person, goal or focus
area of another network answers 400 "does not exist", never a leak). Every role of a network
reads its projects; coordinators write them. Writes go through ``projects/services.py``
(permission, validation, audit); serializers only parse and render. Partners and key figures
are deleted with ``DELETE``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers
from rest_framework.routers import DefaultRouter

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
from samverk.core.models import Network
from samverk.core.querysets import may_see_person
from samverk.networks.models import Person
from samverk.projects import filters, services
from samverk.projects import permissions as rules
from samverk.projects.choices import PublicField
from samverk.projects.models import (
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)


def _network_field() -> SlugReferenceField:
    return SlugReferenceField(
        slug_field="slug", queryset=Network.objects.all(), help_text=_("network short name (slug)")
    )


# --- focus areas -----------------------------------------------------------------------------


class FocusAreaSerializer(ScopedModelSerializer):
    """A topic of the network's own vocabulary that projects are filed under."""

    network = network_slug_field()

    class Meta:
        model = FocusArea
        fields = ["id", "network", "name"]


class FocusAreaCreateSerializer(FocusAreaSerializer):
    network = _network_field()  # type: ignore[assignment]


@documented(FocusAreaCreateSerializer, FocusAreaSerializer)
class FocusAreaViewSet(ServiceViewSet):
    """The focus areas of your networks (``?network=``); coordinators add them."""

    serializer_class = FocusAreaSerializer
    create_serializer_class = FocusAreaCreateSerializer
    filterset_class = filters.FocusAreaFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[FocusArea]:
        return FocusArea.objects.visible_to(self.request.user).select_related("network")

    def can_update(self, user: Any, obj: FocusArea) -> bool:
        return rules.can_manage_projects(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> FocusArea:
        return run_service(services.add_focus_area, actor=signed_in_user(self.request), **data)


# --- projects --------------------------------------------------------------------------------


class ProjectSerializer(ScopedModelSerializer):
    """A project: record (``carrier``, ``contact``, duration, region, NACE ``sector``, focus
    areas, the agreement or programme it implements) and card (``problem``, ``goals``,
    ``implementation``, ``results``, Markdown); links to the strategy (``strategy_goals``,
    ``commitments``, ``activities``) and to the project it ``continues``. A contact person you
    may not see is ``null`` in ``contact`` and ``contact_name``."""

    network = network_slug_field()
    carrier_name = serializers.CharField(source="carrier.name", read_only=True, allow_null=True)
    contact_name = serializers.CharField(source="contact.name", read_only=True, allow_null=True)
    person_fields = {"contact": ("contact", "contact_name")}
    public_fields = serializers.MultipleChoiceField(
        choices=PublicField.choices,
        required=False,
        help_text=_(
            "What the portal shows of a public project besides its title, short name and "
            "status. The contact person, responsibilities and tasks are never shown."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "network",
            "title",
            "short_name",
            "status",
            "starts_on",
            "ends_on",
            "regions",
            "sector",
            "carrier",
            "carrier_name",
            "contact",
            "contact_name",
            "focus_areas",
            "responsible_members",
            "responsible_people",
            "tasks",
            "basis",
            "basis_url",
            "summary",
            "problem",
            "goals",
            "implementation",
            "results",
            "continues",
            "strategy_goals",
            "commitments",
            "activities",
            "is_public",
            "public_fields",
        ]

    def to_representation(self, instance: Project) -> Any:
        data = super().to_representation(instance)
        data["public_fields"] = [
            part for part in PublicField.values if part in (instance.public_fields or ())
        ]
        # Responsible persons the requesting user may not see are left out (only
        # coordinators, who see everyone, write them).
        user = self._requesting_user()
        data["responsible_people"] = [
            person.pk
            for person in instance.responsible_people.all()
            if may_see_person(user, person)
        ]
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        first = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        last = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if first and last and last < first:
            raise serializers.ValidationError(
                {"ends_on": [_("The project cannot end before it starts.")]}
            )
        return attrs


class ProjectCreateSerializer(ProjectSerializer):
    network = _network_field()  # type: ignore[assignment]


@documented(ProjectCreateSerializer, ProjectSerializer)
class ProjectViewSet(ServiceViewSet):
    """The projects of your networks (``?network=``, ``?status=``, ``?year=``, ``?focus=``,
    ``?member=``, ``?q=``). Every role reads them; coordinators create and change them."""

    serializer_class = ProjectSerializer
    create_serializer_class = ProjectCreateSerializer
    filterset_class = filters.ProjectFilter

    def get_queryset(self) -> QuerySet[Project]:
        return (
            Project.objects.visible_to(self.request.user)
            .select_related("network", "carrier", "contact__organisation")
            .prefetch_related(
                "focus_areas",
                "responsible_members",
                Prefetch(
                    "responsible_people",
                    queryset=Person.objects.select_related("organisation").order_by("pk"),
                ),
                "tasks",
                "strategy_goals",
                "commitments",
                "activities",
            )
            .order_by("title", "pk")
        )

    def can_update(self, user: Any, obj: Project) -> bool:
        return rules.can_manage_projects(user, obj.network)

    def create_object(self, data: dict[str, Any]) -> Project:
        return run_service(services.create_project, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Project, data: dict[str, Any]) -> Project:
        changes = {k: v for k, v in data.items() if not same_value(getattr(instance, k), v)}
        if not changes:
            return instance
        return run_service(
            services.update_project,
            actor=signed_in_user(self.request),
            project=instance,
            **changes,
        )


# --- partners, key figures, milestones ----------------------------------------------------------


class PartnerSerializer(ScopedModelSerializer):
    """An organisation of the network in a project, with its ``role`` (carrier, partner,
    funder, supporter, implementing)."""

    network = network_slug_field("project.network.slug")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ProjectPartner
        fields = ["id", "network", "project", "organisation", "organisation_name", "role"]
        read_only_fields = ["project", "organisation"]


class PartnerCreateSerializer(PartnerSerializer):
    class Meta(PartnerSerializer.Meta):
        read_only_fields: list[str] = []


@documented(PartnerCreateSerializer, PartnerSerializer)
class PartnerViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The partners of your networks' projects (``?project=``, ``?organisation=``,
    ``?role=``). Coordinators add and remove them (a partner's organisation and project stay:
    remove it and add another)."""

    serializer_class = PartnerSerializer
    create_serializer_class = PartnerCreateSerializer
    filterset_class = filters.PartnerFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ProjectPartner]:
        return ProjectPartner.objects.visible_to(self.request.user).select_related(
            "project__network", "organisation"
        )

    def can_update(self, user: Any, obj: ProjectPartner) -> bool:
        return rules.can_manage_projects(user, obj.project.network)

    def create_object(self, data: dict[str, Any]) -> ProjectPartner:
        return run_service(services.add_partner, actor=signed_in_user(self.request), **data)

    def perform_destroy(self, instance: ProjectPartner) -> None:
        run_service(services.remove_partner, actor=signed_in_user(self.request), partner=instance)


class KeyFigureSerializer(ScopedModelSerializer):
    """A hard figure of a project: what is counted (``label``), ``value``, ``unit`` and the
    day (``on``); ``source`` entered or counted. ``indicator`` (and ``indicator_part``): the
    strategy indicator whose value the figure is, as of its day (linked on the project's
    page; every change of the figure changes that value)."""

    network = network_slug_field("project.network.slug")

    class Meta:
        model = KeyFigure
        fields = [
            "id",
            "network",
            "project",
            "label",
            "value",
            "unit",
            "on",
            "source",
            "note",
            "indicator",
            "indicator_part",
        ]
        read_only_fields = ["project", "indicator", "indicator_part"]


class KeyFigureCreateSerializer(KeyFigureSerializer):
    class Meta(KeyFigureSerializer.Meta):
        read_only_fields: list[str] = ["indicator", "indicator_part"]


@documented(KeyFigureCreateSerializer, KeyFigureSerializer)
class KeyFigureViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The key figures of your networks' projects (``?project=``). Coordinators add, change
    and delete them; a figure stays with its project."""

    serializer_class = KeyFigureSerializer
    create_serializer_class = KeyFigureCreateSerializer
    filterset_class = filters.KeyFigureFilter

    def get_queryset(self) -> QuerySet[KeyFigure]:
        return KeyFigure.objects.visible_to(self.request.user).select_related("project__network")

    def can_update(self, user: Any, obj: KeyFigure) -> bool:
        return rules.can_manage_projects(user, obj.project.network)

    def create_object(self, data: dict[str, Any]) -> KeyFigure:
        return run_service(services.add_key_figure, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: KeyFigure, data: dict[str, Any]) -> KeyFigure:
        return run_service(
            services.update_key_figure, actor=signed_in_user(self.request), figure=instance, **data
        )

    def perform_destroy(self, instance: KeyFigure) -> None:
        run_service(services.delete_key_figure, actor=signed_in_user(self.request), figure=instance)


class MilestoneSerializer(ScopedModelSerializer):
    """A milestone of a project: ``planned_on`` and ``reached_on`` within the project's
    duration, with its ``evidence`` (Markdown)."""

    network = network_slug_field("project.network.slug")

    class Meta:
        model = Milestone
        fields = ["id", "network", "project", "title", "planned_on", "reached_on", "evidence"]
        read_only_fields = ["project"]


class MilestoneCreateSerializer(MilestoneSerializer):
    class Meta(MilestoneSerializer.Meta):
        read_only_fields: list[str] = []


@documented(MilestoneCreateSerializer, MilestoneSerializer)
class MilestoneViewSet(ServiceViewSet):
    """The milestones of your networks' projects (``?project=``). Coordinators add and change
    them; a milestone stays with its project."""

    serializer_class = MilestoneSerializer
    create_serializer_class = MilestoneCreateSerializer
    filterset_class = filters.MilestoneFilter

    def get_queryset(self) -> QuerySet[Milestone]:
        return Milestone.objects.visible_to(self.request.user).select_related("project__network")

    def can_update(self, user: Any, obj: Milestone) -> bool:
        return rules.can_manage_projects(user, obj.project.network)

    def create_object(self, data: dict[str, Any]) -> Milestone:
        return run_service(services.add_milestone, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: Milestone, data: dict[str, Any]) -> Milestone:
        return run_service(
            services.update_milestone,
            actor=signed_in_user(self.request),
            milestone=instance,
            **data,
        )


class UpdateSerializer(ScopedModelSerializer):
    """A dated piece of news of a project (``text`` in Markdown)."""

    network = network_slug_field("project.network.slug")

    class Meta:
        model = ProjectUpdate
        fields = ["id", "network", "project", "on", "title", "text", "is_public"]
        read_only_fields = ["project"]


class UpdateCreateSerializer(UpdateSerializer):
    class Meta(UpdateSerializer.Meta):
        read_only_fields: list[str] = []


@documented(UpdateCreateSerializer, UpdateSerializer)
class UpdateViewSet(ServiceViewSet):
    """The dated updates (news) of your networks' projects (``?project=``). Coordinators add
    and change them; an update stays with its project."""

    serializer_class = UpdateSerializer
    create_serializer_class = UpdateCreateSerializer
    filterset_class = filters.UpdateFilter

    def get_queryset(self) -> QuerySet[ProjectUpdate]:
        return ProjectUpdate.objects.visible_to(self.request.user).select_related(
            "project__network"
        )

    def can_update(self, user: Any, obj: ProjectUpdate) -> bool:
        return rules.can_manage_projects(user, obj.project.network)

    def create_object(self, data: dict[str, Any]) -> ProjectUpdate:
        return run_service(services.add_update, actor=signed_in_user(self.request), **data)

    def update_object(self, instance: ProjectUpdate, data: dict[str, Any]) -> ProjectUpdate:
        return run_service(
            services.update_update, actor=signed_in_user(self.request), update=instance, **data
        )


# --- files (read only: uploads go through the project page, which checks their content) ------


class FileSerializer(ScopedModelSerializer):
    """A document or image of a project; ``download`` is the file itself (served only to the
    project's network; an image inline, a document as a download)."""

    network = network_slug_field("project.network.slug")
    download = serializers.SerializerMethodField(help_text=_("where the file is downloaded"))

    class Meta:
        model = ProjectFile
        fields = [
            "id",
            "network",
            "project",
            "title",
            "original_name",
            "content_type",
            "size",
            "is_image",
            "alt_text",
            "credit",
            "consent",
            "is_public",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj: ProjectFile) -> str:
        url = reverse(
            "projects:file_view", kwargs={"network": obj.project.network.slug, "pk": obj.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class FileViewSet(ServiceViewSet):
    """The documents and images of your networks' projects (``?project=``, ``?is_image=``),
    read only: every role of a network reads them; coordinators upload them on the project's
    page."""

    http_method_names = ["get", "head", "options"]
    serializer_class = FileSerializer
    filterset_class = filters.FileFilter

    def get_queryset(self) -> QuerySet[ProjectFile]:
        return ProjectFile.objects.visible_to(self.request.user).select_related("project__network")

    def can_update(self, user: Any, obj: ProjectFile) -> bool:
        return False


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("projects", ProjectViewSet, basename="project")
    router.register("focus-areas", FocusAreaViewSet, basename="focus-area")
    router.register("partners", PartnerViewSet, basename="partner")
    router.register("key-figures", KeyFigureViewSet, basename="key-figure")
    router.register("milestones", MilestoneViewSet, basename="milestone")
    router.register("updates", UpdateViewSet, basename="update")
    router.register("files", FileViewSet, basename="file")
