"""Users log in with their email address; roles are held per network."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager
from knox.settings import CONSTANTS

from samverk.core.querysets import UserScopedQuerySet


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


# (django-stubs cannot follow ApiToken's base class from the untyped knox to its related name.)
class User(AbstractUser):  # type: ignore[django-manager-missing]
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Emails are stored lower-case so that login (which lower-cases input) always matches.
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class ApiTokenQuerySet(UserScopedQuerySet["ApiToken"]):
    """Each user sees only their own tokens."""


class ApiToken(AbstractAuthToken):
    """A token for the API (django-rest-knox, ``KNOX_TOKEN_MODEL``). A user has any number;
    each expires (``REST_KNOX["TOKEN_TTL"]``) and can be revoked. Only a hash of the secret
    (``digest``) and its first characters (``token_key``, to find it) are stored."""

    id: models.BigAutoField[int, int] = models.BigAutoField(primary_key=True)
    digest: models.CharField[str, str] = models.CharField(
        max_length=CONSTANTS.DIGEST_LENGTH, unique=True
    )
    user: models.ForeignKey[User, User] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="auth_token_set",  # the name knox's expiry clean-up uses
    )
    name: models.CharField[str, str] = models.CharField(_("name"), max_length=100, blank=True)
    created: models.DateTimeField[dt.datetime, dt.datetime] = models.DateTimeField(
        _("created"), auto_now_add=True
    )
    expiry: models.DateTimeField[dt.datetime | None, dt.datetime | None] = models.DateTimeField(
        _("expires"), null=True, blank=True
    )
    last_used: models.DateTimeField[dt.datetime | None, dt.datetime | None] = models.DateTimeField(
        _("last used"), null=True, blank=True
    )

    objects = AuthTokenManager.from_queryset(ApiTokenQuerySet)()  # type: ignore[misc]

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]

    @property
    def hint(self) -> str:
        """The secret's first characters: enough to recognise it, useless to sign in."""
        return f"{self.token_key[:8]}…"

    def __str__(self) -> str:
        label = f"“{self.name}” " if self.name else ""
        return f"API token {label}({self.hint}) of {self.user.email}"
