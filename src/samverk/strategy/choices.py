from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentSide(models.TextChoices):
    """Who a goal's commitment binds: the network (its secretariat) or its members."""

    NETWORK = "network", _("the network does")
    MEMBERS = "members", _("the members do")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    UNDER_WAY = "under_way", _("under way")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class Unit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    PERSONS = "persons", _("persons")
    COUNT = "count", _("count")
    MONEY = "money", _("money")


class Desired(models.TextChoices):
    """Which way an indicator should move from its baseline to its target."""

    AT_MOST = "at_most", _("at most")
    AT_LEAST = "at_least", _("at least")
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")


UPWARD = frozenset({Desired.AT_LEAST, Desired.INCREASE})


class Breakdown(models.TextChoices):
    NONE = "", _("none")
    MUNICIPALITY = "municipality", _("per municipality")
    ORGANISATION = "organisation", _("per organisation")
    SEX = "sex", _("by sex")
    AGE_BAND = "age_band", _("by age band")


class Source(models.TextChoices):
    ENTERED = "entered", _("entered")
    SURVEY = "survey", _("survey")
    OFFICIAL = "official", _("official statistics")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class IndicatorStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    NO_DATA = "no_data", _("no approved value yet")


class ObligationMeasure(models.TextChoices):
    """What data can show about an obligation, shown beside the member's answer."""

    NONE = "", _("nothing measured")
    AUTHORISED_ATTENDANCE = "authorised_attendance", _("attendance with authority")
    BUDGET = "budget", _("committed yearly budget")
    # measured by the projects app (core.registry: self_check_measures), not by strategy
    PROJECTS = "projects", _("projects carried or taken part in")


class SelfCheckAnswer(models.TextChoices):
    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    ADOPTED = "adopted", _("adopted")
    SUPERSEDED = "superseded", _("replaced by a revision")


class IncomeKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("partner contribution")
    GRANT = "grant", _("grant")
    OTHER = "other", _("other income")


class ContributionKind(models.TextChoices):
    MONEY = "money", _("money")
    STAFF_HOURS = "staff_hours", _("staff hours")
    IN_KIND = "in_kind", _("in kind")


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", _("pledged")
    CONTRIBUTED = "contributed", _("contributed")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    UNDER_WAY = "under_way", _("under way")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")
