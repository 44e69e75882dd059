"""A user's own account: their API tokens (see and revoke them) and changing their password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods
from knox.settings import knox_settings

from samverk.accounts import services
from samverk.accounts.forms import PasswordChangeForm
from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.accounts.models import ApiToken, User
from samverk.core.views import save_with_service


class ConfirmForm(forms.Form):
    """No fields: the confirmation page's form, which carries the service's errors."""


def _live_tokens(request: HttpRequest) -> Any:
    return ApiToken.objects.filter(user=request.user, expiry__gt=timezone.now()).select_related(
        "user"
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ttl = knox_settings.TOKEN_TTL
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": list(_live_tokens(request)), "ttl_days": max(1, ttl.days)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST revokes the token. Other people's tokens are 404."""
    token = get_object_or_404(_live_tokens(request), pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        label = token.name or token.hint
        save_with_service(form, services.revoke_api_token, actor=request.user, token=token)
        if not form.errors:
            messages.success(
                request,
                gettext("The token “%(token)s” was revoked; programs can no longer use it.")
                % {"token": label},
            )
            return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.html", {"token": token, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = save_with_service(
            form, services.revoke_api_tokens, actor=request.user, user=request.user
        )
        if not form.errors:
            messages.success(
                request,
                ngettext(
                    "%(count)d token was revoked; programs can no longer use it.",
                    "%(count)d tokens were revoked; programs can no longer use them.",
                    count or 0,
                )
                % {"count": count or 0},
            )
            return redirect("accounts:tokens")
    count = _live_tokens(request).count()
    if count == 0 and request.method != "POST":
        return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke_all.html", {"count": count, "form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password (the old one first). The browser stays signed in; other
    browsers are signed out and every API token is revoked."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:tokens")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        user = self.request.user
        assert isinstance(user, User)  # signed in (login_required)
        kwargs["user"] = User.objects.get(pk=user.pk)  # not the lazy request.user
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        revoked = form.revoked_tokens
        text = gettext("Your password was changed.")
        if revoked:
            text += " " + ngettext(
                "Your API token was revoked.",
                "Your %(count)d API tokens were revoked.",
                revoked,
            ) % {"count": revoked}
        messages.success(self.request, text)
        return response


password_change = PasswordChangeView.as_view()
