"""Writes of the projects app: each checks permission, runs atomically and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.clock import network_today
from samverk.core.models import Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    record_delete,
    require,
    save_audited,
    set_relations_audited,
)
from samverk.meetings import documents
from samverk.networks.models import Membership
from samverk.projects import files, permissions
from samverk.projects.choices import PublicField
from samverk.projects.models import (
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)
from samverk.strategy import services as strategy_services
from samverk.strategy.models import Measurement

if TYPE_CHECKING:
    from samverk.accounts.models import User
    from samverk.meetings.models import ActionItem
    from samverk.networks.models import Organisation, Person
    from samverk.strategy.models import Commitment, Goal, Indicator, PlanActivity

RELATIONS = (
    "focus_areas",
    "responsible_members",
    "responsible_people",
    "tasks",
    "strategy_goals",
    "commitments",
    "activities",
)


def _check_project(project: Project) -> None:
    network = project.network
    check_same_network(network, field="carrier", obj=project.carrier)
    check_same_network(network, field="contact", obj=project.contact)
    check_same_network(network, field="continues", obj=project.continues)
    if project.contact is not None and project.carrier is not None:
        if project.contact.organisation_id != project.carrier_id:
            raise ValidationError(
                {"contact": _("Choose a contact person of the carrier organisation.")}
            )
    if project.continues_id is not None and project.continues_id == project.pk:
        raise ValidationError({"continues": _("A project cannot continue itself.")})
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        raise ValidationError({"ends_on": _("The project cannot end before it starts.")})
    unknown = set(project.public_fields or ()) - set(PublicField.values)
    if not isinstance(project.public_fields, list) or unknown:
        raise ValidationError({"public_fields": _("Choose parts of the project from the list.")})
    if project.is_public and project.carrier is not None:
        today = network_today(network)
        if (
            not Membership.objects.filter(network=network, organisation=project.carrier)
            .active(today)
            .exists()
        ):
            raise ValidationError(
                {
                    "carrier": _(
                        "A public project's carrier must be a member of the network: "
                        "%(organisation)s is not a member today."
                    )
                    % {"organisation": project.carrier}
                }
            )
    first, last = project.starts_on, project.ends_on
    if project.pk and (first or last):
        outside = Milestone.objects.filter(project=project)
        if (first and outside.filter(planned_on__lt=first).exists()) or (
            last and outside.filter(planned_on__gt=last).exists()
        ):
            raise ValidationError(
                {"starts_on": _("Some milestones lie outside these dates: move them first.")}
            )


def _parts(public_fields: Iterable[str]) -> list[str]:
    """The chosen public parts in the order of ``PublicField`` (unknown ones last, to be
    refused by ``_check_project``)."""
    chosen = list(dict.fromkeys(public_fields))
    return [p for p in PublicField.values if p in chosen] + [
        p for p in chosen if p not in PublicField.values
    ]


def _check_relations(network: Network, relations: dict[str, Any]) -> dict[str, list[Any]]:
    chosen = {name: list(objs) for name, objs in relations.items() if objs is not UNSET}
    for name, objs in chosen.items():
        check_all_same_network(network, field=name, objs=objs)
    for task in chosen.get("tasks", []):
        if task.network_id != network.pk:  # its own, not a joint meeting partner's
            raise ValidationError({"tasks": _("Choose one of this network's own entries.")})
    return chosen


@transaction.atomic
def create_project(
    *,
    actor: User,
    network: Network,
    title: str,
    short_name: str = "",
    status: str = "idea",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    regions: str = "",
    sector: str = "",
    carrier: Organisation | None = None,
    contact: Person | None = None,
    basis: str = "",
    basis_url: str = "",
    summary: str = "",
    problem: str = "",
    goals: str = "",
    implementation: str = "",
    results: str = "",
    continues: Project | None = None,
    is_public: bool = False,
    public_fields: Iterable[str] | None = None,
    focus_areas: Iterable[FocusArea] = (),
    responsible_members: Iterable[Organisation] = (),
    responsible_people: Iterable[Person] = (),
    tasks: Iterable[ActionItem] = (),
    strategy_goals: Iterable[Goal] = (),
    commitments: Iterable[Commitment] = (),
    activities: Iterable[PlanActivity] = (),
) -> Project:
    require(permissions.can_manage_projects(actor, network))
    project = Project(
        network=network,
        title=title,
        short_name=short_name,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        regions=regions,
        sector=sector,
        carrier=carrier,
        contact=contact,
        basis=basis,
        basis_url=basis_url,
        summary=summary,
        problem=problem,
        goals=goals,
        implementation=implementation,
        results=results,
        continues=continues,
        is_public=is_public,
    )
    if public_fields is not None:
        project.public_fields = _parts(public_fields)
    _check_project(project)
    relations = _check_relations(
        network,
        {
            "focus_areas": focus_areas,
            "responsible_members": responsible_members,
            "responsible_people": responsible_people,
            "tasks": tasks,
            "strategy_goals": strategy_goals,
            "commitments": commitments,
            "activities": activities,
        },
    )
    save_audited(actor=actor, obj=project, network=network)
    set_relations_audited(actor=actor, obj=project, network=network, relations=relations)
    return project


@transaction.atomic
def update_project(*, actor: User, project: Project, **changes: Any) -> Project:
    """Change any of the fields ``create_project`` takes (the others stay)."""
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    unknown = set(changes) - set(FIELDS) - set(RELATIONS) - {"public_fields"}
    if unknown:
        raise TypeError(f"update_project() got unexpected fields: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = audit.snapshot(project)
    assign(project, {name: changes.get(name, UNSET) for name in FIELDS})
    if "public_fields" in changes:
        project.public_fields = _parts(changes["public_fields"])
    _check_project(project)
    relations = _check_relations(network, {name: changes.get(name, UNSET) for name in RELATIONS})
    save_audited(actor=actor, obj=project, network=network, before=before)
    set_relations_audited(actor=actor, obj=project, network=network, relations=relations)
    return project


FIELDS = (
    "title",
    "short_name",
    "status",
    "starts_on",
    "ends_on",
    "regions",
    "sector",
    "carrier",
    "contact",
    "basis",
    "basis_url",
    "summary",
    "problem",
    "goals",
    "implementation",
    "results",
    "continues",
    "is_public",
)


@transaction.atomic
def add_focus_area(*, actor: User, network: Network, name: str) -> FocusArea:
    require(permissions.can_manage_projects(actor, network))
    area = FocusArea(network=network, name=name.strip())
    save_audited(actor=actor, obj=area, network=network)
    return area


# --- partners, key figures, milestones ----------------------------------------------------------


@transaction.atomic
def add_partner(
    *, actor: User, project: Project, organisation: Organisation, role: str
) -> ProjectPartner:
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    check_same_network(network, field="organisation", obj=organisation)
    partner = ProjectPartner(project=project, organisation=organisation, role=role)
    save_audited(actor=actor, obj=partner, network=network)
    return partner


@transaction.atomic
def remove_partner(*, actor: User, partner: ProjectPartner) -> None:
    network = partner.project.network
    require(permissions.can_manage_projects(actor, network))
    record_delete(actor=actor, obj=partner, network=network)
    partner.delete()


def _check_unit(unit: str) -> None:
    if not unit.strip():
        raise ValidationError({"unit": _("Give the unit of the figure, e.g. “participants”.")})


@transaction.atomic
def add_key_figure(
    *,
    actor: User,
    project: Project,
    label: str,
    value: Decimal,
    unit: str,
    on: dt.date,
    source: str = "entered",
    note: str = "",
) -> KeyFigure:
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    _check_unit(unit)
    figure = KeyFigure(
        project=project,
        label=label,
        value=value,
        unit=unit.strip(),
        on=on,
        source=source,
        note=note,
    )
    save_audited(actor=actor, obj=figure, network=network)
    return figure


@transaction.atomic
def update_key_figure(
    *,
    actor: User,
    figure: KeyFigure,
    label: str | Unset = UNSET,
    value: Decimal | Unset = UNSET,
    unit: str | Unset = UNSET,
    on: dt.date | Unset = UNSET,
    source: str | Unset = UNSET,
    note: str | Unset = UNSET,
) -> KeyFigure:
    network = figure.project.network
    require(permissions.can_manage_projects(actor, network))
    before = audit.snapshot(figure)
    assign(
        figure,
        {"label": label, "value": value, "unit": unit, "on": on, "source": source, "note": note},
    )
    _check_unit(figure.unit)
    save_audited(actor=actor, obj=figure, network=network, before=before)
    _feed(actor, figure)
    return figure


@transaction.atomic
def delete_key_figure(*, actor: User, figure: KeyFigure) -> None:
    network = figure.project.network
    require(permissions.can_manage_projects(actor, network))
    record_delete(actor=actor, obj=figure, network=network)
    figure.delete()


def _check_milestone(milestone: Milestone) -> None:
    project = milestone.project
    for field, day in (("planned_on", milestone.planned_on), ("reached_on", milestone.reached_on)):
        if day is None:
            continue
        if (project.starts_on and day < project.starts_on) or (
            project.ends_on and day > project.ends_on
        ):
            raise ValidationError(
                {
                    field: _("The day lies outside the project's duration (%(from)s – %(to)s).")
                    % {"from": project.starts_on or "…", "to": project.ends_on or "…"}
                }
            )


@transaction.atomic
def add_milestone(
    *,
    actor: User,
    project: Project,
    title: str,
    planned_on: dt.date,
    reached_on: dt.date | None = None,
    evidence: str = "",
) -> Milestone:
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    milestone = Milestone(
        project=project,
        title=title,
        planned_on=planned_on,
        reached_on=reached_on,
        evidence=evidence,
    )
    _check_milestone(milestone)
    save_audited(actor=actor, obj=milestone, network=network)
    return milestone


@transaction.atomic
def update_milestone(
    *,
    actor: User,
    milestone: Milestone,
    title: str | Unset = UNSET,
    planned_on: dt.date | Unset = UNSET,
    reached_on: dt.date | Unset | None = UNSET,
    evidence: str | Unset = UNSET,
) -> Milestone:
    network = milestone.project.network
    require(permissions.can_manage_projects(actor, network))
    before = audit.snapshot(milestone)
    assign(
        milestone,
        {"title": title, "planned_on": planned_on, "reached_on": reached_on, "evidence": evidence},
    )
    _check_milestone(milestone)
    save_audited(actor=actor, obj=milestone, network=network, before=before)
    return milestone


@transaction.atomic
def add_update(
    *,
    actor: User,
    project: Project,
    on: dt.date,
    title: str,
    text: str = "",
    is_public: bool = False,
) -> ProjectUpdate:
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    update = ProjectUpdate(project=project, on=on, title=title, text=text, is_public=is_public)
    save_audited(actor=actor, obj=update, network=network)
    return update


@transaction.atomic
def update_update(
    *,
    actor: User,
    update: ProjectUpdate,
    on: dt.date | Unset = UNSET,
    title: str | Unset = UNSET,
    text: str | Unset = UNSET,
    is_public: bool | Unset = UNSET,
) -> ProjectUpdate:
    network = update.project.network
    require(permissions.can_manage_projects(actor, network))
    before = audit.snapshot(update)
    assign(update, {"on": on, "title": title, "text": text, "is_public": is_public})
    save_audited(actor=actor, obj=update, network=network, before=before)
    return update


def _check_file(item: ProjectFile) -> None:
    if item.is_image and not item.alt_text.strip():
        raise ValidationError(
            {"alt_text": _("Describe what the image shows: its text alternative is required.")}
        )
    if item.is_image and item.is_public and not item.consent:
        raise ValidationError(
            {
                "is_public": _(
                    "An image is published only with the consent of the people shown: "
                    "record it first."
                )
            }
        )


def add_file(
    *,
    actor: User,
    project: Project,
    upload: Any,
    title: str = "",
    alt_text: str = "",
    credit: str = "",
    consent: bool = False,
    is_public: bool = False,
) -> ProjectFile:
    """Add an uploaded document or image (type decided by the content, ``files.identify``);
    the stored file gets a generated name and is removed again if saving fails."""
    network = project.network
    require(permissions.can_manage_projects(actor, network))
    if not upload:
        raise ValidationError({"upload": _("Choose a file to upload.")})
    try:
        content_type, extension, is_image = files.identify(upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    name = documents.display_name(upload.name or "")
    item = ProjectFile(
        project=project,
        title=title.strip() or name,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        is_image=is_image,
        alt_text=alt_text.strip(),
        credit=credit.strip(),
        consent=consent,
        is_public=is_public,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_file(item)
    upload.seek(0)
    item.file.save(uuid.uuid4().hex + extension, upload, save=False)
    try:
        with transaction.atomic():
            save_audited(actor=actor, obj=item, network=network)
    except BaseException:
        item.file.delete(save=False)
        raise
    return item


@transaction.atomic
def update_file(
    *,
    actor: User,
    item: ProjectFile,
    title: str | Unset = UNSET,
    alt_text: str | Unset = UNSET,
    credit: str | Unset = UNSET,
    consent: bool | Unset = UNSET,
    is_public: bool | Unset = UNSET,
) -> ProjectFile:
    network = item.project.network
    require(permissions.can_manage_projects(actor, network))
    before = audit.snapshot(item)
    values = {"title": title, "alt_text": alt_text, "credit": credit, "consent": consent}
    assign(item, {**values, "is_public": is_public})
    _check_file(item)
    save_audited(actor=actor, obj=item, network=network, before=before)
    return item


@transaction.atomic
def remove_file(*, actor: User, item: ProjectFile) -> None:
    """Delete a file; the stored file is removed once the deletion is committed."""
    network = item.project.network
    require(permissions.can_manage_projects(actor, network))
    record_delete(actor=actor, obj=item, network=network)
    storage, name = item.file.storage, item.file.name
    item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def _feed(actor: User, figure: KeyFigure) -> Measurement | None:
    """The figure as the value of the indicator it feeds, as of its day (and part): entered
    as a draft where the indicator has none for that day, else corrected (the strategy's
    rules: a correction by the coordinator stays approved, one by anyone else is a draft
    again). Unchanged values are left alone. What the strategy refuses is refused here, on
    the figure, naming the indicator."""
    indicator = figure.indicator
    if indicator is None:
        return None
    detail = f"{figure.project}: {figure.label}"[:200]
    note = _("From the key figure “%(label)s” of the project “%(project)s”.") % {
        "label": figure.label,
        "project": figure.project,
    }
    existing = (
        Measurement.objects.select_for_update()
        .filter(indicator=indicator, period_end=figure.on, part=figure.indicator_part)
        .first()
    )
    try:
        if existing is None:
            return strategy_services.enter_measurement(
                actor=actor,
                indicator=indicator,
                period_end=figure.on,
                value=figure.value,
                part=figure.indicator_part,
                source_detail=detail,
                note=note,
            )
        if existing.value == figure.value:
            return existing
        return strategy_services.correct_measurement(
            actor=actor, measurement=existing, value=figure.value, source_detail=detail, note=note
        )
    except ValidationError as exc:
        raise ValidationError(
            _("The figure feeds the indicator “%(indicator)s”: %(error)s")
            % {"indicator": indicator.name, "error": " ".join(exc.messages)}
        ) from exc


@transaction.atomic
def feed_indicator(
    *, actor: User, figure: KeyFigure, indicator: Indicator | None, part: str = ""
) -> KeyFigure:
    """Link the key figure to a strategy indicator of the same network (``None``: stop; the
    values it entered stay). From now on the figure is the indicator's value as of its day,
    and every later change of the figure, typed or counted by an event, changes that value
    (``_feed``); the value's source names the project."""
    network = figure.project.network
    require(permissions.can_manage_projects(actor, network))
    figure = KeyFigure.objects.select_for_update().select_related("project").get(pk=figure.pk)
    if indicator is not None:
        check_same_network(network, field="indicator", obj=indicator)
        if indicator.uses_ratio:
            raise ValidationError(
                {"indicator": _("This indicator is entered as a numerator and a denominator.")}
            )
        if part.strip() and not indicator.breakdown:
            raise ValidationError(
                {"part": _("This indicator has no breakdown: leave the part empty.")}
            )
    before = audit.snapshot(figure)
    figure.indicator = indicator
    figure.indicator_part = part.strip() if indicator is not None else ""
    save_audited(actor=actor, obj=figure, network=network, before=before)
    try:
        _feed(actor, figure)
    except ValidationError as exc:
        raise ValidationError({"indicator": exc.messages}) from exc
    return figure
