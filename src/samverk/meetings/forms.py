"""Forms of the meeting pages. Every form is saved through a service function
(``core.views.save_with_service``); the forms only parse input and limit choices to the
network's own entries."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverk.core import clock, date_range
from samverk.core.models import Network
from samverk.core.widgets import LightFormMixin, LightSelect
from samverk.meetings.choices import ActionStatus, Cadence, DecisionMethod, MeetingStatus
from samverk.meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingSeries, Rsvp
from samverk.networks.forms import DateInput, PersonChoiceField
from samverk.networks.models import Arena, Organisation, Person

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type=datetime-local>``; the value is read in the current time zone, which the
    network middleware sets to the network's."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def _datetime_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return date_range.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


def _people(network: Network) -> Any:
    return (
        Person.objects.for_network(network)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def _participants(meeting: Meeting, *also: int | None) -> Any:
    """The organisations a meeting's choices offer: the arena's members, the host and ``also``
    (say, an action's current owner) — not every organisation of a network that may have
    thousands."""
    extra = [pk for pk in (meeting.host_id, *also) if pk]
    # Limited to the network first: without it PostgreSQL joins every network's arena
    # members with every organisation (31 ms at national scale, 0.4 ms with it).
    return (
        Organisation.objects.filter(network=meeting.network_id)
        .filter(Q(arenas=meeting.arena_id) | Q(pk__in=extra))
        .distinct()
    )


def _participant_people(meeting: Meeting, *also: int | None) -> Any:
    extra = [pk for pk in also if pk]
    return (
        Person.objects.filter(
            Q(organisation__in=_participants(meeting)) | Q(pk__in=extra),
            organisation__network=meeting.network_id,
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def _arena_with_network(arena: Arena) -> str:
    return f"{arena.network.name}: {arena.name}"


class MeetingForm(forms.ModelForm):
    starts_at = _datetime_field(_("starts"))
    ends_at = _datetime_field(_("ends"))
    online_link = forms.URLField(
        label=_("online link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = [
            "arena",
            "series",
            "title",
            "purpose",
            "starts_at",
            "ends_at",
            "venue",
            "online_link",
            "host",
            "is_public",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "venue": forms.Textarea(attrs={"rows": 2}),
        }
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Arena and series stay as they are (services.update_meeting).
            del self.fields["arena"]
            del self.fields["series"]
        else:
            _model_choice(self, "arena").queryset = Arena.objects.for_network(network)
            _model_choice(self, "series").queryset = MeetingSeries.objects.for_network(
                network
            ).select_related("arena")
        _model_choice(self, "host").queryset = Organisation.objects.for_network(network)
        self._joint_arenas_field(network)

    def _joint_arenas_field(self, network: Network) -> None:
        """Joint meetings: arenas of the other networks of the network's federation may take
        part (the lead network's coordinators choose them; ``services.joint``). No field for
        a network without federation partners."""
        if network.federation_id is None:
            return
        arenas = (
            Arena.objects.filter(network__federation_id=network.federation_id)
            .exclude(network_id=network.pk)
            .select_related("network")
            .order_by("network__name", "name")
        )
        choices = list(arenas)
        if not choices:
            return
        field = forms.ModelMultipleChoiceField(
            label=_("joint meeting with"),
            queryset=arenas,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Arenas of other networks of the federation that take part: one meeting, one "
                "attendance list, quorum and decision numbers per network."
            ),
        )
        field.label_from_instance = _arena_with_network  # type: ignore[assignment,method-assign]
        self.fields["joint_arenas"] = field
        if self.instance.pk:
            self.initial["joint_arenas"] = [p.arena_id for p in self.instance.participations.all()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        arenas = cleaned.get("joint_arenas")
        if arenas is not None:
            networks = [a.network_id for a in arenas]
            if len(networks) != len(set(networks)):
                self.add_error("joint_arenas", _("Choose one arena per network."))
            else:
                cleaned["joint_arenas"] = list(arenas)
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            # On the field, not at the top of the form as the model's constraint would put it.
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


class SeriesForm(forms.Form):
    arena = forms.ModelChoiceField(label=_("arena"), queryset=Arena.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    cadence = forms.ChoiceField(label=_("cadence"), choices=Cadence.choices)
    purpose = forms.CharField(
        label=_("purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What these meetings are for."),
    )
    hosts = forms.ModelMultipleChoiceField(
        label=_("rotating hosts"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisations that host the meetings in turn, in alphabetical order."),
    )
    first_start = _datetime_field(_("first meeting starts"), required=False)
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), min_value=1, max_value=24 * 60, initial=120, required=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "arena").queryset = Arena.objects.for_network(network)
        _model_choice(self, "hosts").queryset = Organisation.objects.for_network(network)
        self.fields["first_start"].help_text = _(
            "Optional: schedule the series' meetings from this date to the end of its year."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("first_start") and not cleaned.get("duration_minutes"):
            self.add_error("duration_minutes", _("How long does each meeting last?"))
        return cleaned


class AgendaItemForm(LightFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "description", "presenter", "guest_presenter", "planned_minutes"]
        field_classes = {"presenter": PersonChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "kind": LightSelect,
            "presenter": LightSelect,
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "agenda")
        super().__init__(*args, **kwargs)
        _model_choice(self, "presenter").queryset = _participant_people(
            meeting, self.instance.presenter_id
        )
        self.fields["presenter"].help_text = _(
            "Someone from the arena's member organisations or the host; anyone else is a "
            "guest presenter."
        )


class RsvpForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    answer = forms.ChoiceField(label=_("who attends"), choices=Rsvp.Answer.choices)
    person = PersonChoiceField(
        label=_("person attending"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "rsvp")
        super().__init__(*args, **kwargs)
        organisations = list(organisations)
        _model_choice(self, "organisation").queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        # A form never asks to choose from one option: one organisation is implied.
        self.single = organisations[0] if len(organisations) == 1 else None
        if self.single is not None:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = self.single.pk
        _model_choice(self, "person").queryset = (
            Person.objects.filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        # Never a choice of one: replying for one organisation names it instead.
        only = list(organisations[:2])
        if len(only) == 1:
            field = self.fields["organisation"]
            field.widget = forms.HiddenInput()
            field.initial = only[0].pk
            self.fields["answer"].label = _("Who attends for %(organisation)s") % {
                "organisation": only[0].name
            }


class CheckInForm(forms.Form):
    """Check in a person of the network (found with the search on the meeting page, which
    posts the person's id) or a guest by name."""

    person = PersonChoiceField(label=_("person"), queryset=Person.objects.none(), required=False)
    guest_name = forms.CharField(
        label=_("or a guest's name"),
        max_length=200,
        required=False,
        help_text=_("For someone who is not in the network's register."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "checkin")
        super().__init__(*args, **kwargs)
        _model_choice(self, "person").queryset = _people(network)


class LeavingForm(forms.Form):
    """When a checked-in person left: a time today in the network's time zone (the network
    middleware sets it), or empty for now."""

    left_time = forms.TimeField(
        label=_("left at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty: now."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "leaving")
        super().__init__(*args, **kwargs)

    def left_at(self, now: dt.datetime) -> dt.datetime | None:
        """The moment of leaving on the day of ``now`` (in the current time zone), or None
        for now."""
        time = self.cleaned_data.get("left_time")
        if time is None:
            return None
        day = timezone.localtime(now).date()
        return timezone.make_aware(dt.datetime.combine(day, time))


class DecisionForm(LightFormMixin, forms.Form):
    # Rendered in Python (core.widgets): the meeting page shows it on every visit of a
    # running or closed meeting.
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(
        label=_("method"),
        choices=DecisionMethod.choices,
        initial=DecisionMethod.CONSENSUS,
        widget=LightSelect,
    )
    votes_for = forms.IntegerField(label=_("for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    topic = forms.CharField(label=_("topic"), max_length=200, required=False)
    agenda_item = forms.ModelChoiceField(
        label=_("agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=LightSelect,
    )
    binding = forms.BooleanField(
        label=_("binding"),
        required=False,
        initial=True,
        help_text=_("A decision that is not binding is recorded as a recommendation."),
    )
    number = forms.IntegerField(
        label=_("number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the next free number of the year."),
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        decision: Decision | None = None,
        agenda: list[AgendaItem] | None = None,
        **kwargs: Any,
    ) -> None:
        """``agenda``: the meeting's agenda items in order, when the page has loaded them
        (offered without another query; what is posted is checked against the meeting's)."""
        kwargs.setdefault("prefix", "decision")
        if decision is not None:
            kwargs.setdefault("initial", {f: getattr(decision, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)
        if decision is not None:
            del self.fields["number"]  # a decision keeps its number
        field = _model_choice(self, "agenda_item")
        field.queryset = meeting.agenda_items.order_by("position")
        if agenda is not None:
            field.widget.choices = [  # type: ignore[attr-defined]
                ("", field.empty_label),
                *(
                    (
                        ModelChoiceIteratorValue(field.prepare_value(item), item),
                        field.label_from_instance(item),
                    )
                    for item in agenda
                ),
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("method") == DecisionMethod.VOTE:
            for name in ("votes_for", "votes_against"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the votes of a decision taken by vote."))
        else:
            for name in ("votes_for", "votes_against", "abstentions"):
                cleaned[name] = None
        return cleaned


class ActionForm(LightFormMixin, forms.Form):
    # Rendered in Python (core.widgets): the owner choices hold every participant.
    title = forms.CharField(label=_("action"), max_length=300)
    owner_person = PersonChoiceField(
        label=_("owner"), queryset=Person.objects.none(), required=False, widget=LightSelect
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("owner organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=LightSelect,
    )
    due_date = date_range.DateField(label=_("due"), widget=DateInput())
    agenda_item = forms.ModelChoiceField(
        label=_("agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=LightSelect,
    )
    decision = forms.ModelChoiceField(
        label=_("decision"), queryset=Decision.objects.none(), required=False, widget=LightSelect
    )

    def __init__(
        self, *args: Any, meeting: Meeting, action: ActionItem | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "action")
        if action is not None:
            kwargs.setdefault("initial", {f: getattr(action, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)
        _model_choice(self, "owner_person").queryset = _participant_people(
            meeting, action.owner_person_id if action else None
        )
        _model_choice(self, "owner_organisation").queryset = _participants(
            meeting, action.owner_organisation_id if action else None
        ).order_by("name")
        _model_choice(self, "agenda_item").queryset = meeting.agenda_items.order_by("position")
        _model_choice(self, "decision").queryset = meeting.decisions.order_by("number")
        if not self.initial.get("due_date"):
            due = clock.network_today(meeting.network) + dt.timedelta(days=28)
            self.fields["due_date"].initial = due


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=MeetingStatus.choices)


class CancelForm(forms.Form):
    """Nothing to fill in: the page asks, the button confirms."""


class DocumentForm(forms.Form):
    """A document for an agenda item; what it is, is checked by the service."""

    file = forms.FileField(
        label=_("Add a document"),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.odg"}
        ),
    )
