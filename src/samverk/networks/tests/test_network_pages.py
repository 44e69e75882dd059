"""Opening a network (platform admins) and the network's logo."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Network
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_platform_admin_opens_a_network(client):
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get("/")
    response = client.post(
        "/networks/new/",
        {"name": "Vestland", "slug": "vestland", "language": "nn", "time_zone": "Europe/Oslo"},
    )

    assert 'href="/networks/new/"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/n/vestland/"
    network = Network.objects.get(slug="vestland")
    assert (network.name, network.language, network.time_zone) == (
        "Vestland",
        "nn",
        "Europe/Oslo",
    )
    assert AuditRecord.objects.for_object(network).get().actor == admin


def test_a_taken_slug_is_refused_and_nothing_saved(client):
    NetworkFactory.create(slug="vestland")
    client.force_login(UserFactory.create(is_superuser=True))

    response = client.post(
        "/networks/new/",
        {"name": "Vestland 2", "slug": "vestland", "language": "nn", "time_zone": "Europe/Oslo"},
    )

    assert response.status_code == 200
    assert "Network with this Short name already exists." in response.content.decode()
    assert Network.objects.count() == 1


@pytest.mark.parametrize("role", [RoleKind.COORDINATOR, RoleKind.OBSERVER])
def test_only_platform_admins_open_networks(client, role):
    network = NetworkFactory.create()
    client.force_login(user_with_role(network, role))

    response = client.post(
        "/networks/new/",
        {"name": "Vestland", "slug": "vestland", "language": "nn", "time_zone": "Europe/Oslo"},
    )

    assert response.status_code == 403
    assert not Network.objects.filter(slug="vestland").exists()


def test_logo_is_uploaded_and_shown_only_inside_the_network(client):
    network = NetworkFactory.create(slug="barnim", name="Barnim")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    outsider = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)
    client.force_login(coordinator)

    client.post(
        "/n/barnim/settings/",
        {"name": "Barnim", "language": "de", "time_zone": "Europe/Berlin", "logo": png()},
    )
    dashboard = client.get("/n/barnim/").content.decode()
    logo = client.get("/n/barnim/logo/")
    client.force_login(outsider)
    hidden = client.get("/n/barnim/logo/")

    assert 'src="/n/barnim/logo/"' in dashboard
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    assert hidden.status_code == 404


def test_a_file_that_is_not_an_image_is_refused(client):
    network = NetworkFactory.create(slug="barnim", name="Barnim")
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = client.post(
        "/n/barnim/settings/",
        {"name": "Barnim", "language": "de", "time_zone": "Europe/Berlin", "logo": fake},
    )

    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    network.refresh_from_db()
    assert not network.logo
    assert client.get("/n/barnim/logo/").status_code == 404
