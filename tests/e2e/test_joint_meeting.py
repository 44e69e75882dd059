"""axe-core and no sideways scrolling (1,280 and 390 px) on the pages of a joint meeting:
the meeting page led by Barnim as its coordinator runs it, the same meeting from Uckermark
as a partner representative reads it, and the scheduling form with the federation's
arenas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverk.core.choices import RoleKind
from samverk.core.models import Federation
from samverk.meetings import services
from samverk.meetings.tests.factories import at
from samverk.meetings.tests.test_joint import DAY, World, side
from samverk.networks.choices import QuorumRule
from samverk.networks.tests.factories import UserFactory
from tests.e2e.conftest import PageLog, log_in_with_cookie
from tests.e2e.test_meetings_accessibility import _check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _joint_world() -> tuple[World, int]:
    federation = Federation.objects.create(name="Barnim und Uckermark", slug="bu")
    world = World(
        barnim=side("barnim", federation, 3, quorum_rule=QuorumRule.ALL_MEMBERS),
        uckermark=side(
            "uckermark", federation, 4, quorum_rule=QuorumRule.PERCENT, quorum_percent=50
        ),
        third=side("nordsachsen", None, 2),
        admin=UserFactory.create(is_superuser=True, is_staff=True),
    )
    coordinator = world.barnim.users[RoleKind.COORDINATOR]
    meeting = world.schedule(
        title="Gemeinsame Sitzung der Fachkräftebündnisse Barnim und Uckermark",
        starts_at=at(DAY, 14),
        ends_at=at(DAY, 14) + dt.timedelta(hours=3),
    )
    item = services.add_agenda_item(actor=coordinator, meeting=meeting, title="Rückkehrertag")
    for status in ("invited", "in_progress"):
        meeting = services.change_status(actor=coordinator, meeting=meeting, status=status)
    for person in world.barnim.representatives[:2] + world.uckermark.representatives[:2]:
        services.check_in(actor=coordinator, meeting=meeting, person=person)
    services.record_decision(
        actor=coordinator,
        meeting=meeting,
        text="Den Rückkehrertag gemeinsam ausrichten.",
        binding=False,
        agenda_item=item,
    )
    return world, meeting.pk


@pytest.mark.parametrize(
    ("network", "role", "path"),
    [
        ("barnim", RoleKind.COORDINATOR, "{pk}/"),
        ("uckermark", RoleKind.PARTNER_REPRESENTATIVE, "{pk}/"),
        ("uckermark", RoleKind.OBSERVER, ""),
        ("uckermark", RoleKind.OBSERVER, "decisions/"),
        ("barnim", RoleKind.COORDINATOR, "new/"),
    ],
    ids=["lead_meeting", "participant_meeting", "participant_list", "participant_register", "form"],
)
def test_joint_meeting_pages_are_accessible(
    network: str,
    role: str,
    path: str,
    page: Any,
    page_log: PageLog,
    browser_context: Any,
    live_server: Any,
    axe_source: Any,
) -> None:
    world, pk = _joint_world()
    log_in_with_cookie(browser_context, live_server.url, getattr(world, network).users[role])

    response = page.goto(f"/n/{network}/meetings/{path.format(pk=pk)}")

    assert response is not None and response.status == 200
    if path == "{pk}/":
        # Both networks' numbers for the decision; the lead coordinator sees each quorum (the
        # read view of the other roles has no attendance section).
        assert page.locator("[data-joint-reference]").count() == 2
        assert page.locator("[data-joint-participants] li").count() == 2
        if role == RoleKind.COORDINATOR:
            assert page.locator("[data-joint-quorum] li").count() == 2
    _check(page, page_log, axe_source, f"{network} {path}")
