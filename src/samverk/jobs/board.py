"""The public job board's one read side: what anyone may see of a network's job offers.

The board's pages, its Atom feed and the public API (``board_views``, ``feeds``,
``board_api``) read only through these functions. An offer is on the board while it is
published and valid through the network's today or later (``JobOfferQuerySet.on_board``);
its public parts are copied into a ``PublicOffer``, so no template or serializer of the board
holds a model instance with internal fields (the reason an offer was returned, who created
it, the reminder date, its status history).

Search (``q``) finds every word (a prefix of a word: "Pflege" finds "Pflegefachkraft") in the
title, the description, the place, the employer's name or the occupation's label. On
PostgreSQL the offer's own text is matched by full-text search (``simple`` configuration, so
any of the networks' languages) against the GIN index of migration ``0003_board_search``
(``vector_sql(SEARCH_COLUMNS)`` is that index's expression, word for word), and the employer and the
occupation through their primary keys. On SQLite the offer's text is matched in the FTS5
table of migration ``0004_board_search_sqlite`` (word prefixes, kept by triggers), the
employer's name and the occupation's labels (small tables) with ``icontains``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samverk.classifications.models import IscoGroup
from samverk.core.clock import network_today
from samverk.core.models import Network, Region
from samverk.core.querysets import require_scoped
from samverk.core.widgets import LightSelect
from samverk.jobs.choices import ENDED, Duration, OfferKind, OfferStatus, TargetGroup, WorkingTime
from samverk.jobs.models import JobOffer, JobOfferTargetGroup
from samverk.networks.models import Organisation

PER_PAGE = 20
FEED_SIZE = 50
MAX_QUERY_WORDS = 8

# The expression of the GIN index (migration 0003_board_search). PostgreSQL uses the index
# only for this very expression; the columns are qualified in queries, not in the index.
SEARCH_COLUMNS = ("title", "locality", "description")
# SQLite: the offers whose text in the FTS5 table of the same columns (migration
# 0004_board_search_sqlite) matches the parameter.
SQLITE_FTS_MATCH = "SELECT rowid FROM jobs_joboffer_fts WHERE jobs_joboffer_fts MATCH %s"


def vector_sql(columns: Any) -> str:
    """``to_tsvector`` of the columns (SQL of each), as the index of 0003_board_search has it
    for ``SEARCH_COLUMNS``."""
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


class TextMatch(Func):
    """PostgreSQL: whether the columns' ``vector_sql`` matches the ``tsquery`` (a parameter)."""

    output_field = BooleanField()

    def __init__(self, *columns: Any, query: str) -> None:
        super().__init__(*columns, Value(query))

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, *args: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, values = compiler.compile(expression)
            parts.append(sql)
            params.extend(values)
        *columns, query = parts
        return f"{vector_sql(columns)} @@ to_tsquery('simple'::regconfig, {query})", params


SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-date_posted", "-pk"),
    "valid_through": ("valid_through", "-date_posted", "-pk"),
    "title": ("title", "pk"),
}
SORT_CHOICES = [
    ("newest", _("newest first")),
    ("valid_through", _("ending soonest")),
    ("title", _("title")),
]


class OfferEnded(Exception):
    """The offer was on the board and has ended (expired, filled, withdrawn or past its
    valid-through date): its page answers 410 Gone."""

    def __init__(self, title: str, employer: str) -> None:
        super().__init__(title)
        self.title, self.employer = title, employer


# --- the records the board shows ----------------------------------------------------------------


@dataclass(frozen=True)
class PublicOffer:
    pk: int
    title: str
    employer: str
    employer_website: str
    kind: str
    kind_label: str
    working_time: str
    working_time_label: str
    duration: str
    duration_label: str
    openings: int
    isco_code: str
    isco_label: str
    locality: str
    postal_code: str
    municipality: str
    region: str
    country: str
    date_posted: dt.date | None
    valid_through: dt.date
    start_date: dt.date | None
    target_groups: list[str] = field(default_factory=list)
    target_group_labels: list[str] = field(default_factory=list)
    # Only on the detail page (``offer``) and in the feed: the rest of the offer.
    description: str = ""
    street_address: str = ""
    esco_label: str = ""
    esco_uri: str = ""
    apply_url: str = ""
    apply_email: str = ""
    salary: str = ""


def _groups(offer: JobOffer) -> list[str]:
    return sorted(g.group for g in getattr(offer, "public_groups", []))


def to_public(offer: JobOffer, *, full: bool = False) -> PublicOffer:
    groups = _groups(offer)
    labels = dict(TargetGroup.choices)
    municipality = offer.municipality
    region = ""
    if municipality is not None:
        parent = municipality.parent
        region = parent.name if parent is not None else municipality.name
    extra: dict[str, Any] = {}
    if full:
        esco = offer.esco_occupation
        extra = {
            "description": offer.description,
            "street_address": offer.street_address,
            "esco_label": esco.localised_label if esco is not None else "",
            "esco_uri": esco.uri if esco is not None else "",
            "apply_url": offer.apply_url,
            "apply_email": offer.apply_email,
            "salary": offer.salary,
        }
    return PublicOffer(
        pk=offer.pk,
        title=offer.title,
        employer=offer.employer.name,
        employer_website=offer.employer.website,
        kind=offer.kind,
        kind_label=str(offer.get_kind_display()),
        working_time=offer.working_time,
        working_time_label=str(offer.get_working_time_display()),
        duration=offer.duration,
        duration_label=str(offer.get_duration_display()),
        openings=offer.openings,
        isco_code=offer.isco_group.code,
        isco_label=offer.isco_group.localised_label,
        locality=offer.locality,
        postal_code=offer.postal_code,
        municipality=municipality.name if municipality is not None else "",
        region=region,
        country=offer.country,
        date_posted=offer.date_posted,
        valid_through=offer.valid_through,
        start_date=offer.start_date,
        target_groups=groups,
        target_group_labels=[str(labels[g]) for g in groups if g in labels],
        **extra,
    )


# --- the board's queryset, its search and filters -----------------------------------------------

LIST_FIELDS = (
    "pk",
    "title",
    "kind",
    "working_time",
    "duration",
    "openings",
    "locality",
    "postal_code",
    "country",
    "date_posted",
    "valid_through",
    "start_date",
    "employer__name",
    "employer__website",
    "isco_group__code",
    "isco_group__label",
    "isco_group__labels",
    "municipality__name",
    "municipality__parent__name",
)


def on_board(network: Network, today: dt.date) -> QuerySet[JobOffer]:
    """The network's offers on the board on ``today`` (refused unless scoped, as every public
    read: ``core.querysets.require_scoped``)."""
    board = require_scoped(JobOffer.objects.on_board(today), filtered=True)
    return board.for_network(network)  # type: ignore[no-any-return]


def with_records(queryset: QuerySet[JobOffer], *, full: bool = False) -> QuerySet[JobOffer]:
    queryset = queryset.select_related(
        "employer", "isco_group", "municipality__parent"
    ).prefetch_related(
        Prefetch(
            "groups",
            queryset=JobOfferTargetGroup.objects.only("pk", "offer_id", "group"),
            to_attr="public_groups",
        )
    )
    if full:
        return queryset.select_related("esco_occupation")
    return queryset.only(*LIST_FIELDS)


def query_words(q: str) -> list[str]:
    """The words of a search (letters and digits; at most ``MAX_QUERY_WORDS``)."""
    return re.findall(r"\w+", q.lower())[:MAX_QUERY_WORDS]


def _tsquery(words: list[str]) -> str:
    # Each word is \w+ only, so quoting it is enough; ``:*`` makes it a prefix.
    return " & ".join(f"'{word}':*" for word in words)


def search(queryset: QuerySet[JobOffer], network: Network, q: str) -> QuerySet[JobOffer]:
    """Offers whose text, employer or occupation contains every word of ``q``."""
    words = query_words(q)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Every word, each in the offer's text, its employer's name or its occupation's label.
        for word in words:
            tsquery = _tsquery([word])
            employers = Organisation.objects.for_network(network).filter(
                TextMatch(F("name"), query=tsquery)
            )
            occupations = IscoGroup.objects.filter(
                TextMatch(F("label"), Cast("labels", TextField()), query=tsquery)
            )
            queryset = queryset.filter(
                Q(TextMatch(*(F(c) for c in SEARCH_COLUMNS), query=tsquery))
                | Q(employer__in=employers.values("pk"))
                | Q(isco_group__in=occupations.values("pk"))
            )
        return queryset
    for word in words:
        queryset = queryset.filter(
            # A constant statement; the word (\w+ only, quoted: a prefix) is its parameter.
            Q(pk__in=RawSQL(SQLITE_FTS_MATCH, [f'"{word}"*']))  # noqa: S611
            | Q(employer__name__icontains=word)
            | Q(isco_group__label__icontains=word)
            | Q(isco_group__labels__icontains=word)
        )
    return queryset


class BoardFilterForm(forms.Form):
    """The board's search, filters and sorting: one form for the page and the public API
    (whose 400 answers carry its field errors). Choices offer what the board shows."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    occupation = forms.ChoiceField(label=_("occupation group"), required=False, widget=LightSelect)
    municipality = forms.TypedChoiceField(
        label=_("municipality"), required=False, coerce=int, empty_value=None, widget=LightSelect
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, widget=LightSelect)
    working_time = forms.ChoiceField(label=_("working time"), required=False, widget=LightSelect)
    duration = forms.ChoiceField(
        label=_("permanent or temporary"), required=False, widget=LightSelect
    )
    group = forms.ChoiceField(label=_("target group"), required=False, widget=LightSelect)
    employer = forms.TypedChoiceField(
        label=_("employer"), required=False, coerce=int, empty_value=None, widget=LightSelect
    )
    sort = forms.ChoiceField(
        label=_("sort by"), required=False, choices=SORT_CHOICES, widget=LightSelect
    )

    def __init__(self, data: Any, *, network: Network, today: dt.date) -> None:
        super().__init__(data)
        board = on_board(network, today)
        every = [("", _("all"))]
        groups = IscoGroup.objects.filter(level__in=(1, 2)).only("code", "level", "label", "labels")
        self.fields["occupation"].choices = every + [  # type: ignore[attr-defined]
            (
                g.code,
                f"{g.code} {g.localised_label}"
                if g.level == 1
                else f"– {g.code} {g.localised_label}",
            )
            for g in groups
        ]
        municipalities = Region.objects.filter(pk__in=board.values("municipality")).only("name")
        self.fields["municipality"].choices = every + [  # type: ignore[attr-defined]
            (r.pk, r.name) for r in municipalities.order_by("name")
        ]
        employers = Organisation.objects.for_network(network).filter(
            pk__in=board.values("employer")
        )
        self.fields["employer"].choices = every + [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in employers.only("name").order_by("name")
        ]
        self.fields["kind"].choices = every + OfferKind.choices  # type: ignore[attr-defined]
        self.fields["working_time"].choices = every + WorkingTime.choices  # type: ignore[attr-defined]
        self.fields["duration"].choices = every + Duration.choices  # type: ignore[attr-defined]
        self.fields["group"].choices = every + TargetGroup.choices  # type: ignore[attr-defined]


def filtered(
    network: Network, today: dt.date, values: dict[str, Any]
) -> tuple[QuerySet[JobOffer], str]:
    """The board's offers after search and filters (``values``: a BoardFilterForm's cleaned
    data, valid fields only), sorted; and the sort key used."""
    queryset = on_board(network, today)
    queryset = search(queryset, network, values.get("q") or "")
    code = values.get("occupation")
    if code:
        queryset = queryset.filter(
            isco_group__in=IscoGroup.objects.filter(code__startswith=code).values("pk")
        )
    for name in ("kind", "working_time", "duration"):
        if values.get(name):
            queryset = queryset.filter(**{name: values[name]})
    if values.get("municipality"):
        queryset = queryset.filter(municipality_id=values["municipality"])
    if values.get("employer"):
        queryset = queryset.filter(employer_id=values["employer"])
    if values.get("group"):
        queryset = queryset.filter(
            Exists(JobOfferTargetGroup.objects.filter(offer=OuterRef("pk"), group=values["group"]))
        )
    key = values.get("sort") or "newest"
    return queryset.order_by(*SORTS.get(key, SORTS["newest"])), key


def valid_values(form: BoardFilterForm) -> dict[str, Any]:
    """The valid fields of a bound form (an invalid filter is left out, not an error page)."""
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))


def matching(queryset: QuerySet[JobOffer]) -> list[int]:
    """The keys of the offers found, in order: one query that searches and filters once (a
    count and a page would each match the text again), then a page is fetched by key."""
    return list(queryset.values_list("pk", flat=True))


def records(keys: list[int]) -> list[PublicOffer]:
    """The offers of ``keys`` (from ``matching``), in that order."""
    if not keys:
        return []
    found = {o.pk: o for o in with_records(JobOffer.objects.filter(pk__in=keys))}
    return [to_public(found[pk]) for pk in keys if pk in found]


def offers_page(queryset: QuerySet[JobOffer], number: Any, per_page: int = PER_PAGE) -> Page:
    """A page of the board (``Paginator.get_page``: a bad number is the first or last page),
    its rows as ``PublicOffer``."""
    page: Page = Paginator(matching(queryset), per_page).get_page(number)
    page.object_list = records(list(page.object_list))
    return page


def latest(network: Network, today: dt.date, limit: int = FEED_SIZE) -> list[PublicOffer]:
    """The newest offers on the board, in full (the feed)."""
    found = with_records(on_board(network, today), full=True).order_by("-date_posted", "-pk")
    return [to_public(o, full=True) for o in found[:limit]]


def offer(network: Network, pk: int, today: dt.date) -> PublicOffer:
    """One offer of the network's board; ``OfferEnded`` once it has left the board after
    being on it, 404 if it never was (draft, submitted, returned) or is another network's."""
    found = (
        with_records(JobOffer.objects.for_network(network), full=True)
        .exclude(status__in=(OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.RETURNED))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    if found.status in ENDED or found.valid_through < today:
        raise OfferEnded(found.title, found.employer.name)
    return to_public(found, full=True)


# --- salary (schema.org baseSalary) -------------------------------------------------------------

CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "sek": "SEK",
    "nok": "NOK",
    "kr": "",  # the country's krone or krona
    "kronor": "SEK",
    "kroner": "NOK",
}
COUNTRY_CURRENCY = {"DE": "EUR", "AT": "EUR", "SE": "SEK", "NO": "NOK", "DK": "DKK"}
UNITS = {
    "HOUR": ("stunde", "std", "hour", "timme", "timlön", "timelønn", "/h"),
    "DAY": ("tag", "day", "dag"),
    "WEEK": ("woche", "week", "uke", "vecka"),
    "MONTH": ("monat", "month", "måned", "månad", "mnd", "mån", "mtl"),
    "YEAR": ("jahr", "year", "annual", "år", "jährlich", "p.a"),
}
_NUMBER = re.compile(r"\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?")


def _number(text: str) -> Decimal | None:
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    match = re.fullmatch(r"(.*?)(?:[.,](\d{1,2}))?", text)
    if match is None:
        return None
    whole = re.sub(r"[.,]", "", match.group(1))
    try:
        return Decimal(f"{whole}.{match.group(2)}" if match.group(2) else whole)
    except InvalidOperation:
        return None


def parse_salary(text: str, country: str) -> dict[str, Any] | None:
    """schema.org ``MonetaryAmount`` of a salary written as text ("3.200 € brutto im
    Monat", "45 000-52 000 SEK per månad", "18,50 EUR/Stunde"), or None when the amount,
    the currency or the unit is not clear (then the JSON-LD leaves ``baseSalary`` out)."""
    lower = text.lower()
    amounts = [n for n in (_number(m) for m in _NUMBER.findall(lower)) if n is not None and n > 0]
    if not amounts or len(amounts) > 2:
        return None
    currency = ""
    for token, code in CURRENCIES.items():
        if re.search(rf"(?<![a-zäöüåæø]){re.escape(token)}(?![a-zäöüåæø])", lower):
            currency = code or COUNTRY_CURRENCY.get(country, "")
            break
    if not currency:
        return None
    units = [
        unit
        for unit, words in UNITS.items()
        if any(re.search(rf"(?<![a-zäöüåæø]){re.escape(word)}", lower) for word in words)
    ]
    if len(units) != 1:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": units[0]}
    if len(amounts) == 2:
        low, high = sorted(amounts)
        value |= {"minValue": float(low), "maxValue": float(high)}
    else:
        value["value"] = float(amounts[0])
    return {"@type": "MonetaryAmount", "currency": currency, "value": value}


def sitemap_pages(network: Network) -> list[tuple[str, dict[str, Any], Any]]:
    """The board's pages for the portal's sitemap: the list and every offer on the board on
    the network's today (one light query)."""
    offers = on_board(network, network_today(network)).order_by("-date_posted", "-pk")
    return [("jobs_board:list", {}, None)] + [
        ("jobs_board:detail", {"pk": pk}, modified)
        for pk, modified in offers.values_list("pk", "updated_at")
    ]
