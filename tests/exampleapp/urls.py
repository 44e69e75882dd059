from django.urls import path

from tests.exampleapp import views

app_name = "exampleapp"

urlpatterns = [path("", views.note_list, name="note_list")]
