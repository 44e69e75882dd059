"""The root URLs: the site's own pages, every app's pages under ``n/<slug:network>/``, and
the API. Included apps keep their own ``urls.py`` (``app_name`` = the app)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from samverk.core.api_docs import SwaggerView
from samverk.core.registry import registry
from samverk.networks import views as network_views
from samverk.site import views

handler400 = "samverk.core.errors.bad_request"
handler403 = "samverk.core.errors.permission_denied"
handler404 = "samverk.core.errors.page_not_found"
handler500 = "samverk.core.errors.server_error"

site_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("search/", views.search, name="search"),
        path("charter/", views.charter, name="charter"),
        path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    ],
    "site",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("samverk.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("networks/new/", network_views.network_create, name="network_create"),
    path("n/<slug:network>/", include(site_patterns)),
    # Every app's pages, as the apps registered them (core.registry.urls).
    *(path(mount.route, include(mount.urlconf)) for mount in registry.urls),
    path("api/v1/", include("samverk.site.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
