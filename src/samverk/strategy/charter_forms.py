"""Forms of the charter and self-check pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.core.models import Network
from samverk.meetings.models import Decision
from samverk.strategy.choices import SelfCheckAnswer
from samverk.strategy.forms import DecisionChoiceField
from samverk.strategy.models import Charter, Obligation


class CharterForm(forms.ModelForm):
    adopted_by = DecisionChoiceField(
        label=_("adopted by decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("The binding decision that adopts this version."),
    )

    class Meta:
        model = Charter
        fields = ["title", "who_we_are", "what_we_want", "how_we_work", "shared", "is_public"]
        widgets = {
            "who_we_are": forms.Textarea(attrs={"rows": 5}),
            "what_we_want": forms.Textarea(attrs={"rows": 5}),
            "how_we_work": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["adopted_by"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Decision.objects.for_network(network)
            .filter(binding=True)
            .only("pk", "year", "number", "text")
            .order_by("-year", "-number")
        )
        if not network.federation_id:
            del self.fields["shared"]


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["text", "measure"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class SelfCheckForm(forms.Form):
    """One member's answers to every obligation for a year: a prefixed field group per
    obligation."""

    def __init__(
        self,
        *args: Any,
        obligations: list[Obligation],
        initial_answers: dict[int, Any],
        measured: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``measured``: what data shows for an obligation; it pre-fills the evidence of an
        obligation not answered yet."""
        super().__init__(*args, **kwargs)
        self.obligations = obligations
        self.prefilled: dict[int, str] = {}
        for obligation in obligations:
            given = initial_answers.get(obligation.pk)
            shown = (measured or {}).get(obligation.pk) or ""
            if given is None and shown and shown != "–":
                self.prefilled[obligation.pk] = shown
            self.fields[f"answer_{obligation.pk}"] = forms.ChoiceField(
                label=_("Answer"),
                choices=[("", "—"), *SelfCheckAnswer.choices],
                required=False,
                initial=given.answer if given else "",
            )
            self.fields[f"comment_{obligation.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.comment if given else "",
            )
            self.fields[f"evidence_{obligation.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.evidence if given else self.prefilled.get(obligation.pk, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for pk, shown in self.prefilled.items():
            # the figure filled in for an obligation left unanswered is not an answer
            if not data.get(f"answer_{pk}") and data.get(f"evidence_{pk}", "").strip() == shown:
                data[f"evidence_{pk}"] = ""
        if not any(data.get(f"answer_{o.pk}") for o in self.obligations):
            raise forms.ValidationError(_("Answer at least one obligation."))
        for obligation in self.obligations:
            if not data.get(f"answer_{obligation.pk}") and (
                data.get(f"comment_{obligation.pk}") or data.get(f"evidence_{obligation.pk}")
            ):
                self.add_error(
                    f"answer_{obligation.pk}", _("Choose an answer for your comment or evidence.")
                )
        return data

    def groups(self) -> list[tuple[Obligation, Any, Any, Any]]:
        return [
            (o, self[f"answer_{o.pk}"], self[f"comment_{o.pk}"], self[f"evidence_{o.pk}"])
            for o in self.obligations
        ]
