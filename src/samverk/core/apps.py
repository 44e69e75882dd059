from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from samverk.core import periodic, worker

        periodic.register_daily(worker.PRUNE_JOB, worker.prune_task_results)
