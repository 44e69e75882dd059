"""Signing in, and the coordinator's "People with access" pages of a network."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverk.accounts import permissions, services
from samverk.accounts.choices import RoleKind
from samverk.accounts.forms import GrantRoleForm, RevokeRoleForm
from samverk.accounts.models import NetworkRole
from samverk.core import email
from samverk.core.views import network_view, save_with_service
from samverk.networks.models import Network
from samverk.networks.permissions import can_view_network


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, with the mail queued for the worker (retried when the
    mail server fails) instead of sent during the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        email.queue_mail(
            kind=services.PASSWORD_RESET_MAIL,
            to=[to_email],
            subject=subject,
            body=body,
            html=html,
            from_email=from_email,
            sensitive=True,
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


# --- people with access to a network ------------------------------------------------------

ROLE_ORDER = Case(
    *(When(role=kind, then=Value(i)) for i, kind in enumerate(RoleKind.values)),
    default=Value(len(RoleKind.values)),
    output_field=IntegerField(),
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _list_url(network: Network) -> str:
    return reverse("access:list", kwargs={"network": network.slug})


@network_view
def access_list(request: HttpRequest, network: Network) -> HttpResponse:
    """Every role in the network: coordinators first, then by name (or email)."""
    _require(permissions.can_manage_access(request.user, network))
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
    return render(request, "accounts/access_list.html", {"network": network, "roles": roles})


@network_view
def access_create(request: HttpRequest, network: Network) -> HttpResponse:
    _require(permissions.can_manage_access(request.user, network))
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
        "accounts/access_form.html",
        {"network": network, "form": form, "cancel_url": _list_url(network)},
    )


@network_view
def access_remove(request: HttpRequest, network: Network, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST removes the role (the account stays)."""
    _require(permissions.can_manage_access(request.user, network))
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
        request, "accounts/access_remove.html", {"network": network, "role": role, "form": form}
    )
