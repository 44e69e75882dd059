from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("every six months")
    YEARLY = "yearly", _("yearly")


CADENCE_MONTHS = {
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.HALF_YEARLY: 6,
    Cadence.YEARLY: 12,
}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    INVITED = "invited", _("invited")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved")
    CANCELLED = "cancelled", _("cancelled")


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", _("information")
    DISCUSSION = "discussion", _("discussion")
    DECISION = "decision", _("decision")
    REPORT = "report", _("report")


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("consensus")
    VOTE = "vote", _("vote")
    CONSENT = "consent", _("consent")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

# What may still change in which state of the meeting (services enforce it, pages offer only
# what is allowed).
_BEFORE_OR_DURING = frozenset(
    {MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS}
)
AGENDA_EDITABLE = _BEFORE_OR_DURING  # agenda items: add, edit, reorder, remove
CHECK_IN_OPEN = _BEFORE_OR_DURING
REPLIES_OPEN = frozenset({MeetingStatus.PLANNED, MeetingStatus.INVITED})
DECISIONS_OPEN = frozenset({MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED})
# Documents, actions and decision corrections: until the minutes are approved.
RECORD_OPEN = frozenset(
    {
        MeetingStatus.PLANNED,
        MeetingStatus.INVITED,
        MeetingStatus.IN_PROGRESS,
        MeetingStatus.CLOSED,
    }
)
