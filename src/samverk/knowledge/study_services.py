"""The studies library: adding, changing and removing studies (a PDF — checked to be one,
its text read for the search — or a link), and the full-text search across languages.

Search: on PostgreSQL the study's ``search_vector`` (migration 0004) holds its text stemmed in
its own language (German, English, Norwegian, Swedish) and unstemmed ("simple"), with the
title weighted; a query is stemmed in every one of those languages and matches any, so
"Pflegekräfte" finds "Pflegekraft" and "sjuksköterskor" "sjuksköterska". On SQLite an FTS5
table matches word prefixes (no stemming). Each write checks permission, runs atomically and
is audited."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    record_delete,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.knowledge import permissions
from samverk.knowledge.models import Study

if TYPE_CHECKING:
    from samverk.accounts.models import User

MAX_PDF_BYTES = 30 * 1024 * 1024
MAX_TEXT = 500_000
# The PostgreSQL text search configuration of each language of a study.
CONFIGS = {"de": "german", "en": "english", "nb": "norwegian", "nn": "norwegian", "sv": "swedish"}
QUERY_CONFIGS = ("german", "english", "norwegian", "swedish", "simple")
SQLITE_MATCH = "SELECT rowid FROM knowledge_study_fts WHERE knowledge_study_fts MATCH %s"
PG_MATCH = (
    "SELECT id FROM knowledge_study WHERE search_vector @@ ("
    "plainto_tsquery('german'::regconfig, %s) || plainto_tsquery('english'::regconfig, %s) || "
    "plainto_tsquery('norwegian'::regconfig, %s) || plainto_tsquery('swedish'::regconfig, %s) "
    "|| plainto_tsquery('simple'::regconfig, %s))"
)


def pdf_text(data: bytes) -> str:
    """The text of a PDF; ValidationError when the file is none."""
    if not data.startswith(b"%PDF-"):
        raise ValidationError({"file": _("The file is not a PDF.")})
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError({"file": _("The PDF is larger than 30 MB.")})
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages[:500])
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise ValidationError({"file": _("The PDF cannot be read.")}) from None
    return re.sub(r"\s+", " ", text)[:MAX_TEXT]


def _index(study: Study, pdf: str | None) -> None:
    """Put the study's searchable text together (and, on PostgreSQL, its search vector)."""
    if pdf is not None:
        study._pdf_text = pdf  # type: ignore[attr-defined]
    content = getattr(study, "_pdf_text", None)
    if content is None:
        content = study.text.split("\x1f", 1)[1] if "\x1f" in study.text else ""
    head = " ".join(part for part in (study.publisher, study.topics, study.summary) if part)
    study.text = f"{head}\x1f{content}"


def _vector(study: Study) -> None:
    if connection.vendor != "postgresql":
        return
    config = CONFIGS.get(study.language, "simple")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE knowledge_study SET search_vector = "
            "setweight(to_tsvector(%s::regconfig, coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || "
            "coalesce(authors, '')), 'B') || "
            "to_tsvector(%s::regconfig, coalesce(text, '')) || "
            "to_tsvector('simple'::regconfig, coalesce(text, '')) WHERE id = %s",
            [config, config, study.pk],
        )


def _check(study: Study) -> None:
    if not study.file and not study.url:
        raise ValidationError({"file": _("Upload the PDF or give the address of the study.")})


@transaction.atomic
def add_study(
    *,
    actor: User,
    network: Network,
    title: str,
    year: int,
    language: str,
    file: Any = None,
    url: str = "",
    authors: str = "",
    publisher: str = "",
    summary: str = "",
    topics: str = "",
    visibility: str = "internal",
    regions: Sequence[Any] = (),
    occupations: Sequence[Any] = (),
    is_example: bool = False,
) -> Study:
    require(permissions.can_manage_studies(actor, network))
    study = Study(
        network=network,
        title=title.strip(),
        year=year,
        language=language,
        url=url.strip(),
        authors=authors.strip(),
        publisher=publisher.strip(),
        summary=summary.strip(),
        topics=topics.strip(),
        visibility=visibility,
        is_example=is_example,
    )
    pdf = None
    if file:
        data = file.read()
        pdf = pdf_text(data)
        file.seek(0)
        study.file = file
    _check(study)
    _index(study, pdf)
    save_audited(actor=actor, obj=study, network=network)
    set_relations_audited(
        actor=actor,
        obj=study,
        network=network,
        relations={"regions": list(regions), "occupations": list(occupations)},
    )
    _vector(study)
    return study


@transaction.atomic
def update_study(
    *,
    actor: User,
    study: Study,
    title: str | Unset = UNSET,
    year: int | Unset = UNSET,
    language: str | Unset = UNSET,
    file: Any = UNSET,
    url: str | Unset = UNSET,
    authors: str | Unset = UNSET,
    publisher: str | Unset = UNSET,
    summary: str | Unset = UNSET,
    topics: str | Unset = UNSET,
    visibility: str | Unset = UNSET,
    regions: Sequence[Any] | Unset = UNSET,
    occupations: Sequence[Any] | Unset = UNSET,
) -> Study:
    study = Study.objects.select_for_update().select_related("network").get(pk=study.pk)
    network = study.network
    require(permissions.can_manage_studies(actor, network))
    before = audit.snapshot(study)
    assign(
        study,
        {
            "title": title,
            "year": year,
            "language": language,
            "url": url,
            "authors": authors,
            "publisher": publisher,
            "summary": summary,
            "topics": topics,
            "visibility": visibility,
        },
    )
    pdf = None
    if file is not UNSET and file:
        data = file.read()
        pdf = pdf_text(data)
        file.seek(0)
        study.file = file
    _check(study)
    _index(study, pdf)
    save_audited(actor=actor, obj=study, network=network, before=before)
    relations = {
        name: list(value)  # type: ignore[arg-type]
        for name, value in (("regions", regions), ("occupations", occupations))
        if value is not UNSET
    }
    if relations:
        set_relations_audited(actor=actor, obj=study, network=network, relations=relations)
    _vector(study)
    return study


@transaction.atomic
def remove_study(*, actor: User, study: Study) -> None:
    network = study.network
    require(permissions.can_manage_studies(actor, network))
    record_delete(actor=actor, obj=study, network=network)
    storage, name = study.file.storage, study.file.name
    study.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def _words(q: str) -> list[str]:
    return re.findall(r"\w+", q.lower())[:8]


def search(queryset: QuerySet[Study], q: str) -> QuerySet[Study]:
    """Studies whose text holds every word of ``q`` (see the module)."""
    words = _words(q)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # every word, stemmed in any of the languages; the SQL is a constant, the words its
        # parameters
        for word in words:
            queryset = queryset.filter(
                pk__in=RawSQL(PG_MATCH, [word] * len(QUERY_CONFIGS))  # noqa: S611
            )
        return queryset
    for word in words:
        queryset = queryset.filter(pk__in=RawSQL(SQLITE_MATCH, [f'"{word}"*']))  # noqa: S611
    return queryset
