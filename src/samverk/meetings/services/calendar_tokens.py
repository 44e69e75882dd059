"""Personal calendar feed tokens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.models import AuditAction
from samverk.meetings.models import (
    CalendarToken,
)

# --- calendar tokens -------------------------------------------------------------------------
# Tokens belong to a user, not to a network: the audit records carry no network, and never the
# key itself (it is the secret).


def _require_signed_in(actor: User) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))


def _revoke_active(actor: User, user: User, now: dt.datetime) -> int:
    revoked = 0
    for token in CalendarToken.objects.select_for_update().active().filter(user=user):
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            obj=token,
            action=AuditAction.END,
            changes={"revoked_at": [None, now.isoformat()]},
        )
        revoked += 1
    return revoked


@transaction.atomic
def create_calendar_token(*, actor: User) -> CalendarToken:
    """A new feed address for ``actor``; an address they had stops working at once."""
    _require_signed_in(actor)
    now = timezone.now()
    _revoke_active(actor, actor, now)
    token = CalendarToken(user=actor)
    token.full_clean()
    token.save()
    audit.record(
        actor=actor,
        obj=token,
        action=AuditAction.CREATE,
        changes={"user": [None, str(actor)]},
    )
    return token


@transaction.atomic
def revoke_calendar_token(*, actor: User) -> int:
    """Stop ``actor``'s feed address from working. Returns how many tokens were revoked."""
    _require_signed_in(actor)
    revoked = _revoke_active(actor, actor, timezone.now())
    if not revoked:
        raise ValidationError(_("You have no calendar feed address to revoke."))
    return revoked
