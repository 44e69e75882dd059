"""The page where an invited person answers an invitation to a role in a network (mounted at
``accounts/invitations/``). The link's token is the key: the person has no role yet, so this
is not a network page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from samverk.accounts.models import User
from samverk.networks import access_services as services
from samverk.networks.access_forms import InvitationActionForm, NewAccountForm
from samverk.networks.models import RoleInvitation


def _gone(request: HttpRequest, invitation: RoleInvitation | None) -> HttpResponse:
    """A link that does not (or no longer) work: say why, without a 500."""
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at:
        reason, status = "accepted", 410
    elif invitation.declined_at:
        reason, status = "declined", 410
    elif invitation.withdrawn_at:
        reason, status = "withdrawn", 410
    else:
        reason, status = "expired", 410
    return render(request, "networks/invitation_gone.html", {"reason": reason}, status=status)


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Show the invitation (network, role, organisation) and accept or decline it.

    An address with an account: the person must be signed in as it (else they sign in
    first). An address without one: accepting creates the account with the name and
    password they choose here, and signs them in."""
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_open or invitation.is_expired(timezone.now()):
        return _gone(request, invitation)
    account = User.objects.filter(email__iexact=invitation.email).first()
    if account is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.pk != account.pk:
            return render(request, "networks/invitation_wrong_account.html", status=403)
    action = request.POST.get("action") if request.method == "POST" else None
    form: InvitationActionForm | NewAccountForm
    if account is None and action == "accept":
        form = NewAccountForm(request.POST)
    elif account is None:
        form = NewAccountForm()
    else:
        form = InvitationActionForm(request.POST if action else None)

    if action == "decline":
        try:
            services.decline_invitation(actor=request.user, invitation=invitation)
        except ValidationError:
            invitation.refresh_from_db()
            return _gone(request, invitation)
        except PermissionDenied:
            return render(request, "networks/invitation_wrong_account.html", status=403)
        return render(request, "networks/invitation_declined.html", {"invitation": invitation})

    if action == "accept" and form.is_valid():
        try:
            if account is None:
                assert isinstance(form, NewAccountForm)
                role = services.accept_invitation_with_new_account(
                    invitation=invitation,
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["new_password1"],
                )
                login(request, role.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                role = services.accept_invitation(actor=account, invitation=invitation)
        except ValidationError as exc:
            invitation.refresh_from_db()
            if not invitation.is_open or invitation.is_expired(timezone.now()):
                return _gone(request, invitation)
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        except PermissionDenied:
            return render(request, "networks/invitation_wrong_account.html", status=403)
        else:
            messages.success(
                request,
                gettext("You now have the role “%(role)s” in %(network)s.")
                % {"role": role.get_role_display(), "network": invitation.network.name},
            )
            return redirect(invitation.network)

    return render(
        request,
        "networks/invitation_answer.html",
        {"invitation": invitation, "form": form, "new_account": account is None},
    )
