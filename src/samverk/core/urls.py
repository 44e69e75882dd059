from django.urls import path

from samverk.core import mail_views

app_name = "core"

urlpatterns = [
    path("", mail_views.mail_log, name="mail_log"),
    path("<int:pk>/send-again/", mail_views.mail_send_again, name="mail_send_again"),
]
