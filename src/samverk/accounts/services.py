"""Every write to a user's password and API tokens goes through these functions: each takes
the acting user, checks permission, runs atomically and writes an audit record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.accounts.models import ApiToken, User
from samverk.core import audit
from samverk.core.models import AuditAction
from samverk.core.services import require

# --- passwords and API tokens -----------------------------------------------------------------

API_TOKEN_FIELDS = ["name", "user", "created", "expiry"]  # audited; never the secret's parts


def _may_act_for(actor: User | None, user: User) -> bool:
    return actor is not None and (actor.pk == user.pk or actor.is_superuser)


@transaction.atomic
def create_api_token(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for ``user``, who has just given their password. Returns the token and
    its secret: the secret is shown this once and only a hash of it is stored. It expires after
    ``REST_KNOX["TOKEN_TTL"]``."""
    name = (name or "").strip()
    max_length = ApiToken._meta.get_field("name").max_length or 100
    if len(name) > max_length:
        raise ValidationError(
            {
                "name": _("Ensure this field has no more than %(max)d characters.")
                % {"max": max_length}
            }
        )
    if not user.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))
    token, secret = ApiToken.objects.create(user=user, name=name)
    after = audit.snapshot(token, API_TOKEN_FIELDS)
    audit.record(
        actor=user,
        obj=token,
        action=AuditAction.CREATE,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "", [])},
    )
    return token, secret


def _revoke(actor: User | None, token: ApiToken) -> None:
    before = audit.snapshot(token, API_TOKEN_FIELDS)
    audit.record(
        actor=actor,
        obj=token,
        action=AuditAction.DELETE,
        changes={k: [v, None] for k, v in before.items() if v not in (None, "", [])},
    )
    token.delete()


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    """Revoke one token: programs that use it can no longer use the API."""
    require(_may_act_for(actor, token.user))
    current = ApiToken.objects.select_for_update().filter(pk=token.pk).first()
    if current is None:
        raise ValidationError(_("This token has already been revoked."))
    _revoke(actor, current)


@transaction.atomic
def revoke_api_tokens(*, actor: User | None, user: User) -> int:
    """Revoke every token of ``user``; returns how many there were. ``actor`` None is the
    system (audited without an actor)."""
    if actor is not None:
        require(_may_act_for(actor, user))
    tokens = list(ApiToken.objects.select_for_update().filter(user=user).select_related("user"))
    for token in tokens:
        _revoke(actor, token)
    return len(tokens)


@transaction.atomic
def set_password(*, actor: User | None, user: User, password: str | None) -> int:
    """Give ``user`` a new password (``None``: none usable) and revoke all their API tokens, so
    that whoever knew the old password keeps no way in. Returns how many tokens were revoked.

    ``actor`` is the user (changing their own password, or choosing a new one through the
    emailed reset link, which proved who they are), a platform admin, or None for the system.
    The forms that call this have validated the password already."""
    if actor is not None:
        require(_may_act_for(actor, user))
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, obj=user, action=AuditAction.UPDATE, changes={"password": ["…", "…"]})
    return revoke_api_tokens(actor=actor, user=user)
