from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from samverk.core import clock, date_range
from samverk.core import permissions as platform
from samverk.core.models import Network, Region
from samverk.networks.choices import QuorumRule, VotesBy
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


LOGO_MAX_BYTES = 2 * 1024 * 1024


class NetworkForm(forms.ModelForm):
    """A network's settings. The federation is offered only to platform administrators:
    joining one shows its charter, and its choices name every federation of the platform."""

    class Meta:
        model = Network
        fields = [
            "name",
            "language",
            "time_zone",
            "home_region",
            "description",
            "logo",
            "contact_email",
            "federation",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not platform.can_change_federation(user):
            del self.fields["federation"]

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 2 MB."))
        return logo


class NewNetworkForm(NetworkForm):
    class Meta(NetworkForm.Meta):
        fields = ["name", "slug", *NetworkForm.Meta.fields[1:]]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "sector", "region", "website", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "region").queryset = Region.objects.order_by("name")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "since", "budget_amount", "currency"]
        widgets = {"since": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organisation").queryset = Organisation.objects.for_network(network)
        self.fields["since"].initial = clock.network_today(network)
        if self.instance.pk:
            del self.fields["organisation"]


class EndMembershipForm(forms.Form):
    until = date_range.DateField(label=_("member until"), widget=DateInput())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = clock.network_today(network)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person", "role", "decision_authorised", "valid_from", "valid_until"]
        field_classes = {"person": PersonChoiceField}
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The member organisation's own people first; the rest of the network after them, so
        # that choosing someone from another organisation gets a clear message.
        _model_choice(self, "person").queryset = (
            Person.objects.for_network(membership.network_id)
            .select_related("organisation")
            .annotate(
                own=Case(
                    When(organisation_id=membership.organisation_id, then=Value(0)),
                    default=Value(1),
                )
            )
            .order_by("own", "organisation__name", "name")
        )
        self.fields["valid_from"].initial = max(
            clock.network_today(membership.network), membership.since
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            # On the field, not at the top of the form as the model's constraint would put it.
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return cleaned


class EndMandateForm(forms.Form):
    valid_until = date_range.DateField(label=_("valid until"), widget=DateInput())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = clock.network_today(network)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "organisation", "email", "phone"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organisation").queryset = organisations


class ArenaForm(forms.ModelForm):
    class Meta:
        model = Arena
        fields = [
            "name",
            "kind",
            "level",
            "mandate",
            "quorum_rule",
            "quorum_percent",
            "votes_by",
            "members",
        ]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "mandate": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "members").queryset = Organisation.objects.for_network(network)
        # Most arenas have no quorum rule: an omitted choice keeps the default.
        self.fields["quorum_rule"].required = False
        self.fields["votes_by"].required = False

    def clean_quorum_rule(self) -> str:
        return str(self.cleaned_data.get("quorum_rule") or QuorumRule.NONE)

    def clean_votes_by(self) -> str:
        return str(self.cleaned_data.get("votes_by") or VotesBy.ORGANISATION)
