"""Meetings of a network's arenas: series, agenda, attendance, decisions, actions, minutes."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.core.querysets import UserScopedQuerySet
from samverk.meetings import querysets
from samverk.meetings.choices import (
    ActionStatus,
    AgendaItemKind,
    Cadence,
    DecisionMethod,
    MeetingStatus,
)


class MeetingSeries(TimeStampedModel):
    """Regular meetings of one arena (e.g. quarterly), optionally at rotating hosts."""

    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    arena = models.ForeignKey(
        "networks.Arena",
        verbose_name=_("arena"),
        on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    title = models.CharField(_("title"), max_length=200)
    cadence = models.CharField(
        _("cadence"), max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    purpose = models.TextField(_("purpose"), help_text=_("What these meetings are for."))
    hosts = models.ManyToManyField(
        "networks.Organisation",
        verbose_name=_("rotating hosts"),
        blank=True,
        related_name="hosted_series",
        help_text=_("Organisations that host the meetings in turn, in alphabetical order."),
    )

    network_path = "network"
    objects = querysets.MeetingSeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class Meeting(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    arena = models.ForeignKey(
        "networks.Arena",
        verbose_name=_("arena"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), help_text=_("What this meeting is to achieve."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.TextField(_("venue address"), blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    host = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the network's public calendar feed.")
    )
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        editable=False,
        help_text=_("Raised with every change sent to the invitees (RFC 5545 SEQUENCE)."),
    )

    network_path = "network"
    meeting_path = "pk"  # a joint meeting is also seen in its participating networks
    objects = querysets.MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:meeting_detail", kwargs={"network": self.network.slug, "pk": self.pk}
        )


class MeetingParticipation(TimeStampedModel):
    """A joint meeting: another network's arena takes part in a meeting led by ``meeting``'s
    network and arena (only networks of the lead network's federation; checked in
    ``services.joint``). One attendance list and one status; quorum per network, by each
    arena's rule; decisions numbered in each network's register."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="joint_meeting_participations",
    )
    arena = models.ForeignKey(
        "networks.Arena",
        verbose_name=_("arena"),
        on_delete=models.PROTECT,
        related_name="joint_meeting_participations",
    )

    # Seen by the lead network's people and by those of every participating network.
    network_path = "meeting__network"
    meeting_path = "meeting"
    objects = querysets.MeetingParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "network__name"]
        verbose_name = _("participating arena")
        verbose_name_plural = _("participating arenas")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "network"],
                name="one_participation_per_network",
                violation_error_message=_("This network already takes part in the meeting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.arena}"


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AgendaItemKind.choices,
        default=AgendaItemKind.INFORMATION,
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    presenter = models.ForeignKey(
        "networks.Person",
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_items",
    )
    guest_presenter = models.CharField(
        _("guest or expert"),
        max_length=200,
        blank=True,
        help_text=_("A presenter who is not a member of the network."),
    )
    planned_minutes = models.PositiveIntegerField(_("planned minutes"), null=True, blank=True)

    network_path = "meeting__network"
    meeting_path = "meeting"
    objects = querysets.AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="one_agenda_item_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Rsvp(TimeStampedModel):
    """Who an invited member organisation sends to a meeting."""

    class Answer(models.TextChoices):
        PRINCIPAL = "principal", _("principal representative")
        DEPUTY = "deputy", _("deputy")
        SOMEONE_ELSE = "someone_else", _("someone else")
        NOBODY = "nobody", _("nobody")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="rsvps"
    )
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="rsvps",
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("person attending"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rsvps",
    )

    network_path = "meeting__network"
    meeting_path = "meeting"
    objects = querysets.RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="one_reply_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_answer_display()}"


class Attendance(TimeStampedModel):
    """A check-in at a meeting: a person of the register or a guest by name, never both.
    ``with_authority`` is fixed at check-in time: the person then held an active
    decision-authorised mandate for ``organisation``."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    with_authority = models.BooleanField(_("with authority"), default=False)
    is_guest = models.BooleanField(
        _("guest"), default=False, help_text=_("Holds no mandate for a member organisation.")
    )
    left_at = models.DateTimeField(
        _("left at"),
        null=True,
        blank=True,
        help_text=_("When the person left the meeting; from then on they no longer count."),
    )

    network_path = "meeting__network"
    meeting_path = "meeting"
    objects = querysets.AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "organisation__name", "person__name", "guest_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        # "Was this organisation represented at this meeting?" (commitment figures, quorum)
        indexes = [models.Index(fields=["meeting", "organisation"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="check_in_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(guest_name=""),
                name="attendance_names_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(guest_name=""),
                name="attendance_person_or_guest",
                violation_error_message=_(
                    "An attendance is either a person or a named guest, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.guest_name)


class Decision(TimeStampedModel):
    """A decision, numbered per network and year (``2026/07``)."""

    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=DecisionMethod.choices,
        default=DecisionMethod.CONSENSUS,
    )
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    binding = models.BooleanField(
        _("binding"),
        default=True,
        help_text=_("A decision that is not binding is recorded as a recommendation."),
    )
    joint_group = models.UUIDField(
        _("joint decision"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "The same decision of a joint meeting, numbered in each participating network's "
            "register, shares this value."
        ),
    )

    network_path = "network"
    meeting_path = "meeting"
    objects = querysets.DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "year", "number"],
                name="decision_number_unique_per_year",
                violation_error_message=_("This decision number is already taken."),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.year}/{self.number:02d}"

    @property
    def votes_text(self) -> str:
        """The vote in words, with the plural forms of the active language: "3 votes for,
        1 vote against, 1 abstention". Empty for a decision not taken by vote."""
        if self.method != DecisionMethod.VOTE:
            return ""
        return ", ".join(
            [
                ngettext("%(count)s vote for", "%(count)s votes for", self.votes_for or 0)
                % {"count": self.votes_for or 0},
                ngettext(
                    "%(count)s vote against", "%(count)s votes against", self.votes_against or 0
                )
                % {"count": self.votes_against or 0},
                ngettext("%(count)s abstention", "%(count)s abstentions", self.abstentions or 0)
                % {"count": self.abstentions or 0},
            ]
        )


class ActionItem(TimeStampedModel):
    network = models.ForeignKey(
        "core.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    title = models.CharField(_("action"), max_length=300)
    owner_person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    owner_organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    network_path = "network"
    meeting_path = "meeting"
    objects = querysets.ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class Minutes(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes",
    )
    minute_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minute-taker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Writes the minutes and reads them while they are a draft."),
    )

    network_path = "meeting__network"
    meeting_path = "meeting"
    objects = querysets.MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class MinutesVersion(models.Model):
    """Every saved text of the minutes is kept."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    network_path = "minutes__meeting__network"
    meeting_path = "minutes__meeting"
    objects = querysets.MinutesVersionQuerySet.as_manager()

    class Meta:
        ordering = ["minutes", "-number"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class MinutesCirculation(models.Model):
    """One circulation of the minutes: which version went to whom, and until when objections
    are taken."""

    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes"),
        on_delete=models.CASCADE,
        related_name="circulations",
    )
    version = models.ForeignKey(
        MinutesVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="circulations",
    )
    objection_deadline = models.DateField(_("objections until"))
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("circulated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    circulated_at = models.DateTimeField(_("circulated"))

    network_path = "minutes__meeting__network"
    objects = querysets.MinutesCirculationQuerySet.as_manager()

    class Meta:
        ordering = ["-circulated_at", "-pk"]
        verbose_name = _("circulation of the minutes")
        verbose_name_plural = _("circulations of the minutes")

    def __str__(self) -> str:
        return f"{self.minutes} v{self.version.number}"


class MinutesRecipient(models.Model):
    """Who received one circulation: the person (while they exist), the address written to
    and the queued mail (its delivery state)."""

    circulation = models.ForeignKey(
        MinutesCirculation,
        verbose_name=_("circulation"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    person = models.ForeignKey(
        "networks.Person",
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    mail = models.ForeignKey(
        "core.OutgoingMail",
        verbose_name=_("mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    network_path = "circulation__minutes__meeting__network"
    objects = querysets.MinutesRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["circulation", "name", "pk"]
        verbose_name = _("recipient of the minutes")
        verbose_name_plural = _("recipients of the minutes")

    def __str__(self) -> str:
        return self.name


# --- calendar feeds ------------------------------------------------------------------------


def new_calendar_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(UserScopedQuerySet["CalendarToken"]):
    """Tokens belong to a user, not a network: each user sees only their own."""

    def active(self) -> CalendarTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarToken(TimeStampedModel):
    """The secret in a personal calendar feed's address (``/calendar/<key>.ics``). Revoking
    it stops the address from working; a user has at most one active token."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    key = models.CharField(
        _("key"), max_length=64, unique=True, default=new_calendar_key, editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_token_per_user",
                violation_error_message=_("You already have a calendar feed address."),
            )
        ]

    def __str__(self) -> str:
        # Never the key itself: this text goes into audit records.
        return gettext("Calendar feed of %(user)s") % {"user": self.user}


# --- documents on agenda items -------------------------------------------------------------


class AgendaDocument(models.Model):
    """A document attached to an agenda item (PDF or Office file, type checked by content,
    see ``documents.py``). Stored under MEDIA_ROOT with a generated name; ``original_name``
    is what people see and what downloads are called."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(_("file"), upload_to="meetings/documents/%Y/", max_length=200)
    original_name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    network_path = "agenda_item__meeting__network"
    meeting_path = "agenda_item__meeting"
    objects = querysets.AgendaDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name
