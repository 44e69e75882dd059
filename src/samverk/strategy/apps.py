from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "samverk.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from samverk.strategy import cache_rules

        cache_rules.register()
        from samverk.core.registry import DemoLoader, NavItem, Panel, UrlMount, registry
        from samverk.strategy import demo, panels

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
        registry.urls.register(
            UrlMount("strategy", "n/<slug:network>/strategy/", "samverk.strategy.urls", 30)
        )
        registry.demo_loaders.register(DemoLoader("strategy", demo.load, 30))
