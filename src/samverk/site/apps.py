from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition: dashboard, navigation, organisation page, search, demo command, root
    URLs and API routes. It has no models; domain apps plug in through core.registry."""

    name = "samverk.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from samverk.core.registry import NavItem, registry

        registry.navigation.register(NavItem("overview", _("Overview"), "site:dashboard", 0))
        registry.navigation.register(
            NavItem("charter", _("Charter"), "site:charter", 90, visible=_has_charter)
        )


def _has_charter(user: object, network: object) -> bool:
    """The federation's charter text has a menu entry of its own while the network has no
    charter in the strategy app (whose pages, under Strategy, then show the charter)."""
    from samverk.site.views import shows_federation_charter

    return shows_federation_charter(user, network)
