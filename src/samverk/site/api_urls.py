"""All API routes under /api/v1/: each app's viewsets under its own prefix
(``/api/v1/<app>/<resource>/``), from what the apps registered in core.registry, so that
resources of different apps (documents, actions, registrations…) never collide."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, include, path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from samverk.accounts.api import ObtainTokenView
from samverk.core.registry import registry


class ApiRootView(APIView):
    """The apps whose resources the API offers, each with its own root."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            {
                routes.prefix: request.build_absolute_uri(reverse(f"api-{routes.prefix}:api-root"))
                for routes in registry.api_routes
            }
        )


def _app_routes() -> list[URLResolver]:
    resolvers = []
    for routes in registry.api_routes:
        # Path converters, not regular expressions: each viewset's lookup_value_converter
        # ("int", or "slug" for networks) decides what a detail address accepts.
        router = DefaultRouter(use_regex_path=False)
        routes.register(router)
        resolvers.append(
            path(
                f"{routes.prefix}/",
                include((router.urls, routes.prefix), namespace=f"api-{routes.prefix}"),
            )
        )
    return resolvers


urlpatterns: list[URLPattern | URLResolver] = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    *_app_routes(),
]
