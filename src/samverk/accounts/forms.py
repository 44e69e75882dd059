"""Forms of the account pages: setting and changing a password (which revokes the user's API
tokens)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.auth import forms as auth_forms

from samverk.accounts import services
from samverk.accounts.models import User

# --- passwords: every form that sets one revokes the user's API tokens ------------------------

# The platform admin who sets a password in the Django admin (see admin.UserAdmin).
admin_actor: ContextVar[User | None] = ContextVar("admin_actor", default=None)


class _SavesThroughService:
    """``save()`` of Django's password forms, through ``services.set_password``: the new
    password, and every API token of the user revoked, in one transaction."""

    user: Any
    cleaned_data: dict[str, Any]
    revoked_tokens = 0

    def _actor(self) -> User | None:
        return self.user  # the user themself (change, or reset through the emailed link)

    def _new_password(self) -> str | None:
        return str(self.cleaned_data["new_password1"])

    def save(self, commit: bool = True) -> User:
        self.revoked_tokens = services.set_password(
            actor=self._actor(), user=self.user, password=self._new_password()
        )
        return self.user  # type: ignore[no-any-return]


class SetPasswordForm(_SavesThroughService, auth_forms.SetPasswordForm):
    """Choosing a new password through the emailed reset link."""


class PasswordChangeForm(_SavesThroughService, auth_forms.PasswordChangeForm):
    """Changing one's password, giving the old one."""


class AdminPasswordChangeForm(_SavesThroughService, auth_forms.AdminPasswordChangeForm):
    """A platform admin setting (or disabling) someone's password in the Django admin."""

    def _actor(self) -> User | None:
        return admin_actor.get()

    def _new_password(self) -> str | None:
        if not self.cleaned_data.get("set_usable_password", True):
            return None  # "Password-based authentication: Disabled"
        return str(self.cleaned_data["password1"])
