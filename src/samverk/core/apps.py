from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in

        from samverk.core import page_cache, periodic, worker
        from samverk.core.middleware import start_idle_time
        from samverk.core.models import AuditRecord, DailyJobRun, OutgoingMail
        from samverk.core.registry import UrlMount, registry

        periodic.register_daily(worker.PRUNE_JOB, worker.prune_task_results)
        # Pages served again while nothing they show has changed: core's own models.
        page_cache.connect()
        page_cache.shown_in(AuditRecord, page_cache.own_network)
        page_cache.shown_in(OutgoingMail, page_cache.own_network)
        page_cache.shown_in(DailyJobRun, page_cache.nowhere)
        # Django's and the libraries' own records, which no network page shows: sessions
        # (written on every sign-in), login attempts, task results, the admin's log.
        for label in (
            "admin.LogEntry",
            "auth.Permission",
            "auth.Group",
            "contenttypes.ContentType",
            "sessions.Session",
            "axes.AccessFailureLog",
            "axes.AccessAttempt",
            "axes.AccessAttemptExpiration",
            "axes.AccessLog",
            "django_tasks_database.DBTaskResult",
        ):
            page_cache.shown_in(apps.get_model(label), page_cache.nowhere)
        user_logged_in.connect(start_idle_time, dispatch_uid="samverk.core.start_idle_time")
        # The delivery state of the network's mails (coordinators).
        registry.urls.register(UrlMount("mail", "n/<slug:network>/mail/", "samverk.core.urls", 5))
