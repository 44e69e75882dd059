"""The first draft of the minutes, generated from what the meeting recorded.

Markdown in the network's working language: attendance by member organisation (with
authority, without authority, absent) and the guests, the agenda in order with the decisions
(their numbers, method and votes) and actions (owner, due date) taken under each item, then
those recorded without an item. The editor opens with this text; nothing is saved until the
coordinator (or the minute-taker) saves it. The minutes are the coordinator's document: the
draft names the people who attended, as minutes do, and the coordinator edits it before
circulating it.
"""

from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverk.meetings.models import ActionItem, AgendaItem, Decision, Meeting
from samverk.meetings.pdf import attendance_by_organisation


def _person(attendance: object) -> str:
    person = getattr(attendance, "person", None)
    return str(person.name) if person is not None else str(getattr(attendance, "guest_name", ""))


def votes_text(decision: Decision) -> str:
    """ "5 votes for, 1 vote against, 1 abstention" — plural forms of the active language."""
    yes = decision.votes_for or 0
    no = decision.votes_against or 0
    abstain = decision.abstentions or 0
    return ", ".join(
        [
            ngettext("%(count)s vote for", "%(count)s votes for", yes) % {"count": yes},
            ngettext("%(count)s vote against", "%(count)s votes against", no) % {"count": no},
            ngettext("%(count)s abstention", "%(count)s abstentions", abstain) % {"count": abstain},
        ]
    )


def _decision_line(decision: Decision) -> str:
    text = " ".join(decision.text.split())
    line = f"- **{decision.reference}**"
    if decision.topic:
        line += f" {decision.topic}:"
    line += f" {text}"
    method = str(decision.get_method_display())
    if decision.method == "vote":
        method += f" ({votes_text(decision)})"
    line += f" — {_('Method')}: {method}."
    if not decision.binding:
        line += f" _{_('Recommendation (not binding).')}_"
    return line


def _action_line(action: ActionItem) -> str:
    owners = [
        name
        for name in (
            action.owner_person.name if action.owner_person else "",
            action.owner_organisation.name if action.owner_organisation else "",
        )
        if name
    ]
    due = formats.date_format(action.due_date, "SHORT_DATE_FORMAT")
    owner = ", ".join(owners) if owners else _("nobody yet")
    return f"- {action.title} — {_('owner')}: {owner}; {_('due')}: {due}"


def generate(meeting: Meeting) -> str:
    """The generated draft (see the module's description). A handful of queries."""
    network = meeting.network
    organisations, guests = attendance_by_organisation(meeting)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("year", "number"))
    actions = list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner_person", "owner_organisation")
        .order_by("due_date", "pk")
    )
    with translation.override(network.language), timezone.override(network.time_zone):
        start = timezone.localtime(meeting.starts_at)
        lines = [
            "# " + _("Minutes: %(title)s") % {"title": meeting.title},
            "",
            f"- {_('Arena')}: {meeting.arena.name}",
            f"- {_('Date')}: {formats.date_format(start, 'DATETIME_FORMAT')}",
        ]
        if meeting.venue:
            lines.append(f"- {_('Venue')}: {' '.join(meeting.venue.split())}")
        lines += ["", "## " + _("Attendance"), ""]
        groups = [
            ("with_authority", _("Represented with authority")),
            ("without_authority", _("Represented without authority")),
            ("absent", _("Absent")),
        ]
        for status, heading in groups:
            rows = [row for row in organisations if row.status == status]
            if not rows:
                continue
            lines += [f"### {heading}", ""]
            for row in rows:
                people = ", ".join(_person(a) for a in row.attendances)
                lines.append(
                    f"- {row.organisation.name}: {people}"
                    if people
                    else f"- {row.organisation.name}"
                )
            lines.append("")
        if guests:
            lines += [f"### {_('Guests')}", ""]
            for guest in guests:
                org = getattr(guest.organisation, "name", "")
                lines.append(f"- {_person(guest)} ({org})" if org else f"- {_person(guest)}")
            lines.append("")
        if not organisations and not guests:
            lines += [_("Nobody was checked in."), ""]
        lines += ["## " + _("Agenda"), ""]
        if not agenda:
            lines += [_("No agenda items."), ""]
        for item in agenda:
            lines += [f"### {item.position}. {item.title}", ""]
            under = [_decision_line(d) for d in decisions if d.agenda_item_id == item.pk]
            under += [_action_line(a) for a in actions if a.agenda_item_id == item.pk]
            lines += [*under, ""] if under else []
        item_ids = {item.pk for item in agenda}
        other_decisions = [d for d in decisions if d.agenda_item_id not in item_ids]
        other_actions = [a for a in actions if a.agenda_item_id not in item_ids]
        if other_decisions:
            lines += ["## " + _("Decisions"), "", *map(_decision_line, other_decisions), ""]
        if other_actions:
            lines += ["## " + _("Actions"), "", *map(_action_line, other_actions), ""]
    return "\n".join(lines).rstrip() + "\n"
