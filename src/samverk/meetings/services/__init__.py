"""Every write to meetings goes through these functions (permission, atomic, audited).

The functions live in modules by area (scheduling, agenda, attendance, follow_up, minutes,
calendar_tokens); this package is their one entry point: ``services.record_decision(...)``.
"""

from samverk.meetings.services._common import (
    quorum_of,
)
from samverk.meetings.services.agenda import (
    add_agenda_item,
    attach_document,
    move_agenda_item,
    remove_agenda_item,
    remove_document,
    update_agenda_item,
)
from samverk.meetings.services.attendance import (
    authorised_mandate,
    check_in,
    record_leaving,
    record_rsvp,
    undo_check_in,
)
from samverk.meetings.services.calendar_tokens import (
    create_calendar_token,
    revoke_calendar_token,
)
from samverk.meetings.services.follow_up import (
    carried_over_actions,
    create_action,
    record_decision,
    update_action,
    update_action_status,
    update_decision,
)
from samverk.meetings.services.minutes import (
    MinutesConflict,
    approve_minutes,
    circulate_minutes,
    open_members_without_authority,
    save_minutes,
)
from samverk.meetings.services.scheduling import (
    ALLOWED_STATUS_CHANGES,
    CALENDAR_FIELDS,
    add_months,
    change_status,
    create_series,
    create_series_with_year,
    generate_year,
    schedule_meeting,
    update_meeting,
)

__all__ = [
    "ALLOWED_STATUS_CHANGES",
    "CALENDAR_FIELDS",
    "MinutesConflict",
    "add_agenda_item",
    "add_months",
    "approve_minutes",
    "attach_document",
    "authorised_mandate",
    "carried_over_actions",
    "change_status",
    "check_in",
    "circulate_minutes",
    "create_action",
    "create_calendar_token",
    "create_series",
    "create_series_with_year",
    "generate_year",
    "move_agenda_item",
    "open_members_without_authority",
    "quorum_of",
    "record_decision",
    "record_leaving",
    "record_rsvp",
    "remove_agenda_item",
    "remove_document",
    "revoke_calendar_token",
    "save_minutes",
    "schedule_meeting",
    "undo_check_in",
    "update_action",
    "update_action_status",
    "update_agenda_item",
    "update_decision",
    "update_meeting",
]
