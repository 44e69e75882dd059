"""The check-in desk's camera scan with a real video stream: Chromium's fake camera plays a
Y4M video of the QR code the confirmation mail carries (``--use-file-for-fake-video-capture``,
as a phone held to the camera would show it); the page opens the camera with getUserMedia,
jsQR reads the frames, fills the code and submits, and the participant is checked in. The
browser is a second Chromium started with the fake camera, for this test only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from samverk.core.choices import RoleKind
from samverk.events import qr
from samverk.events.models import Registration
from samverk.events.tests.factories import EventFactory, RegistrationFactory, SiteFactory
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, log_in_with_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = dt.datetime(2199, 12, 27, 9, 0, tzinfo=dt.UTC)
WIDTH, HEIGHT = 640, 480


def y4m_of(png: bytes, frames: int = 10) -> bytes:
    """A Y4M video (4:2:0, the format Chromium's fake camera plays) of the picture, centred
    on a white frame of WIDTH x HEIGHT."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    picture.thumbnail((HEIGHT - 40, HEIGHT - 40))
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(picture, ((WIDTH - picture.width) // 2, (HEIGHT - picture.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    return header + b"".join(b"FRAME\n" + planes for _ in range(frames))


CODE = "HPQR6789"


@pytest.fixture
def camera_browser(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A second Chromium (through the session's Playwright) whose camera shows the QR code of
    ``CODE``."""
    video = tmp_path / "camera.y4m"
    video.write_bytes(y4m_of(qr.png(CODE)))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True, args=args)
    yield chromium
    chromium.close()


def test_a_participant_is_checked_in_by_holding_the_mail_s_qr_code_to_the_camera(
    camera_browser: Any, live_server: Any
) -> None:
    network = NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    event = EventFactory.create(network=network, title="Nordsächsischer Rückkehrertag")
    site = SiteFactory.create(
        event=event, name="Torgau", starts_at=DAY, ends_at=DAY + dt.timedelta(hours=6)
    )
    visitor = RegistrationFactory.create(site=site, name="Grace Hopper", code=CODE)
    context = camera_browser.new_context(locale="en", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["camera"], origin=live_server.url)
    log_in_with_cookie(context, live_server.url, coordinator)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"/n/nordsachsen/events/sites/{site.pk}/check-in/?lang=en")
    assert page.locator("[data-scan-video]").is_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="Scan with the camera").click()
    assert "Checked in: Grace Hopper" in page.content()
    assert Registration.objects.get(pk=visitor.pk).checked_in_at is not None
    assert [e for e in errors if "favicon" not in e] == []
    context.close()
