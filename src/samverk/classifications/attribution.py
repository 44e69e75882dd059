"""The attribution ESCO's licence (Commission Decision 2011/833/EU) asks for wherever ESCO
labels appear. Pages include ``classifications/esco_attribution.html``; other outputs (exports,
the API's descriptions) use these constants."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ESCO_URL = "https://esco.ec.europa.eu/"
ESCO_ATTRIBUTION = _("This service uses the ESCO classification of the European Commission.")
