"""The coordinators' portal settings, mounted at ``n/<slug:network>/portal/``."""

from django.urls import path

from samverk.portal import views

app_name = "portal_manage"

urlpatterns = [
    path("", views.portal_settings, name="settings"),
]
