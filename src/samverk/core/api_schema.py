"""The OpenAPI schema documents the error answers of every operation, not only its success.

``AutoSchema`` (settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to each operation, as
far as the view can give them:

- 400 everywhere: field errors of a write or a list filter, a body over the size limit, a NUL
  character in the address, a query or a header (core.middleware);
- 401 and 403 where the view needs a signed-in user (403 also: not allowed to change this);
- 404 where the address names an object, and for lists (a page that does not exist);
- 429 where the view limits the rate of requests.

The errors are JSON: ``{"detail": "…"}`` or, for invalid input, field → messages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": "An error that concerns the request as a whole.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
MESSAGES: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": (
            "Invalid input: the messages of each field (``non_field_errors``: of the input as "
            "a whole), or a ``detail`` for a request that could not be read."
        ),
        "properties": {"detail": {"type": "string"}, "non_field_errors": MESSAGES},
        "additionalProperties": {"oneOf": [MESSAGES, {"type": "object"}]},
    },
)

DESCRIPTIONS = {
    "400": "Invalid input (field errors), a body over the size limit, or a NUL character in "
    "the address, a query or a header.",
    "401": "Not signed in: no valid session or token.",
    "403": "Not allowed: the user may not do this (or, without a token, is not signed in).",
    "404": "Not found, or not visible to this user (the same answer); for lists: no such page.",
    "429": "Too many requests: try again later.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = dict(super()._get_response_bodies(direction))
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._error_response(code)
        return responses

    def _error_codes(self) -> list[str]:
        view: Any = self.view
        codes = ["400"]
        if any(not isinstance(p, AllowAny) for p in view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if view.get_throttles():
            codes.append("429")
        return codes

    def _error_response(self, code: str) -> dict[str, Any]:
        component = VALIDATION_ERROR if code == "400" else ERROR
        self.registry.register_on_missing(component)
        return {
            "content": {"application/json": {"schema": component.ref}},
            "description": DESCRIPTIONS[code],
        }
