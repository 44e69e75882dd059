"""An organisation's logo: uploaded on the organisation's new and edit pages (PNG, JPEG or
WebP, at most 2 MB, checked by Pillow), cleared there, recorded in the history, served only
to those who may see the organisation, shown on its page and named in the API."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from samverk.core.models import AuditAction, AuditRecord
from samverk.networks import services
from samverk.networks.forms import LOGO_MAX_BYTES
from samverk.networks.models import Organisation
from samverk.networks.tests.helpers import ROLES, World, db_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world() -> World:
    return World()


def image(
    name: str = "logo.png", format: str = "PNG", size: tuple[int, int] = (8, 8)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def client_for(world: World, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def edit_fields(organisation: Organisation, **extra: Any) -> dict[str, Any]:
    return {"name": organisation.name, "kind": organisation.kind, **extra}


def give_logo(world: World) -> Organisation:
    return services.update_organisation(actor=world.admin, organisation=world.org_a, logo=image())


# --- the pages ---------------------------------------------------------------------------


def test_a_logo_is_uploaded_when_the_organisation_is_created(world):
    client = client_for(world, "coordinator")

    form = client.get(world.base() + "organisations/new/").content.decode()
    response = client.post(
        world.base() + "organisations/new/",
        {"name": "Tischlerei Kühn", "kind": "company", "logo": image()},
    )

    organisation = Organisation.objects.get(name="Tischlerei Kühn")
    assert 'enctype="multipart/form-data"' in form
    assert 'name="logo"' in form
    assert "Shown on the network's public portal when the organisation is a member." in form
    assert 'accept="image/png,image/jpeg,image/webp"' in form
    assert response.status_code == 302
    assert organisation.logo.name == "organisations/logos/logo.png"
    with organisation.logo.open("rb") as stored:
        assert stored.read().startswith(b"\x89PNG")
    created = AuditRecord.objects.for_object(organisation).get()
    assert (created.action, created.changes["logo"]) == (
        AuditAction.CREATE,
        [None, "organisations/logos/logo.png"],
    )


def test_a_logo_is_replaced_and_cleared_on_the_edit_page_and_recorded(world):
    client = client_for(world, "coordinator")
    url = world.base() + f"organisations/{world.org_a.pk}/edit/"

    uploaded = client.post(url, edit_fields(world.org_a, logo=image()))
    world.org_a.refresh_from_db()
    first = world.org_a.logo.name
    replaced = client.post(url, edit_fields(world.org_a, logo=image("new.webp", "WEBP")))
    world.org_a.refresh_from_db()
    second = world.org_a.logo.name
    kept = client.post(url, edit_fields(world.org_a, address="Am Markt 1"))
    world.org_a.refresh_from_db()
    kept_name = world.org_a.logo.name
    cleared = client.post(
        url, edit_fields(world.org_a, address="Am Markt 1", **{"logo-clear": "on"})
    )
    world.org_a.refresh_from_db()

    assert [r.status_code for r in (uploaded, replaced, kept, cleared)] == [302] * 4
    assert (first, second, kept_name) == (
        "organisations/logos/logo.png",
        "organisations/logos/new.webp",
        "organisations/logos/new.webp",
    )
    assert world.org_a.logo.name == ""
    changes = [
        r.changes
        for r in AuditRecord.objects.for_object(world.org_a)
        .filter(action=AuditAction.UPDATE)
        .order_by("id")
    ]
    assert changes == [
        {"logo": ["", "organisations/logos/logo.png"]},
        {"logo": ["organisations/logos/logo.png", "organisations/logos/new.webp"]},
        {"address": ["", "Am Markt 1"]},
        {"logo": ["organisations/logos/new.webp", ""]},
    ]


def test_the_organisation_itself_uploads_its_logo(world):
    # Partner representatives and company contacts edit their own organisation.
    client = client_for(world, "partner_rep_own")

    response = client.post(
        world.base() + f"organisations/{world.org_a.pk}/edit/",
        edit_fields(world.org_a, logo=image("logo.jpg", "JPEG")),
    )

    world.org_a.refresh_from_db()
    assert response.status_code == 302
    assert world.org_a.logo.name == "organisations/logos/logo.jpg"


def _refused(world: World, upload: SimpleUploadedFile) -> tuple[Any, list[str]]:
    give_logo(world)
    before = db_state()
    client = client_for(world, "coordinator")
    response = client.post(
        world.base() + f"organisations/{world.org_a.pk}/edit/",
        edit_fields(world.org_a, logo=upload),
    )
    upload.seek(0)
    created = client.post(
        world.base() + "organisations/new/",
        {"name": "Tischlerei Kühn", "kind": "company", "logo": upload},
    )
    assert response.status_code == 200
    assert created.status_code == 200
    assert list(response.context["form"].errors) == ["logo"]
    assert created.context["form"].errors == response.context["form"].errors
    assert db_state() == before  # nothing saved, the stored logo kept
    return response, response.context["form"].errors["logo"]


def test_a_logo_over_2_mb_is_refused(world):
    noise = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > LOGO_MAX_BYTES

    _response, errors = _refused(
        world, SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    )

    assert errors == ["The logo may be at most 2 MB."]


def test_a_text_file_named_png_is_refused(world):
    fake = SimpleUploadedFile("logo.png", b"not an image at all\n", content_type="image/png")

    response, errors = _refused(world, fake)

    assert errors == ["Upload a PNG, JPEG or WebP image."]
    assert "Upload a PNG, JPEG or WebP image." in response.content.decode()


def test_an_svg_is_refused(world):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect/></svg>'

    _response, errors = _refused(
        world, SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")
    )

    assert errors == ["Upload a PNG, JPEG or WebP image."]


def test_a_gif_is_refused_whatever_its_name(world):
    _response, named_gif = _refused(world, image("logo.gif", "GIF"))
    _response, named_png = _refused(world, image("logo.png", "GIF"))

    assert named_gif == [
        "A logo ending in “.gif” is not accepted: upload a PNG, JPEG or WebP image."
    ]
    assert named_png == ["The logo must be a PNG, JPEG or WebP image (not GIF)."]


# --- the logo itself and the organisation's page ---------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_logo_is_served_to_those_who_see_the_organisation(world, role):
    give_logo(world)
    url = world.base() + f"organisations/{world.org_a.pk}/logo/"

    response: Any = client_for(world, role).get(url)  # a FileResponse when served

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    elif role == "other_network":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_no_logo_another_networks_organisation_or_a_lost_file_answer_404(world):
    give_logo(world)
    client = client_for(world, "coordinator")
    os.remove(world.org_a.logo.path)

    without = client.get(world.base() + f"organisations/{world.org_b.pk}/logo/")
    foreign = client.get(world.base() + f"organisations/{world.foreign_org.pk}/logo/")
    lost = client.get(world.base() + f"organisations/{world.org_a.pk}/logo/")

    assert (without.status_code, foreign.status_code, lost.status_code) == (404, 404, 404)


def test_the_organisation_page_shows_the_logo_next_to_the_name(world):
    give_logo(world)
    client = client_for(world, "observer")

    with_logo = client.get(world.base() + f"organisations/{world.org_a.pk}/").content.decode()
    without = client.get(world.base() + f"organisations/{world.org_b.pk}/").content.decode()

    src = f"/n/barnim/organisations/{world.org_a.pk}/logo/"
    assert f'<h1><img class="logo small" src="{src}" alt="" height="32"> Stadtwerke' in with_logo
    assert "/logo/" not in without.split("<main")[-1]


# --- the API -----------------------------------------------------------------------------------


def test_the_api_names_the_logo_address_or_null(world):
    give_logo(world)
    client = APIClient()
    client.force_authenticate(world.users["observer"])

    with_logo = client.get(f"/api/v1/networks/organisations/{world.org_a.pk}/").json()
    without = client.get(f"/api/v1/networks/organisations/{world.org_b.pk}/").json()

    assert with_logo["logo"] == (f"http://testserver/n/barnim/organisations/{world.org_a.pk}/logo/")
    assert without["logo"] is None


def test_the_api_does_not_write_the_logo(world):
    give_logo(world)
    client = APIClient()
    client.force_authenticate(world.coordinator)

    response = client.patch(
        f"/api/v1/networks/organisations/{world.org_a.pk}/", {"logo": None}, format="json"
    )

    world.org_a.refresh_from_db()
    assert response.status_code == 200
    assert world.org_a.logo.name == "organisations/logos/logo.png"
