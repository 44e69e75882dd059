"""Which networks' pages show this app's objects (core.page_cache): a change raises their data
version, so that their cached pages are rendered anew.

An organisation belongs to one network (its memberships are in that network): it, its people,
memberships and mandates show there; arenas and invitations in their own network. Joint
meetings widen this to the partner networks (meetings.cache_rules)."""

from __future__ import annotations

from samverk.core import page_cache
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person, RoleInvitation


def _membership(instance: Membership) -> page_cache.NetworkIds:
    return (instance.network_id, instance.organisation.network_id)


def _person(instance: Person) -> page_cache.NetworkIds:
    try:
        return (instance.organisation.network_id,)
    except Organisation.DoesNotExist:  # deleted with its organisation, which raised it
        return None


def _mandate(instance: Mandate) -> page_cache.NetworkIds:
    try:
        return (instance.membership.network_id,)
    except Membership.DoesNotExist:
        return None


def register() -> None:
    page_cache.shown_in(Organisation, page_cache.own_network)
    page_cache.shown_in(Membership, _membership)
    page_cache.shown_in(Person, _person)
    page_cache.shown_in(Mandate, _mandate)
    page_cache.shown_in(Arena, page_cache.own_network)
    page_cache.shown_in(RoleInvitation, page_cache.own_network)
