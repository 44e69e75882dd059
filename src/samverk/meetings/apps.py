from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingsConfig(AppConfig):
    name = "samverk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from samverk.meetings import cache_rules

        cache_rules.register()
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            NavItem,
            Panel,
            SearchProvider,
            UrlMount,
            registry,
        )
        from samverk.meetings import api, demo, panels, search

        registry.navigation.register(
            NavItem("meetings", _("Meetings"), "meetings:meeting_list", 50)
        )
        dashboard = registry.dashboard_panels
        dashboard.register(
            Panel("week", "meetings/panels/dashboard_week.html", panels.dashboard_week, 5)
        )
        dashboard.register(
            Panel(
                "next-meetings",
                "meetings/panels/dashboard_next_meetings.html",
                panels.dashboard_next_meetings,
                5,
            )
        )
        dashboard.register(
            Panel(
                "my-actions", "meetings/panels/dashboard_actions.html", panels.dashboard_actions, 20
            )
        )
        dashboard.register(
            Panel(
                "organisation-actions",
                "meetings/panels/dashboard_organisation_actions.html",
                panels.dashboard_organisation_actions,
                6,
            )
        )
        registry.organisation_sections.register(
            Panel(
                "commitment",
                "meetings/panels/organisation_commitment.html",
                panels.organisation_commitment,
                50,
            )
        )
        registry.search_providers.register(
            SearchProvider("meetings", _("Meetings"), search.meetings, 30)
        )
        registry.search_providers.register(
            SearchProvider("decisions", _("Decisions"), search.decisions, 40)
        )
        registry.search_providers.register(
            SearchProvider(
                "minutes", pgettext_lazy("record of a meeting", "Minutes"), search.minutes, 45
            )
        )
        registry.api_routes.register(ApiRoutes("meetings", "meetings", api.register, 20))
        registry.demo_loaders.register(DemoLoader("meetings", demo.load, 20))
        registry.urls.register(
            UrlMount("meetings", "n/<slug:network>/meetings/", "samverk.meetings.urls", 20)
        )
        registry.urls.register(UrlMount("calendar", "calendar/", "samverk.meetings.feed_urls", 20))
        # Personal one-click reply links from the invitation mails (no login).
        registry.urls.register(UrlMount("meeting_reply", "r/", "samverk.meetings.reply_urls", 20))

        from samverk.core import periodic
        from samverk.meetings import minutes_mail, notifications, reminders

        notifications.register_mail_kinds()
        minutes_mail.register_mail_kinds()
        periodic.register_daily(reminders.MEETING_REMINDERS_JOB, reminders.meeting_reminders_job)
        periodic.register_daily(reminders.ACTION_REMINDERS_JOB, reminders.action_reminders_job)
