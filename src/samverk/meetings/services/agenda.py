"""The agenda and its documents."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_same_network,
    record_delete,
    require,
    save_audited,
)
from samverk.meetings import documents, permissions
from samverk.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
)
from samverk.meetings.services._common import (
    _agenda_open,
    _lock,
    _record_open,
)
from samverk.networks.models import Person

# --- agenda --------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    kind: str | Unset = UNSET,
    description: str | Unset = UNSET,
    presenter: Person | Unset | None = UNSET,
    guest_presenter: str | Unset = UNSET,
    planned_minutes: int | Unset | None = UNSET,
) -> AgendaItem:
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title)
    assign(
        item,
        {
            "kind": kind,
            "description": description,
            "presenter": presenter,
            "guest_presenter": guest_presenter,
            "planned_minutes": planned_minutes,
        },
    )
    check_same_network(meeting.network, field="presenter", obj=item.presenter)
    save_audited(actor=actor, obj=item, network=meeting.network)
    return item


def update_agenda_item(
    *,
    actor: User,
    item: AgendaItem,
    title: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    description: str | Unset = UNSET,
    presenter: Person | Unset | None = UNSET,
    guest_presenter: str | Unset = UNSET,
    planned_minutes: int | Unset | None = UNSET,
) -> AgendaItem:
    meeting = item.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.select_related("meeting__network").get(pk=item.pk)
    before = audit.snapshot(item)
    assign(
        item,
        {
            "title": title,
            "kind": kind,
            "description": description,
            "presenter": presenter,
            "guest_presenter": guest_presenter,
            "planned_minutes": planned_minutes,
        },
    )
    check_same_network(meeting.network, field="presenter", obj=item.presenter)
    save_audited(actor=actor, obj=item, network=meeting.network, before=before)
    return item


@transaction.atomic
def move_agenda_item(*, actor: User, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap the item with its neighbour ``offset`` places away (-1 up, +1 down); at either
    end of the agenda nothing changes."""
    meeting = item.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    ordered = list(meeting.agenda_items.order_by("position"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(ordered) or offset == 0:
        return item
    other = ordered[target]
    before_item, before_other = audit.snapshot(item), audit.snapshot(other)
    mine, theirs = item.position, other.position
    # One position per item at all times: park the item at 0 while the other one moves.
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    other.position = mine
    save_audited(actor=actor, obj=other, network=meeting.network, before=before_other)
    item.position = theirs
    save_audited(actor=actor, obj=item, network=meeting.network, before=before_item)
    return item


@transaction.atomic
def remove_agenda_item(*, actor: User, item: AgendaItem) -> None:
    """Delete an item with its documents; the items after it move up. Decisions and actions
    that referred to it stay, without the reference."""
    meeting = item.meeting
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    for document in item.documents.all():
        remove_document(actor=actor, document=document)
    record_delete(actor=actor, obj=item, network=network)
    position = item.position
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        before = audit.snapshot(later)
        later.position -= 1
        save_audited(actor=actor, obj=later, network=network, before=before)


# --- documents on agenda items -------------------------------------------------------------


def attach_document(*, actor: User, agenda_item: AgendaItem, upload: Any) -> AgendaDocument:
    """Attach an uploaded file to an agenda item. The type is decided by the content
    (``documents.identify``); the stored file gets a generated name. If anything fails after
    the file was written, the file is removed again."""
    network = agenda_item.meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(agenda_item.meeting, "file")
    if not upload:
        raise ValidationError({"file": forms.Field.default_error_messages["required"]})
    try:
        content_type = documents.identify(upload, upload.name or "", upload.size)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = AgendaDocument(
        agenda_item=agenda_item,
        original_name=documents.display_name(upload.name or ""),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    stored_name = uuid.uuid4().hex + documents.extension_for(content_type)
    document.file.save(stored_name, upload, save=False)
    try:
        with transaction.atomic():
            save_audited(actor=actor, obj=document, network=network)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def remove_document(*, actor: User, document: AgendaDocument) -> None:
    """Delete a document; its file is removed once the deletion is committed."""
    network = document.agenda_item.meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(_lock(document.agenda_item.meeting))
    record_delete(actor=actor, obj=document, network=network)
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
