"""Name badges of a site's participants as a PDF (WeasyPrint): A4 sheets of 2 by 4 badges with
the participant's name, organisation, the event and the site. Only for the organisers (the
badges carry personal data). Participants whose data was erased get no badge."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.views import network_view
from samverk.events import permissions
from samverk.events.choices import RegistrationStatus
from samverk.events.models import EventSite, Registration
from samverk.events.views import _site


def badges_pdf(site: EventSite) -> bytes:
    """The badges of the registered participants of ``site`` (in name order)."""
    from weasyprint import HTML

    from samverk.meetings.pdf import EmbeddedOnlyFetcher, logo_data_uri

    network = site.event.network
    participants = Registration.objects.filter(
        site=site, status=RegistrationStatus.REGISTERED, anonymised_at__isnull=True
    ).order_by("name", "pk")
    html = render_to_string(
        "events/badges_pdf.html",
        {
            "network": network,
            "site": site,
            "event": site.event,
            "participants": list(participants),
            "logo": logo_data_uri(network),
        },
    )
    return bytes(HTML(string=html, url_fetcher=EmbeddedOnlyFetcher()).write_pdf())


@network_view
def badges(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    site = _site(request, network, pk)
    if not permissions.can_print_badges(request.user, network):
        raise Http404
    response = HttpResponse(badges_pdf(site), content_type="application/pdf")
    name = slugify(f"{site.event.title}-{site.name}")[:80] or "badges"
    response["Content-Disposition"] = f'attachment; filename="badges-{name}.pdf"'
    return response
