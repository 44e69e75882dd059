from django.urls import path

from samverk.networks import import_views, member_flow_views, views

app_name = "networks"

urlpatterns = [
    path("settings/", views.network_edit, name="network_edit"),
    path("logo/", views.network_logo, name="network_logo"),
    path("history/", views.history, name="history"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path(
        "organisations.xlsx",
        views.organisation_export,
        {"format": "xlsx"},
        name="organisation_xlsx",
    ),
    path(
        "organisations.csv", views.organisation_export, {"format": "csv"}, name="organisation_csv"
    ),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/logo/", views.organisation_logo, name="organisation_logo"),
    path("members/", views.member_list, name="member_list"),
    path("members.xlsx", views.member_export, {"format": "xlsx"}, name="member_xlsx"),
    path("members.csv", views.member_export, {"format": "csv"}, name="member_csv"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/import/", import_views.member_import, name="member_import"),
    path(
        "members/import/confirm/", import_views.member_import_confirm, name="member_import_confirm"
    ),
    path(
        "members/import/template.<str:file_format>",
        import_views.member_import_template,
        name="member_import_template",
    ),
    path("members/add/", member_flow_views.member_add, name="member_add"),
    path("members/add/done/", member_flow_views.member_add_done, name="member_add_done"),
    path("members/add/<slug:step>/", member_flow_views.member_add, name="member_add_step"),
    path(
        "members/<int:pk>/representative/",
        member_flow_views.representative_add,
        name="representative_add",
    ),
    path(
        "members/<int:pk>/representative/<slug:step>/",
        member_flow_views.representative_add,
        name="representative_add_step",
    ),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("members/<int:pk>/mandates/new/", views.mandate_create, name="mandate_create"),
    path("mandates/<int:pk>/end/", views.mandate_end, name="mandate_end"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("arenas/", views.arena_list, name="arena_list"),
    path("arenas/new/", views.arena_create, name="arena_create"),
    path("arenas/<int:pk>/", views.arena_detail, name="arena_detail"),
    path("arenas/<int:pk>/edit/", views.arena_edit, name="arena_edit"),
]
