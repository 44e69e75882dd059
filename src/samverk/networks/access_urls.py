"""The "People with access" pages of a network, included under ``n/<slug:network>/access/``."""

from django.urls import path

from samverk.networks import access_views as views

app_name = "access"

urlpatterns = [
    path("", views.access_list, name="list"),
    path("new/", views.access_create, name="create"),
    path("<int:pk>/remove/", views.access_remove, name="remove"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("invitations/<int:pk>/send-again/", views.invitation_resend, name="invitation_resend"),
]
