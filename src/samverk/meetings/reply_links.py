"""Personal one-click reply links (``/r/<token>/``), signed with ``django.core.signing``.

A token binds a meeting, a person and the organisation the person answers for (ids, signed
with the site's SECRET_KEY and the salt below); it needs no password. Whoever holds the link
can reply for that organisation, so it goes only to that person's own address (the
invitation and the reply reminder). It is refused when it was tampered with, when the meeting
has ended (the token carries the meeting; the reply view checks its end) and when the person
no longer holds a mandate for the organisation (checked by ``services.record_rsvp_by_link``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core import signing
from django.urls import reverse

if TYPE_CHECKING:
    from samverk.meetings.models import Meeting
    from samverk.networks.models import Organisation, Person

SALT = "samverk.meetings.reply-link"


class BadReplyLink(Exception):
    """The token is not one samverk signed (forged, tampered with or cut short)."""


@dataclass(frozen=True)
class ReplyLink:
    meeting_id: int
    person_id: int
    organisation_id: int


def make_token(meeting: Meeting, person: Person, organisation: Organisation) -> str:
    return signing.dumps({"m": meeting.pk, "p": person.pk, "o": organisation.pk}, salt=SALT)


def read_token(token: str) -> ReplyLink:
    try:
        data = signing.loads(token, salt=SALT)
        return ReplyLink(int(data["m"]), int(data["p"]), int(data["o"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadReplyLink from exc


def reply_path(meeting: Meeting, person: Person, organisation: Organisation) -> str:
    return reverse(
        "meeting_reply:reply", kwargs={"token": make_token(meeting, person, organisation)}
    )
