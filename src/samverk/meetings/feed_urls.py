"""Calendar feeds, included by the project at ``path("calendar/", include(...))``."""

from django.urls import path, register_converter

from samverk.core.converters import TokenConverter
from samverk.meetings import feeds

register_converter(TokenConverter, "token")

app_name = "meeting_feeds"

urlpatterns = [
    path("", feeds.calendar_settings, name="settings"),
    path("network/<slug:slug>.ics", feeds.network_feed, name="network"),
    path("<token:key>.ics", feeds.personal_feed, name="personal"),
]
