import pytest

from samverk.accounts.choices import RoleKind
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_coordinator_pages_render(client):
    network = NetworkFactory()
    m = MembershipFactory(organisation__network=network)
    MandateFactory(membership=m)
    MembershipFactory(organisation__network=network)
    arena = ArenaFactory(network=network)
    user = user_with_role(network, RoleKind.COORDINATOR)
    client.force_login(user)
    base = f"/n/{network.slug}/"
    for url in [
        base,
        base + "organisations/",
        base + f"organisations/{m.organisation_id}/",
        base + "organisations/new/",
        base + f"organisations/{m.organisation_id}/edit/",
        base + "members/",
        base + "members/new/",
        base + f"members/{m.pk}/end/",
        base + f"members/{m.pk}/mandates/new/",
        base + "people/",
        base + "people/new/",
        base + "arenas/",
        base + f"arenas/{arena.pk}/",
        base + "arenas/new/",
        base + "history/",
        base + "settings/",
        "/",
    ]:
        r = client.get(url)
        assert r.status_code in (200, 302), (url, r.status_code)
