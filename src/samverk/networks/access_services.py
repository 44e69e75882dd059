"""Every write to users' roles in a network goes through these functions: invitations (sent by
a coordinator, accepted or declined by the invited person, withdrawn or sent again) and
taking a role away.

Each one takes the acting user, checks permission, validates, runs atomically and writes an
audit record; mail is queued in the same transaction and sent by the worker once committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.choices import RoleKind
from samverk.core.email import queue_message
from samverk.core.models import AuditAction, Network, NetworkRole
from samverk.core.roles import forget_roles
from samverk.core.services import check_same_network, record_delete, require, save_audited
from samverk.networks import permissions
from samverk.networks.models import Organisation, RoleInvitation

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


def _open_invitation_exists(network: Network, email: str, role: str, now: dt.datetime) -> bool:
    return (
        RoleInvitation.objects.for_network(network)
        .pending(now)
        .filter(email=email, role=role)
        .exists()
    )


def _new_token(invitation: RoleInvitation) -> str:
    """Give ``invitation`` a new random token (stored hashed) and return it."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> RoleInvitation | None:
    """The invitation of the link's ``token`` (whatever its state), or None."""
    if not token or len(token) > 100:
        return None
    return (
        RoleInvitation.objects.select_related("network", "organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


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
def invite_to_role(
    *,
    actor: User,
    network: Network,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    base_url: str,
) -> RoleInvitation:
    """Invite the person with ``email`` to take ``role`` in ``network``.

    Nothing about an existing account of that address is revealed or changed: the role is
    created only when the person accepts. The invitation mail carries the link to the accept
    page (starting with ``base_url``, the site's address, e.g.
    ``request.build_absolute_uri("/")``); it works for ``ROLE_INVITATION_DAYS`` days.
    """
    require(permissions.can_manage_access(actor, network))
    email = _clean_email(email)
    organisation = check_organisation(network, role, organisation)
    # Under the network's lock, so that two coordinators cannot invite the same person twice.
    Network.objects.select_for_update().get(pk=network.pk)
    now = timezone.now()
    if NetworkRole.objects.filter(network=network, user__email=email, role=role).exists():
        # The coordinator sees everyone with a role on the list: this reveals nothing new.
        raise ValidationError(
            {
                "email": _("%(email)s already has the role “%(role)s” in this network.")
                % {"email": email, "role": RoleKind(role).label}
            }
        )
    if _open_invitation_exists(network, email, role, now):
        raise ValidationError(
            {
                "email": _(
                    "%(email)s is already invited to the role “%(role)s”: send that "
                    "invitation again from the list instead."
                )
                % {"email": email, "role": RoleKind(role).label}
            }
        )
    invitation = RoleInvitation(
        network=network,
        email=email,
        role=role,
        organisation=organisation,
        invited_by=actor,
        expires_at=now + dt.timedelta(days=settings.ROLE_INVITATION_DAYS),
    )
    token = _new_token(invitation)
    save_audited(actor=actor, obj=invitation, network=network)
    _queue_invitation(invitation, token=token, actor=actor, base_url=base_url)
    return invitation


def _open_for_coordinator(actor: User, invitation: RoleInvitation) -> RoleInvitation:
    """The invitation, locked, checked to be still open."""
    require(permissions.can_manage_access(actor, invitation.network))
    current = (
        RoleInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, network_id=invitation.network_id)
        .first()
    )
    if current is None or not current.is_open:
        raise ValidationError(
            _("This invitation has already been accepted, declined or withdrawn.")
        )
    return current


@transaction.atomic
def send_invitation_again(
    *, actor: User, invitation: RoleInvitation, base_url: str
) -> RoleInvitation:
    """Send an open invitation again with a new link (the old one stops working) that works
    for ``ROLE_INVITATION_DAYS`` days from now."""
    current = _open_for_coordinator(actor, invitation)
    before = audit.snapshot(current)
    token = _new_token(current)
    current.expires_at = timezone.now() + dt.timedelta(days=settings.ROLE_INVITATION_DAYS)
    save_audited(actor=actor, obj=current, network=current.network, before=before)
    _queue_invitation(current, token=token, actor=actor, base_url=base_url)
    return current


@transaction.atomic
def withdraw_invitation(*, actor: User, invitation: RoleInvitation) -> RoleInvitation:
    """Withdraw an open invitation: its link no longer works."""
    current = _open_for_coordinator(actor, invitation)
    before = audit.snapshot(current)
    current.withdrawn_at = timezone.now()
    save_audited(actor=actor, obj=current, network=current.network, before=before)
    return current


def _answerable(invitation: RoleInvitation) -> RoleInvitation:
    """The invitation, locked, if it can still be accepted or declined."""
    current = RoleInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if current is None or not current.is_open or current.is_expired(timezone.now()):
        raise ValidationError(_("This invitation can no longer be answered."))
    return current


def _accept(current: RoleInvitation, user: User) -> NetworkRole:
    before = audit.snapshot(current)
    network_role = NetworkRole.objects.filter(
        user=user, network_id=current.network_id, role=current.role
    ).first()
    if network_role is None:
        network_role = NetworkRole(
            user=user,
            network_id=current.network_id,
            role=current.role,
            organisation=current.organisation,
        )
        save_audited(actor=user, obj=network_role, network=current.network)
    current.accepted_at = timezone.now()
    current.accepted_by = user
    save_audited(actor=user, obj=current, network=current.network, before=before)
    forget_roles(user)
    return network_role


@transaction.atomic
def accept_invitation(*, actor: User, invitation: RoleInvitation) -> NetworkRole:
    """The invited person, signed in as the account of the invitation's email address,
    accepts: they get the role."""
    current = _answerable(invitation)
    require(
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.email.lower() == current.email
    )
    return _accept(current, actor)


@transaction.atomic
def accept_invitation_with_new_account(
    *, invitation: RoleInvitation, name: str, password: str
) -> NetworkRole:
    """The invited person has no account yet: accepting creates it (with ``name`` and
    ``password``) and gives it the role."""
    current = _answerable(invitation)
    if User.objects.filter(email__iexact=current.email).exists():
        raise ValidationError(
            _("An account with this email address exists: sign in to accept the invitation.")
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter your name.")})
    user = User(email=current.email, name=name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(  # not the password's hash
        actor=user,
        obj=user,
        action=AuditAction.CREATE,
        network=current.network,
        changes={"email": [None, user.email], "name": [None, user.name]},
    )
    return _accept(current, user)


@transaction.atomic
def decline_invitation(*, actor: User | AnonymousUser, invitation: RoleInvitation) -> None:
    """The invited person declines. Someone with an account must be signed in as it; for an
    address without an account, the link alone suffices."""
    current = _answerable(invitation)
    account = User.objects.filter(email__iexact=current.email).first()
    if account is not None:
        require(getattr(actor, "pk", None) == account.pk)
    before = audit.snapshot(current)
    current.declined_at = timezone.now()
    save_audited(actor=actor, obj=current, network=current.network, before=before)


def _queue_invitation(
    invitation: RoleInvitation, *, token: str, actor: User, base_url: str
) -> None:
    """Queue the invitation mail, written in the network's working language. It carries the
    link that accepts the role: erased from the queue once it is sent."""
    network = invitation.network
    site = base_url.rstrip("/")
    context: dict[str, Any] = {
        "network": network,
        "organisation": invitation.organisation,
        "actor": actor,
        "email": invitation.email,
        "accept_url": site + reverse("invitations:answer", kwargs={"token": token}),
        "valid_days": settings.ROLE_INVITATION_DAYS,
    }
    with translation.override(network.language):
        context["role"] = invitation.get_role_display()
        subject = render_to_string("networks/access_invitation_subject.txt", context)
        body = render_to_string("networks/access_invitation_email.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[invitation.email])
    queue_message(message, kind=ACCESS_MAIL, network=network, created_by=actor, sensitive=True)


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
