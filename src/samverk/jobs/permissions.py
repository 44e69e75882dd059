"""Who may do what with a network's job offers.

* A company contact or partner representative acts for one organisation
  (``NetworkRole.organisation``): they create offers of that organisation (if it is a member
  of the network), edit them, submit them for review, withdraw them and mark them filled.
* The coordinator moderates (returns with a reason, publishes, ends) and may create offers for
  any member.
* Everyone else with a role in the network (observers, representatives and contacts of other
  organisations) reads the offers that have been published (published, and ended after being
  published) — internally, on these pages; the public board is the portal's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from samverk.core import permissions as platform
from samverk.core.choices import RoleKind
from samverk.core.roles import get_roles, is_platform_admin
from samverk.jobs.choices import ENDED, OfferStatus

# Who acts for an organisation.
ACTING_ROLES = (RoleKind.COMPANY_CONTACT, RoleKind.PARTNER_REPRESENTATIVE)
# States an offer can still be edited in.
EDITABLE = frozenset(
    {OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.RETURNED, OfferStatus.PUBLISHED}
)
# States whose offers every reader of the network sees (they have been published).
SEEN_BY_READERS = frozenset({OfferStatus.PUBLISHED, *ENDED})


def acting_for(user: Any, network: Any) -> set[int]:
    """The organisations ``user`` acts for in ``network`` (as company contact or partner
    representative)."""
    roles = get_roles(user)
    network_id = getattr(network, "pk", network)
    if not roles.has(network_id, *ACTING_ROLES):
        return set()
    return set(roles.organisations.get(network_id, set()))


def can_view_offers(user: Any, network: Any) -> bool:
    return platform.can_view_network(user, network)


def can_moderate(user: Any, network: Any) -> bool:
    """Coordinators (and the platform admin) moderate: return, publish, end, any member."""
    return platform.can_manage_network(user, network)


def can_create_offers(user: Any, network: Any) -> bool:
    """Whether the user may create offers at all (for some organisation) in ``network``."""
    return can_moderate(user, network) or bool(acting_for(user, network))


def can_create_offer_for(user: Any, network: Any, employer: Any) -> bool:
    if can_moderate(user, network):
        return True
    return employer is not None and employer.pk in acting_for(user, network)


def acts_for_employer(user: Any, offer: Any) -> bool:
    return offer.employer_id in acting_for(user, offer.network_id)


def can_edit_offer(user: Any, offer: Any) -> bool:
    if offer.status not in EDITABLE:
        return False
    return can_moderate(user, offer.network) or acts_for_employer(user, offer)


def can_submit_offer(user: Any, offer: Any) -> bool:
    return offer.status in (OfferStatus.DRAFT, OfferStatus.RETURNED) and (
        can_moderate(user, offer.network) or acts_for_employer(user, offer)
    )


def can_return_offer(user: Any, offer: Any) -> bool:
    return offer.status in (OfferStatus.SUBMITTED, OfferStatus.PUBLISHED) and can_moderate(
        user, offer.network
    )


def can_publish_offer(user: Any, offer: Any) -> bool:
    return offer.status in (OfferStatus.DRAFT, OfferStatus.SUBMITTED) and can_moderate(
        user, offer.network
    )


def end_choices(user: Any, offer: Any) -> list[str]:
    """How ``user`` may end ``offer``: the company withdraws it or marks it filled, the
    coordinator also lets it expire; filled and expired only once published."""
    if offer.status in ENDED:
        return []
    moderator = can_moderate(user, offer.network)
    if not (moderator or acts_for_employer(user, offer)):
        return []
    choices = [OfferStatus.WITHDRAWN.value]
    if offer.status == OfferStatus.PUBLISHED:
        choices.insert(0, OfferStatus.FILLED.value)
        if moderator:
            choices.append(OfferStatus.EXPIRED.value)
    return choices


def can_end_offer(user: Any, offer: Any, status: str | None = None) -> bool:
    choices = end_choices(user, offer)
    return bool(choices) if status is None else status in choices


def offer_visibility(user: Any) -> Q:
    """The offers ``user`` reads, as a filter on ``JobOffer`` (together with
    ``visible_to(user)``, which limits them to the user's networks): every offer for
    coordinators, the own organisations' offers for those acting for one, and the published
    ones (and those ended after being published) for every reader."""
    if is_platform_admin(user):
        return Q()
    roles = get_roles(user)
    shown = Q(network_id__in=roles.network_ids(frozenset({RoleKind.COORDINATOR}))) | Q(
        status__in=sorted(SEEN_BY_READERS), date_posted__isnull=False
    )
    for network_id in roles.network_ids(frozenset(ACTING_ROLES)):
        organisations = sorted(roles.organisations.get(network_id, set()))
        if organisations:
            shown |= Q(network_id=network_id, employer_id__in=organisations)
    return shown


def may_read_offer(user: Any, offer: Any) -> bool:
    """``offer_visibility`` for one loaded offer."""
    if can_moderate(user, offer.network) or acts_for_employer(user, offer):
        return True
    return (
        can_view_offers(user, offer.network)
        and offer.status in SEEN_BY_READERS
        and offer.date_posted is not None
    )


def may_read_return_reason(user: Any, offer: Any) -> bool:
    """The reason for returning is for the company and the coordinators."""
    return can_moderate(user, offer.network) or acts_for_employer(user, offer)
