from django.urls import path

from samverk.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.direction_list, name="direction_list"),
    path("new/", views.direction_new, name="direction_new"),
    path("<int:pk>/", views.direction_detail, name="direction_detail"),
    path("<int:pk>/edit/", views.direction_edit, name="direction_edit"),
    path("<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/commitments/new/", views.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("goals/<int:pk>/indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/new/", views.measurement_new, name="measurement_new"),
    path("values/<int:pk>/edit/", views.measurement_edit, name="measurement_edit"),
    path("values/<int:pk>/approve/", views.measurement_approve, name="measurement_approve"),
    path("values/<int:pk>/delete/", views.measurement_delete, name="measurement_delete"),
]
