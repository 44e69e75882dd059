"""Forms of the project pages; choices limited to the network (people: to those the user may
see). The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.core.models import Network
from samverk.meetings.models import ActionItem
from samverk.networks.forms import DateInput, PersonChoiceField, set_choices
from samverk.networks.models import Organisation, Person
from samverk.projects.choices import PublicField, default_public_fields
from samverk.projects.models import (
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)
from samverk.strategy.models import Commitment, Goal, Indicator, PlanActivity


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class TasksField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ActionItem) -> str:
        return f"{obj.title[:80]} ({date_format(obj.due_date, 'SHORT_DATE_FORMAT')})"


class ProjectForm(forms.ModelForm):
    basis_url = forms.URLField(
        label=_("link to the agreement or programme"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    public_fields = forms.MultipleChoiceField(
        label=_("public parts"),
        choices=PublicField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the portal shows of a public project besides its title, short name and "
            "status. The contact person, responsibilities and tasks are never shown."
        ),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "short_name",
            "status",
            "starts_on",
            "ends_on",
            "regions",
            "sector",
            "carrier",
            "contact",
            "focus_areas",
            "responsible_members",
            "responsible_people",
            "tasks",
            "basis",
            "basis_url",
            "summary",
            "problem",
            "goals",
            "implementation",
            "results",
            "continues",
            "strategy_goals",
            "commitments",
            "activities",
            "is_public",
            "public_fields",
        ]
        field_classes = {
            "contact": PersonChoiceField,
            "responsible_people": PeopleChoiceField,
            "tasks": TasksField,
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "implementation": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "responsible_members": forms.SelectMultiple(attrs={"size": 6}),
            "responsible_people": forms.SelectMultiple(attrs={"size": 6}),
            "tasks": forms.SelectMultiple(attrs={"size": 6}),
            "strategy_goals": forms.SelectMultiple(attrs={"size": 6}),
            "commitments": forms.SelectMultiple(attrs={"size": 6}),
            "activities": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "problem": _("Markdown."),
            "goals": _("Markdown."),
            "implementation": _("Markdown."),
            "results": _("Markdown. Hard figures go into the key figures."),
        }
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # a new project: every part public once published
            self.fields["public_fields"].initial = default_public_fields()
        set_choices(
            self, "carrier", Organisation.objects.for_network(network).order_by("name", "pk")
        )
        set_choices(
            self,
            "contact",
            Person.objects.visible_to(user)
            .for_network(network)
            .select_related("organisation")
            .order_by("name"),
        )
        set_choices(self, "focus_areas", FocusArea.objects.for_network(network))
        set_choices(
            self,
            "responsible_members",
            Organisation.objects.for_network(network)
            .filter(memberships__network=network)
            .distinct()
            .order_by("name"),
        )
        set_choices(
            self,
            "responsible_people",
            Person.objects.visible_to(user)
            .for_network(network)
            .select_related("organisation")
            .order_by("name"),
        )
        set_choices(
            self,
            "tasks",
            ActionItem.objects.for_network(network)
            .filter(network=network)
            .only("pk", "title", "due_date")
            .order_by("-due_date", "-pk"),
        )
        continues = Project.objects.for_network(network).order_by("title", "pk")
        if self.instance.pk:
            continues = continues.exclude(pk=self.instance.pk)
        set_choices(self, "continues", continues)
        set_choices(
            self,
            "strategy_goals",
            Goal.objects.for_network(network)
            .select_related("direction")
            .order_by("-direction__start_year", "position"),
        )
        set_choices(
            self,
            "commitments",
            Commitment.objects.for_network(network)
            .select_related("goal")
            .order_by("goal__direction", "goal__position", "side", "position"),
        )
        set_choices(
            self,
            "activities",
            PlanActivity.objects.for_network(network)
            .select_related("plan")
            .order_by("-plan__year", "pk"),
        )

    def _post_clean(self) -> None:
        pass  # the services validate (and check the network of every choice)


class UpdateForm(forms.ModelForm):
    class Meta:
        model = ProjectUpdate
        fields = ["on", "title", "text", "is_public"]
        widgets = {"on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"text": _("Markdown.")}
        formfield_callback = date_range.formfield_callback

    def _post_clean(self) -> None:
        pass


class FileForm(forms.Form):
    upload = forms.FileField(
        label=_("file"),
        help_text=_("An image (PNG, JPEG, WebP) or a document (PDF, Word, Excel, PowerPoint)."),
    )
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    alt_text = forms.CharField(
        label=_("text alternative"),
        max_length=300,
        required=False,
        help_text=_("What the image shows, for those who cannot see it (required for images)."),
    )
    credit = forms.CharField(label=_("photo credit"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("consent recorded"),
        required=False,
        help_text=_("The people shown agreed to its use (or nobody can be recognised)."),
    )
    is_public = forms.BooleanField(
        label=_("public"),
        required=False,
        help_text=_("Shown on the portal if the project is; an image needs consent recorded."),
    )


class FileEditForm(forms.ModelForm):
    class Meta:
        model = ProjectFile
        fields = ["title", "alt_text", "credit", "consent", "is_public"]

    def _post_clean(self) -> None:
        pass


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name} ({obj.goal.direction}, {obj.goal})"


class FeedForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("none (the figure feeds no indicator)"),
    )
    part = forms.CharField(
        label=_("part"),
        max_length=100,
        required=False,
        help_text=_("Only for an indicator with a breakdown: the municipality, organisation…"),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "indicator",
            Indicator.objects.for_network(network)
            .filter(uses_ratio=False)
            .select_related("goal__direction")
            .order_by("-goal__direction__start_year", "goal__position", "pk"),
        )


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["name"]

    def _post_clean(self) -> None:
        pass


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "organisation", Organisation.objects.for_network(network).order_by("name", "pk")
        )

    def _post_clean(self) -> None:
        pass


class KeyFigureForm(forms.ModelForm):
    class Meta:
        model = KeyFigure
        fields = ["label", "value", "unit", "on", "source", "note"]
        widgets = {"on": DateInput()}
        formfield_callback = date_range.formfield_callback

    def _post_clean(self) -> None:
        pass


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "planned_on", "reached_on", "evidence"]
        widgets = {
            "planned_on": DateInput(),
            "reached_on": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        formfield_callback = date_range.formfield_callback

    def _post_clean(self) -> None:
        pass
