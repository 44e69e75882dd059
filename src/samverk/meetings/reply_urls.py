"""The personal reply links, mounted at ``r/`` (outside the network's pages: no login)."""

from django.urls import path

from samverk.meetings import reply_views

app_name = "meeting_reply"

urlpatterns = [
    path("<str:token>/", reply_views.reply, name="reply"),
]
