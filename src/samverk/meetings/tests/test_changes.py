"""Changing a meeting's record after the fact — agenda items edited, reordered and removed,
decisions and actions corrected — and the rules of which state allows what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samverk.core import clock
from samverk.core.models import AuditAction, AuditRecord
from samverk.meetings import services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Decision,
    Meeting,
    Rsvp,
)
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    at,
    in_progress,
)
from samverk.meetings.tests.test_services import NOT_QUORATE, NOW, TODAY, W, audit_records, refusal
from samverk.networks.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> W:
    return W()


def with_status(meeting: Meeting, status: str) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.status = status
    return meeting


def agenda(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.agenda_items.order_by("position").values_list("position", "title"))


def add_items(w: W, *titles: str) -> list[AgendaItem]:
    return [
        services.add_agenda_item(actor=w.coordinator, meeting=w.meeting, title=t) for t in titles
    ]


# --- agenda items ------------------------------------------------------------------------------


def test_an_agenda_item_is_edited_and_the_change_audited(w: W):
    (item,) = add_items(w, "Budget")

    services.update_agenda_item(
        actor=w.coordinator,
        item=item,
        title="Budget 2027",
        kind="decision",
        presenter=w.anna,
        planned_minutes=30,
    )

    item.refresh_from_db()
    assert (item.title, item.kind, item.presenter, item.planned_minutes) == (
        "Budget 2027",
        "decision",
        w.anna,
        30,
    )
    action, actor, changes = audit_records(item)[-1]
    assert (action, actor) == (AuditAction.UPDATE, w.coordinator)
    assert changes["title"] == ["Budget", "Budget 2027"]


def test_a_presenter_of_another_network_is_refused(w: W):
    (item,) = add_items(w, "Budget")

    errors = refusal(
        lambda: services.update_agenda_item(actor=w.coordinator, item=item, presenter=w.stranger)
    )

    assert errors == {"presenter": ["Choose one of this network's own entries."]}


def test_items_move_up_and_down_and_stay_numbered(w: W):
    first, second, third = add_items(w, "Welcome", "Budget", "Any other business")

    services.move_agenda_item(actor=w.coordinator, item=third, offset=-1)
    assert agenda(w.meeting) == [(1, "Welcome"), (2, "Any other business"), (3, "Budget")]

    services.move_agenda_item(actor=w.coordinator, item=first, offset=1)
    assert agenda(w.meeting) == [(1, "Any other business"), (2, "Welcome"), (3, "Budget")]

    # At either end nothing changes and nothing is recorded.
    before = AuditRecord.objects.count()
    services.move_agenda_item(actor=w.coordinator, item=third, offset=-1)  # first already
    services.move_agenda_item(actor=w.coordinator, item=second, offset=1)  # last already
    assert agenda(w.meeting) == [(1, "Any other business"), (2, "Welcome"), (3, "Budget")]
    assert AuditRecord.objects.count() == before


def test_removing_an_item_renumbers_the_rest_and_keeps_decisions(
    w: W, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    _first, second, _third = add_items(w, "Welcome", "Budget", "Any other business")
    document = services.attach_document(
        actor=w.coordinator,
        agenda_item=second,
        upload=SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    stored = tmp_path / document.file.name
    assert stored.exists()
    in_progress(w.meeting)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adopted.", binding=False, agenda_item=second
    )

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once committed
        services.remove_agenda_item(actor=w.coordinator, item=second)

    assert agenda(w.meeting) == [(1, "Welcome"), (2, "Any other business")]
    decision.refresh_from_db()
    assert decision.agenda_item is None
    assert not AgendaDocument.objects.exists()
    assert not stored.exists()
    deleted = AuditRecord.objects.filter(action=AuditAction.DELETE).values_list(
        "object_repr", flat=True
    )
    assert sorted(deleted) == ["2. Budget", "budget.pdf"]


@pytest.mark.parametrize(
    "status", [MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED]
)
def test_the_agenda_is_fixed_once_the_meeting_is_over(w: W, status: str):
    first, second = add_items(w, "Welcome", "Budget")
    with_status(w.meeting, status)
    label = MeetingStatus(status).label
    message = [f"The agenda of a meeting that is “{label}” can no longer be changed."]

    for call in (
        lambda: services.add_agenda_item(actor=w.coordinator, meeting=w.meeting, title="More"),
        lambda: services.update_agenda_item(actor=w.coordinator, item=first, title="Hello"),
        lambda: services.move_agenda_item(actor=w.coordinator, item=second, offset=-1),
        lambda: services.remove_agenda_item(actor=w.coordinator, item=first),
    ):
        assert refusal(call) == {"__all__": message}


# --- which state allows what ---------------------------------------------------------------------


def test_replies_are_taken_only_before_the_meeting_begins(w: W):
    """``now`` is the moment of the reply (by default: now)."""
    begins = w.meeting.starts_at
    yesterday = clock.network_today(w.network) - dt.timedelta(days=1)
    begun = w.meeting_on(yesterday, status="invited")  # begun, whenever the test runs
    cancelled = w.meeting_on(dt.date(2026, 12, 17), status="cancelled")
    message = {"__all__": ["Replies are only taken before the meeting begins."]}

    def reply(meeting: Meeting, now: dt.datetime | None) -> Rsvp:
        return services.record_rsvp(
            actor=w.coordinator, meeting=meeting, organisation=w.org_a, answer="principal", now=now
        )

    for meeting, now in ((w.meeting, begins), (begun, None), (cancelled, NOW)):
        assert refusal(lambda m=meeting, n=now: reply(m, n)) == message
    assert reply(w.meeting, begins - dt.timedelta(minutes=1)).answer == "principal"


@pytest.mark.parametrize("status", ["closed", "minutes_approved", "cancelled"])
def test_nobody_is_checked_in_after_the_meeting(w: W, status: str):
    with_status(w.meeting, status)
    label = MeetingStatus(status).label

    errors = refusal(
        lambda: services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    )

    assert errors == {"person": [f"Nobody can be checked in to a meeting that is “{label}”."]}


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("planned", False),
        ("invited", False),
        ("in_progress", True),
        ("closed", True),
        ("minutes_approved", False),
        ("cancelled", False),
    ],
)
def test_decisions_are_recorded_from_the_start_until_the_minutes_are_approved(
    w: W, status: str, allowed: bool
):
    with_status(w.meeting, status)

    def call() -> Decision:
        return services.record_decision(
            actor=w.coordinator, meeting=w.meeting, text="Adopted.", binding=False
        )

    if allowed:
        assert call().reference == "2026/01"
    else:
        label = MeetingStatus(status).label
        assert refusal(call) == {
            "__all__": [
                "Decisions are recorded once the meeting has started and until its minutes "
                f"are approved; this meeting is “{label}”."
            ]
        }


@pytest.mark.parametrize("status", ["minutes_approved", "cancelled"])
def test_no_documents_or_actions_once_the_record_is_closed(w: W, status: str, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (item,) = add_items(w, "Budget")
    with_status(w.meeting, status)
    label = MeetingStatus(status).label
    message = [f"The record of a meeting that is “{label}” can no longer be changed."]

    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")
    assert refusal(
        lambda: services.attach_document(actor=w.coordinator, agenda_item=item, upload=upload)
    ) == {"file": message}
    assert refusal(
        lambda: services.create_action(
            actor=w.coordinator,
            meeting=w.meeting,
            title="Follow up",
            due_date=TODAY,
            owner_organisation=w.org_a,
            today=TODAY,
        )
    ) == {"__all__": message}
    assert list(tmp_path.rglob("*.pdf")) == []


# --- decisions -----------------------------------------------------------------------------------


def test_a_decision_is_corrected_and_keeps_its_number(w: W):
    in_progress(w.meeting)
    item = AgendaItemFactory.create(meeting=w.meeting)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adoptd.", binding=False
    )
    # A vote counts no more than the members present with authority (here two).
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.bo)

    services.update_decision(
        actor=w.coordinator,
        decision=decision,
        text="Adopted.",
        topic="Budget",
        agenda_item=item,
        method="vote",
        votes_for=1,
        votes_against=1,
        abstentions=0,
    )

    decision.refresh_from_db()
    assert (decision.reference, decision.text, decision.topic, decision.agenda_item) == (
        "2026/01",
        "Adopted.",
        "Budget",
        item,
    )
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (1, 1, 0)
    assert audit_records(decision)[-1][2]["text"] == ["Adoptd.", "Adopted."]


def test_a_recommendation_becomes_binding_only_at_a_quorate_meeting(w: W):
    w.require_all_members()
    in_progress(w.meeting)
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adopted.", binding=False
    )

    errors = refusal(
        lambda: services.update_decision(actor=w.coordinator, decision=decision, binding=True)
    )
    assert errors == {"binding": [NOT_QUORATE]}

    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.bo)
    services.update_decision(actor=w.coordinator, decision=decision, binding=True)
    decision.refresh_from_db()
    assert decision.binding


def test_decisions_are_fixed_once_the_minutes_are_approved(w: W):
    in_progress(w.meeting)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adopted.", binding=False
    )
    with_status(w.meeting, MeetingStatus.MINUTES_APPROVED)

    errors = refusal(
        lambda: services.update_decision(actor=w.coordinator, decision=decision, text="Changed.")
    )

    assert errors == {
        "__all__": [
            "The decisions of a meeting that is “minutes approved” can no longer be changed."
        ]
    }


def test_a_decision_cannot_point_to_another_meetings_agenda(w: W):
    in_progress(w.meeting)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adopted.", binding=False
    )
    foreign = AgendaItemFactory.create(meeting=w.meeting_on(dt.date(2026, 9, 3)))

    errors = refusal(
        lambda: services.update_decision(
            actor=w.coordinator, decision=decision, agenda_item=foreign
        )
    )

    assert errors == {"agenda_item": ["Choose an item of this meeting's agenda."]}


# --- actions -------------------------------------------------------------------------------------


def test_an_action_is_reassigned_and_postponed_even_after_approval(w: W):
    action = services.create_action(
        actor=w.coordinator,
        meeting=w.meeting,
        title="Collect figures",
        due_date=TODAY + dt.timedelta(days=7),
        owner_person=w.anna,
        today=TODAY,
    )
    ActionItem.objects.filter(pk=action.pk).update(created_at=NOW)  # created on TODAY
    with_status(w.meeting, MeetingStatus.MINUTES_APPROVED)
    later = TODAY + dt.timedelta(days=40)

    services.update_action(
        actor=w.coordinator,
        action=action,
        title="Collect the vacancy figures",
        owner_person=None,
        owner_organisation=w.org_b,
        due_date=later,
    )

    action.refresh_from_db()
    assert (action.title, action.owner_person, action.owner_organisation, action.due_date) == (
        "Collect the vacancy figures",
        None,
        w.org_b,
        later,
    )
    assert audit_records(action)[-1][2]["owner_organisation"] == [None, "Hochschule"]


def test_an_action_cannot_become_due_before_it_was_created(w: W):
    action = ActionItemFactory.create(meeting=w.meeting, owner_organisation=w.org_a)
    created = NOW - dt.timedelta(days=10)
    ActionItem.objects.filter(pk=action.pk).update(created_at=created)
    action.refresh_from_db()

    errors = refusal(
        lambda: services.update_action(
            actor=w.coordinator, action=action, due_date=created.date() - dt.timedelta(days=1)
        )
    )
    assert errors == {"due_date": ["An action cannot be due before it was created."]}

    # Due on a day before today but after it was created is a correction, not an error.
    services.update_action(actor=w.coordinator, action=action, due_date=created.date())


def test_an_action_needs_an_owner_of_this_network(w: W):
    action = ActionItemFactory.create(meeting=w.meeting, owner_organisation=w.org_a)

    assert refusal(
        lambda: services.update_action(
            actor=w.coordinator, action=action, owner_person=None, owner_organisation=None
        )
    ) == {"owner_person": ["Name a person or an organisation as owner."]}
    assert refusal(
        lambda: services.update_action(actor=w.coordinator, action=action, owner_person=w.stranger)
    ) == {"owner_person": ["Choose one of this network's own entries."]}


# --- the pages -----------------------------------------------------------------------------------


def coordinator_client(w: W) -> Client:
    client = Client()
    client.force_login(w.coordinator)
    return client


def url(w: W, path: str) -> str:
    return f"/n/{w.network.slug}/meetings/{path}"


def test_edit_move_and_remove_agenda_items_on_the_pages(w: W):
    client = coordinator_client(w)
    first, second = add_items(w, "Welcome", "Budget")
    page = client.get(url(w, f"{w.meeting.pk}/"))
    html = page.content.decode()
    assert f'action="/n/barnim/meetings/{w.meeting.pk}/agenda/{second.pk}/move/"' in html

    edited = client.post(
        url(w, f"{w.meeting.pk}/agenda/{first.pk}/edit/"),
        {"agenda-title": "Welcome and minutes", "agenda-kind": "information"},
    )
    moved = client.post(url(w, f"{w.meeting.pk}/agenda/{second.pk}/move/"), {"direction": "up"})
    bad_move = client.post(
        url(w, f"{w.meeting.pk}/agenda/{second.pk}/move/"), {"direction": "sideways"}
    )
    confirm = client.get(url(w, f"{w.meeting.pk}/agenda/{first.pk}/delete/"))

    assert edited.status_code == moved.status_code == 302
    assert bad_move.status_code == 400
    assert agenda(w.meeting) == [(1, "Budget"), (2, "Welcome and minutes")]
    assert "Remove “Welcome and minutes” from the agenda?" in confirm.content.decode()
    assert agenda(w.meeting) == [(1, "Budget"), (2, "Welcome and minutes")]  # GET changes nothing

    removed = client.post(url(w, f"{w.meeting.pk}/agenda/{first.pk}/delete/"))
    assert removed.status_code == 302
    assert agenda(w.meeting) == [(1, "Budget")]


def test_an_agenda_item_form_with_errors_saves_nothing(w: W):
    client = coordinator_client(w)
    (item,) = add_items(w, "Welcome")

    response = client.post(
        url(w, f"{w.meeting.pk}/agenda/{item.pk}/edit/"),
        {"agenda-title": "", "agenda-kind": "information", "agenda-planned_minutes": "-5"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "planned_minutes"}
    assert agenda(w.meeting) == [(1, "Welcome")]


def test_a_closed_meeting_offers_no_agenda_reply_or_check_in_forms(w: W):
    (item,) = add_items(w, "Welcome")
    with_status(w.meeting, MeetingStatus.CLOSED)

    response = coordinator_client(w).get(url(w, f"{w.meeting.pk}/?q=anna"))
    html = response.content.decode()

    for name in ("agenda_form", "rsvp_form", "checkin_form"):
        assert response.context.get(name) is None, name
    assert response.context["decision_form"] is not None  # recorded after the meeting too
    for change in ("edit", "move", "delete"):
        assert f"/agenda/{item.pk}/{change}/" not in html
    assert response.context["checkin_results"] == []
    assert f"/meetings/{w.meeting.pk}/replies/" not in html  # no reply form
    # the agenda, even opened, has no editing any more
    html = coordinator_client(w).get(url(w, f"{w.meeting.pk}/?phase=prepare")).content.decode()
    assert "Welcome" in html
    for change in ("edit", "move", "delete"):
        assert f"/agenda/{item.pk}/{change}/" not in html


def test_before_the_meeting_the_page_explains_when_decisions_are_recorded(w: W):
    response = coordinator_client(w).get(url(w, f"{w.meeting.pk}/"))

    assert response.context.get("decision_form") is None
    html = response.content.decode()
    assert "/decisions/new/" not in html
    # decisions belong to the run phase, which comes next
    assert 'data-phase="run" data-state="next"' in html


def test_check_in_search_finds_people_of_this_network_only(w: W):
    client = coordinator_client(w)
    in_progress(w.meeting)
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.bo)
    PersonFactory.create(organisation=w.foreign_org, name="Anna Fjord")  # another network

    by_name = client.get(url(w, f"{w.meeting.pk}/?q=a"))
    by_org = client.get(url(w, f"{w.meeting.pk}/?q=stadtwerke"))
    nobody = client.get(url(w, f"{w.meeting.pk}/?q=Fjord"))

    found = [(p.name, p.check_in_as) for p in by_name.context["checkin_results"]]
    # Bo is checked in already; Cleo's organisation is not in the arena: a guest.
    assert found == [
        ("Alma Ek", "guest"),
        ("Anna Berg", "authority"),
        ("Arne Dahl", "no_authority"),
        ("Cleo Sund", "guest"),
    ]
    assert [p.name for p in by_org.context["checkin_results"]] == [
        "Alma Ek",
        "Anna Berg",
        "Arne Dahl",
    ]
    assert nobody.context["checkin_results"] == []
    assert "Nobody who is not checked in yet matches “Fjord”." in nobody.content.decode()
    html = by_name.content.decode()
    assert "no mandate: checked in as a guest" in html
    assert f'name="checkin-person" value="{w.anna.pk}"' in html


def test_check_in_search_shows_at_most_twenty_people(w: W):
    for n in range(25):
        PersonFactory.create(organisation=w.org_b, name=f"Helper {n:02d}")
    in_progress(w.meeting)

    response = coordinator_client(w).get(url(w, f"{w.meeting.pk}/?q=helper"))

    names = [p.name for p in response.context["checkin_results"]]
    assert names == [f"Helper {n:02d}" for n in range(20)]


def test_htmx_search_returns_only_the_attendance_section(w: W):
    response = coordinator_client(w).get(
        url(w, f"{w.meeting.pk}/?q=anna"), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section aria-labelledby="attendance-heading"')
    assert "Anna Berg (Stadtwerke)" in html
    assert "<html" not in html


def test_checking_in_from_the_search_result(w: W):
    response = coordinator_client(w).post(
        url(w, f"{w.meeting.pk}/check-in/"), {"checkin-person": w.cleo.pk}
    )

    assert response.status_code == 302
    attendance = w.meeting.attendances.get()
    assert (attendance.person, attendance.is_guest) == (w.cleo, True)


def test_decision_and_action_edit_pages(w: W):
    client = coordinator_client(w)
    in_progress(w.meeting)
    decision = services.record_decision(
        actor=w.coordinator, meeting=w.meeting, text="Adoptd.", binding=False
    )
    action = ActionItemFactory.create(meeting=w.meeting, owner_organisation=w.org_a, title="Ask")

    form_page = client.get(url(w, f"decisions/{decision.pk}/edit/"))
    assert "number" not in form_page.context["form"].fields
    assert form_page.context["form"]["text"].value() == "Adoptd."
    saved = client.post(
        url(w, f"decisions/{decision.pk}/edit/"),
        {"decision-text": "Adopted.", "decision-method": "consensus"},
    )
    action_page = client.get(url(w, f"actions/{action.pk}/edit/"))
    assert action_page.context["form"]["title"].value() == "Ask"
    due = (clock.network_today(w.network) + dt.timedelta(days=3)).isoformat()
    refused = client.post(
        url(w, f"actions/{action.pk}/edit/"),
        {"action-title": "Ask", "action-due_date": due},
    )
    moved = client.post(
        url(w, f"actions/{action.pk}/edit/?next=actions"),
        {
            "action-title": "Ask NAV",
            "action-owner_organisation": w.org_b.pk,
            "action-due_date": due,
        },
    )

    assert saved.status_code == 302
    decision.refresh_from_db()
    assert decision.text == "Adopted."
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "owner_person": ["Name a person or an organisation as owner."]
    }
    assert moved.status_code == 302
    assert moved["Location"] == url(w, "actions/")
    action.refresh_from_db()
    assert (action.title, action.owner_organisation) == ("Ask NAV", w.org_b)


def test_choices_on_the_meeting_page_are_the_arenas_members_and_the_host(w: W):
    in_progress(w.meeting)
    Meeting.objects.filter(pk=w.meeting.pk).update(host=w.org_c)
    w.meeting.refresh_from_db()

    response = coordinator_client(w).get(url(w, f"{w.meeting.pk}/?add=action"))

    action_form = response.context["action_form"]
    assert [o.name for o in action_form.fields["owner_organisation"].queryset] == [
        "Hochschule",
        "Kammer",
        "Stadtwerke",
    ]
    people = {p.name for p in action_form.fields["owner_person"].queryset}
    assert people == {"Alma Ek", "Anna Berg", "Arne Dahl", "Bo Lind", "Cleo Sund"}
    assert "Finn Fjord" not in response.content.decode()


def test_an_action_owned_outside_the_arena_keeps_its_owner_on_the_edit_page(w: W):
    outsider = PersonFactory.create(organisation=w.org_c, name="Carl Berg")
    action = ActionItemFactory.create(meeting=w.meeting, owner_person=outsider)
    meeting = MeetingFactory.create(arena=w.arena, starts_at=at(dt.date(2026, 12, 20)))
    assert meeting.host is None

    response = coordinator_client(w).get(url(w, f"actions/{action.pk}/edit/"))

    owners = [p.name for p in response.context["form"].fields["owner_person"].queryset]
    assert "Carl Berg" in owners
