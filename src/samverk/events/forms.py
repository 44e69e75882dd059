"""Forms of the event pages (organisers) and of the portal's registration; choices limited
to the network. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.core.models import Network, Region
from samverk.events.choices import SessionKind
from samverk.events.models import Event, EventSettings, EventSite, Session
from samverk.networks.models import Organisation, Person
from samverk.projects.models import Project

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """``<input type=datetime-local>``, read in the current (the network's) time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_LOCAL, **kwargs)


def _datetime(label: Any) -> forms.DateTimeField:
    return date_range.DateTimeField(
        label=label, widget=DateTimeLocalInput(), input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"]
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "description",
            "organiser",
            "co_organisers",
            "is_public",
            "registration_open",
            "consent_text",
            "project",
        ]
        widgets = {"co_organisers": forms.CheckboxSelectMultiple}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.for_network(network).order_by("name")
        self.fields["organiser"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["co_organisers"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["project"].queryset = (  # type: ignore[attr-defined]
            Project.objects.for_network(network).order_by("title")
        )


class SiteForm(forms.ModelForm):
    starts_at = _datetime(_("starts"))
    ends_at = _datetime(_("ends"))

    class Meta:
        model = EventSite
        fields = [
            "name",
            "venue",
            "address",
            "region",
            "starts_at",
            "ends_at",
            "capacity",
            "accessibility",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # The service validates (and says what it refuses on the fields).
        pass


class SessionForm(forms.ModelForm):
    starts_at = _datetime(_("starts"))
    ends_at = _datetime(_("ends"))

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "room",
            "capacity",
            "speakers",
            "guest_speakers",
        ]
        widgets = {"speakers": forms.CheckboxSelectMultiple}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = (  # type: ignore[attr-defined]
            Person.objects.visible_to(user)
            .for_network(network)
            .select_related("organisation")
            .order_by("name")
        )

    def _post_clean(self) -> None:
        pass


class EventSettingsForm(forms.ModelForm):
    class Meta:
        model = EventSettings
        fields = ["retention_days"]


# --- the portal -------------------------------------------------------------------------------


class WorkshopField(forms.ModelMultipleChoiceField):
    """The site's workshops as checkboxes, each with its times and free places."""

    def label_from_instance(self, obj: Session) -> str:
        times = (
            f"{time_format(obj.starts_at, 'TIME_FORMAT')}–{time_format(obj.ends_at, 'TIME_FORMAT')}"
        )
        chosen = getattr(obj, "chosen", None)
        free = None if obj.capacity is None or chosen is None else obj.capacity - chosen
        if obj.capacity is None:
            places = ""
        elif free is not None and free <= 0:
            places = " · " + str(_("full"))
        else:
            places = " · " + str(_("%(count)s places free")) % {"count": free}
        return f"{times} {obj.title}{places}"


def _workshop_field(workshops: Any) -> WorkshopField:
    return WorkshopField(
        label=_("workshops"),
        queryset=workshops,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose workshops that do not take place at the same time."),
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    email = forms.EmailField(
        label=_("email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation and your personal link here."),
    )
    organisation_name = forms.CharField(
        label=_("organisation or school (optional)"), max_length=200, required=False
    )
    consent = forms.BooleanField(label=_("I agree"), required=False)
    join_waiting_list = forms.BooleanField(
        label=_("Yes, put me on the waiting list"), required=False
    )

    def __init__(
        self,
        *args: Any,
        workshops: Any,
        consent_text: str,
        offer_waiting_list: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if workshops is not None:
            self.fields["workshops"] = _workshop_field(workshops)
        if not consent_text.strip():
            del self.fields["consent"]
        self.offer_waiting_list = offer_waiting_list


class ChangeWorkshopsForm(forms.Form):
    def __init__(self, *args: Any, workshops: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workshops"] = _workshop_field(workshops)


def workshops_of(site: EventSite) -> Any:
    return Session.objects.filter(site=site, kind=SessionKind.WORKSHOP).order_by(
        "starts_at", "title", "pk"
    )
