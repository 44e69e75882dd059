"""Scoped querysets: every list, page, API endpoint and export starts from visible_to(user)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet, person_visibility

if TYPE_CHECKING:
    from samverk.core.models import Federation  # noqa: F401
    from samverk.networks.models import (  # noqa: F401
        Arena,
        Mandate,
        Membership,
        Organisation,
        Person,
        RoleInvitation,
    )


def _active(on: dt.date, start: str, end: str) -> Q:
    """Valid on the day ``on``: the caller says which day (usually the network's today,
    ``samverk.core.clock.network_today``)."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


class OrganisationQuerySet(NetworkScopedQuerySet["Organisation"]):
    def with_active_membership(self, on: dt.date) -> OrganisationQuerySet:
        from samverk.networks.models import Membership

        return self.annotate(
            is_member=Exists(
                Membership.objects.filter(organisation=OuterRef("pk")).filter(
                    _active(on, "since", "until")
                )
            )
        )


class MembershipQuerySet(NetworkScopedQuerySet["Membership"]):
    def active(self, on: dt.date) -> MembershipQuerySet:
        return self.filter(_active(on, "since", "until"))

    def with_representation(self, on: dt.date) -> MembershipQuerySet:
        """Annotate ``has_authorised_representative``: an active decision-authorised mandate."""
        return self.annotate(has_authorised_representative=_authorised_representative(on))

    def without_representative(self, on: dt.date) -> MembershipQuerySet:
        """Those without an authorised representative on ``on`` (no annotation to select)."""
        return self.filter(~_authorised_representative(on))

    def representation_counts(self, on: dt.date) -> dict[str, int]:
        """``members`` and ``missing`` (without an authorised representative on ``on``) in one
        plain aggregate: cheaper to build than aggregating over ``with_representation``."""
        return self.aggregate(
            members=Count("pk"), missing=Count("pk", filter=~_authorised_representative(on))
        )


def _authorised_representative(on: dt.date) -> Exists:
    """The membership (OuterRef) has an active decision-authorised mandate on ``on``."""
    from samverk.networks.models import Mandate

    return Exists(
        Mandate.objects.filter(membership=OuterRef("pk"), decision_authorised=True).filter(
            _active(on, "valid_from", "valid_until")
        )
    )


class PersonQuerySet(NetworkScopedQuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """Contact details follow the one person-visibility rule (core.querysets)."""
        return self._mark(self.filter(person_visibility(user)))


class MandateQuerySet(NetworkScopedQuerySet["Mandate"]):
    def active(self, on: dt.date) -> MandateQuerySet:
        return self.filter(_active(on, "valid_from", "valid_until"))


class ArenaQuerySet(NetworkScopedQuerySet["Arena"]):
    pass


class RoleInvitationQuerySet(NetworkScopedQuerySet["RoleInvitation"]):
    """Invitations are read by the network's coordinators only."""

    reader_roles = frozenset({RoleKind.COORDINATOR})

    def open(self) -> RoleInvitationQuerySet:
        """Neither accepted, declined nor withdrawn (perhaps expired)."""
        return self.filter(
            accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True
        )

    def pending(self, now: dt.datetime) -> RoleInvitationQuerySet:
        """Open and not yet expired at ``now``."""
        return self.open().filter(expires_at__gt=now)
