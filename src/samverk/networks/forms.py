from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.networks.models import (
    Arena,
    Mandate,
    Membership,
    Network,
    Organisation,
    Person,
    Region,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = [
            "name",
            "language",
            "time_zone",
            "home_region",
            "description",
            "logo",
            "federation",
        ]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "sector", "region", "website", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "since", "budget_amount", "currency"]
        widgets = {"since": DateInput()}

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_network(network)
        self.fields["since"].initial = dt.date.today()
        if self.instance.pk:
            del self.fields["organisation"]


class EndMembershipForm(forms.Form):
    until = forms.DateField(label=_("member until"), widget=DateInput(), initial=dt.date.today)


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person", "role", "decision_authorised", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # All people of the network, so that choosing someone from another organisation
        # gets a clear message instead of a silently shorter list.
        self.fields["person"].queryset = Person.objects.for_network(
            membership.network_id
        ).select_related("organisation")
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["valid_from"].initial = max(dt.date.today(), membership.since)


class EndMandateForm(forms.Form):
    valid_until = forms.DateField(label=_("valid until"), widget=DateInput(), initial=dt.date.today)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "organisation", "email", "phone"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ArenaForm(forms.ModelForm):
    class Meta:
        model = Arena
        fields = ["name", "kind", "level", "mandate", "members"]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "mandate": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Organisation.objects.for_network(network)
