"""Forms of the annual plan pages; choices limited to the network (people: to those the
user may see)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.core.models import Network
from samverk.meetings.models import Decision
from samverk.networks.forms import DateInput, PersonChoiceField, set_choices
from samverk.networks.models import Arena, Organisation, Person
from samverk.strategy.forms import DecisionChoiceField
from samverk.strategy.models import (
    AnnualPlan,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    PlanActivity,
)


class PlanForm(forms.ModelForm):
    year = forms.IntegerField(label=_("year"), min_value=1900, max_value=2200)

    class Meta:
        model = AnnualPlan
        fields = [
            "year",
            "direction",
            "theme",
            "summary",
            "priorities",
            "currency",
            "proposing_arena",
            "adopting_arena",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, network: Network, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]
        set_choices(self, "direction", Direction.objects.for_network(network))
        set_choices(
            self,
            "priorities",
            Goal.objects.for_network(network)
            .select_related("direction")
            .order_by("-direction__start_year", "position"),
        )
        arenas = Arena.objects.for_network(network).order_by("name")
        set_choices(self, "proposing_arena", arenas)
        set_choices(self, "adopting_arena", arenas)

    def _post_clean(self) -> None:
        pass  # the services validate (and check the network of every choice)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = PlanActivity
        fields = ["title", "goal", "organisations", "person", "starts_on", "ends_on", "budget"]
        field_classes = {"person": PersonChoiceField}
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
        }
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, plan: AnnualPlan, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network = plan.network
        set_choices(
            self,
            "goal",
            Goal.objects.filter(direction_id=plan.direction_id).order_by("position")
            if plan.direction_id
            else Goal.objects.none(),
        )
        set_choices(
            self,
            "organisations",
            Organisation.objects.for_network(network)
            .filter(memberships__network=network)
            .distinct()
            .order_by("name"),
        )
        set_choices(
            self,
            "person",
            Person.objects.visible_to(user)
            .for_network(network)
            .select_related("organisation")
            .order_by("name"),
        )

    def _post_clean(self) -> None:
        pass


class IncomeForm(forms.ModelForm):
    class Meta:
        model = IncomeLine
        fields = ["kind", "organisation", "label", "amount", "currency"]

    def __init__(self, *args: Any, plan: AnnualPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network = plan.network
        set_choices(
            self,
            "organisation",
            Organisation.objects.for_network(network)
            .filter(memberships__network=network)
            .distinct()
            .order_by("name"),
        )
        self.fields["currency"].initial = plan.currency

    def _post_clean(self) -> None:
        pass


class DecisionStepForm(forms.Form):
    decision = DecisionChoiceField(label=_("decision"), queryset=Decision.objects.none())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "decision",
            Decision.objects.for_network(network)
            .only("pk", "year", "number", "text")
            .order_by("-year", "-number"),
        )


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = [
            "organisation",
            "kind",
            "status",
            "description",
            "hours",
            "value",
            "currency",
            "activity",
        ]

    def __init__(
        self, *args: Any, network: Network, year: int, members: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "organisation",
            Organisation.objects.filter(pk__in=[m.pk for m in members]).order_by("name"),
        )
        if len(members) == 1:
            self.fields["organisation"].initial = members[0].pk
        set_choices(
            self,
            "activity",
            PlanActivity.objects.for_network(network)
            .filter(plan__year=year, plan__status__in=["draft", "proposed", "adopted"])
            .order_by("title"),
        )

    def _post_clean(self) -> None:
        pass


class ActivityReportForm(forms.ModelForm):
    class Meta:
        model = PlanActivity
        fields = ["status", "spent"]

    def _post_clean(self) -> None:
        pass
