"""Every write to users' roles, passwords and API tokens goes through these functions.

Each one takes the acting user, checks permission, validates, runs atomically and writes an
audit record; mail is queued in the same transaction and sent by the worker once committed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.email import queue_message
from samverk.core.models import Network, NetworkRole
from samverk.core.roles import forget_roles
from samverk.core.services import check_same_network, record_delete, require, save_audited
from samverk.networks import permissions
from samverk.networks.models import Organisation

# The kind of the invitation / notification mail (registered in NetworksConfig.ready).
ACCESS_MAIL = "accounts.access"

# Roles that act for one organisation of the network; the others act for the network itself.
ORGANISATION_ROLES = frozenset({RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT})


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter the person's email address.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    return email


def check_organisation(
    network: Network, role: str, organisation: Organisation | None
) -> Organisation | None:
    """Partner representatives and company contacts act for one organisation of the network;
    coordinators and observers for the whole network (no organisation)."""
    if role not in RoleKind.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if role in ORGANISATION_ROLES:
        if organisation is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "Choose the organisation this person acts for: partner representatives "
                        "and company contacts act for one organisation."
                    )
                }
            )
        check_same_network(
            network,
            field="organisation",
            obj=organisation,
            message=_("This organisation does not belong to this network."),
        )
        return organisation
    if organisation is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "Coordinators and observers act for the whole network: leave the "
                    "organisation empty."
                )
            }
        )
    return None


@transaction.atomic
def add_role(
    *,
    actor: User,
    network: Network,
    user: User,
    role: str,
    organisation: Organisation | None = None,
) -> NetworkRole:
    """Give an existing account a role in ``network`` directly, without an invitation mail —
    for the demo loader and for an invitation the person has accepted. Checked and audited
    like every write; the same role twice is refused."""
    require(permissions.can_manage_access(actor, network))
    organisation = check_organisation(network, role, organisation)
    if NetworkRole.objects.filter(user=user, network=network, role=role).exists():
        raise ValidationError(
            {
                "role": _("%(person)s already has the role “%(role)s” in this network.")
                % {"person": user, "role": RoleKind(role).label}
            }
        )
    network_role = NetworkRole(user=user, network=network, role=role, organisation=organisation)
    save_audited(actor=actor, obj=network_role, network=network)
    if user.pk == actor.pk:
        forget_roles(actor)
    return network_role


@transaction.atomic
def grant_role(
    *,
    actor: User,
    network: Network,
    email: str,
    name: str = "",
    role: str,
    organisation: Organisation | None = None,
    base_url: str,
) -> NetworkRole:
    """Give the person with ``email`` a ``role`` in ``network``.

    Someone without an account gets one (without a password) and an invitation email with a
    link to choose a password; someone with an account gets a short notification. Links in the
    email start with ``base_url`` (the site's address, e.g. ``request.build_absolute_uri("/")``).
    """
    require(permissions.can_manage_access(actor, network))
    email = _clean_email(email)
    name = (name or "").strip()
    organisation = check_organisation(network, role, organisation)

    user = User.objects.filter(email=email).first()
    if user is None:
        if not name:
            raise ValidationError(
                {"name": _("Enter the person's name: there is no account for this email yet.")}
            )
        user = User(email=email, name=name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif NetworkRole.objects.filter(user=user, network=network, role=role).exists():
        raise ValidationError(
            {
                "email": _("%(person)s already has the role “%(role)s” in this network.")
                % {"person": user, "role": RoleKind(role).label}
            }
        )

    network_role = NetworkRole(user=user, network=network, role=role, organisation=organisation)
    save_audited(actor=actor, obj=network_role, network=network)
    if user.pk == getattr(actor, "pk", None):
        forget_roles(actor)

    message = _role_email(network_role, actor=actor, base_url=base_url)
    # Queued with the role and sent by the worker once committed (retried if the mail server
    # fails). An invitation carries a link to choose a password: erased once it is sent.
    queue_message(
        message,
        kind=ACCESS_MAIL,
        network=network,
        created_by=actor,
        sensitive=not user.has_usable_password(),
    )
    return network_role


def _role_email(network_role: NetworkRole, *, actor: User, base_url: str) -> EmailMessage:
    """The invitation (no password yet) or the notification (existing account), written in the
    network's working language."""
    user, network = network_role.user, network_role.network
    site = base_url.rstrip("/")
    context: dict[str, Any] = {
        "user": user,
        "network": network,
        "organisation": network_role.organisation,
        "actor": actor,
        "network_url": site + network.get_absolute_url(),
        "login_url": site + reverse("accounts:login"),
        "set_password_url": None,
    }
    if not user.has_usable_password():
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context["set_password_url"] = site + path
        context["valid_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
    with translation.override(network.language):
        context["role"] = network_role.get_role_display()
        subject = render_to_string("networks/access_invitation_subject.txt", context)
        body = render_to_string("networks/access_invitation_email.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


@transaction.atomic
def revoke_role(*, actor: User, role: NetworkRole) -> None:
    """Take a role away. The account stays; the last coordinator of a network cannot be
    removed, so that a network is never left without one by accident."""
    require(permissions.can_manage_access(actor, role.network))
    network = Network.objects.select_for_update().get(pk=role.network_id)
    # Under the network's lock, so that two coordinators removing each other at the same
    # time cannot both succeed.
    current = (
        NetworkRole.objects.select_related("user", "organisation", "network")
        .filter(pk=role.pk, network=network)
        .first()
    )
    if current is None:
        raise ValidationError(_("This role has already been removed."))
    if current.role == RoleKind.COORDINATOR and not (
        NetworkRole.objects.filter(network=network, role=RoleKind.COORDINATOR)
        .exclude(pk=current.pk)
        .exists()
    ):
        if current.user_id == getattr(actor, "pk", None):
            message = _(
                "You are the only coordinator of this network. Give someone else the "
                "coordinator role first, so that the network is not left without one."
            )
        else:
            message = _(
                "%(person)s is the only coordinator of this network. Give someone else the "
                "coordinator role first, so that the network is not left without one."
            ) % {"person": current.user}
        raise ValidationError(message)
    record_delete(actor=actor, obj=current, network=network)
    current.delete()
    if current.user_id == getattr(actor, "pk", None):
        forget_roles(actor)
