"""The coordinator's "People with access" pages of a network (included under
``n/<slug:network>/access/``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.choices import RoleKind
from samverk.core.models import Network, NetworkRole
from samverk.core.permissions import can_view_network
from samverk.core.services import require
from samverk.core.views import network_view, save_with_service
from samverk.networks import access_services as services
from samverk.networks import permissions
from samverk.networks.access_forms import InvitationActionForm, InviteForm, RevokeRoleForm
from samverk.networks.models import RoleInvitation

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
    """Every role in the network (coordinators first, then by name or email) and the open
    invitations (the newest first)."""
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
    invitations = (
        RoleInvitation.objects.for_network(network)
        .open()
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "networks/access_list.html",
        {
            "network": network,
            "roles": roles,
            "invitations": invitations,
            "now": timezone.now(),
        },
    )


@network_view
def access_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    """Invite someone, by email address, to take a role."""
    require(permissions.can_manage_access(request.user, network))
    form = InviteForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        invitation = save_with_service(
            form,
            services.invite_to_role,
            actor=request.user,
            network=network,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
        if invitation:
            messages.success(
                request,
                gettext("An invitation is queued for %(email)s.") % {"email": invitation.email},
            )
            return redirect(_list_url(network))
    return render(
        request,
        "networks/access_form.html",
        {"network": network, "form": form, "cancel_url": _list_url(network)},
    )


def _open_invitation(network: Network, pk: int) -> RoleInvitation:
    return get_object_or_404(
        RoleInvitation.objects.for_network(network).open().select_related("organisation"), pk=pk
    )


@network_view
def invitation_withdraw(
    request: AuthenticatedHttpRequest, network: Network, pk: int
) -> HttpResponse:
    """GET asks for confirmation, POST withdraws the invitation."""
    require(permissions.can_manage_access(request.user, network))
    invitation = _open_invitation(network, pk)
    form = InvitationActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = save_with_service(
            form, services.withdraw_invitation, actor=request.user, invitation=invitation
        )
        if done:
            messages.success(
                request,
                gettext("The invitation for %(email)s is withdrawn.") % {"email": invitation.email},
            )
            return redirect(_list_url(network))
    return render(
        request,
        "networks/access_invitation_confirm.html",
        {"network": network, "invitation": invitation, "form": form, "action": "withdraw"},
    )


@network_view
def invitation_resend(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST sends the invitation again with a new link."""
    require(permissions.can_manage_access(request.user, network))
    invitation = _open_invitation(network, pk)
    form = InvitationActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = save_with_service(
            form,
            services.send_invitation_again,
            actor=request.user,
            invitation=invitation,
            base_url=request.build_absolute_uri("/"),
        )
        if done:
            messages.success(
                request,
                gettext("An invitation is queued for %(email)s.") % {"email": invitation.email},
            )
            return redirect(_list_url(network))
    return render(
        request,
        "networks/access_invitation_confirm.html",
        {
            "network": network,
            "invitation": invitation,
            "form": form,
            "action": "resend",
            "valid_days": settings.ROLE_INVITATION_DAYS,
        },
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
