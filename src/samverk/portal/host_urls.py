"""The urlconf of a request to a network's own host name (``PortalHostMiddleware``): every
public page mounted under ``p/<slug:network>/`` (the portal's own and other apps'), at the
root, and robots.txt. Nothing of the signed-in application is served there."""

from django.urls import include, path

from samverk.core.registry import registry
from samverk.portal import views

PREFIX = "p/<slug:network>/"

handler404 = "samverk.portal.views.not_found"
handler500 = "samverk.portal.views.server_error"

urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    *(
        path(mount.route.removeprefix(PREFIX), include(mount.urlconf))
        for mount in registry.urls
        if mount.route.startswith(PREFIX)
    ),
]
