from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from samverk.core import periodic, worker
        from samverk.core.middleware import start_idle_time
        from samverk.core.registry import UrlMount, registry

        periodic.register_daily(worker.PRUNE_JOB, worker.prune_task_results)
        user_logged_in.connect(start_idle_time, dispatch_uid="samverk.core.start_idle_time")
        # The delivery state of the network's mails (coordinators).
        registry.urls.register(UrlMount("mail", "n/<slug:network>/mail/", "samverk.core.urls", 5))
