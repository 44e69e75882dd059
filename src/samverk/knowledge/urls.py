from django.urls import path

from samverk.knowledge import shortage_views, study_views, survey_views, views

app_name = "knowledge"

urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/review/", views.import_review, name="import_review"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("vintages/<int:pk>/values.<str:format>", views.vintage_export, name="vintage_export"),
    path("shortage/", shortage_views.shortage_page, name="shortage"),
    path("shortage/run/", shortage_views.shortage_run, name="shortage_run"),
    path("studies/", study_views.study_list, name="study_list"),
    path("studies/new/", study_views.study_new, name="study_new"),
    path("studies/<int:pk>/", study_views.study_detail, name="study_detail"),
    path("studies/<int:pk>/edit/", study_views.study_edit, name="study_edit"),
    path("studies/<int:pk>/delete/", study_views.study_delete, name="study_delete"),
    path("studies/<int:pk>/file/", study_views.study_file, name="study_file"),
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/new/", survey_views.survey_new, name="survey_new"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/invite/", survey_views.survey_invite, name="survey_invite"),
    path("surveys/<int:pk>/results/", survey_views.survey_results, name="survey_results"),
    path("surveys/<int:pk>/<str:action>/", survey_views.survey_action, name="survey_action"),
    # last: its first part matches any word
    path("<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
