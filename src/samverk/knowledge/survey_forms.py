"""Forms of the company needs surveys: setting one up, inviting, and the answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from samverk.classifications.models import IscoGroup
from samverk.core import date_range
from samverk.knowledge.choices import Difficulty
from samverk.knowledge.models import Survey
from samverk.networks.choices import NaceSection
from samverk.networks.models import Organisation


class OccupationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: IscoGroup) -> str:
        return f"{obj.code} {obj.localised_label}"


class SurveyForm(forms.ModelForm):
    occupations = OccupationChoiceField(
        label=_("occupations asked about"),
        queryset=IscoGroup.objects.filter(level=4).order_by("code"),
        help_text=_("ISCO-08 unit groups; hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "deadline",
            "occupations",
            "ask_difficulties",
            "ask_training",
            "ask_comments",
            "min_respondents",
            "dominance",
        ]
        formfield_callback = date_range.formfield_callback

    def _post_clean(self) -> None:
        pass


def parse_addresses(text: str) -> list[tuple[str, str]]:
    """Lines "Name <address>" or "address"; ValidationError naming the first bad line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _sep, rest = line.rpartition("<")
        address = rest.rstrip(">").strip() if _sep else line
        try:
            validate_email(address)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Line %(line)s: “%(text)s” is no email address.") % {"line": number, "text": line}
            ) from None
        found.append((name.strip().strip('"'), address))
    return found


class InviteForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("member companies"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Invited at the address of their first contact person."),
        widget=forms.CheckboxSelectMultiple,
    )
    addresses = forms.CharField(
        label=_("other employers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “Name <address>” or just the address."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations

    def clean_addresses(self) -> list[tuple[str, str]]:
        return parse_addresses(self.cleaned_data.get("addresses") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisations") and not data.get("addresses") and not self.errors:
            raise forms.ValidationError(_("Choose companies or give addresses."))
        return data


class AnswerForm(forms.Form):
    """The answer: three numbers per occupation, then the other questions the survey asks."""

    def __init__(
        self, *args: Any, survey: Survey, regions: Any, ask_place: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.occupations = list(survey.occupations.order_by("code"))
        for occupation in self.occupations:
            for measure, label in (
                ("vacancies", _("vacancies now")),
                ("hires_12", _("hires within 12 months")),
                ("hires_24", _("hires within 24 months")),
            ):
                self.fields[f"{measure}_{occupation.pk}"] = forms.IntegerField(
                    label=label, min_value=0, max_value=100000, required=False
                )
        if ask_place:
            self.fields["region"] = forms.ModelChoiceField(
                label=_("where your workplace is"), queryset=regions, required=True
            )
            self.fields["sector"] = forms.ChoiceField(
                label=_("sector (NACE)"), choices=[("", "–"), *NaceSection.choices]
            )
        if survey.ask_difficulties:
            self.fields["difficulties"] = forms.ChoiceField(
                label=_("Is it hard to recruit skilled workers?"),
                choices=[("", "–"), *Difficulty.choices],
                required=False,
            )
        if survey.ask_training:
            self.fields["training_needs"] = forms.CharField(
                label=_("Which training do your employees need?"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if survey.ask_comments:
            self.fields["comments"] = forms.CharField(
                label=_("Anything else the network should know?"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self) -> list[tuple[IscoGroup, list[Any]]]:
        return [
            (o, [self[f"{m}_{o.pk}"] for m in ("vacancies", "hires_12", "hires_24")])
            for o in self.occupations
        ]

    def others(self) -> list[Any]:
        return [
            self[name]
            for name in ("region", "sector", "difficulties", "training_needs", "comments")
            if name in self.fields
        ]
