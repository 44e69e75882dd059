from django.db import models
from django.utils.translation import gettext_lazy as _


class DimensionRole(models.TextChoices):
    """What a data set's dimension is, so that it can be matched to a classification."""

    TIME = "time", _("time")
    REGION = "region", _("region")
    OCCUPATION = "occupation", _("occupation (ISCO-08)")
    SECTOR = "sector", _("sector (NACE)")
    SEX = "sex", _("sex")
    AGE = "age", _("age")
    MEASURE = "measure", _("measure")
    OTHER = "other", _("other")


class SourceFormat(models.TextChoices):
    JSONSTAT = "jsonstat", _("JSON-stat")
    PX = "px", _("PC-Axis (PX)")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("XLSX")
    SURVEY = "survey", _("company needs survey")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Difficulty(models.TextChoices):
    NONE = "none", _("no difficulties")
    SOME = "some", _("some difficulties")
    SEVERE = "severe", _("severe difficulties")


class StudyVisibility(models.TextChoices):
    INTERNAL = "internal", _("this network")
    SHARED = "shared", _("all networks on samverk")
    PUBLIC = "public", _("public")


class StudyLanguage(models.TextChoices):
    """The language of a study, and with it the stemming of its full-text search."""

    DE = "de", _("German")
    EN = "en", _("English")
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")
    SV = "sv", _("Swedish")
    OTHER = "other", _("other")
