"""The coordinator's "People with access" pages of a network (included under
``n/<slug:network>/access/``)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.choices import RoleKind
from samverk.core.models import Network, NetworkRole
from samverk.core.permissions import can_view_network
from samverk.core.services import require
from samverk.core.views import network_view, save_with_service
from samverk.networks import access_services as services
from samverk.networks import permissions
from samverk.networks.access_forms import GrantRoleForm, RevokeRoleForm

# --- people with access to a network ------------------------------------------------------

ROLE_ORDER = Case(
    *(When(role=kind, then=Value(i)) for i, kind in enumerate(RoleKind.values)),
    default=Value(len(RoleKind.values)),
    output_field=IntegerField(),
)


def _list_url(network: Network) -> str:
    return reverse("access:list", kwargs={"network": network.slug})


@network_view
def access_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Every role in the network: coordinators first, then by name (or email)."""
    require(permissions.can_manage_access(request.user, network))
    roles = (
        NetworkRole.objects.filter(network=network)
        .select_related("user", "organisation")
        .annotate(
            role_order=ROLE_ORDER,
            sort_name=Lower(
                Coalesce(NullIf("user__name", Value("")), "user__email", output_field=CharField())
            ),
        )
        .order_by("role_order", "sort_name", "pk")
    )
    return render(request, "networks/access_list.html", {"network": network, "roles": roles})


@network_view
def access_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_access(request.user, network))
    form = GrantRoleForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        role = save_with_service(
            form,
            services.grant_role,
            actor=request.user,
            network=network,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
        if role:
            values = {
                "person": role.user,
                "role": role.get_role_display(),
                "email": role.user.email,
            }
            if role.user.has_usable_password():
                text = gettext(
                    "%(person)s now has the role “%(role)s”. An email telling them is queued "
                    "for %(email)s."
                )
            else:
                text = gettext(
                    "%(person)s now has the role “%(role)s”. An invitation to choose a "
                    "password is queued for %(email)s."
                )
            messages.success(request, text % values)
            return redirect(_list_url(network))
    return render(
        request,
        "networks/access_form.html",
        {"network": network, "form": form, "cancel_url": _list_url(network)},
    )


@network_view
def access_remove(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST removes the role (the account stays)."""
    require(permissions.can_manage_access(request.user, network))
    role = get_object_or_404(
        NetworkRole.objects.filter(network=network).select_related("user", "organisation"), pk=pk
    )
    form = RevokeRoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {"person": role.user, "role": role.get_role_display()}
        save_with_service(form, services.revoke_role, actor=request.user, role=role)
        if not form.errors:  # else the service's reason is shown on the page
            messages.success(
                request, gettext("%(person)s no longer has the role “%(role)s”.") % values
            )
            if permissions.can_manage_access(request.user, network):
                return redirect(_list_url(network))
            # They removed their own coordinator role: this page is no longer theirs.
            if can_view_network(request.user, network):
                return redirect(network)
            return redirect("home")
    return render(
        request, "networks/access_remove.html", {"network": network, "role": role, "form": form}
    )
