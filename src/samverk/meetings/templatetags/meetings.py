"""Template tags of the meetings app."""

from __future__ import annotations

from django import template

from samverk.meetings.choices import ActionStatus

register = template.Library()


@register.simple_tag
def action_status_choices() -> list[tuple[str, str]]:
    """The statuses an action can be given, labelled in the active language: the options of
    the one small status control per action row (no form object per row)."""
    return [(value, str(label)) for value, label in ActionStatus.choices]
