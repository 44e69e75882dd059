from django.urls import path

from samverk.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/review/", views.import_review, name="import_review"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("vintages/<int:pk>/values.<str:format>", views.vintage_export, name="vintage_export"),
    path("<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
