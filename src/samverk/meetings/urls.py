from django.urls import URLPattern

from samverk.meetings.reports_urls import urlpatterns as report_urlpatterns

app_name = "meetings"

urlpatterns: list[URLPattern] = [*report_urlpatterns]
