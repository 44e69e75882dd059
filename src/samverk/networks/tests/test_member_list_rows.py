"""The members page at scale (issue 8, speed): each row's links, labels and representatives
are worked out once in the view; what a viewer sees is unchanged (the one person rule)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samverk.networks.models import Membership
from samverk.networks.tests.test_query_counts import build_network, count_queries

pytestmark = pytest.mark.django_db


def test_every_row_links_to_its_organisation_and_its_new_mandate():
    data = build_network(10)
    slug = data.network.slug

    _, html, _ = count_queries(data, data.base + "members/")

    for membership in Membership.objects.filter(network=data.network).select_related(
        "organisation"
    ):
        organisation_url = reverse(
            "site:organisation_detail", kwargs={"network": slug, "pk": membership.organisation_id}
        )
        mandate_url = reverse(
            "networks:mandate_create", kwargs={"network": slug, "pk": membership.pk}
        )
        assert f'<a href="{organisation_url}">{membership.organisation.name}</a>' in html
        assert f'<a href="{mandate_url}">Add a mandate' in html
    assert html.count(">partner</td>") == 10
    assert "<li>Person 00000 · principal · <strong>decision-authorised</strong></li>" in html
    # Every fifth member (4 and 9) has no mandate: flagged, no representative listed.
    assert html.count('data-warning="missing-representative"') == 2
    assert "Person 00004" not in html


def test_a_company_contact_sees_only_their_own_people_by_name():
    data = build_network(10)

    _, html, _ = count_queries(data, data.base + "members/", data.company_contact)

    assert "<li>Person 00000 · principal · <strong>decision-authorised</strong></li>" in html
    assert "Person 00001" not in html
    assert html.count("<li>a person · principal · <strong>decision-authorised</strong></li>") == 7
    assert "Add a mandate" not in html  # not theirs to manage


def test_the_labels_follow_the_networks_language():
    data = build_network(10)
    data.network.language = "de"
    data.network.save()

    _, html, _ = count_queries(data, data.base + "members/")

    assert html.count(">Netzwerkpartner</td>") == 10
    assert "<strong>entscheidungsbefugt</strong>" in html
    assert "decision-authorised" not in html
