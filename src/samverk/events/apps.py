from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "samverk.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from samverk.events import cache_rules

        cache_rules.register()
        from samverk.core import email, periodic
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            NavItem,
            SitemapSource,
            UrlMount,
            registry,
        )
        from samverk.events import (
            api,
            demo,
            public_views,
            registration_mail,
            registration_services,
        )

        registry.urls.register(
            UrlMount("events", "n/<slug:network>/events/", "samverk.events.urls", 45)
        )
        registry.urls.register(
            UrlMount("events_public", "p/<slug:network>/events/", "samverk.events.public_urls", 79)
        )
        registry.navigation.register(NavItem("events", _("Events"), "events:event_list", 58))
        registry.portal_links.register(NavItem("events", _("Events"), "events_public:list", 50))
        registry.portal_sitemap.register(SitemapSource("events", public_views.sitemap_pages, 50))
        registry.api_routes.register(ApiRoutes("events", "events", api.register, 45))
        registry.api_routes.register(
            ApiRoutes("events_public", "public-events", api.register_public, 91)
        )
        registry.demo_loaders.register(DemoLoader("events", demo.load, 60))
        email.register_kind(registration_mail.CONFIRMATION, _("Event registration"))
        email.register_kind(registration_mail.MOVED_UP, _("Moved up from the waiting list"))
        email.register_kind(registration_mail.CANCELLED, _("Event registration cancelled"))
        periodic.register_daily("events.erase_participants", registration_services.anonymise_due)
