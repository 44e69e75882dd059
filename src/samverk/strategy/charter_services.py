"""Every write of the charter, its obligations and the members' yearly self-check:
permission, one transaction, validation, audit record."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverk.core import audit, email
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_same_network,
    require,
    save_audited,
)
from samverk.networks.models import Mandate, Membership, Organisation, Person
from samverk.strategy import permissions
from samverk.strategy.models import Charter, CharterVersion, Obligation, SelfCheck
from samverk.strategy.services import check_binding_decision

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.meetings.models import Decision

REMINDER_KIND = "strategy.self_check_reminder"
REMINDER_KIND_LABEL = gettext_lazy("Self-check reminder")


def register_mail_kinds() -> None:
    email.register_kind(REMINDER_KIND, REMINDER_KIND_LABEL)


def _new_version(actor: User, charter: Charter, adopted_by: Decision | None) -> CharterVersion:
    last = charter.versions.aggregate(last=Max("number"))["last"] or 0
    version = CharterVersion(
        charter=charter,
        number=last + 1,
        title=charter.title,
        who_we_are=charter.who_we_are,
        what_we_want=charter.what_we_want,
        how_we_work=charter.how_we_work,
        adopted_by=adopted_by,
        saved_by=actor,
    )
    save_audited(actor=actor, obj=version, network=charter.network)
    return version


@transaction.atomic
def save_charter(
    *,
    actor: User,
    network: Network,
    title: str | Unset = UNSET,
    who_we_are: str | Unset = UNSET,
    what_we_want: str | Unset = UNSET,
    how_we_work: str | Unset = UNSET,
    shared: bool | Unset = UNSET,
    is_public: bool | Unset = UNSET,
    adopted_by: Decision | None = None,
) -> Charter:
    """Write the network's charter (the first time: create it); each change of its text is
    kept as a new version, adopted by ``adopted_by`` when given."""
    require(permissions.can_manage_strategy(actor, network))
    check_binding_decision(network, adopted_by)
    charter = Charter.objects.select_for_update().filter(network=network).first()
    if shared is True and not network.federation_id:
        raise ValidationError(
            {"shared": _("This network belongs to no federation to share the charter with.")}
        )
    values = {
        "title": title,
        "who_we_are": who_we_are,
        "what_we_want": what_we_want,
        "how_we_work": how_we_work,
        "shared": shared,
        "is_public": is_public,
    }
    if charter is None:
        charter = Charter(network=network)
        assign(charter, values)
        save_audited(actor=actor, obj=charter, network=network)
        _new_version(actor, charter, adopted_by)
        return charter
    before = audit.snapshot(charter)
    assign(charter, values)
    save_audited(actor=actor, obj=charter, network=network, before=before)
    text_changed = any(
        before[field] != getattr(charter, field)
        for field in ("title", "who_we_are", "what_we_want", "how_we_work")
    )
    if text_changed or adopted_by is not None:
        _new_version(actor, charter, adopted_by)
    return charter


@transaction.atomic
def add_obligation(*, actor: User, charter: Charter, text: str, measure: str = "") -> Obligation:
    require(permissions.can_manage_strategy(actor, charter.network))
    last = charter.obligations.aggregate(last=Max("position"))["last"] or 0
    obligation = Obligation(charter=charter, text=text, measure=measure, position=last + 1)
    save_audited(actor=actor, obj=obligation, network=charter.network)
    return obligation


@transaction.atomic
def update_obligation(
    *,
    actor: User,
    obligation: Obligation,
    text: str | Unset = UNSET,
    measure: str | Unset = UNSET,
    position: int | Unset = UNSET,
) -> Obligation:
    network = obligation.charter.network
    require(permissions.can_manage_strategy(actor, network))
    before = audit.snapshot(obligation)
    assign(obligation, {"text": text, "measure": measure, "position": position})
    save_audited(actor=actor, obj=obligation, network=network, before=before)
    return obligation


def members_in(network: Network, year: int) -> list[Organisation]:
    """The organisations with a membership of the network during some of ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    memberships = Membership.objects.filter(network=network, since__lte=last).filter(
        Q(until__isnull=True) | Q(until__gte=first)
    )
    return list(
        Organisation.objects.filter(pk__in=memberships.values("organisation_id")).order_by(
            "name", "pk"
        )
    )


@transaction.atomic
def answer_self_check(
    *,
    actor: User,
    network: Network,
    obligation: Obligation,
    organisation: Organisation,
    year: int,
    answer: str,
    comment: str = "",
    evidence: str = "",
) -> SelfCheck:
    """A member's answer to one obligation for ``year`` (a second answer replaces the
    first; the history keeps it)."""
    require(permissions.can_answer_self_check(actor, network, organisation))
    check_same_network(
        network,
        field="organisation",
        obj=organisation,
        message=_("Answer for a member of this network."),
    )
    charter = Charter.objects.own_or_shared(network)  # the one its pages ask about
    if charter is None or obligation.charter_id != charter.pk:
        raise ValidationError({"obligation": _("Choose an obligation of this network's charter.")})
    if organisation.pk not in {o.pk for o in members_in(network, year)}:
        raise ValidationError(
            {"organisation": _("This organisation was not a member in %(year)s.") % {"year": year}}
        )
    existing = (
        SelfCheck.objects.select_for_update()
        .filter(obligation=obligation, organisation=organisation, year=year)
        .first()
    )
    if existing is None:
        check = SelfCheck(
            network=network,
            obligation=obligation,
            organisation=organisation,
            year=year,
            answer=answer,
            comment=comment,
            evidence=evidence,
            answered_by=actor,
        )
        save_audited(actor=actor, obj=check, network=network)
        return check
    before = audit.snapshot(existing)
    assign(
        existing,
        {"answer": answer, "comment": comment, "evidence": evidence, "answered_by": actor},
    )
    save_audited(actor=actor, obj=existing, network=network, before=before)
    return existing


@transaction.atomic
def remind_self_check(
    *, actor: User, network: Network, year: int, today: dt.date, base_url: str = ""
) -> int:
    """Queue a reminder to the representatives (active mandates with an email address) of
    every member that has not answered every obligation for ``year``; returns the number of
    mails queued."""
    require(permissions.can_manage_strategy(actor, network))
    charter = Charter.objects.own_or_shared(network)
    if charter is None:
        return 0
    obligations = charter.obligations.count()
    answered = {
        organisation_id
        for organisation_id, count in answer_counts(network, charter, year).items()
        if count >= obligations
    }
    missing = [o for o in members_in(network, year) if o.pk not in answered]
    people = (
        Person.objects.filter(
            pk__in=Mandate.objects.active(today)
            .filter(membership__network=network, membership__organisation__in=missing)
            .values("person_id")
        )
        .exclude(email="")
        .order_by("name", "pk")
    )
    path = reverse("strategy:self_check", kwargs={"network": network.slug, "year": year})
    link = (base_url.rstrip("/") if base_url else "") + path
    sent = 0
    seen: set[str] = set()
    with translation.override(network.language):
        for person in people:
            address = person.email.strip().lower()
            if address in seen:
                continue
            seen.add(address)
            email.queue_mail(
                kind=REMINDER_KIND,
                network=network,
                to=[person.email],
                subject=_("Self-check %(year)s: please answer for %(organisation)s")
                % {"year": year, "organisation": person.organisation.name},
                body=_(
                    "Dear %(name)s,\n\nthe self-check %(year)s of the charter “%(charter)s” "
                    "is waiting for the answers of %(organisation)s: %(link)s\n"
                )
                % {
                    "name": person.name,
                    "year": year,
                    "charter": charter.title,
                    "organisation": person.organisation.name,
                    "link": link,
                },
                created_by=actor,
            )
            sent += 1
    return sent


def answer_counts(network: Network, charter: Charter, year: int) -> dict[int, int]:
    """How many obligations of ``charter`` each member answered for ``year``."""
    counts: dict[int, int] = {}
    rows = SelfCheck.objects.filter(
        network=network, obligation__charter=charter, year=year
    ).values_list("organisation_id", flat=True)
    for organisation_id in rows:
        counts[organisation_id] = counts.get(organisation_id, 0) + 1
    return counts
