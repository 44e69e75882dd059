"""The public portal's pages, mounted at ``p/<slug:network>/`` (and, by
``PortalHostMiddleware``, at the root of a network's own host name: ``host_urls.py``)."""

from django.urls import path

from samverk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/logo/", views.member_logo, name="member_logo"),
    path("charter/", views.charter, name="charter"),
    path("meetings/", views.meetings, name="meetings"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("news/", views.news, name="news"),
    path("indicators/", views.indicators, name="indicators"),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("files/<int:pk>/", views.file, name="file"),
    path("logo/", views.logo, name="logo"),
    path("theme.css", views.theme, name="theme"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
