"""The network's event pages, mounted at ``n/<slug:network>/events/``."""

from django.urls import path

from samverk.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_new, name="event_new"),
    path("settings/", views.event_settings, name="event_settings"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/sites/new/", views.site_new, name="site_new"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("sites/<int:pk>/participants/", views.participants, name="participants"),
    path(
        "sites/<int:pk>/participants.<str:format>",
        views.participants_export,
        name="participants_export",
    ),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<str:kind>/<int:pk>/delete/", views.line_delete, name="line_delete"),
]
