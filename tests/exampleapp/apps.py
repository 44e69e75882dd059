"""The smallest complete samverk app (docs/adding-a-domain.md walks through it): notes of a
network. It exists only in the test settings, to prove that an app plugs in by writing the
app and registering it — no other app, template or URL conf changes."""

from django.apps import AppConfig


class ExampleAppConfig(AppConfig):
    name = "tests.exampleapp"
    label = "exampleapp"
    verbose_name = "Notes (example app)"

    def ready(self) -> None:
        from samverk.core.registry import (
            ApiRoutes,
            NavItem,
            Panel,
            SearchProvider,
            UrlMount,
            registry,
        )
        from tests.exampleapp import api, views

        registry.urls.register(
            UrlMount("notes", "n/<slug:network>/notes/", "tests.exampleapp.urls")
        )
        registry.navigation.register(NavItem("notes", "Notes", "exampleapp:note_list", 60))
        registry.dashboard_panels.register(
            Panel("notes", "exampleapp/dashboard_panel.html", views.dashboard_panel, 30)
        )
        registry.search_providers.register(SearchProvider("notes", "Notes", views.search, 50))
        registry.api_routes.register(ApiRoutes("notes", "notes", api.register, 50))
