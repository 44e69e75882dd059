"""The page where an invited person answers, mounted at ``accounts/invitations/``."""

from django.urls import path

from samverk.networks import invitation_views as views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", views.answer, name="answer"),
]
