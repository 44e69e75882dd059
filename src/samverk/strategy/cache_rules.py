"""Which networks' pages show this app's objects (core.page_cache): the network of the
direction each belongs to."""

from __future__ import annotations

from samverk.core import page_cache
from samverk.strategy.models import (
    AnnualPlan,
    Charter,
    CharterVersion,
    Commitment,
    Contribution,
    Direction,
    DirectionVersion,
    Goal,
    IncomeLine,
    Indicator,
    Measurement,
    Obligation,
    PlanActivity,
    SelfCheck,
)


def register() -> None:
    for model in (
        Direction,
        DirectionVersion,
        Goal,
        Commitment,
        Indicator,
        Measurement,
        AnnualPlan,
        PlanActivity,
        IncomeLine,
    ):
        page_cache.shown_in(model, page_cache.along_network_path)
    page_cache.shown_in(SelfCheck, page_cache.own_network)
    page_cache.shown_in(Contribution, page_cache.own_network)
    page_cache.shown_in(Charter, _charter)
    page_cache.shown_in(CharterVersion, lambda version: _charter_id(version.charter_id))
    page_cache.shown_in(Obligation, lambda obligation: _charter_id(obligation.charter_id))


def _charter(charter: Charter) -> page_cache.NetworkIds:
    """The charter's network and, as it is or was shared, the networks of its federation."""
    return _charter_id(charter.pk, charter.network_id)


def _charter_id(charter_id: int, network_id: int | None = None) -> page_cache.NetworkIds:
    from samverk.core.models import Network

    if network_id is None:
        network_id = (
            Charter.objects.filter(pk=charter_id).values_list("network_id", flat=True).first()
        )
        if network_id is None:
            return None  # deleted with its charter: every network, to be safe
    federation = Network.objects.filter(pk=network_id).values_list("federation_id", flat=True)
    return {
        network_id,
        *Network.objects.filter(federation_id__in=federation).values_list("pk", flat=True),
    }
