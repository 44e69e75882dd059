"""The read-only public API: exactly what the portals show, without login.

``/api/v1/public/portals/`` lists the published portals; ``…/portals/<slug>/`` is one (who we
are, contact, members, the charter if public), with ``projects/``, ``projects/<id>/``,
``news/``, ``indicators/`` and ``meetings/`` below it. Everything is read through
``portal.public``, the same read side as the portal's pages, so the API cannot show more than
they do.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from samverk.portal import public


class PublicMemberSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    website = serializers.CharField()


class PublicCharterSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    who_we_are = serializers.CharField(help_text="Markdown")
    what_we_want = serializers.CharField(help_text="Markdown")
    how_we_work = serializers.CharField(help_text="Markdown")
    shared_by = serializers.CharField(
        help_text="The network whose charter it is, when another network shares it."
    )


class PublicPortalSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField(source="network.slug")
    name = serializers.CharField(source="network.name")
    language = serializers.CharField(source="network.language")
    about = serializers.CharField(help_text="Markdown")
    contact = serializers.CharField(source="settings.contact", help_text="Markdown")
    contact_email = serializers.CharField(source="network.contact_email")


class PublicPortalDetailSerializer(PublicPortalSerializer):
    members = PublicMemberSerializer(many=True)
    charter = PublicCharterSerializer(allow_null=True)


class PublicFigureSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField()
    on = serializers.DateField()


class PublicMilestoneSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    planned_on = serializers.DateField()
    reached_on = serializers.DateField(allow_null=True)


class PublicPartnerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()


class PublicUpdateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    project = serializers.IntegerField(source="project_pk")
    project_title = serializers.CharField()
    on = serializers.DateField()
    title = serializers.CharField()
    text = serializers.CharField(help_text="Markdown")


class PublicFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    is_image = serializers.BooleanField()
    alt_text = serializers.CharField()
    credit = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class PublicProjectSerializer(serializers.Serializer[Any]):
    """A published project: the parts the network made public (others are empty)."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    short_name = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    summary = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    regions = serializers.CharField()
    sector = serializers.CharField()
    carrier = serializers.CharField()
    partners = PublicPartnerSerializer(many=True)
    focus_areas = serializers.ListField(child=serializers.CharField())
    basis = serializers.CharField()
    basis_url = serializers.CharField()
    problem = serializers.CharField(help_text="Markdown")
    goals = serializers.CharField(help_text="Markdown")
    implementation = serializers.CharField(help_text="Markdown")
    results = serializers.CharField(help_text="Markdown")
    key_figures = PublicFigureSerializer(many=True)
    milestones = PublicMilestoneSerializer(many=True)
    updates = PublicUpdateSerializer(many=True)
    images = PublicFileSerializer(many=True)
    documents = PublicFileSerializer(many=True)


class PublicValueSerializer(serializers.Serializer[Any]):
    period_end = serializers.DateField()
    part = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField()  # type: ignore[assignment]


class PublicIndicatorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    goal = serializers.CharField()
    unit_label = serializers.CharField()
    desired_label = serializers.CharField()
    baseline_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = serializers.DateField()
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    target_date = serializers.DateField()
    scope = serializers.CharField()
    status_label = serializers.CharField()
    values = PublicValueSerializer(many=True)


class PublicMeetingSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    purpose = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    host = serializers.CharField()
    cancelled = serializers.BooleanField()


class PublicMeetingsSerializer(serializers.Serializer[Any]):
    upcoming = PublicMeetingSerializer(many=True)
    past = PublicMeetingSerializer(many=True)


class PortalViewSet(viewsets.ViewSet):
    """The published portals of the networks and what each shows (read only, no login)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    lookup_field = "slug"
    lookup_value_converter = "slug"

    @extend_schema(responses=PublicPortalSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(PublicPortalSerializer(public.published_portals(), many=True).data)

    @extend_schema(responses=PublicPortalDetailSerializer)
    def retrieve(self, request: Request, slug: str) -> Response:
        portal = public.portal_for(slug)
        data = {
            "network": portal.network,
            "settings": portal.settings,
            "about": portal.about,
            "members": public.members(portal),
            "charter": public.charter(portal.network),
        }
        return Response(PublicPortalDetailSerializer(data).data)

    @extend_schema(responses=PublicProjectSerializer(many=True))
    @action(detail=True)
    def projects(self, request: Request, slug: str) -> Response:
        portal = public.portal_for(slug)
        return Response(PublicProjectSerializer(public.projects(portal.network), many=True).data)

    @extend_schema(responses=PublicProjectSerializer)
    @action(detail=True, url_path="projects/<int:pk>")
    def project(self, request: Request, slug: str, pk: str) -> Response:
        portal = public.portal_for(slug)
        return Response(PublicProjectSerializer(public.project(portal.network, int(pk))).data)

    @extend_schema(responses=PublicUpdateSerializer(many=True))
    @action(detail=True)
    def news(self, request: Request, slug: str) -> Response:
        portal = public.portal_for(slug)
        return Response(PublicUpdateSerializer(public.news(portal.network), many=True).data)

    @extend_schema(responses=PublicIndicatorSerializer(many=True))
    @action(detail=True)
    def indicators(self, request: Request, slug: str) -> Response:
        portal = public.portal_for(slug)
        found = public.indicators(portal.network, with_charts=False)
        return Response(PublicIndicatorSerializer(found, many=True).data)

    @extend_schema(responses=PublicMeetingsSerializer)
    @action(detail=True)
    def meetings(self, request: Request, slug: str) -> Response:
        portal = public.portal_for(slug)
        upcoming, past = public.meetings(portal.network, timezone.now())
        return Response(PublicMeetingsSerializer({"upcoming": upcoming, "past": past}).data)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("portals", PortalViewSet, basename="portal")
