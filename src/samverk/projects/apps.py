from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "samverk.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from samverk.projects import cache_rules

        cache_rules.register()
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            NavItem,
            SelfCheckMeasure,
            UrlMount,
            registry,
        )
        from samverk.projects import api, demo, measures

        registry.navigation.register(
            NavItem("projects", _("Projects"), "projects:project_list", 57)
        )
        registry.urls.register(
            UrlMount("projects", "n/<slug:network>/projects/", "samverk.projects.urls", 35)
        )
        registry.api_routes.register(ApiRoutes("projects", "projects", api.register, 35))
        registry.demo_loaders.register(DemoLoader("projects", demo.load, 40))
        # the charter's self-check (strategy) shows it beside obligations measured by it
        registry.self_check_measures.register(
            SelfCheckMeasure(
                "projects",
                _("projects carried or taken part in"),
                measures.projects_taken_part_in,
                35,
            )
        )
