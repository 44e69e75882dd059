"""The network's event pages, mounted at ``n/<slug:network>/events/``."""

from django.urls import path

from samverk.events import badges, checkin_views, exhibitor_views, views

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
    path("sites/<int:pk>/badges.pdf", badges.badges, name="badges"),
    path("sites/<int:pk>/check-in/", checkin_views.check_in, name="check_in"),
    path("sites/<int:pk>/check-in/counts/", checkin_views.check_in_counts, name="check_in_counts"),
    path("sites/<int:pk>/exhibitors/", exhibitor_views.exhibitors, name="exhibitors"),
    path("sites/<int:pk>/exhibitors/new/", exhibitor_views.exhibitor_new, name="exhibitor_new"),
    path("exhibitors/<int:pk>/edit/", exhibitor_views.exhibitor_edit, name="exhibitor_edit"),
    path("exhibitors/<int:pk>/remove/", exhibitor_views.exhibitor_remove, name="exhibitor_remove"),
    path(
        "exhibitors/<int:pk>/<str:decision>/",
        exhibitor_views.exhibitor_decide,
        name="exhibitor_decide",
    ),
    path("<int:pk>/outcome/transfer/", checkin_views.outcome_transfer, name="outcome_transfer"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<str:kind>/<int:pk>/delete/", views.line_delete, name="line_delete"),
]
