"""Signed-in pages served again while nothing they show has changed.

A network's main pages (dashboard, organisations, members, meetings, a meeting, decisions,
actions) are rendered per user from 10 to 15 scoped queries and 25 to 60 rows: most of their cost
repeats for every view of an unchanged page. ``cached_page`` keeps the rendered page and serves
it again while its key holds. The key names everything the page depends on:

- the user, the full path with its query, the htmx headers (a partial is another page), the
  language and the time zone;
- the CSRF secret (the page's forms carry tokens of it): a request without a CSRF cookie is
  neither served from nor stored in the cache;
- the network (its primary key and creation time) and its **data version**
  (``Network.data_version``);
- a time bucket of ``SAMVERK_PAGE_CACHE_SECONDS`` (default 60; 0 turns the cache off): what a
  page shows because of the time (today, the next meeting, overdue actions, a meeting's phase)
  is at most that old, and entries expire with their bucket.

Access is checked before the cache is read (``network_view`` wraps ``cached_page``), so a user
who lost a role gets no cached page; pending messages, a request without a CSRF cookie and any
method but GET bypass the cache; only plain 200 responses that set no cookie and queued no
message are stored.

**Invalidation** happens in the write's own transaction, so it cannot be missed by a reader:
every save, delete and many-to-many change of a model (``post_save``, ``post_delete``,
``m2m_changed``) raises the data version of the networks that show that object. Each app says
which networks those are for its models (``shown_in``); ``widen`` adds the networks that show
other networks' data (the meetings app: the partners of joint meetings). A model no app
describes raises the version of **every** network: forgetting to describe a model costs cache
hits, never a stale page (the models of Django and the libraries that no page shows, such as
sessions and login attempts, are described as shown nowhere in CoreConfig.ready()). Writes
that bypass the model signals (``QuerySet.update``, ``bulk_create``) call ``changed``
themselves.
"""

from __future__ import annotations

import functools
import hashlib
import time
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation

CACHE_ALIAS = "pages"

# None: every network shows it. An empty collection: no network page shows it.
NetworkIds = Iterable[int] | None
Resolver = Callable[[Any], NetworkIds]


def everywhere(instance: Any) -> NetworkIds:
    return None


def nowhere(instance: Any) -> NetworkIds:
    return ()


def own_network(instance: Any) -> NetworkIds:
    """The object's ``network`` field; none when it has no network."""
    network_id = getattr(instance, "network_id", None)
    return (network_id,) if network_id else ()


def along_network_path(instance: Any) -> NetworkIds:
    """The network the object's model's ``network_path`` leads to, on the loaded objects (a
    query per foreign key not loaded yet); every network when a parent is gone (deleted with
    it)."""
    from samverk.core.services import network_id_of

    try:
        network_id = network_id_of(instance)
    except models.ObjectDoesNotExist:
        return None
    return (network_id,) if network_id else None


_resolvers: dict[type[models.Model], tuple[Resolver, frozenset[str]]] = {}
# A widener gives SQL selecting the ids of networks that show data of the given networks.
Widener = Callable[[list[int]], tuple[str, list[Any]]]
_wideners: list[Widener] = []
_our_models: dict[type[models.Model], bool] = {}


def shown_in(model: type[models.Model], resolver: Resolver, ignore: Iterable[str] = ()) -> None:
    """Declare which networks' pages show objects of ``model``. ``ignore``: fields whose
    change no page shows (a save that changes only them raises no version)."""
    _resolvers[model] = (resolver, frozenset(ignore))


def widen(widener: Widener) -> None:
    """Add a rule: the networks its SQL selects also show data of the given ones."""
    if widener not in _wideners:
        _wideners.append(widener)


def networks_showing(instance: models.Model) -> set[int] | None:
    resolver, _ignore = _resolvers.get(type(instance), (everywhere, frozenset()))
    found = resolver(instance)
    return None if found is None else {pk for pk in found if pk}


def changed(network_ids: NetworkIds) -> None:
    """Raise the data version of these networks and of those that show their data (None:
    every network), in the caller's transaction. One UPDATE; written in SQL because it runs
    for every saved object (the ORM's query building cost more than the statement)."""
    from samverk.core.models import Network

    quote = connection.ops.quote_name
    # Quoted names and placeholders only: nothing of the input is in the text.
    update = (
        f"UPDATE {quote(Network._meta.db_table)} "  # noqa: S608
        f"SET {quote('data_version')} = {quote('data_version')} + 1"
    )
    with connection.cursor() as cursor:
        if network_ids is None:
            cursor.execute(update)
            return
        ids = sorted({pk for pk in network_ids if pk})
        if not ids:
            return
        pk = quote(Network._meta.pk.column)
        where = [f"{pk} IN ({', '.join(['%s'] * len(ids))})"]
        params: list[Any] = list(ids)
        for widener in _wideners:
            sql, extra = widener(ids)
            where.append(f"{pk} IN ({sql})")
            params += extra
        cursor.execute(f"{update} WHERE {' OR '.join(where)}", params)


def _ours(sender: type[models.Model]) -> bool:
    """A model of the running code (a migration's historical models raise nothing)."""
    ours = _our_models.get(sender)
    if ours is None:
        ours = _our_models[sender] = sender._meta.apps is global_apps
    return ours


def _saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _ours(sender):
        return
    update_fields = kwargs.get("update_fields")
    _resolver, ignore = _resolvers.get(sender, (everywhere, frozenset()))
    if update_fields and ignore and set(update_fields) <= ignore:
        return
    changed(networks_showing(instance))


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _ours(sender):
        changed(networks_showing(instance))


def _m2m(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and _ours(type(instance)):
        changed(networks_showing(instance))


def connect() -> None:
    """Connected once, in CoreConfig.ready()."""
    post_save.connect(_saved, dispatch_uid="samverk.page_cache.saved")
    post_delete.connect(_deleted, dispatch_uid="samverk.page_cache.deleted")
    m2m_changed.connect(_m2m, dispatch_uid="samverk.page_cache.m2m")


# --- serving pages from the cache --------------------------------------------------------------

_HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_BOOSTED")


def page_key(request: HttpRequest, network: Any) -> str | None:
    """The cache key of this request's page, or None when it must not use the cache."""
    seconds = settings.SAMVERK_PAGE_CACHE_SECONDS
    if seconds <= 0 or request.method != "GET":
        return None
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):  # pending messages are shown once, on this page
        return None
    parts = [
        str(request.user.pk),
        request.get_full_path(),
        *(request.META.get(name, "") for name in _HTMX_HEADERS),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        csrf_secret,
        str(network.pk),
        network.created_at.isoformat() if network.created_at else "",
        str(network.data_version),
    ]
    page = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    # The time bucket starts at an offset of its own for each page and user, so that the pages
    # do not all expire at the same moment (and are not all rendered again at once).
    offset = int(page[:8], 16) % seconds
    return f"page:{page}:{int((time.time() + offset) // seconds)}"


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        type(response) is HttpResponse
        and response.status_code == 200
        and not response.cookies
        and not (storage is not None and getattr(storage, "_queued_messages", None))
    )


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve the view's page from the cache while its key holds (see the module's text).
    Goes inside ``network_view``: ``view(request, network, ...)``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, network: Any, *args: Any, **kwargs: Any) -> Any:
        key = page_key(request, network)
        if key is None:
            return view(request, network, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            return HttpResponse(zlib.decompress(content), headers=headers)
        response = view(request, network, *args, **kwargs)
        if _storable(request, response):
            assert isinstance(response, HttpResponse)
            cache.set(
                key,
                # Compressed: a page of 20 to 40 kB keeps about 4 kB of memory.
                (zlib.compress(response.content, 1), dict(response.headers)),
                settings.SAMVERK_PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
