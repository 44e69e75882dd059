"""The actions list at scale (issue 8, speed): each row's status is one small select built
without a form object, posted to the same status page as before; who may change which status
is unchanged."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from samverk.core.choices import RoleKind
from samverk.meetings.models import ActionItem
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions():
    network = NetworkFactory.create(language="en")
    ours, theirs = (OrganisationFactory.create(network=network) for _ in range(2))
    meeting = MeetingFactory.create(network=network, title="Spring plenary")
    person = PersonFactory.create(organisation=theirs, name="Berit Berg")
    return {
        "network": network,
        "ours": ours,
        "meeting": meeting,
        "person": person,
        "mine": ActionItemFactory.create(
            meeting=meeting, title="Ours to do", owner_organisation=ours, status="open"
        ),
        "other": ActionItemFactory.create(
            meeting=meeting, title="Theirs to do", owner_person=person, status="in_progress"
        ),
        "coordinator": user_with_role(network, RoleKind.COORDINATOR),
        "contact": user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=ours),
    }


def _get(user, network, query=""):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("meetings:action_list", kwargs={"network": network.slug}) + query)
    assert response.status_code == 200
    return client, response.content.decode()


def _select(html: str, action: ActionItem) -> str | None:
    found = re.search(rf'<select name="action-{action.pk}-status".*?</select>', html, re.S)
    return found.group(0) if found else None


def test_each_row_has_a_status_select_posting_to_the_status_page(actions):
    network, mine = actions["network"], actions["mine"]
    client, html = _get(actions["coordinator"], network)

    select = _select(html, mine)
    assert select is not None
    assert re.findall(r'<option value="(\w+)"', select) == [
        "open",
        "in_progress",
        "done",
        "dropped",
    ]
    assert '<option value="open" selected>open</option>' in select
    assert f'id="id_action-{mine.pk}-status"' in select
    assert f'<label class="visually-hidden" for="id_action-{mine.pk}-status">' in html
    status_url = reverse("meetings:action_status", kwargs={"network": network.slug, "pk": mine.pk})
    assert f'action="{status_url}"' in html
    meeting_url = reverse(
        "meetings:meeting_detail", kwargs={"network": network.slug, "pk": actions["meeting"].pk}
    )
    assert f'<a href="{meeting_url}">Spring plenary</a>' in html
    other = _select(html, actions["other"])
    assert other is not None and '<option value="in_progress" selected>' in other

    response = client.post(status_url, {f"action-{mine.pk}-status": "done", "next": "actions"})

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:action_list", kwargs={"network": network.slug})
    mine.refresh_from_db()
    assert mine.status == "done"


def test_a_representative_changes_only_their_organisations_actions(actions):
    _, html = _get(actions["contact"], actions["network"])

    assert _select(html, actions["mine"]) is not None
    assert _select(html, actions["other"]) is None
    assert "Theirs to do" in html and "in progress" in html


def test_the_owner_filter_keeps_its_choice(actions):
    person = actions["person"]

    _, html = _get(actions["coordinator"], actions["network"], f"?owner={person.pk}")

    assert f'<option value="{person.pk}" selected>Berit Berg</option>' in html
    assert "Theirs to do" in html and "Ours to do" not in html


def test_the_row_labels_follow_the_networks_language(actions):
    network = actions["network"]
    network.language = "de"
    network.save()

    _, html = _get(actions["coordinator"], network)

    select = _select(html, actions["mine"])
    assert select is not None
    assert '<option value="open" selected>open</option>' not in select  # translated
