"""Scoped querysets: every list, page, API endpoint and export starts from visible_to(user)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from samverk.accounts.choices import RoleKind
from samverk.accounts.roles import READERS, get_roles, is_platform_admin

if TYPE_CHECKING:
    from samverk.networks.models import (  # noqa: F401
        Arena,
        Federation,
        Mandate,
        Membership,
        Network,
        Organisation,
        Person,
        Region,
    )


def _active(on: dt.date | None, start: str, end: str) -> Q:
    on = on or dt.date.today()
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


class FederationQuerySet(models.QuerySet["Federation"]):
    def visible_to(self, user: Any) -> FederationQuerySet:
        """The federations of the user's networks (a federation's charter is shown on the
        dashboards of its networks); platform admins see all."""
        if is_platform_admin(user):
            return self
        from samverk.networks.models import Network

        networks = Network.objects.filter(id__in=get_roles(user).network_ids())
        return self.filter(id__in=networks.values("federation_id"))


class RegionQuerySet(models.QuerySet["Region"]):
    def visible_to(self, user: Any) -> RegionQuerySet:
        # Regions are shared reference data: every signed-in user may read them.
        return self if getattr(user, "is_authenticated", False) else self.none()


class NetworkQuerySet(models.QuerySet["Network"]):
    def visible_to(self, user: Any) -> NetworkQuerySet:
        if is_platform_admin(user):
            return self
        return self.filter(id__in=get_roles(user).network_ids())


class _NetworkScoped(models.QuerySet[Any]):
    network_field = "network"

    def for_network(self, network: Any) -> Any:
        return self.filter(**{self.network_field: network})

    def visible_to(self, user: Any) -> Any:
        if is_platform_admin(user):
            return self
        return self.filter(**{f"{self.network_field}_id__in": get_roles(user).network_ids()})


class OrganisationQuerySet(_NetworkScoped):
    def with_active_membership(self, on: dt.date | None = None) -> OrganisationQuerySet:
        from samverk.networks.models import Membership

        return self.annotate(
            is_member=Exists(
                Membership.objects.filter(organisation=OuterRef("pk")).filter(
                    _active(on, "since", "until")
                )
            )
        )


class MembershipQuerySet(_NetworkScoped):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        return self.filter(_active(on, "since", "until"))

    def with_representation(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Annotate ``has_authorised_representative``: an active decision-authorised mandate."""
        from samverk.networks.models import Mandate

        return self.annotate(
            has_authorised_representative=Exists(
                Mandate.objects.filter(membership=OuterRef("pk"), decision_authorised=True).filter(
                    _active(on, "valid_from", "valid_until")
                )
            )
        )


class PersonQuerySet(models.QuerySet["Person"]):
    def for_network(self, network: Any) -> PersonQuerySet:
        return self.filter(organisation__network=network)

    def visible_to(self, user: Any) -> PersonQuerySet:
        """Contact details: readers of the network see everyone; a company contact sees
        only the people of their own organisation."""
        if is_platform_admin(user):
            return self
        roles = get_roles(user)
        visible = Q(organisation__network_id__in=roles.network_ids(READERS))
        for nid, orgs in roles.organisations.items():
            if roles.has(nid, RoleKind.COMPANY_CONTACT):
                # Only organisations of the role's own network, even if a role was set up
                # with an organisation of another network.
                visible |= Q(organisation__network_id=nid, organisation_id__in=sorted(orgs))
        return self.filter(visible)


class MandateQuerySet(_NetworkScoped):
    network_field = "membership__network"

    def visible_to(self, user: Any) -> MandateQuerySet:
        if is_platform_admin(user):
            return self
        return self.filter(membership__network_id__in=get_roles(user).network_ids())

    def active(self, on: dt.date | None = None) -> MandateQuerySet:
        return self.filter(_active(on, "valid_from", "valid_until"))


class ArenaQuerySet(_NetworkScoped):
    pass
