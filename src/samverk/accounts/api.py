"""POST /api/v1/auth/token/ with {"email", "password"} → {"token": …, "expiry": …}.

Each call creates a new token (several per user, e.g. one per program); each expires
(``REST_KNOX["TOKEN_TTL"]``, 30 days by default), the user sees and revokes them on their
account page, and a new password revokes them all. Failed attempts count towards the sign-in
lockout (django-axes) like those on the login page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverk.accounts import services
from samverk.accounts.lockout import cool_off_minutes, locked_out_message
from samverk.accounts.models import ApiToken
from samverk.core.api import run_service


class LockedOut(exceptions.APIException):
    """429, with Retry-After (DRF's exception handler reads ``wait``)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, request: Any) -> None:
        super().__init__(detail=locked_out_message(request))
        self.wait = cool_off_minutes(request) * 60


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email"))
    password = serializers.CharField(
        label=_("Password"), style={"input_type": "password"}, trim_whitespace=False
    )
    name = serializers.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        required=False,
        allow_blank=True,
        help_text=_("Optional: what the token is for, as shown on your account's token page."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The Django request, on which django-axes marks a lockout for its middleware.
        request = self.context["request"]._request
        user = authenticate(
            request, username=attrs["email"].strip().lower(), password=attrs["password"]
        )
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(request)
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Email or password is not correct.")]}
            )
        attrs["user"] = user
        return attrs


class ObtainTokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []  # guessing is stopped by the sign-in lockout instead

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
            ),
            429: OpenApiResponse(
                description="Too many failed attempts for this account or from this address."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, secret = run_service(
            services.create_api_token,
            user=serializer.validated_data["user"],
            name=serializer.validated_data.get("name", ""),
        )
        return Response(
            {
                "token": secret,
                "expiry": token.expiry
                and serializers.DateTimeField().to_representation(token.expiry),
            },
            status=status.HTTP_200_OK,
        )
