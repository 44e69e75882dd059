"""Writes of the company needs surveys: set up, invite, open (the invitations go out), remind,
answer (by the personal link, no account), close. Each write checks permission (the answer:
the token), runs atomically and is audited; mail goes through the core mail queue.

Rules: questions and occupations change only while the survey is a draft; an answer is
refused after the deadline (the network's today) or when the survey is not open, and a second
answer by the same link is refused; reminders go to those invited who have not answered."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverk.classifications.models import IscoGroup
from samverk.core import audit, email
from samverk.core.clock import network_today
from samverk.core.models import Network, Region
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.knowledge import permissions
from samverk.knowledge.choices import SurveyStatus
from samverk.knowledge.models import Invitation, Response, ResponseLine, Survey

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.networks.models import Organisation

INVITATION_MAIL = "knowledge.survey_invitation"
REMINDER_MAIL = "knowledge.survey_reminder"


def register_mail_kinds() -> None:
    email.register_kind(INVITATION_MAIL, _("Company needs survey: invitation"))
    email.register_kind(REMINDER_MAIL, _("Company needs survey: reminder"))


def _check(survey: Survey) -> None:
    if not survey.title.strip():
        raise ValidationError({"title": _("Give the survey a title.")})


@transaction.atomic
def create_survey(
    *,
    actor: User,
    network: Network,
    title: str,
    deadline: dt.date,
    occupations: Sequence[IscoGroup],
    intro: str = "",
    ask_difficulties: bool = True,
    ask_training: bool = True,
    ask_comments: bool = True,
    min_respondents: int = 3,
    dominance: Any = None,
) -> Survey:
    require(permissions.can_run_surveys(actor, network))
    survey = Survey(
        network=network,
        title=title.strip(),
        deadline=deadline,
        intro=intro.strip(),
        ask_difficulties=ask_difficulties,
        ask_training=ask_training,
        ask_comments=ask_comments,
        min_respondents=min_respondents,
    )
    if dominance is not None:
        survey.dominance = dominance
    _check(survey)
    if not occupations:
        raise ValidationError({"occupations": _("Choose the occupations the survey asks about.")})
    save_audited(actor=actor, obj=survey, network=network)
    set_relations_audited(
        actor=actor, obj=survey, network=network, relations={"occupations": list(occupations)}
    )
    return survey


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().select_related("network").get(pk=survey.pk)


@transaction.atomic
def update_survey(
    *,
    actor: User,
    survey: Survey,
    title: str | Unset = UNSET,
    deadline: dt.date | Unset = UNSET,
    intro: str | Unset = UNSET,
    occupations: Sequence[IscoGroup] | Unset = UNSET,
    ask_difficulties: bool | Unset = UNSET,
    ask_training: bool | Unset = UNSET,
    ask_comments: bool | Unset = UNSET,
    min_respondents: int | Unset = UNSET,
    dominance: Any = UNSET,
) -> Survey:
    survey = _locked(survey)
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    before = audit.snapshot(survey)
    questions = {
        "ask_difficulties": ask_difficulties,
        "ask_training": ask_training,
        "ask_comments": ask_comments,
    }
    chosen = None if occupations is UNSET else list(occupations)  # type: ignore[arg-type]
    current = set(survey.occupations.values_list("pk", flat=True))
    changes_questions = chosen is not None and {o.pk for o in chosen} != current
    changes_questions |= any(
        v is not UNSET and v != getattr(survey, k) for k, v in questions.items()
    )
    if survey.status != SurveyStatus.DRAFT and changes_questions:
        raise ValidationError(
            _("The survey has gone out: its questions and occupations stay as they were sent.")
        )
    assign(
        survey,
        {
            "title": title.strip() if isinstance(title, str) else title,
            "deadline": deadline,
            "intro": intro,
            "min_respondents": min_respondents,
            "dominance": dominance,
            **questions,
        },
    )
    _check(survey)
    save_audited(actor=actor, obj=survey, network=network, before=before)
    if chosen is not None:
        if not chosen:
            raise ValidationError(
                {"occupations": _("Choose the occupations the survey asks about.")}
            )
        set_relations_audited(
            actor=actor, obj=survey, network=network, relations={"occupations": chosen}
        )
    return survey


@dataclass
class Invited:
    added: int = 0
    already: int = 0
    without_address: list[str] | None = None


@transaction.atomic
def invite(
    *,
    actor: User,
    survey: Survey,
    organisations: Iterable[Organisation] = (),
    addresses: Iterable[tuple[str, str]] = (),
) -> Invited:
    """Invite member companies (at their first contact person's address) and employers by
    name and address; an address invited already is left alone."""
    survey = _locked(survey)
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("The survey is closed."))
    chosen = list(organisations)
    check_all_same_network(network, field="organisations", objs=chosen)
    existing = set(survey.invitations.values_list("email", flat=True))
    result = Invited(without_address=[])
    rows: list[tuple[Any, str, str]] = []
    for organisation in chosen:
        person = (
            organisation.people.exclude(email="").order_by("pk").first()  # type: ignore[attr-defined]
        )
        if person is None:
            result.without_address.append(organisation.name)  # type: ignore[union-attr]
            continue
        rows.append((organisation, organisation.name, person.email))
    for name, address in addresses:
        address = address.strip()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {"addresses": _("“%(address)s” is not an email address.") % {"address": address}}
            ) from None
        rows.append((None, name.strip() or address, address))
    for organisation, name, address in rows:
        key = address.lower()
        if key in existing:
            result.already += 1
            continue
        existing.add(key)
        invitation = Invitation(
            survey=survey,
            organisation=organisation,
            name=name[:200],
            email=key,
            token=secrets.token_urlsafe(24),
        )
        save_audited(actor=actor, obj=invitation, network=network)
        result.added += 1
    if survey.status == SurveyStatus.OPEN:
        _send(actor, survey, survey.invitations.filter(sent_at__isnull=True), INVITATION_MAIL)
    return result


def answer_url(invitation: Invitation) -> str:
    return reverse("knowledge_survey:answer", kwargs={"token": invitation.token})


def _send(actor: Any, survey: Survey, invitations: Any, kind: str) -> int:
    network = survey.network
    now = timezone.now()
    sent = 0
    base = (getattr(settings, "SAMVERK_SITE_URL", "") or "").rstrip("/")
    for invitation in invitations:
        with translation.override(network.language):
            context = {
                "survey": survey,
                "network": network,
                "invitation": invitation,
                "link": f"{base}{answer_url(invitation)}",
                "reminder": kind == REMINDER_MAIL,
            }
            subject = (
                _("Reminder: %(title)s")
                if kind == REMINDER_MAIL
                else _("%(title)s: your answer counts")
            ) % {"title": survey.title}
            body = render_to_string("knowledge/mail/survey_invitation.txt", context)
        email.queue_mail(
            kind=kind,
            to=[invitation.email],
            subject=subject,
            body=body,
            network=network,
            created_by=actor,
            sensitive=True,  # the personal link: erased once sent
        )
        before = audit.snapshot(invitation)
        if kind == REMINDER_MAIL:
            invitation.reminded_at = now
        else:
            invitation.sent_at = now
        save_audited(actor=actor, obj=invitation, network=network, before=before)
        sent += 1
    return sent


@transaction.atomic
def open_survey(*, actor: User, survey: Survey, today: dt.date | None = None) -> int:
    """The survey goes out: every invitation not sent yet is mailed. Returns how many.
    ``today``: the network's, unless given (the demo's)."""
    survey = _locked(survey)
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("The survey is closed."))
    if survey.deadline < (today or network_today(network)):
        raise ValidationError({"deadline": _("The deadline has passed: set a later one first.")})
    if not survey.invitations.exists():
        raise ValidationError(_("Invite someone first."))
    before = audit.snapshot(survey)
    survey.status = SurveyStatus.OPEN
    save_audited(actor=actor, obj=survey, network=network, before=before)
    return _send(actor, survey, survey.invitations.filter(sent_at__isnull=True), INVITATION_MAIL)


@transaction.atomic
def send_reminders(*, actor: User, survey: Survey) -> int:
    """A reminder to everyone invited who has not answered. Returns how many."""
    survey = _locked(survey)
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey sends reminders."))
    waiting = survey.invitations.filter(sent_at__isnull=False, responded_at__isnull=True)
    return _send(actor, survey, waiting, REMINDER_MAIL)


@transaction.atomic
def close_survey(*, actor: User, survey: Survey) -> Survey:
    survey = _locked(survey)
    network = survey.network
    require(permissions.can_run_surveys(actor, network))
    before = audit.snapshot(survey)
    survey.status = SurveyStatus.CLOSED
    save_audited(actor=actor, obj=survey, network=network, before=before)
    return survey


@dataclass
class Line:
    occupation: IscoGroup
    vacancies: int
    hires_12: int
    hires_24: int


@transaction.atomic
def answer(
    *,
    token: str,
    lines: Sequence[Line],
    region: Region | None = None,
    sector: str = "",
    difficulties: str = "",
    training_needs: str = "",
    comments: str = "",
    today: dt.date | None = None,
) -> Response:
    """The answer of the invited employer (by its personal link)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey__network", "organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This link is not valid."))
    survey = invitation.survey
    network = survey.network
    today = today or network_today(network)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("The survey is not open for answers."))
    if today > survey.deadline:
        raise ValidationError(
            _("The survey closed on %(deadline)s: answers are no longer taken.")
            % {"deadline": survey.deadline.isoformat()}
        )
    if invitation.responded_at is not None:
        raise ValidationError(_("This link has been used to answer already."))
    offered = set(survey.occupations.values_list("pk", flat=True))
    if any(line.occupation.pk not in offered for line in lines):
        raise ValidationError(_("Answer only for the occupations the survey asks about."))
    organisation = invitation.organisation
    response = Response(
        invitation=invitation,
        region=region or (organisation.region if organisation else None),
        sector=sector or (organisation.sector if organisation else ""),
        difficulties=difficulties if survey.ask_difficulties else "",
        training_needs=training_needs.strip() if survey.ask_training else "",
        comments=comments.strip() if survey.ask_comments else "",
    )
    save_audited(actor=None, obj=response, network=network)
    for line in lines:
        if line.vacancies or line.hires_12 or line.hires_24:
            save_audited(
                actor=None,
                obj=ResponseLine(
                    response=response,
                    occupation=line.occupation,
                    vacancies=line.vacancies,
                    hires_12=line.hires_12,
                    hires_24=line.hires_24,
                ),
                network=network,
            )
    before = audit.snapshot(invitation)
    invitation.responded_at = timezone.now()
    save_audited(actor=None, obj=invitation, network=network, before=before)
    return response
