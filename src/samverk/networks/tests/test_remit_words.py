"""An arena's remit and a representative's mandate have different words in every language
(docs/words.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, pgettext

from samverk.core.choices import RoleKind
from samverk.networks.models import Arena
from samverk.networks.tests.factories import ArenaFactory, NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "de", "nb", "nn", "sv"])
def test_remit_and_mandate_are_different_words(language):
    with translation.override(language):
        remit = pgettext("terms of reference of an arena", "remit")
        mandate = gettext("mandate")
        field_label = str(Arena._meta.get_field("mandate").verbose_name)
    assert remit.casefold() != mandate.casefold()
    assert field_label == remit


def test_the_arena_page_and_form_say_remit_in_english():
    network = NetworkFactory.create(slug="barnim")
    arena = ArenaFactory.create(network=network, name="Lenkungsgruppe", mandate="")
    client = Client()
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    client.cookies["samverk_language"] = "en"

    page = client.get(f"/n/barnim/arenas/{arena.pk}/").content.decode()
    form = client.get(f"/n/barnim/arenas/{arena.pk}/edit/").content.decode()

    assert '<h2 id="remit-heading">Remit</h2>' in page
    assert "No remit written yet." in page
    assert "andate" not in page.split('id="remit-heading"')[1].split("</section>")[0]
    assert '<label for="id_mandate">Remit:</label>' in form
