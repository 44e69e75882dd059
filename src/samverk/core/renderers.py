"""API renderers. (A module of its own: DRF imports the renderer classes while it defines
its views, so this module must not import DRF's views.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from csp.constants import UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable pages, whose templates carry a few inline styles (and Pygments' style
    block): the Content-Security-Policy allows inline *styles* on these pages only; scripts
    stay limited to the site's own files."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        response: Any = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
