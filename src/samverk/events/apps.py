from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "samverk.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from samverk.events import cache_rules

        cache_rules.register()
