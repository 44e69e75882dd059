"""Inviting to a meeting: whom the invitation goes to, then sending it; reminding those who
have not replied. (Placeholder while the invite flow is built; replaced in issue 8.)"""

from __future__ import annotations

from django.http import Http404, HttpResponse

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.views import network_view


@network_view
def invite(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    raise Http404


@network_view
def remind(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    raise Http404
