"""Path converters that accept only what the addressed key can be, so that nothing else (a
NUL character, say) reaches a database query from a URL."""

from __future__ import annotations


class TokenConverter:
    """A URL-safe token as ``secrets.token_urlsafe`` makes it (calendar feed keys)."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
