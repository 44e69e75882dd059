"""``{% portal_url 'name' pk=… %}``: a portal page's address in the page's language, under
``/p/<slug>/`` or on the network's own host name."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_url(context: template.Context, name: str, **kwargs: Any) -> str:
    from samverk.portal.views import portal_url as url

    return url(context["portal"], context["request"], name, **kwargs) + (
        context.get("suffix") or ""
    )
