"""Minutes, PDF and commitment pages of the meetings app (included by meetings/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
