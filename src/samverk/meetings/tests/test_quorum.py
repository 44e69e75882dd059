"""The quorum rule: property-based over random members and attendance, and end to end through
check-ins (``services.quorum_of``)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverk.core.choices import RoleKind
from samverk.meetings import quorum, services
from samverk.meetings.tests.factories import MeetingFactory, at
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Arena, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

# Organisation ids: members are drawn from 1..30, attendance from 1..40 (so some of those who
# turn up belong to organisations that are not members).
member_ids = st.frozensets(st.integers(min_value=1, max_value=30), max_size=20)
attending_ids = st.lists(st.integers(min_value=1, max_value=40), max_size=40)
non_member_ids = st.frozensets(st.integers(min_value=100, max_value=130), max_size=10)
percents = st.integers(min_value=1, max_value=100)
rules = st.sampled_from([QuorumRule.ALL_MEMBERS, QuorumRule.PERCENT, QuorumRule.NONE])


@given(members=member_ids, authorised=attending_ids)
def test_all_members_rule_is_quorate_iff_every_member_is_represented_with_authority(
    members, authorised
):
    result = quorum.evaluate(QuorumRule.ALL_MEMBERS, None, members, authorised)

    assert result.is_quorate == all(m in authorised for m in members)
    assert result.required == len(members)
    assert result.total == len(members)
    assert result.represented == len(members & set(authorised))
    assert result.missing == members - set(authorised)


@given(members=member_ids, authorised=attending_ids, percent=percents)
def test_percent_rule_is_quorate_iff_represented_reaches_the_rounded_up_share(
    members, authorised, percent
):
    result = quorum.evaluate(QuorumRule.PERCENT, percent, members, authorised)

    represented = len(members & set(authorised))
    # ceil(total * percent / 100) in integer arithmetic, independent of the implementation
    required = -(-len(members) * percent // 100)
    assert result.required == required
    assert result.represented == represented
    assert result.is_quorate == (represented >= required)
    assert result.is_quorate == (100 * represented >= len(members) * percent)
    assert result.missing == members - set(authorised)


@given(members=member_ids, authorised=attending_ids)
def test_no_rule_is_always_quorate(members, authorised):
    result = quorum.evaluate(QuorumRule.NONE, None, members, authorised)

    assert result.is_quorate is True
    assert result.required == 0
    assert result.missing == members - set(authorised)


@given(
    rule=rules,
    percent=percents,
    members=member_ids,
    authorised=attending_ids,
    outsiders=non_member_ids,
)
def test_organisations_that_are_not_members_never_count(
    rule, percent, members, authorised, outsiders
):
    without = quorum.evaluate(rule, percent, members, authorised)
    with_outsiders = quorum.evaluate(rule, percent, members, [*authorised, *outsiders])

    assert with_outsiders == without
    assert without.represented <= without.total
    assert without.represented + len(without.missing) == without.total


@given(rule=rules, percent=percents, members=member_ids, authorised=attending_ids)
def test_several_people_of_one_organisation_count_once(rule, percent, members, authorised):
    once = quorum.evaluate(rule, percent, members, authorised)
    twice = quorum.evaluate(rule, percent, members, authorised + authorised)

    assert twice == once


@given(
    rule=rules,
    percent=percents,
    members=member_ids,
    authorised=attending_ids,
    arriving=st.integers(min_value=1, max_value=30),
)
def test_one_more_member_arriving_with_authority_never_breaks_the_quorum(
    rule, percent, members, authorised, arriving
):
    before = quorum.evaluate(rule, percent, members, authorised)
    after = quorum.evaluate(rule, percent, members, [*authorised, arriving])

    assert after.is_quorate or not before.is_quorate
    assert after.missing == before.missing - {arriving}


def test_percent_examples():
    members = {1, 2, 3, 4, 5, 6, 7}
    # 50 % of 7 is 3.5: four members are needed
    assert quorum.evaluate(QuorumRule.PERCENT, 50, members, [1, 2, 3]).is_quorate is False
    assert quorum.evaluate(QuorumRule.PERCENT, 50, members, [1, 2, 3, 4]).is_quorate is True
    assert quorum.evaluate(QuorumRule.PERCENT, 100, members, [1, 2, 3, 4, 5, 6]).required == 7
    assert quorum.evaluate(QuorumRule.PERCENT, 1, members, []).required == 1


# --- end to end: check-ins decide the quorum -----------------------------------------------

MEETING_DAY = dt.date(2026, 12, 10)


class Arena3:
    """An arena with three member organisations A, B, C, each with a decision-authorised
    representative, plus a network member D that is not in the arena."""

    def __init__(self, rule: str, percent: int | None = None) -> None:
        self.network = NetworkFactory.create()
        self.coordinator = user_with_role(self.network, RoleKind.COORDINATOR)
        self.orgs: dict[str, Organisation] = {}
        self.reps: dict[str, Person] = {}
        for key in "ABCD":
            org = OrganisationFactory.create(network=self.network, name=f"Org {key}")
            membership = MembershipFactory.create(organisation=org)
            self.orgs[key] = org
            self.reps[key] = MandateFactory.create(membership=membership).person
        self.arena: Arena = ArenaFactory.create(
            network=self.network, quorum_rule=rule, quorum_percent=percent
        )
        self.arena.members.set([self.orgs["A"], self.orgs["B"], self.orgs["C"]])
        self.meeting = MeetingFactory.create(arena=self.arena, starts_at=at(MEETING_DAY))

    def check_in(self, person: Person | None = None, guest_name: str = "") -> None:
        services.check_in(
            actor=self.coordinator, meeting=self.meeting, person=person, guest_name=guest_name
        )

    def state(self) -> tuple[bool, list[str]]:
        result = services.quorum_of(self.meeting)
        names = {o.pk: o.name for o in self.orgs.values()}
        return result.is_quorate, sorted(names[pk] for pk in result.missing)


@pytest.mark.django_db
def test_quorum_of_a_meeting_follows_the_check_ins_all_members_rule():
    w = Arena3(QuorumRule.ALL_MEMBERS)
    unauthorised_b = MandateFactory.create(
        membership=w.reps["B"].mandates.get().membership, decision_authorised=False, role="deputy"
    ).person
    no_mandate_c = PersonFactory.create(organisation=w.orgs["C"])

    assert w.state() == (False, ["Org A", "Org B", "Org C"])

    w.check_in(w.reps["A"])
    w.check_in(unauthorised_b)  # present, but without authority
    w.check_in(no_mandate_c)  # a guest
    w.check_in(w.reps["D"])  # authorised, but D is not a member of the arena
    w.check_in(guest_name="Dr. Expert")
    assert w.state() == (False, ["Org B", "Org C"])

    w.check_in(w.reps["B"])
    assert w.state() == (False, ["Org C"])

    w.check_in(w.reps["C"])
    assert w.state() == (True, [])


@pytest.mark.django_db
def test_quorum_of_a_meeting_follows_the_check_ins_percent_rule():
    w = Arena3(QuorumRule.PERCENT, 60)  # 60 % of 3 = 1.8: two members

    w.check_in(w.reps["A"])
    w.check_in(w.reps["D"])
    assert services.quorum_of(w.meeting).required == 2
    assert w.state() == (False, ["Org B", "Org C"])

    w.check_in(w.reps["C"])
    assert w.state() == (True, ["Org B"])


@pytest.mark.django_db
def test_quorum_of_a_meeting_without_rule_is_quorate_with_nobody_there():
    w = Arena3(QuorumRule.NONE)

    assert w.state() == (True, ["Org A", "Org B", "Org C"])
