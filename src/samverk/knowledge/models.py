"""The knowledge base's official statistics: a network's data sets (a table of a statistics
office: SCB, SSB, Destatis, Eurostat …) and their vintages (the table as published at one
time; a new vintage is kept beside the old ones, so that what was published when stays
readable).

A vintage's cells are not rows in the database: they are a Parquet file in long form (one
string column per dimension holding the category code, ``value`` and ``status``), written on
import and read with Ibis over DuckDB (``knowledge.store``). The database holds what the
pages list and filter by: the dimensions with their categories, roles and labels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverk.core.models import TimeStampedModel
from samverk.knowledge import querysets
from samverk.knowledge.choices import (
    Difficulty,
    SourceFormat,
    StudyLanguage,
    StudyVisibility,
    SurveyStatus,
)


class DataSet(TimeStampedModel):
    network = models.ForeignKey("core.Network", on_delete=models.CASCADE, related_name="data_sets")
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(
        _("publisher"), max_length=200, help_text=_("e.g. Statistics Sweden (SCB), SSB, Destatis")
    )
    table_code = models.CharField(
        _("table code"), max_length=100, blank=True, help_text=_("The office's code of the table.")
    )
    source_url = models.URLField(_("address of the source"), blank=True)
    licence = models.CharField(
        _("licence"), max_length=200, help_text=_("e.g. CC BY 4.0, NLOD 2.0, dl-de/by-2-0")
    )
    description = models.TextField(_("description"), blank=True)

    network_path = "network"
    objects = querysets.DataSetQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "title"],
                name="knowledge_one_data_set_title_per_network",
                violation_error_message=_("This network has a data set of this title already."),
            )
        ]

    def __str__(self) -> str:
        return self.title


def vintage_path(instance: Vintage, filename: str) -> str:
    return f"knowledge/{instance.data_set.network_id}/{instance.data_set_id}/{filename}"


class Vintage(TimeStampedModel):
    """The table as published at one time."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="vintages"
    )
    label = models.CharField(
        _("vintage"), max_length=100, help_text=_("e.g. the publication date or release name")
    )
    published = models.CharField(_("published (by the source)"), max_length=100, blank=True)
    reference_period = models.CharField(_("reference period"), max_length=100, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved"))
    source_format = models.CharField(_("format"), max_length=10, choices=SourceFormat.choices)
    original_name = models.CharField(_("file"), max_length=255)
    language = models.CharField(_("language of the labels"), max_length=10, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # [{"id", "label", "role", "categories": [[code, label], ...]}] in the cube's order.
    dimensions: models.JSONField[list[dict[str, Any]], list[dict[str, Any]]] = models.JSONField(
        _("dimensions"), default=list
    )
    cells = models.PositiveIntegerField(_("cells"))
    missing = models.PositiveIntegerField(_("missing cells"), default=0)
    parquet = models.FileField(_("values (Parquet)"), upload_to=vintage_path, max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    network_path = "data_set__network"
    objects = querysets.VintageQuerySet.as_manager()

    class Meta:
        ordering = ["data_set", "-retrieved_at", "-pk"]
        verbose_name = _("vintage")
        verbose_name_plural = _("vintages")
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "label"],
                name="knowledge_one_vintage_label_per_data_set",
                violation_error_message=_("This data set has a vintage of this name already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set} ({self.label})"

    def filters(self, query: Any) -> dict[int, list[str]]:
        """``f<position>=<code>`` of a query (repeatable) as the store's filters: position →
        the codes of that dimension to keep; codes the dimension does not have are dropped."""
        found = {}
        for position, dimension in enumerate(self.dimensions):
            known = {code for code, _label in dimension["categories"]}
            codes = [c for c in query.getlist(f"f{position}") if c in known]
            if codes:
                found[position] = codes
        return found

    def dimension(self, dimension_id: str) -> dict[str, Any]:
        """The dimension of that id (KeyError when the vintage has none)."""
        for dimension in self.dimensions:
            if dimension["id"] == dimension_id:
                return dimension
        raise KeyError(dimension_id)


# --- company needs surveys -------------------------------------------------------------------


class Survey(TimeStampedModel):
    """A company needs survey: vacancies now by occupation, expected hires in 12 and 24
    months, recruitment difficulties, training needs and free text; the network chooses the
    occupations it asks about and which of the other questions."""

    network = models.ForeignKey("core.Network", on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    occupations = models.ManyToManyField(
        "classifications.IscoGroup", verbose_name=_("occupations asked about"), related_name="+"
    )
    ask_difficulties = models.BooleanField(_("ask about recruitment difficulties"), default=True)
    ask_training = models.BooleanField(_("ask about training needs"), default=True)
    ask_comments = models.BooleanField(_("ask for free text"), default=True)
    min_respondents = models.PositiveSmallIntegerField(
        _("fewest respondents in a published cell"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )
    dominance = models.DecimalField(
        _("largest share of one respondent in a published cell"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.85"),
        validators=[MinValueValidator(Decimal("0.50")), MaxValueValidator(Decimal("0.99"))],
    )
    results = models.ForeignKey(
        DataSet,
        verbose_name=_("results as a data set"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    network_path = "network"
    objects = querysets.SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "title", "pk"]
        verbose_name = _("company needs survey")
        verbose_name_plural = _("company needs surveys")

    def __str__(self) -> str:
        return self.title


class Invitation(TimeStampedModel):
    """Who is asked: a member company (its contact's address) or any employer by email. The
    token is the personal link; nobody needs an account."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "networks.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("employer"), max_length=200)
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    network_path = "survey__network"
    objects = querysets.InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                name="knowledge_one_invitation_per_email",
                violation_error_message=_("This address is invited already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Response(TimeStampedModel):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    sector = models.CharField(_("sector (NACE)"), max_length=1, blank=True)
    difficulties = models.CharField(
        _("recruitment difficulties"), max_length=10, choices=Difficulty.choices, blank=True
    )
    training_needs = models.TextField(_("training needs"), blank=True)
    comments = models.TextField(_("anything else"), blank=True)

    network_path = "invitation__survey__network"
    objects = querysets.ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return str(self.invitation)


class ResponseLine(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="lines")
    occupation = models.ForeignKey(
        "classifications.IscoGroup", on_delete=models.PROTECT, related_name="+"
    )
    vacancies = models.PositiveIntegerField(_("vacancies now"))
    hires_12 = models.PositiveIntegerField(_("hires expected within 12 months"))
    hires_24 = models.PositiveIntegerField(_("hires expected within 24 months"))

    network_path = "response__invitation__survey__network"
    objects = querysets.ResponseLineQuerySet.as_manager()

    class Meta:
        ordering = ["response", "occupation__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "occupation"],
                name="knowledge_one_line_per_occupation",
                violation_error_message=_("Each occupation once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id}: {self.vacancies}/{self.hires_12}/{self.hires_24}"


# --- the studies library ---------------------------------------------------------------------


def study_path(instance: Study, filename: str) -> str:
    return f"knowledge/{instance.network_id}/studies/{filename}"


class Study(TimeStampedModel):
    """A study, report or plan (a municipality's competence-supply plan, an analysis of the
    employment agency …) as a PDF or a link, with what a search needs to find it."""

    network = models.ForeignKey("core.Network", on_delete=models.CASCADE, related_name="studies")
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    language = models.CharField(
        _("language"), max_length=5, choices=StudyLanguage.choices, default=StudyLanguage.DE
    )
    summary = models.TextField(_("summary"), blank=True)
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    regions = models.ManyToManyField(
        "core.Region", verbose_name=_("regions"), blank=True, related_name="+"
    )
    occupations = models.ManyToManyField(
        "classifications.IscoGroup", verbose_name=_("occupations"), blank=True, related_name="+"
    )
    file = models.FileField(_("PDF"), upload_to=study_path, blank=True, max_length=300)
    url = models.URLField(_("address"), blank=True)
    # The text the search reads: title, authors, publisher, topics, summary and the PDF's text.
    text = models.TextField(editable=False, blank=True)
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=StudyVisibility.choices,
        default=StudyVisibility.INTERNAL,
    )
    is_example = models.BooleanField(_("example"), default=False)

    network_path = "network"
    objects = querysets.StudyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self) -> str:
        return self.title

    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]


# --- the shortage picture ----------------------------------------------------------------------


def shortage_path(instance: ShortageRun, filename: str) -> str:
    return f"knowledge/{instance.network_id}/shortage/{filename}"


class ShortageRun(TimeStampedModel):
    """A computed shortage picture: which job ads (source, and how many), which method in
    which version with which parameters, when; the result (panel and verdict per region x
    occupation x quarter) as a Parquet file the page reads, so a figure in last year's
    report can be reproduced and compared."""

    network = models.ForeignKey(
        "core.Network", on_delete=models.CASCADE, related_name="shortage_runs"
    )
    source = models.CharField(_("job ads"), max_length=50)
    method = models.CharField(_("method"), max_length=10)
    method_version = models.CharField(_("method version"), max_length=20)
    parameters: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("parameters"), default=dict
    )
    computed_on = models.DateField(_("as of"))
    ads = models.PositiveIntegerField(_("job ads read"))
    cells = models.PositiveIntegerField(_("cells"))
    result = models.FileField(_("result (Parquet)"), upload_to=shortage_path, max_length=300)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    network_path = "network"
    objects = querysets.ShortageRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shortage picture")
        verbose_name_plural = _("shortage pictures")

    def __str__(self) -> str:
        return f"{self.method} {self.method_version} ({self.computed_on})"
