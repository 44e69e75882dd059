"""The events on the network's portal, mounted at ``p/<slug:network>/events/`` (and at
``events/`` on the network's own host name)."""

from django.urls import path

from samverk.events import public_views

app_name = "events_public"

urlpatterns = [
    path("", public_views.event_list, name="list"),
    path("<int:pk>/", public_views.event_detail, name="event"),
    path("sites/<int:pk>/register/", public_views.register, name="register"),
    path("r/<str:token>/", public_views.registration, name="registration"),
    path("r/<str:token>/cancel/", public_views.cancel, name="cancel"),
]
