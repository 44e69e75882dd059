"""The registry through which domain apps plug into the site (after NetBox's registry).

Each app fills it in its ``AppConfig.ready()``; the site app (dashboard, navigation,
organisation page, demo command, API routes, search) only reads it. Adding an app therefore
changes no other domain app: write the app, register its pieces, add it to INSTALLED_APPS.

Entries are sorted by ``order`` (lower first); names must be unique per kind, so registering
the same piece twice (``ready()`` running again in tests) replaces it instead of doubling it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.http import HttpRequest


def _always(user: Any, network: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    """A link in the network's navigation: ``url_name`` is reversed with ``network=<slug>``."""

    name: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    visible: Callable[[Any, Any], bool] = _always


@dataclass(frozen=True)
class Panel:
    """A section of a page (dashboard or organisation page). ``context`` returns the template
    context for the section, or None to leave it out (e.g. the user may not see it)."""

    name: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class DemoLoader:
    """Part of ``samverk demo``: ``load(actor=…, today=…)`` adds the app's demo data through its
    services; loaders run in ``order`` inside one transaction."""

    name: str
    load: Callable[..., object]
    order: int = 100


@dataclass(frozen=True)
class ApiRoutes:
    """An app's API: ``register(router)`` adds its viewsets to a router mounted at
    ``/api/v1/<prefix>/``."""

    name: str
    prefix: str
    register: Callable[[Any], None]
    order: int = 100


@dataclass(frozen=True)
class UrlMount:
    """An app's pages: ``urlconf`` (a module path with ``app_name``) mounted at ``route``,
    e.g. ``"n/<slug:network>/meetings/"`` for a network's pages or ``"calendar/"``."""

    name: str
    route: str
    urlconf: str
    order: int = 100


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    kind: Any  # what it is ("Organisation", "Meeting"…), translated
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """``search(user, network, query, limit)`` returns the user's visible matches."""

    name: str
    label: Any
    search: Callable[[Any, Any, str, int], Iterable[SearchResult]]
    order: int = 100


@dataclass(frozen=True)
class SelfCheckMeasure:
    """A figure of the charter's yearly self-check that an app above strategy measures: shown
    beside each member's answer to an obligation measured by ``name`` (the obligation's
    ``measure``). ``measure(network, year, organisations)`` returns organisation pk → the
    figure (a number or a text; a member left out shows a dash), with the same few queries for
    any number of members."""

    name: str
    label: Any  # a lazy translation
    measure: Callable[[Any, int, Sequence[Any]], Mapping[int, Any]]
    order: int = 100


@dataclass(frozen=True)
class SitemapSource:
    """An app's public portal pages for the portal's sitemap.xml: ``pages(network)`` yields
    (url name, its arguments without ``network``, last change or None) of every page the
    app shows the public for the network (through the app's public read side)."""

    name: str
    pages: Callable[[Any], Iterable[tuple[str, dict[str, Any], Any]]]
    order: int = 100


@dataclass(frozen=True)
class JobAdSource:
    """Job ads an app offers to the knowledge base's shortage picture: ``table(network,
    today)`` returns a pyarrow table with the columns of ``knowledge.shortage.COLUMNS``."""

    name: str
    label: Any  # a lazy translation
    table: Callable[[Any, Any], Any]
    order: int = 100


T = TypeVar(
    "T",
    JobAdSource,
    NavItem,
    Panel,
    DemoLoader,
    ApiRoutes,
    SearchProvider,
    UrlMount,
    SelfCheckMeasure,
    SitemapSource,
)


@dataclass
class Slot(Generic[T]):
    entries: dict[str, T] = field(default_factory=dict)

    def register(self, entry: T) -> T:
        self.entries[entry.name] = entry
        return entry

    def __iter__(self) -> Any:
        return iter(sorted(self.entries.values(), key=lambda e: (e.order, e.name)))

    def __len__(self) -> int:
        return len(self.entries)


@dataclass
class Registry:
    urls: Slot[UrlMount] = field(default_factory=Slot)
    navigation: Slot[NavItem] = field(default_factory=Slot)
    dashboard_panels: Slot[Panel] = field(default_factory=Slot)
    organisation_sections: Slot[Panel] = field(default_factory=Slot)
    demo_loaders: Slot[DemoLoader] = field(default_factory=Slot)
    api_routes: Slot[ApiRoutes] = field(default_factory=Slot)
    search_providers: Slot[SearchProvider] = field(default_factory=Slot)
    self_check_measures: Slot[SelfCheckMeasure] = field(default_factory=Slot)
    # Links in the public portal's navigation (``url_name`` is reversed with ``network=<slug>``
    # under /p/<slug>/ and without it on a network's own host name; an app's public pages are
    # a ``UrlMount`` whose route starts with ``p/<slug:network>/``).
    portal_links: Slot[NavItem] = field(default_factory=Slot)
    # Their pages in the portal's sitemap.xml.
    portal_sitemap: Slot[SitemapSource] = field(default_factory=Slot)
    # Job ads for the knowledge base's shortage picture (the jobs app's offers).
    job_ad_sources: Slot[JobAdSource] = field(default_factory=Slot)


registry = Registry()


def render_panels(
    slot: Slot[Panel], request: HttpRequest, network: Any, *args: Any
) -> list[tuple[str, dict[str, Any]]]:
    """The (template, context) of every panel that has something to show."""
    shown = []
    for panel in slot:
        context = panel.context(request, network, *args)
        if context is not None:
            shown.append((panel.template, context))
    return shown


__all__ = [
    "ApiRoutes",
    "DemoLoader",
    "JobAdSource",
    "NavItem",
    "Panel",
    "SearchProvider",
    "SearchResult",
    "SelfCheckMeasure",
    "SitemapSource",
    "UrlMount",
    "registry",
    "render_panels",
]
