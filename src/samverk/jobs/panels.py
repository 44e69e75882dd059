"""What the jobs app shows on the dashboard: for coordinators the offers waiting for review,
for those acting for an organisation its returned offers and drafts (one query; left out
when there is nothing to do)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from samverk.core.models import Network
from samverk.jobs import permissions
from samverk.jobs.choices import OfferStatus
from samverk.jobs.models import JobOffer


def dashboard_offers(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    user = request.user
    moderator = permissions.can_moderate(user, network)
    organisations = sorted(permissions.acting_for(user, network))
    if not moderator and not organisations:
        return None
    own = Q(employer_id__in=organisations)
    counts = JobOffer.objects.for_network(network).aggregate(
        to_review=Count("pk", filter=Q(status=OfferStatus.SUBMITTED)),
        returned=Count("pk", filter=own & Q(status=OfferStatus.RETURNED)),
        drafts=Count("pk", filter=own & Q(status=OfferStatus.DRAFT)),
    )
    if not moderator:
        counts["to_review"] = 0
    if not any(counts.values()):
        return None
    return {"network": network, "offers": counts, "moderator": moderator}
