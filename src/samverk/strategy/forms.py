"""Forms of the strategy pages. Choices are limited to the network (and, for people, to the
people the user may see); the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.core.models import Network
from samverk.meetings.models import ActionItem, Decision
from samverk.networks.forms import DateInput, PersonChoiceField
from samverk.networks.models import Organisation, Person
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.year}/{obj.number:02d}: {obj.text[:80]}"


def _decisions(network: Network) -> Any:
    return (
        Decision.objects.for_network(network)
        .filter(network=network)  # its own register, not a joint meeting partner's
        .only("pk", "year", "number", "text")
        .order_by("-year", "-number")
    )


class DirectionForm(forms.ModelForm):
    start_year = forms.IntegerField(label=_("first year"), min_value=1900, max_value=2200)
    end_year = forms.IntegerField(label=_("last year"), min_value=1900, max_value=2200)

    class Meta:
        model = Direction
        fields = ["title", "start_year", "end_year", "mission", "context", "adopted_by"]
        field_classes = {"adopted_by": DecisionChoiceField}
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 4}),
            "context": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adopted_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _decisions(network).filter(binding=True)
        field.help_text = _("The binding decision of the register that adopted it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("start_year"), data.get("end_year")
        if first is not None and last is not None and last < first:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return data


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DecisionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.year}/{obj.number:02d}: {obj.text[:80]}"


class ActionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ActionItem) -> str:
        return f"{obj.title[:80]} ({date_format(obj.due_date, 'SHORT_DATE_FORMAT')})"


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [
            "side",
            "text",
            "organisations",
            "owner",
            "status",
            "evidence",
            "decisions",
            "actions",
        ]
        field_classes = {
            "owner": PersonChoiceField,
            "decisions": DecisionsField,
            "actions": ActionsField,
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.CheckboxSelectMultiple,
            "decisions": forms.SelectMultiple(attrs={"size": 6}),
            "actions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, network: Network, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisations"]
        assert isinstance(organisations, forms.ModelMultipleChoiceField)
        organisations.queryset = (
            Organisation.objects.for_network(network)
            .filter(memberships__network=network)
            .distinct()
            .order_by("name")
        )
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = (
            Person.objects.visible_to(user)
            .for_network(network)
            .select_related("organisation")
            .order_by("name")
        )
        decisions = self.fields["decisions"]
        assert isinstance(decisions, forms.ModelMultipleChoiceField)
        decisions.queryset = _decisions(network)
        decisions.help_text = _("Decisions that show the commitment is kept.")
        actions = self.fields["actions"]
        assert isinstance(actions, forms.ModelMultipleChoiceField)
        actions.queryset = (
            ActionItem.objects.for_network(network)
            .filter(network=network)  # its own, not those of a joint meeting another led
            .only("pk", "title", "due_date")
            .order_by("-due_date", "-pk")
        )
        actions.help_text = _("Actions agreed at meetings that carry the commitment out.")


class CommitmentStatusForm(forms.ModelForm):
    """What a member's representative may change: the status and the evidence."""

    class Meta:
        model = Commitment
        fields = ["status", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "desired",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "scope",
            "breakdown",
            "uses_ratio",
            "is_public",
        ]
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}
        formfield_callback = date_range.formfield_callback

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("baseline_date"), data.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", _("The target date must be after the baseline date."))
        return data


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = [
            "period_end",
            "part",
            "value",
            "numerator",
            "denominator",
            "source",
            "source_detail",
            "note",
        ]
        widgets = {"period_end": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].required = False
        if indicator.uses_ratio:
            del self.fields["value"]
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        if not indicator.breakdown:
            del self.fields["part"]

    def _post_clean(self) -> None:
        # The service builds and checks the measurement (the value may come from the
        # numerator and denominator); the model's own validation runs there.
        pass


class KeepVersionForm(forms.Form):
    adopted_by = DecisionChoiceField(
        label=_("adopted by decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("The binding decision that adopts this version, if there is one."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adopted_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _decisions(network).filter(binding=True)
