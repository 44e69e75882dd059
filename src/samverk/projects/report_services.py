"""Writes of the annual report (``AnnualReport``): the coordinator's texts, which
contributions it shows and whether it is published. Each checks permission, runs atomically
and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core import audit, date_range
from samverk.core.models import Network
from samverk.core.services import UNSET, Unset, assign, require, save_audited
from samverk.projects import permissions
from samverk.projects.choices import ContributionDisplay
from samverk.projects.models import AnnualReport

if TYPE_CHECKING:
    from samverk.accounts.models import User


def _check_year(year: int) -> None:
    if not date_range.EARLIEST_YEAR <= year <= date_range.LATEST_YEAR:
        raise ValidationError(
            {
                "year": _("Enter a year from %(earliest)s to %(latest)s.")
                % {"earliest": date_range.EARLIEST_YEAR, "latest": date_range.LATEST_YEAR}
            }
        )


@transaction.atomic
def create_annual_report(
    *,
    actor: User,
    network: Network,
    year: int,
    foreword: str = "",
    theme_text: str = "",
    outlook: str = "",
    contributions: str = ContributionDisplay.NONE,
    is_public: bool = False,
) -> AnnualReport:
    require(permissions.can_manage_projects(actor, network))
    _check_year(year)
    if AnnualReport.objects.filter(network=network, year=year).exists():
        raise ValidationError({"year": _("The network has an annual report of this year already.")})
    report = AnnualReport(
        network=network,
        year=year,
        foreword=foreword,
        theme_text=theme_text,
        outlook=outlook,
        contributions=contributions,
        is_public=is_public,
    )
    save_audited(actor=actor, obj=report, network=network)
    return report


@transaction.atomic
def update_annual_report(
    *,
    actor: User,
    report: AnnualReport,
    foreword: str | Unset = UNSET,
    theme_text: str | Unset = UNSET,
    outlook: str | Unset = UNSET,
    contributions: str | Unset = UNSET,
    is_public: bool | Unset = UNSET,
) -> AnnualReport:
    network = report.network
    require(permissions.can_manage_projects(actor, network))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    before = audit.snapshot(report)
    assign(
        report,
        {
            "foreword": foreword,
            "theme_text": theme_text,
            "outlook": outlook,
            "contributions": contributions,
            "is_public": is_public,
        },
    )
    save_audited(actor=actor, obj=report, network=network, before=before)
    return report
