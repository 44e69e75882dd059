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
    entitled_to_vote,
    record_decision,
    update_action,
    update_action_status,
    update_decision,
)
from samverk.meetings.services.invitations import (
    InvitationPreview,
    ReplyRefused,
    ReplySummary,
    VerifiedLink,
    invitation_preview,
    members_without_reply,
    record_rsvp_by_link,
    remind_unreplied,
    reply_summary,
    send_invitations,
    verify_reply_link,
)
from samverk.meetings.services.joint import (
    check_joint_arenas,
    set_joint_arenas,
)
from samverk.meetings.services.minutes import (
    DEFAULT_OBJECTION_DAYS,
    MinutesConflict,
    approval_meetings,
    approve_minutes,
    circulate_minutes,
    default_objection_deadline,
    has_taken_place,
    open_members_without_authority,
    save_minutes,
    set_minute_taker,
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
    "DEFAULT_OBJECTION_DAYS",
    "InvitationPreview",
    "MinutesConflict",
    "ReplyRefused",
    "ReplySummary",
    "VerifiedLink",
    "add_agenda_item",
    "add_months",
    "approval_meetings",
    "approve_minutes",
    "attach_document",
    "authorised_mandate",
    "carried_over_actions",
    "change_status",
    "check_in",
    "check_joint_arenas",
    "circulate_minutes",
    "create_action",
    "create_calendar_token",
    "create_series",
    "create_series_with_year",
    "default_objection_deadline",
    "entitled_to_vote",
    "generate_year",
    "has_taken_place",
    "invitation_preview",
    "members_without_reply",
    "move_agenda_item",
    "open_members_without_authority",
    "quorum_of",
    "record_decision",
    "record_leaving",
    "record_rsvp",
    "record_rsvp_by_link",
    "remind_unreplied",
    "remove_agenda_item",
    "remove_document",
    "reply_summary",
    "revoke_calendar_token",
    "save_minutes",
    "schedule_meeting",
    "send_invitations",
    "set_joint_arenas",
    "set_minute_taker",
    "undo_check_in",
    "update_action",
    "update_action_status",
    "update_agenda_item",
    "update_decision",
    "update_meeting",
    "verify_reply_link",
]
