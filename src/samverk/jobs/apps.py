from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "samverk.jobs"
    label = "jobs"
    verbose_name = _("Jobs")

    def ready(self) -> None:
        from samverk.jobs import cache_rules

        cache_rules.register()
        self._register_signed_in_side()

    def _register_signed_in_side(self) -> None:
        """The signed-in pages, API, mail, daily job and demo (the public board registers
        itself separately)."""
        from samverk.core import periodic
        from samverk.core.registry import ApiRoutes, DemoLoader, NavItem, UrlMount, registry
        from samverk.jobs import api, demo, services

        registry.navigation.register(NavItem("jobs", _("Job offers"), "jobs:offer_list", 59))
        registry.urls.register(UrlMount("jobs", "n/<slug:network>/jobs/", "samverk.jobs.urls", 40))
        registry.api_routes.register(ApiRoutes("jobs", "jobs", api.register, 40))
        registry.demo_loaders.register(DemoLoader("jobs", demo.load, 50))
        services.register_mail_kinds()
        periodic.register_daily(services.DAILY_JOB, services.expiry_job)
