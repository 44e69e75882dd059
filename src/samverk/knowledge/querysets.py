"""Scoped querysets of the knowledge base (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.knowledge.models import (  # noqa: F401
        DataSet,
        Invitation,
        Response,
        ResponseLine,
        Survey,
        Vintage,
    )


class DataSetQuerySet(NetworkScopedQuerySet["DataSet"]):
    pass


class VintageQuerySet(NetworkScopedQuerySet["Vintage"]):
    pass


class SurveyQuerySet(NetworkScopedQuerySet["Survey"]):
    """Company needs surveys: run by the coordinators (others read the results once they are
    published as a data set)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})


class InvitationQuerySet(NetworkScopedQuerySet["Invitation"]):
    reader_roles = frozenset({RoleKind.COORDINATOR})


class ResponseQuerySet(NetworkScopedQuerySet["Response"]):
    """The raw answers: only the coordinators (and the respondent, through the personal
    link, which reads by token, not through these querysets)."""

    reader_roles = frozenset({RoleKind.COORDINATOR})


class ResponseLineQuerySet(NetworkScopedQuerySet["ResponseLine"]):
    reader_roles = frozenset({RoleKind.COORDINATOR})
