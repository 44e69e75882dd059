"""Forms of the job offer pages; choices limited to the network (employers: to those the user
acts for, all members for coordinators). The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.classifications.lookup import unit_groups
from samverk.classifications.models import EscoOccupation
from samverk.core import date_range
from samverk.core.models import Network
from samverk.core.widgets import LightSelect
from samverk.jobs import permissions
from samverk.jobs.choices import ENDED, OfferStatus, TargetGroup
from samverk.jobs.models import JobOffer
from samverk.networks.forms import DateInput, current_members, network_regions, set_choices
from samverk.networks.models import Organisation


def unit_group_choices() -> list[tuple[str, str]]:
    """Every ISCO-08 unit group (level 4), ordered by code: "2221 Nursing professionals"."""
    groups = unit_groups().only("code", "label", "labels")
    return [("", "---------"), *((g.code, f"{g.code} {g.localised_label}") for g in groups)]


class OfferForm(forms.ModelForm):
    isco_code = forms.ChoiceField(
        label=_("occupation (ISCO-08 unit group)"),
        widget=LightSelect,
        help_text=_("The four-digit ISCO-08 code statistics use."),
    )
    esco_uri = forms.URLField(
        label=_("occupation (ESCO), optional"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_(
            "The address of an ESCO occupation of the chosen unit group, e.g. "
            "http://data.europa.eu/esco/occupation/…"
        ),
    )
    apply_url = forms.URLField(
        label=_("apply online"), required=False, assume_scheme="https", max_length=200
    )
    target_groups = forms.MultipleChoiceField(
        label=_("target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JobOffer
        fields = [
            "employer",
            "title",
            "description",
            "kind",
            "working_time",
            "duration",
            "openings",
            "isco_code",
            "esco_uri",
            "street_address",
            "postal_code",
            "locality",
            "municipality",
            "country",
            "valid_through",
            "start_date",
            "apply_url",
            "apply_email",
            "salary",
            "target_groups",
        ]
        widgets = {
            "valid_through": DateInput(),
            "start_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 10}),
            "municipality": LightSelect,
            "employer": LightSelect,
        }
        help_texts = {
            "description": _("Markdown. HTML is removed when the offer is shown."),
            "apply_email": _("Give a web address, an email address or both."),
        }
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer = self.instance
        self.fields["isco_code"].choices = unit_group_choices()  # type: ignore[attr-defined]
        employers = current_members(network)
        if not permissions.can_moderate(user, network):
            employers = employers.filter(pk__in=permissions.acting_for(user, network))
        if offer.pk is not None:
            employers = Organisation.objects.filter(pk=offer.employer_id) | employers
        set_choices(self, "employer", employers.order_by("name", "pk"))
        set_choices(
            self,
            "municipality",
            network_regions(network, keep=offer.municipality_id if offer.pk else None),
        )
        if offer.pk is not None:
            self.fields["isco_code"].initial = offer.isco_group.code
            self.fields["esco_uri"].initial = (
                offer.esco_occupation.uri if offer.esco_occupation else ""
            )
            self.fields["target_groups"].initial = list(
                offer.groups.values_list("group", flat=True)
            )
        elif employers.count() == 1:
            self.fields["employer"].initial = employers.get()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uri = data.pop("esco_uri", "")
        occupation = None
        if uri:
            occupation = EscoOccupation.objects.filter(uri=uri).first()
            if occupation is None:
                self.add_error("esco_uri", _("This is not the address of an ESCO occupation."))
        data["esco_occupation"] = occupation
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The company sees it and can change the offer and submit it again."),
    )


class EndForm(forms.Form):
    status = forms.ChoiceField(label=_("How does the offer end?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(OfferStatus.choices)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, labels[value]) for value in choices if value in ENDED
        ]
