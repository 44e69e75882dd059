from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from samverk.core.api_docs import SwaggerView
from samverk.networks import views as network_views

handler400 = "samverk.core.errors.bad_request"
handler403 = "samverk.core.errors.permission_denied"
handler404 = "samverk.core.errors.page_not_found"
handler500 = "samverk.core.errors.server_error"

urlpatterns = [
    path("", network_views.home, name="home"),
    path("accounts/", include("samverk.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("networks/new/", network_views.network_create, name="network_create"),
    path("calendar/", include("samverk.meetings.feed_urls")),
    path("n/<slug:network>/access/", include("samverk.accounts.urls_network")),
    path("n/<slug:network>/meetings/", include("samverk.meetings.urls")),
    path("n/<slug:network>/", include("samverk.networks.urls")),
    path("api/v1/", include("samverk.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
