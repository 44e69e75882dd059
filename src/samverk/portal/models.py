"""A network's public portal: whether it is published, its texts, colours and host name.

What the portal shows of the network's data is decided where the data lives (a project, an
update, a file, an indicator, the charter or a meeting marked public); ``portal.public`` is the
one read side that applies those marks."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.portal import querysets
from samverk.portal.choices import DEFAULT_ACCENT, DEFAULT_PRIMARY
from samverk.portal.colours import HEX

colour_validator = RegexValidator(
    HEX, _("Enter a colour as # and six hexadecimal digits, e.g. #1f4e79.")
)
host_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a host name such as fachkraefte-nordsachsen.de (no https://, no path)."),
)


class PortalSettings(TimeStampedModel):
    network = models.OneToOneField(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="portal_settings",
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Off: the portal answers “not found” and nothing of it is shown."),
    )
    about = models.TextField(
        _("who we are"),
        blank=True,
        help_text=_("Markdown. Empty: the network's description."),
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_("Markdown: the office's address and how to reach it (shown to everyone)."),
    )
    show_members = models.BooleanField(_("show the member organisations"), default=True)
    primary_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default=DEFAULT_PRIMARY,
        validators=[colour_validator],
        help_text=_("Background of the header and colour of links: needs 4.5:1 against white."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[colour_validator],
        help_text=_("Lines and marks: needs 3:1 against white."),
    )
    host = models.CharField(
        _("own host name"),
        max_length=253,
        blank=True,
        validators=[host_validator],
        help_text=_(
            "The portal is also served at this address (the platform's operator points it "
            "here and adds it to the allowed hosts)."
        ),
    )

    network_path = "network"
    objects = querysets.PortalSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")
        constraints = [
            models.UniqueConstraint(
                Lower("host"),
                condition=~models.Q(host=""),
                name="portal_unique_host",
                violation_error_message=_("Another network's portal uses this host name."),
            )
        ]

    def __str__(self) -> str:
        return str(self.network)
