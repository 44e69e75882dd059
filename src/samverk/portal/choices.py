"""Choices of the portal app."""

from __future__ import annotations

# WCAG 2.1: normal text needs a contrast of 4.5:1 (1.4.3), graphical objects and the parts of
# controls 3:1 (1.4.11).
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0

DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_ACCENT = "#b35900"
