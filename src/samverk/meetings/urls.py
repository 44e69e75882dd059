from django.urls import URLPattern, path

from samverk.meetings import agenda_views, follow_up_views, invite_views, views
from samverk.meetings.reports_urls import urlpatterns as report_urlpatterns

app_name = "meetings"

urlpatterns: list[URLPattern] = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("series/new/", views.series_create, name="series_create"),
    path("decisions/", follow_up_views.decision_list, name="decision_list"),
    path(
        "decisions.xlsx", follow_up_views.decision_export, {"format": "xlsx"}, name="decision_xlsx"
    ),
    path("decisions.csv", follow_up_views.decision_export, {"format": "csv"}, name="decision_csv"),
    path("actions/", follow_up_views.action_list, name="action_list"),
    path("actions.xlsx", follow_up_views.action_export, {"format": "xlsx"}, name="action_xlsx"),
    path("actions.csv", follow_up_views.action_export, {"format": "csv"}, name="action_csv"),
    path("decisions/<int:pk>/edit/", follow_up_views.decision_edit, name="decision_edit"),
    path("actions/<int:pk>/edit/", follow_up_views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", follow_up_views.action_status, name="action_status"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("<int:pk>/agenda/", agenda_views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/edit/", agenda_views.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item>/move/", agenda_views.agenda_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item>/delete/", agenda_views.agenda_delete, name="agenda_delete"),
    path("<int:pk>/agenda/<int:item>/documents/", agenda_views.document_add, name="document_add"),
    path("documents/<int:pk>/", agenda_views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", agenda_views.document_delete, name="document_delete"),
    path("<int:pk>/invite/", invite_views.invite, name="invite"),
    path("<int:pk>/remind/", invite_views.remind, name="remind"),
    path("<int:pk>/replies/", views.rsvp, name="rsvp"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/attendance/", views.attendance_update, name="attendance_update"),
    path("<int:pk>/decisions/new/", follow_up_views.decision_add, name="decision_add"),
    path("<int:pk>/actions/new/", follow_up_views.action_add, name="action_add"),
    *report_urlpatterns,
]
