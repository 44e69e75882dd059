"""REST API of the jobs app: /api/v1/jobs/offers/ (list, retrieve, create, update) with the
actions submit, return, publish and end.

Reads are scoped as the pages: the offers of your networks that you read
(``permissions.offer_visibility``: coordinators all, those acting for an organisation its own,
everyone the published ones). Writes go through ``jobs/services.py`` (permission,
validation, audit); the serializers only parse and render."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
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
    network_slug_field,
    run_service,
    same_value,
)
from samverk.core.models import Network
from samverk.jobs import filters, permissions, services
from samverk.jobs.choices import ENDED, TargetGroup
from samverk.jobs.models import JobOffer, JobOfferTargetGroup


class JobOfferSerializer(ScopedModelSerializer):
    """A job offer of a member organisation (``employer``): what, where (address and
    ``municipality``, a region of the network), the occupation as an ISCO-08 unit group code
    (``isco_code``, four digits) and optionally an ESCO occupation of that group, how to apply
    (``apply_url`` and/or ``apply_email``), until when (``valid_through``, required). ``status``
    changes only through the actions; ``return_reason`` is shown to the company and the
    coordinators."""

    network = network_slug_field()
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    isco_code = serializers.CharField(
        source="isco_group.code",
        max_length=4,
        help_text=_("ISCO-08 unit group (four digits)"),
    )
    isco_label = serializers.CharField(source="isco_group.label", read_only=True)
    target_groups = serializers.MultipleChoiceField(
        choices=TargetGroup.choices, required=False, help_text=_("target groups of the network")
    )
    return_reason = serializers.SerializerMethodField(
        help_text=_("why the coordinator returned the offer (company and coordinators)")
    )

    class Meta:
        model = JobOffer
        fields = [
            "id",
            "network",
            "status",
            "employer",
            "employer_name",
            "title",
            "description",
            "kind",
            "working_time",
            "duration",
            "openings",
            "isco_code",
            "isco_label",
            "esco_occupation",
            "street_address",
            "postal_code",
            "locality",
            "municipality",
            "country",
            "date_posted",
            "valid_through",
            "start_date",
            "apply_url",
            "apply_email",
            "salary",
            "target_groups",
            "return_reason",
        ]
        read_only_fields = ["status", "date_posted"]
        extra_kwargs = {"valid_through": {"required": True, "allow_null": False}}

    def get_return_reason(self, obj: JobOffer) -> str | None:
        user = self._requesting_user()
        return obj.return_reason if permissions.may_read_return_reason(user, obj) else None

    def to_representation(self, instance: JobOffer) -> Any:
        data = super().to_representation(instance)
        data["target_groups"] = [g.group for g in instance.groups.all()]
        return data


class JobOfferCreateSerializer(JobOfferSerializer):
    network = SlugReferenceField(  # type: ignore[assignment]
        slug_field="slug", queryset=Network.objects.all(), help_text=_("network short name (slug)")
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("why the offer is returned (the company sees it)"))


class EndSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=sorted(ENDED), help_text=_("expired, filled or withdrawn")
    )


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    """The serializer's data as the services' arguments."""
    data = dict(data)
    if "isco_group" in data:
        data["isco_code"] = data.pop("isco_group")["code"]
    if "target_groups" in data:
        data["target_groups"] = sorted(data["target_groups"])
    return data


@documented(JobOfferCreateSerializer, JobOfferSerializer)
class JobOfferViewSet(ServiceViewSet):
    """The job offers of your networks that you read (``?network=``, ``?status=``,
    ``?kind=``, ``?employer=``, ``?isco=`` an ISCO-08 major group, ``?q=``). Company contacts
    and partner representatives create and change their organisation's offers, coordinators
    moderate them (``submit``, ``return``, ``publish``, ``end``)."""

    serializer_class = JobOfferSerializer
    create_serializer_class = JobOfferCreateSerializer
    filterset_class = filters.JobOfferFilter

    def get_queryset(self) -> QuerySet[JobOffer]:
        user = self.request.user
        return (
            JobOffer.objects.visible_to(user)
            .filter(permissions.offer_visibility(user))
            .select_related("network", "employer", "isco_group")
            .prefetch_related(
                Prefetch("groups", queryset=JobOfferTargetGroup.objects.order_by("group"))
            )
            .order_by("-date_posted", "-pk")
        )

    def can_update(self, user: Any, obj: JobOffer) -> bool:
        return permissions.can_edit_offer(user, obj)

    def create_object(self, data: dict[str, Any]) -> JobOffer:
        return run_service(
            services.create_offer, actor=signed_in_user(self.request), **_service_data(data)
        )

    def update_object(self, instance: JobOffer, data: dict[str, Any]) -> JobOffer:
        data = _service_data(data)
        if data.get("isco_code") == instance.isco_group.code:
            del data["isco_code"]
        if "target_groups" in data and data["target_groups"] == sorted(
            g.group for g in instance.groups.all()
        ):
            del data["target_groups"]
        changes = {
            k: v
            for k, v in data.items()
            if k in ("isco_code", "target_groups") or not same_value(getattr(instance, k), v)
        }
        if not changes:
            return instance
        return run_service(
            services.update_offer, actor=signed_in_user(self.request), offer=instance, **changes
        )

    def _answer(self, offer: JobOffer) -> Response:
        offer = self.get_queryset().get(pk=offer.pk)
        return Response(self.serializer_class(offer, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: JobOfferSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a draft or returned offer for review."""
        offer = run_service(
            services.submit_offer, actor=signed_in_user(request), offer=self.get_object()
        )
        return self._answer(offer)

    @extend_schema(request=ReturnSerializer, responses={200: JobOfferSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_offer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Return a submitted or published offer to the company with a ``reason``
        (coordinators)."""
        offer = self.get_object()
        step = ReturnSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        offer = run_service(
            services.return_offer,
            actor=signed_in_user(request),
            offer=offer,
            reason=step.validated_data["reason"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return self._answer(offer)

    @extend_schema(request=None, responses={200: JobOfferSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Publish a submitted offer as of the network's today (coordinators)."""
        offer = run_service(
            services.publish_offer,
            actor=signed_in_user(request),
            offer=self.get_object(),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        return self._answer(offer)

    @extend_schema(request=EndSerializer, responses={200: JobOfferSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """End an offer: ``filled`` or ``withdrawn`` (the company or the coordinator),
        ``expired`` (the coordinator)."""
        offer = self.get_object()
        step = EndSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        offer = run_service(
            services.end_offer,
            actor=signed_in_user(request),
            offer=offer,
            status=step.validated_data["status"],
        )
        return self._answer(offer)


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("offers", JobOfferViewSet, basename="offer")
