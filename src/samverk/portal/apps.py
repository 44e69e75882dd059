from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "samverk.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from samverk.portal import cache_rules

        cache_rules.register()
        from samverk.core.registry import ApiRoutes, NavItem, UrlMount, registry
        from samverk.portal import api, permissions

        registry.urls.register(UrlMount("portal", "p/<slug:network>/", "samverk.portal.urls", 80))
        registry.urls.register(
            UrlMount("portal_manage", "n/<slug:network>/portal/", "samverk.portal.manage_urls", 81)
        )
        registry.navigation.register(
            NavItem(
                "portal",
                _("Portal"),
                "portal_manage:settings",
                90,
                visible=permissions.can_manage_portal,
            )
        )
        registry.api_routes.register(ApiRoutes("public", "public", api.register, 90))
