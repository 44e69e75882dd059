"""API helpers shared by every app: errors as JSON with field messages, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, ParamSpec, TypeVar

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.fields import Field
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from samverk.core.date_range import guard_serializer_fields
from samverk.core.querysets import may_see_person, require_scoped


def error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the API's field → messages mapping."""
    key = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(exc, "error_dict"):
        return {key: list(exc.messages)}
    return {
        (key if field == NON_FIELD_ERRORS else field): list(messages)
        for field, messages in exc.message_dict.items()
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=error_detail(exc))
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # A body Django refuses to parse (a PATCH with a form body reaches the parser here).
        from samverk.core.middleware import request_data_message

        exc = exceptions.ValidationError(
            detail={api_settings.NON_FIELD_ERRORS_KEY: [request_data_message(exc)]}
        )
    return drf_exception_handler(exc, context)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def same_value(current: Any, new: Any) -> bool:
    """Whether an update leaves a field as it is: the same value, or for a many-to-many
    relation (``current`` a manager) the same objects in any order."""
    if hasattr(current, "all"):
        return {obj.pk for obj in current.all()} == {obj.pk for obj in new}
    return bool(current == new)


def run_service(func: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    """Call a service function (mypy checks the arguments against its signature) and turn
    its ValidationError into the API's 400."""
    try:
        return func(*args, **kwargs)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(error_detail(exc)) from exc


# --- generic pieces every app's api.py builds on: scoping, service-backed viewsets ------


def _scope(queryset: Any, user: Any) -> Any:
    """Limit a related field's or filter's choices to what ``user`` may see. A queryset that
    is not scoped (core.querysets) is refused with ImproperlyConfigured, never served whole."""
    return require_scoped(queryset).visible_to(user)


class ScopedFilterBackend(django_filters.DjangoFilterBackend):
    """The app's FilterSets, with the choices of model filters (``?organisation=``,
    ``?person=``…) limited to visible objects, so a filter cannot probe other networks."""

    def get_filterset(self, request: Request, queryset: QuerySet[Any], view: APIView) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for name, flt in filterset.filters.items():
                choices = getattr(flt, "queryset", None)
                if isinstance(choices, QuerySet):
                    flt.queryset = _scope(choices, request.user)
                elif choices is not None:  # a callable would bypass the scoping: refused
                    raise ImproperlyConfigured(
                        f"Filter {name!r} of {type(filterset).__name__} needs a scoped "
                        "queryset, not a callable."
                    )
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
    #
    # ``person_fields``: each relation to a person (networks.Person) the serializer shows,
    # with the output fields that identify that person. A person the requesting user may not
    # see (core.querysets.may_see_person) is shown as null in all of them (id and name); the
    # organisation fields stay. Sending null back for such a person leaves it unchanged.

    serializer_choice_field = NamedChoiceField
    person_fields: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _requesting_user(self) -> Any:
        return getattr(self.context.get("request"), "user", None)

    def _hidden(self, person: Any) -> bool:
        return person is not None and not may_see_person(self._requesting_user(), person)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        for relation, keys in self.person_fields.items():
            if self._hidden(getattr(instance, relation, None)):
                for key in keys:
                    if key in data:
                        data[key] = None
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        for relation in self.person_fields:
            if (
                self.instance is not None
                and relation in attrs
                and attrs[relation] is None
                and self._hidden(getattr(self.instance, relation, None))
            ):
                del attrs[relation]  # the null it was shown, sent back: unchanged
        return attrs

    def get_fields(self) -> dict[str, Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if isinstance(relation, RelatedField) and not relation.read_only:
                queryset = relation.queryset
                if queryset is not None:
                    scoped = require_scoped(queryset.all())
                    relation.queryset = _scope(scoped, user) if user else scoped.none()
        guard_serializer_fields(fields)  # dates only in the years samverk accepts
        return fields


class SlugReferenceField(serializers.SlugRelatedField):
    """A reference by short name (``"network": "barnim"``). Rejects what is not text, or text
    with NUL characters, before it reaches the database (PostgreSQL refuses NUL: a 500)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def network_slug_field(source: str = "network.slug") -> serializers.CharField:
    """The read-only ``"network": "barnim"`` of an object, reached through ``source``
    (``"network.slug"``, ``"meeting.network.slug"``…)."""
    return serializers.CharField(
        source=source, read_only=True, help_text=_("network short name (slug)")
    )


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
    # Only an id reaches the database (networks: a short name), through Django's path
    # converters (the router is built with use_regex_path=False).
    lookup_value_converter = "int"
    create_serializer_class: type[serializers.BaseSerializer] | None = None

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Every list and detail passes here: a queryset that is not scoped is refused.
        return super().filter_queryset(require_scoped(queryset, filtered=True))

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


def documented(create_serializer: type[serializers.BaseSerializer], serializer: Any) -> Any:
    """Schema of a create endpoint: the create payload in, the common shape out."""
    return extend_schema_view(
        create=extend_schema(request=create_serializer, responses={201: serializer})
    )
