from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY = "county", _("county administration")
    EMPLOYMENT_AGENCY = "employment_agency", _("employment agency")
    CHAMBER = "chamber", _("chamber")
    SCHOOL = "school", _("school")
    UNIVERSITY = "university", _("university / college")
    TRAINING_PROVIDER = "training_provider", _("training provider")
    COMPANY = "company", _("company")
    TRADE_UNION = "trade_union", _("trade union")
    EMPLOYERS_ASSOCIATION = "employers_association", _("employers' association")
    ASSOCIATION = "association", _("association / NGO")
    STATE_AGENCY = "state_agency", _("state agency")
    OTHER = "other", _("other")


class NaceSection(models.TextChoices):
    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Electricity, gas, steam and air conditioning supply")
    E = "E", _("E – Water supply, sewerage, waste management")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service activities")  # noqa: E741
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial and insurance activities")
    L = "L", _("L – Real estate activities")
    M = "M", _("M – Professional, scientific and technical activities")
    N = "N", _("N – Administrative and support service activities")
    O = "O", _("O – Public administration and defence")  # noqa: E741
    P = "P", _("P – Education")
    Q = "Q", _("Q – Human health and social work activities")
    R = "R", _("R – Arts, entertainment and recreation")
    S = "S", _("S – Other service activities")
    T = "T", _("T – Activities of households as employers")
    U = "U", _("U – Activities of extraterritorial organisations")


class MembershipRole(models.TextChoices):
    PARTNER = "partner", _("partner")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    NOK = "NOK", "NOK"
    SEK = "SEK", "SEK"


class MandateRole(models.TextChoices):
    PRINCIPAL = "principal", _("principal")
    DEPUTY = "deputy", _("deputy")


class ArenaKind(models.TextChoices):
    PLENARY = "plenary", _("plenary network meeting")
    STEERING_GROUP = "steering_group", _("steering group")
    REFERENCE_GROUP = "reference_group", _("reference group")
    WORKING_GROUP = "working_group", _("working group")
    LOCAL_ARENA = "local_arena", _("local arena")
    BOARD = "board", _("board")
    ASSEMBLY = "assembly", _("assembly")


class ArenaLevel(models.TextChoices):
    REGIONAL = "regional", _("regional")
    LOCAL = "local", _("local")


class VotesBy(models.TextChoices):
    """Who casts a vote in an arena: each member organisation once, or each person present
    with authority."""

    ORGANISATION = "organisation", _("one vote per member organisation")
    PERSON = "person", _("one vote per person present with authority")


class QuorumRule(models.TextChoices):
    ALL_MEMBERS = "all", _("every member organisation represented with authority")
    PERCENT = "percent", _("a share of member organisations represented with authority")
    NONE = "none", _("no quorum rule")
