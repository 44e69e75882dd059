"""Scoped querysets of the knowledge base (core.querysets.NetworkScopedQuerySet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet

if TYPE_CHECKING:
    from samverk.knowledge.models import (  # noqa: F401
        DataSet,
        Invitation,
        Response,
        ResponseLine,
        ShortageRun,
        Study,
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


class StudyQuerySet(NetworkScopedQuerySet["Study"]):
    def visible_to(self, user: Any) -> Any:
        """Studies of the user's networks, and those other networks share with all networks
        (for anyone signed in with a role) or with the public."""
        from django.db.models import Q

        from samverk.core.roles import get_roles, is_platform_admin

        if is_platform_admin(user):
            return self._mark(self)
        ids = get_roles(user).network_ids(self.reader_roles)
        shared = Q(visibility__in=["shared", "public"]) if ids else Q(visibility="public")
        return self._mark(self.filter(Q(network_id__in=ids) | shared))

    def public(self) -> Any:
        return self._mark(self.filter(visibility="public"))


class ShortageRunQuerySet(NetworkScopedQuerySet["ShortageRun"]):
    pass
