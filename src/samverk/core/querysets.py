"""Tenancy in one place: the scoped querysets every read starts from.

Each model that belongs to a network declares its path to the network (``network_path``, a
Django lookup such as ``"network"`` or ``"meeting__network"``) and uses a queryset built on
:class:`NetworkScopedQuerySet`; ``visible_to(user)`` and ``for_network(network)`` come from it.
Shared reference data (regions, later classifications) uses :class:`ReferenceQuerySet`.

It fails closed: a model that forgets its ``network_path`` raises instead of returning rows,
and :func:`require_scoped` refuses any queryset that is neither, so the API, exports and feeds
never serve an unfiltered queryset.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext

from samverk.core.choices import RoleKind
from samverk.core.roles import READERS, get_roles, is_platform_admin

if TYPE_CHECKING:
    from samverk.core.models import Network, Region  # noqa: F401

_M = TypeVar("_M", bound=models.Model)


def _lookup(path: str, suffix: str) -> str:
    return f"{path}__{suffix}" if path else suffix


class _TracksVisibility:
    """``visible_to`` marks the queryset, and every queryset derived from it keeps the mark,
    so that :func:`require_scoped` can tell a served queryset was limited to the user."""

    _samverk_visible_to = False

    def _clone(self) -> Any:
        clone = super()._clone()  # type: ignore[misc]
        clone._samverk_visible_to = self._samverk_visible_to
        return clone

    def _mark(self, queryset: Any) -> Any:
        queryset = queryset._chain() if queryset is self else queryset
        queryset._samverk_visible_to = True
        return queryset


class NetworkScopedQuerySet(_TracksVisibility, models.QuerySet[_M]):
    """Rows of one network. ``reader_roles``: the roles that may read them (None: any role in
    the network); the platform admin reads everything."""

    reader_roles: ClassVar[frozenset[str] | None] = None

    @property
    def network_path(self) -> str:
        path = getattr(self.model, "network_path", None)
        if path is None:
            raise ImproperlyConfigured(
                f"{self.model.__name__} uses a network-scoped queryset but declares no "
                "network_path."
            )
        return str(path)

    def for_network(self, network: Any) -> Any:
        network_id = getattr(network, "pk", network)
        return self.filter(**{_lookup(self.network_path, "id"): network_id})

    def visible_to(self, user: Any) -> Any:
        path = self.network_path  # raises for a model without one, whoever asks
        if is_platform_admin(user):
            return self._mark(self)
        ids = get_roles(user).network_ids(self.reader_roles)
        return self._mark(self.filter(**{_lookup(path, "id__in"): ids}))


class ReferenceQuerySet(_TracksVisibility, models.QuerySet[_M]):
    """Shared reference data (regions, classifications): every signed-in user may read it."""

    def visible_to(self, user: Any) -> Any:
        return self._mark(self if getattr(user, "is_authenticated", False) else self.none())


def is_scoped(queryset: Any) -> bool:
    return isinstance(queryset, NetworkScopedQuerySet | ReferenceQuerySet | UserScopedQuerySet)


def require_scoped(queryset: Any, *, filtered: bool = False) -> Any:
    """The API, exports and feeds call this: a queryset that is not scoped is refused. With
    ``filtered``, it must also have been limited with ``visible_to(user)`` (the rows a view
    serves), not only come from a scoped model."""
    model = getattr(queryset, "model", queryset)
    if not is_scoped(queryset):
        raise ImproperlyConfigured(f"{model!r} has no scoped queryset; refusing to serve it.")
    if filtered and not getattr(queryset, "_samverk_visible_to", False):
        raise ImproperlyConfigured(
            f"{model!r}: the queryset was not limited with visible_to(user); refusing to serve it."
        )
    return queryset


# --- who may see a person ----------------------------------------------------------------


def person_visibility(
    user: Any, *, organisation: str = "organisation", network: str = "organisation__network"
) -> Q:
    """The one rule for people: readers of a network (coordinator, partner representative,
    observer) see its people; a company contact sees only the people of their own
    organisation(s). ``organisation`` and ``network`` are the lookups from the queried model
    to the person's organisation and network (``"owner_person__organisation"``…)."""
    if is_platform_admin(user):
        return Q()
    roles = get_roles(user)
    visible = Q(**{_lookup(network, "id__in"): roles.network_ids(READERS)})
    for network_id, organisations in roles.organisations.items():
        if roles.has(network_id, RoleKind.COMPANY_CONTACT):
            # Only organisations of the role's own network, even if a role was set up with an
            # organisation of another network.
            visible |= Q(
                **{
                    _lookup(network, "id"): network_id,
                    _lookup(organisation, "id__in"): sorted(organisations),
                }
            )
    return visible


def may_see_person(user: Any, person: Any) -> bool:
    """The same rule for one person already loaded (needs ``person.organisation_id`` and
    ``person.organisation.network_id``)."""
    if person is None:
        return False
    return may_see_person_of(user, person.organisation.network_id, person.organisation_id)


def may_see_person_of(user: Any, network_id: int, organisation_id: int) -> bool:
    """The same rule for a person known by their organisation and its network (rows read with
    ``values()``, no person loaded)."""
    if is_platform_admin(user):
        return True
    roles = get_roles(user)
    if roles.has(network_id, *READERS):
        return True
    return roles.has(network_id, RoleKind.COMPANY_CONTACT) and (
        organisation_id in roles.organisations.get(network_id, set())
    )


def person_label(user: Any, person: Any, organisation: bool = False) -> str:
    """A person as ``user`` may see them (``may_see_person``): the name, or "a person" — with
    ``organisation=True`` "a person (Organisation)". Plain text, escaped where it is shown (the
    ``{% person_name %}`` tag, and views that prepare their rows)."""
    if person is None:
        return ""
    if may_see_person(user, person):
        return str(person.name)
    hidden = gettext("a person")
    return f"{hidden} ({person.organisation.name})" if organisation else hidden


def visible_ids(user: Any, people: Iterable[Any]) -> set[int]:
    return {person.pk for person in people if may_see_person(user, person)}


# --- the tenancy models' own querysets ----------------------------------------------------


class RegionQuerySet(ReferenceQuerySet["Region"]):
    pass


class NetworkQuerySet(NetworkScopedQuerySet["Network"]):
    """A network is its own scope (``network_path = ""``): users see the networks they hold a
    role in."""


class UserScopedQuerySet(_TracksVisibility, models.QuerySet[_M]):
    """Rows that belong to one user (calendar tokens, API tokens): each user sees only theirs.
    ``user_path`` on the model names the lookup to the owner (default ``"user"``)."""

    def visible_to(self, user: Any) -> Any:
        if not getattr(user, "is_authenticated", False):
            return self._mark(self.none())
        return self._mark(self.filter(**{getattr(self.model, "user_path", "user"): user}))
