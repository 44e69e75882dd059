"""Versions of a direction: what it said (text, goals, commitments, indicators) when a version
was kept, and the lines that changed from one version to the next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samverk.core.services import require, save_audited
from samverk.strategy import permissions
from samverk.strategy.models import Direction, DirectionVersion
from samverk.strategy.services import check_binding_decision, update_direction

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.meetings.models import Decision


def snapshot(direction: Direction) -> dict[str, Any]:
    """The direction's content as plain data (kept in the version)."""
    goals = []
    for goal in direction.goals.order_by("position", "pk").prefetch_related(
        "commitments", "indicators"
    ):
        goals.append(
            {
                "title": goal.title,
                "description": goal.description,
                "network": [
                    c.text
                    for c in sorted(goal.commitments.all(), key=lambda c: (c.position, c.pk))
                    if c.side == "network"
                ],
                "members": [
                    c.text
                    for c in sorted(goal.commitments.all(), key=lambda c: (c.position, c.pk))
                    if c.side == "members"
                ],
                "indicators": [
                    {
                        "name": i.name,
                        "baseline": f"{i.baseline_value} ({i.baseline_date.isoformat()})",
                        "target": f"{i.get_desired_display()} {i.target_value} "
                        f"({i.target_date.isoformat()})",
                    }
                    for i in sorted(goal.indicators.all(), key=lambda i: i.pk)
                ],
            }
        )
    return {
        "title": direction.title,
        "years": f"{direction.start_year}–{direction.end_year}",
        "mission": direction.mission,
        "context": direction.context,
        "goals": goals,
    }


def lines(content: dict[str, Any]) -> list[str]:
    """The version as lines of text (in the current language), for reading and comparing."""
    out = [f"{content.get('title', '')} {content.get('years', '')}"]
    for label, key in ((_("Mission"), "mission"), (_("Context"), "context")):
        if content.get(key):
            out.append(f"{label}:")
            out += content[key].splitlines()
    for number, goal in enumerate(content.get("goals", []), start=1):
        out.append(f"{number}. {goal['title']}")
        out += goal.get("description", "").splitlines()
        out += [f"  {_('The network does')}: {text}" for text in goal.get("network", [])]
        out += [f"  {_('The members do')}: {text}" for text in goal.get("members", [])]
        out += [
            f"  {_('Indicator')}: {i['name']} · {i['baseline']} → {i['target']}"
            for i in goal.get("indicators", [])
        ]
    return [line for line in out if line.strip()]


@transaction.atomic
def keep_version(
    *, actor: User, direction: Direction, adopted_by: Decision | None = None
) -> DirectionVersion:
    """Keep the direction as it stands as its next version (adopted by ``adopted_by``, a
    binding decision of the network, when given; the direction then names it too)."""
    network = direction.network
    require(permissions.can_manage_strategy(actor, network))
    check_binding_decision(network, adopted_by)
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    last = direction.versions.aggregate(last=Max("number"))["last"] or 0
    content = snapshot(direction)
    previous = direction.versions.filter(number=last).first()
    if previous is not None and previous.snapshot == content and adopted_by is None:
        raise ValidationError(_("Nothing changed since version %(number)s.") % {"number": last})
    version = DirectionVersion(
        direction=direction,
        number=last + 1,
        snapshot=content,
        adopted_by=adopted_by,
        saved_by=actor,
    )
    save_audited(actor=actor, obj=version, network=network)
    if adopted_by is not None and direction.adopted_by_id != adopted_by.pk:
        update_direction(actor=actor, direction=direction, adopted_by=adopted_by)
    return version
