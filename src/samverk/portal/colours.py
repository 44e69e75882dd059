"""A portal's colours and their contrast (WCAG 2.1, computed by coloraide)."""

from __future__ import annotations

import re

from coloraide import Color

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def contrast(one: str, other: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    return float(Color(one).contrast(Color(other), method="wcag21"))
