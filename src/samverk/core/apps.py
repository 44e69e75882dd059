from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from samverk.core import periodic, worker
        from samverk.core.registry import UrlMount, registry

        periodic.register_daily(worker.PRUNE_JOB, worker.prune_task_results)
        # The delivery state of the network's mails (coordinators).
        registry.urls.register(UrlMount("mail", "n/<slug:network>/mail/", "samverk.core.urls", 5))
