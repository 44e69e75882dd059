from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    PARTNER_REPRESENTATIVE = "partner_representative", _("partner representative")
    COMPANY_CONTACT = "company_contact", _("company contact")
    OBSERVER = "observer", _("observer")
