"""All API routes under /api/v1/. Each app contributes its viewsets through its api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from samverk.accounts.api import ObtainTokenView
from samverk.meetings import api as meetings_api
from samverk.networks import api as networks_api

# Path converters, not regular expressions: each viewset's lookup_value_converter ("int", or
# "slug" for networks) decides what a detail address accepts, and the schema types it.
router = DefaultRouter(use_regex_path=False)
networks_api.register(router)
meetings_api.register(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
