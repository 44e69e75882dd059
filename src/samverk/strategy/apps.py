from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "samverk.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from samverk.strategy import cache_rules

        cache_rules.register()
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            NavItem,
            Panel,
            UrlMount,
            registry,
        )
        from samverk.strategy import api, charter_services, demo, panels

        charter_services.register_mail_kinds()

        registry.navigation.register(
            NavItem("strategy", _("Strategy"), "strategy:direction_list", 55)
        )
        registry.organisation_sections.register(
            Panel(
                "strategy-commitments",
                "strategy/panels/organisation_commitments.html",
                panels.organisation_commitments,
                60,
            )
        )
        registry.dashboard_panels.register(
            Panel(
                "strategy-charter", "strategy/panels/dashboard_charter.html", panels.dashboard, 40
            )
        )
        registry.urls.register(
            UrlMount("strategy", "n/<slug:network>/strategy/", "samverk.strategy.urls", 30)
        )
        registry.api_routes.register(ApiRoutes("strategy", "strategy", api.register, 30))
        registry.demo_loaders.register(DemoLoader("strategy", demo.load, 30))
