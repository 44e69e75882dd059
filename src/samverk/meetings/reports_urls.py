"""Minutes, PDF and commitment pages of the meetings app (included by meetings/urls.py)."""

from django.urls import URLPattern, path

from samverk.meetings import report_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/minutes/", report_views.minutes_detail, name="minutes_detail"),
    path("<int:pk>/minutes/edit/", report_views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/v<int:number>/", report_views.minutes_version, name="minutes_version"),
    path("<int:pk>/minutes/circulate/", report_views.minutes_circulate, name="minutes_circulate"),
    path("<int:pk>/minutes/approve/", report_views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/minutes.pdf", report_views.minutes_pdf, name="minutes_pdf"),
    path("commitment/", report_views.commitment, name="commitment"),
    path(
        "commitment.csv",
        report_views.commitment_export,
        {"format": "csv"},
        name="commitment_csv",
    ),
    path(
        "commitment.xlsx",
        report_views.commitment_export,
        {"format": "xlsx"},
        name="commitment_xlsx",
    ),
]
