"""The API's documentation page (Swagger UI at /api/docs/)."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI (the files of drf-spectacular-sidecar, served by the site). Its start script
    comes from /api/docs/?script= rather than inline, and its few page styles from a static
    file, so the page needs no exception from the Content-Security-Policy."""

    template_name = "api/swagger_ui.html"
