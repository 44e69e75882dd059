"""QR codes of check-in codes (segno, pure Python): a PNG for the confirmation mail and an SVG
for the participant's personal page. The QR code holds the check-in code itself, nothing
else: the check-in page reads it with the camera (jsQR) or it is typed in."""

from __future__ import annotations

import io

import segno


def _qr(code: str) -> segno.QRCode:
    return segno.make_qr(code, error="m")


def png(code: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _qr(code).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg(code: str, scale: int = 6, title: str = "") -> str:
    """Inline SVG markup without style attributes (allowed under the CSP)."""
    return str(_qr(code).svg_inline(scale=scale, border=4, title=title or None, svgclass="qr-code"))
