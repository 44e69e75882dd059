from django.urls import path

from samverk.strategy import charter_views, plan_views, views

app_name = "strategy"

urlpatterns = [
    path("", views.direction_list, name="direction_list"),
    path("new/", views.direction_new, name="direction_new"),
    path("<int:pk>/", views.direction_detail, name="direction_detail"),
    path("<int:pk>/edit/", views.direction_edit, name="direction_edit"),
    path("<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("<int:pk>/versions/new/", views.direction_keep_version, name="direction_keep_version"),
    path("<int:pk>/versions/<int:number>/", views.direction_version, name="direction_version"),
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
    path("charter/", charter_views.charter_detail, name="charter"),
    path("charter/edit/", charter_views.charter_edit, name="charter_edit"),
    path("charter/versions/<int:number>/", charter_views.charter_version, name="charter_version"),
    path("charter/obligations/new/", charter_views.obligation_new, name="obligation_new"),
    path(
        "charter/obligations/<int:pk>/edit/",
        charter_views.obligation_edit,
        name="obligation_edit",
    ),
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/new/", plan_views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/revise/", plan_views.plan_revise, name="plan_revise"),
    path(
        "plans/<int:pk>/contributions/",
        plan_views.plan_contributions,
        name="plan_contributions",
    ),
    path("plans/<int:pk>/follow-up/", plan_views.plan_follow_up, name="plan_follow_up"),
    path("plans/<int:pk>/follow-up.pdf", plan_views.plan_follow_up_pdf, name="plan_follow_up_pdf"),
    path(
        "plans/<int:pk>/follow-up.<str:format>",
        plan_views.plan_follow_up_export,
        name="plan_follow_up_export",
    ),
    path("plans/activities/<int:pk>/report/", plan_views.activity_report, name="activity_report"),
    path(
        "plans/<int:pk>/<str:step>/",
        plan_views.plan_step,
        name="plan_step",
    ),
    path("plans/<int:pk>/activities/new/", plan_views.activity_new, name="activity_new"),
    path("plans/activities/<int:pk>/edit/", plan_views.activity_edit, name="activity_edit"),
    path("plans/<int:pk>/income/new/", plan_views.income_new, name="income_new"),
    path("plans/income/<int:pk>/edit/", plan_views.income_edit, name="income_edit"),
    path(
        "plans/<str:kind>/<int:pk>/delete/",
        plan_views.line_delete,
        name="line_delete",
    ),
    path("contributions/", plan_views.contributions_current, name="contributions_current"),
    path("contributions/<int:year>/", plan_views.contributions, name="contributions"),
    path(
        "contributions/<int:year>.<str:format>",
        plan_views.contributions_export,
        name="contributions_export",
    ),
    path(
        "contributions/lines/<int:pk>/delete/",
        plan_views.contribution_delete,
        name="contribution_delete",
    ),
    path("self-check/<int:year>/", charter_views.self_check, name="self_check"),
    path(
        "self-check/<int:year>/remind/",
        charter_views.self_check_remind,
        name="self_check_remind",
    ),
    path(
        "self-check/<int:year>.<str:format>",
        charter_views.self_check_export,
        name="self_check_export",
    ),
]
