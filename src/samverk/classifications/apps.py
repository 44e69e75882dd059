from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationsConfig(AppConfig):
    name = "samverk.classifications"
    label = "classifications"
    verbose_name = _("Classifications")

    def ready(self) -> None:
        from samverk.classifications import cache_rules

        cache_rules.register()
