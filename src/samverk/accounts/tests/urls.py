"""The site's URLs with the access pages, until ``samverk/urls.py`` includes them itself."""

from django.urls import include, path

from samverk import urls as site

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500

_ACCESS = [path("n/<slug:network>/access/", include("samverk.accounts.urls_network"))]
_WIRED = any(getattr(p, "namespace", None) == "access" for p in site.urlpatterns)

urlpatterns = [*([] if _WIRED else _ACCESS), *site.urlpatterns]
