from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "samverk.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from samverk.jobs import cache_rules

        cache_rules.register()
