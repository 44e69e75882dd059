"""Forms of the annual report: choosing a year, and the coordinator's texts and settings
(the services check everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samverk.core import date_range
from samverk.projects.models import AnnualReport

TEXT_FIELDS = ["foreword", "theme_text", "outlook", "contributions", "is_public"]


class YearForm(forms.Form):
    """The year selector of the report page (GET)."""

    year = forms.IntegerField(
        label=_("year"), min_value=date_range.EARLIEST_YEAR, max_value=date_range.LATEST_YEAR
    )


class AnnualReportForm(forms.ModelForm):
    """The texts and settings of an existing report (its year is fixed)."""

    class Meta:
        model = AnnualReport
        fields = TEXT_FIELDS
        widgets = {
            "foreword": forms.Textarea(attrs={"rows": 6}),
            "theme_text": forms.Textarea(attrs={"rows": 6}),
            "outlook": forms.Textarea(attrs={"rows": 6}),
        }


class NewAnnualReportForm(AnnualReportForm):
    """A new report: the year, then the texts and settings."""

    year = forms.IntegerField(
        label=_("year"), min_value=date_range.EARLIEST_YEAR, max_value=date_range.LATEST_YEAR
    )

    class Meta(AnnualReportForm.Meta):
        fields = ["year", *TEXT_FIELDS]
