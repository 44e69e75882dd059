"""The job board's Atom feed (``p/<slug>/jobs/feed.atom``): the newest offers on the board
(``jobs.board.FEED_SIZE``), each with its description as sanitised HTML. Served through
``portal.views.portal_page`` like the board's pages, read through ``jobs.board``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from samverk.core.clock import network_today
from samverk.core.markdown import render as render_markdown
from samverk.jobs import board
from samverk.jobs.board import PublicOffer
from samverk.jobs.board_views import board_url
from samverk.portal.public import Portal
from samverk.portal.views import portal_page


class BoardFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return kwargs["portal"]

    def title(self, portal: Portal) -> str:
        return _("Job board of %(network)s") % {"network": portal.network.name}

    def link(self, portal: Portal) -> str:
        return board_url(portal, self.request, "list")

    def feed_url(self, portal: Portal) -> str:
        return board_url(portal, self.request, "feed")

    def subtitle(self, portal: Portal) -> str:
        return _("The newest job offers of the network's member companies.")

    def items(self, portal: Portal) -> list[PublicOffer]:
        return board.latest(portal.network, network_today(portal.network))

    def item_title(self, item: PublicOffer) -> str:
        return f"{item.title} – {item.employer}, {item.locality}"

    def item_description(self, item: PublicOffer) -> str:
        return str(render_markdown(item.description))

    def item_link(self, item: PublicOffer) -> str:
        return board_url(self._portal, self.request, "detail", pk=item.pk)

    def item_author_name(self, item: PublicOffer) -> str:
        return item.employer

    def item_pubdate(self, item: PublicOffer) -> dt.datetime | None:
        if item.date_posted is None:
            return None
        return dt.datetime.combine(
            item.date_posted, dt.time(), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item: PublicOffer) -> dt.datetime | None:
        return self.item_pubdate(item)  # Atom requires <updated> in every entry

    def item_categories(self, item: PublicOffer) -> list[str]:
        return [item.kind_label, f"ISCO-08 {item.isco_code}"]

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._portal = kwargs["portal"]
        return super().__call__(request, *args, **kwargs)  # type: ignore[no-any-return]


@portal_page
def board_feed(request: HttpRequest, portal: Portal) -> HttpResponse:
    response = BoardFeed()(request, portal=portal)
    response["X-Robots-Tag"] = "noindex"
    return response
