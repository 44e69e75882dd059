from django.urls import path

from samverk.projects import import_views, report_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects.<str:format>", views.project_export, name="project_export"),
    path("new/", views.project_new, name="project_new"),
    path("import/", import_views.project_import, name="project_import"),
    path("import/confirm/", import_views.project_import_confirm, name="project_import_confirm"),
    path(
        "import/template.<str:file_format>",
        import_views.project_import_template,
        name="project_import_template",
    ),
    path("focus-areas/new/", views.focus_area_new, name="focus_area_new"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/card.pdf", views.project_card_pdf, name="project_card_pdf"),
    path("<int:pk>/partners/new/", views.partner_new, name="partner_new"),
    path("<int:pk>/figures/new/", views.figure_new, name="figure_new"),
    path("<int:pk>/milestones/new/", views.milestone_new, name="milestone_new"),
    path("<int:pk>/updates/new/", views.update_new, name="update_new"),
    path("<int:pk>/files/new/", views.file_new, name="file_new"),
    path("files/<int:pk>/", views.file_view, name="file_view"),
    path("files/<int:pk>/edit/", views.file_edit, name="file_edit"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update_edit"),
    path("figures/<int:pk>/edit/", views.figure_edit, name="figure_edit"),
    path("figures/<int:pk>/indicator/", views.figure_feed, name="figure_feed"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("report/", report_views.annual_report_index, name="annual_report_index"),
    path("report/new/", report_views.annual_report_new, name="annual_report_new"),
    path("report/<int:year>/", report_views.annual_report_page, name="annual_report"),
    path("report/<int:year>/edit/", report_views.annual_report_edit, name="annual_report_edit"),
    path("report/<int:year>/report.pdf", report_views.annual_report_pdf, name="annual_report_pdf"),
    path("<str:kind>/<int:pk>/delete/", views.line_delete, name="line_delete"),
]
