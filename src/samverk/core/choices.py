"""Choices of the tenancy layer: roles, languages, time zones, region levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    PARTNER_REPRESENTATIVE = "partner_representative", _("partner representative")
    COMPANY_CONTACT = "company_contact", _("company contact")
    OBSERVER = "observer", _("observer")


class Language(models.TextChoices):
    DE = "de", _("German")
    EN = "en", _("English")
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")
    SV = "sv", _("Swedish")


class TimeZone(models.TextChoices):
    BERLIN = "Europe/Berlin", "Europe/Berlin"
    OSLO = "Europe/Oslo", "Europe/Oslo"
    STOCKHOLM = "Europe/Stockholm", "Europe/Stockholm"
    UTC = "UTC", "UTC"


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("country")
    STATE = "state", _("state / county")
    DISTRICT = "district", _("district")
    MUNICIPALITY = "municipality", _("municipality")
