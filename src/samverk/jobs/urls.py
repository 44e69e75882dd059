from django.urls import path

from samverk.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("review/", views.offer_queue, name="offer_queue"),
    path("offers.<str:format>", views.offer_export, name="offer_export"),
    path("new/", views.offer_new, name="offer_new"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/submit/", views.offer_submit, name="offer_submit"),
    path("<int:pk>/return/", views.offer_return, name="offer_return"),
    path("<int:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("<int:pk>/end/", views.offer_end, name="offer_end"),
]
