"""The public job board, mounted at ``p/<slug:network>/jobs/`` (and at ``jobs/`` on a
network's own host name: ``portal.host_urls``)."""

from django.urls import path

from samverk.jobs import board_views, feeds

app_name = "jobs_board"

urlpatterns = [
    path("", board_views.offer_list, name="list"),
    path("feed.atom", feeds.board_feed, name="feed"),
    path("<int:pk>/", board_views.offer_detail, name="detail"),
]
