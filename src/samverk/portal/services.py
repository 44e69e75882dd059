"""Writes of the portal app: each checks permission, runs atomically and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.services import UNSET, Unset, assign, require, save_audited
from samverk.portal import permissions
from samverk.portal.choices import GRAPHIC_CONTRAST, TEXT_CONTRAST
from samverk.portal.colours import HEX, contrast
from samverk.portal.models import PortalSettings

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.core.models import Network

WHITE = "#ffffff"


def settings_of(network: Network) -> PortalSettings:
    """The network's portal settings; the defaults (unsaved) while it has none."""
    found = PortalSettings.objects.filter(network=network).first()
    return found or PortalSettings(network=network)


def _check_colours(settings: PortalSettings) -> None:
    errors: dict[str, str] = {}
    checks = (
        ("primary_colour", TEXT_CONTRAST),
        ("accent_colour", GRAPHIC_CONTRAST),
    )
    for field, needed in checks:
        value = getattr(settings, field)
        if not HEX.match(value or ""):
            continue  # the field's validator reports it
        ratio = contrast(value, WHITE)
        if ratio < needed:
            errors[field] = _(
                "%(colour)s has a contrast of %(ratio)s:1 against white; at least "
                "%(needed)s:1 is needed. Choose a darker colour."
            ) % {
                "colour": value,
                "ratio": f"{ratio:.2f}".rstrip("0").rstrip("."),
                "needed": f"{needed:g}",
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_portal_settings(
    *,
    actor: User,
    network: Network,
    is_published: bool | Unset = UNSET,
    about: str | Unset = UNSET,
    contact: str | Unset = UNSET,
    show_members: bool | Unset = UNSET,
    primary_colour: str | Unset = UNSET,
    accent_colour: str | Unset = UNSET,
    host: str | Unset = UNSET,
) -> PortalSettings:
    """Write the network's portal settings (the first time: create them). Colours are checked
    for contrast against white (WCAG 2.1 AA) before anything is saved."""
    require(permissions.can_manage_portal(actor, network))
    settings = PortalSettings.objects.select_for_update().filter(network=network).first()
    created = settings is None
    if settings is None:
        settings = PortalSettings(network=network)
    before = None if created else audit.snapshot(settings)
    if isinstance(host, str):
        host = host.strip().lower().rstrip(".")
    if isinstance(primary_colour, str):
        primary_colour = primary_colour.strip().lower()
    if isinstance(accent_colour, str):
        accent_colour = accent_colour.strip().lower()
    assign(
        settings,
        {
            "is_published": is_published,
            "about": about,
            "contact": contact,
            "show_members": show_members,
            "primary_colour": primary_colour,
            "accent_colour": accent_colour,
            "host": host,
        },
    )
    _check_colours(settings)
    save_audited(actor=actor, obj=settings, network=network, before=before)
    return settings
