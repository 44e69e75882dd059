from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from samverk.core import periodic
        from samverk.meetings import notifications, reminders

        notifications.register_mail_kinds()
        periodic.register_daily(reminders.MEETING_REMINDERS_JOB, reminders.meeting_reminders_job)
        periodic.register_daily(reminders.ACTION_REMINDERS_JOB, reminders.action_reminders_job)
