"""Calendar feeds, included by the project at ``path("calendar/", include(...))``."""

from django.urls import path

from samverk.meetings import feeds

app_name = "meeting_feeds"

urlpatterns = [
    path("", feeds.calendar_settings, name="settings"),
    path("network/<slug:slug>.ics", feeds.network_feed, name="network"),
    path("<str:key>.ics", feeds.personal_feed, name="personal"),
]
