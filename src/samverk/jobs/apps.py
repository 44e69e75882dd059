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
        self._register_public_board()

    def _register_public_board(self) -> None:
        """The public job board on the portal (``board_urls``), its link in the portal's menu
        and its read-only API (``/api/v1/public-jobs/``)."""
        from samverk.core.registry import ApiRoutes, NavItem, SitemapSource, UrlMount, registry
        from samverk.jobs import board, board_api

        registry.urls.register(
            UrlMount("jobs_board", "p/<slug:network>/jobs/", "samverk.jobs.board_urls", 79)
        )
        registry.portal_links.register(NavItem("jobs", _("Job board"), "jobs_board:list", 60))
        registry.portal_sitemap.register(SitemapSource("jobs", board.sitemap_pages, 60))
        registry.api_routes.register(
            ApiRoutes("jobs_public", "public-jobs", board_api.register, 91)
        )

    def _register_signed_in_side(self) -> None:
        """The signed-in pages, API, mail, daily job and demo (the public board registers
        itself separately)."""
        from samverk.core import periodic
        from samverk.core.registry import (
            ApiRoutes,
            DemoLoader,
            JobAdSource,
            NavItem,
            Panel,
            UrlMount,
            registry,
        )
        from samverk.jobs import api, demo, job_ads, panels, services

        registry.job_ad_sources.register(
            JobAdSource("jobs", _("the network's job offers"), job_ads.table, 10)
        )
        registry.navigation.register(NavItem("jobs", _("Job offers"), "jobs:offer_list", 59))
        registry.urls.register(UrlMount("jobs", "n/<slug:network>/jobs/", "samverk.jobs.urls", 40))
        registry.api_routes.register(ApiRoutes("jobs", "jobs", api.register, 40))
        registry.demo_loaders.register(DemoLoader("jobs", demo.load, 50))
        registry.dashboard_panels.register(
            Panel("job-offers", "jobs/panels/dashboard_offers.html", panels.dashboard_offers, 25)
        )
        services.register_mail_kinds()
        periodic.register_daily(services.DAILY_JOB, services.expiry_job)
