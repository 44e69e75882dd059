from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "samverk.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from samverk.networks import cache_rules

        cache_rules.register()
        from samverk.core import email
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            NavItem,
            Panel,
            SearchProvider,
            UrlMount,
            registry,
        )
        from samverk.networks import api, demo_loader, panels, search
        from samverk.networks.access_services import ACCESS_MAIL

        email.register_kind(ACCESS_MAIL, _("Access to a network"))

        nav = registry.navigation
        nav.register(NavItem("organisations", _("Organisations"), "networks:organisation_list", 10))
        nav.register(NavItem("members", _("Members and mandates"), "networks:member_list", 20))
        nav.register(NavItem("people", _("People"), "networks:person_list", 30))
        nav.register(NavItem("arenas", _("Arenas"), "networks:arena_list", 40))
        dashboard = registry.dashboard_panels
        dashboard.register(
            Panel(
                "administration",
                "networks/panels/dashboard_administration.html",
                panels.dashboard_administration,
                1,
            )
        )
        dashboard.register(
            Panel(
                "acting-for",
                "networks/panels/dashboard_acting_for.html",
                panels.dashboard_acting_for,
                3,
            )
        )
        dashboard.register(
            Panel("members", "networks/panels/dashboard_members.html", panels.dashboard_members, 10)
        )
        sections = registry.organisation_sections
        sections.register(
            Panel(
                "profile",
                "networks/panels/organisation_profile.html",
                panels.organisation_profile,
                10,
            )
        )
        sections.register(
            Panel(
                "history",
                "networks/panels/organisation_history.html",
                panels.organisation_history,
                900,
            )
        )
        registry.search_providers.register(
            SearchProvider("organisations", _("Organisations"), search.organisations, 10)
        )
        registry.search_providers.register(SearchProvider("people", _("People"), search.people, 20))
        registry.api_routes.register(ApiRoutes("networks", "networks", api.register, 10))
        registry.demo_loaders.register(DemoLoader("networks", demo_loader.load, 10))
        registry.urls.register(
            UrlMount("access", "n/<slug:network>/access/", "samverk.networks.access_urls", 10)
        )
        registry.urls.register(
            UrlMount("invitations", "accounts/invitations/", "samverk.networks.invitation_urls", 10)
        )
        registry.urls.register(
            UrlMount("networks", "n/<slug:network>/", "samverk.networks.urls", 90)
        )
