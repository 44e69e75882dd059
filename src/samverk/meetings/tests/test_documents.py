"""Documents on agenda items: the type is decided by the content (not the name), at most
20 MB, stored under MEDIA_ROOT with a generated name, served only to those who may see the
meeting, always as a download; uploading and removing are for coordinators."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverk.core.models import AuditAction, AuditRecord
from samverk.meetings import documents, services
from samverk.meetings.models import AgendaDocument
from samverk.meetings.tests.test_views import MeetingWorld, client_for, html

pytestmark = pytest.mark.django_db

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)

REFUSED = (
    "Only PDF files and Office documents (Word, Excel, PowerPoint, OpenDocument) can be attached."
)
TOO_LARGE = "A document may be at most 20 MB."


def zipped(*entries: tuple[str, bytes], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'
DOCX_BYTES = zipped(
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", b"<Relationships/>"),
    ("word/document.xml", b"<w:document/>"),
)
XLSX_BYTES = zipped(("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", b"<workbook/>"))
PPTX_BYTES = zipped(("[Content_Types].xml", CONTENT_TYPES), ("ppt/presentation.xml", b"<p/>"))
ODT_BYTES = zipped(
    ("mimetype", b"application/vnd.oasis.opendocument.text"),
    ("content.xml", b"<office:document-content/>"),
    ("META-INF/manifest.xml", b"<manifest/>"),
    stored_first=True,
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(media: Path) -> MeetingWorld:
    return MeetingWorld()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def upload(world: MeetingWorld, user: Any, name: str, content: bytes, follow: bool = False) -> Any:
    return client_for(user).post(
        world.url(f"{world.meeting.pk}/agenda/{world.item.pk}/documents/"),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
        follow=follow,
    )


def attach(world: MeetingWorld, name: str = "Labour demand.pdf", content: bytes = PDF_BYTES):
    return services.attach_document(
        actor=world.coordinator,
        agenda_item=world.item,
        upload=SimpleUploadedFile(name, content),
    )


# --- the content decides -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Demand 2031.pdf", PDF_BYTES, "application/pdf"),
        ("Theme paper.docx", DOCX_BYTES, documents.DOCX),
        ("Theme paper.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
        ("Old minutes.doc", OLE2_BYTES, "application/msword"),
    ],
)
def test_a_coordinator_attaches_pdf_and_office_files(world, media, name, content, content_type):
    response = upload(world, world.coordinator, name, content, follow=True)

    [(location, status)] = response.redirect_chain
    assert status == 302 and location.endswith(f"/meetings/{world.meeting.pk}/#agenda")
    document = AgendaDocument.objects.get()
    assert (document.agenda_item, document.original_name) == (world.item, name)
    assert (document.content_type, document.size) == (content_type, len(content))
    assert document.uploaded_by == world.coordinator
    # stored under MEDIA_ROOT with a generated name, not the uploaded one
    [path] = stored_files(media)
    assert path.read_bytes() == content
    assert name not in str(path) and path.is_relative_to(media / "meetings" / "documents")
    assert AuditRecord.objects.filter(
        object_id=str(document.pk), action=AuditAction.CREATE
    ).exists()
    page = html(response)
    assert f"Document “{name}” attached." in page
    assert f"/meetings/documents/{document.pk}/" in page and name in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"Just some text, not a PDF at all.\n", REFUSED),
        ("photo.png", PNG_BYTES, REFUSED),
        ("photo.pdf", PNG_BYTES, REFUSED),
        ("archive.docx", zipped(("readme.txt", b"hello"), ("data/x.csv", b"1,2")), REFUSED),
        ("empty.pdf", b"", "The submitted file is empty."),
        ("huge.pdf", PDF_BYTES + bytes(20 * 1024 * 1024 + 1 - len(PDF_BYTES)), TOO_LARGE),
    ],
)
def test_anything_else_is_refused_and_nothing_is_saved(world, media, name, content, message):
    audit_before = AuditRecord.objects.count()

    response = upload(world, world.coordinator, name, content)

    assert response.status_code == 200
    assert message in html(response)
    assert 'aria-invalid="true"' in html(response)
    assert not AgendaDocument.objects.exists()
    assert stored_files(media) == []
    assert AuditRecord.objects.count() == audit_before


def test_the_size_limit_is_20_mb_exactly(world, media):
    limit = 20 * 1024 * 1024
    content = PDF_BYTES + bytes(limit - len(PDF_BYTES))

    response = upload(world, world.coordinator, "big.pdf", content)

    assert response.status_code == 302
    assert AgendaDocument.objects.get().size == limit


def test_a_missing_file_is_a_field_error(world, media):
    response = client_for(world.coordinator).post(
        world.url(f"{world.meeting.pk}/agenda/{world.item.pk}/documents/"), {}
    )

    assert response.status_code == 200
    assert "This field is required." in html(response)
    assert not AgendaDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("figures.xlsx", XLSX_BYTES, documents.XLSX),
        ("slides.pptx", PPTX_BYTES, documents.PPTX),
        ("slides.PPTX.docx", PPTX_BYTES, documents.PPTX),  # the content decides
        ("figures.XLS", OLE2_BYTES, "application/vnd.ms-excel"),
        ("slides.ppt", OLE2_BYTES, "application/vnd.ms-powerpoint"),
    ],
)
def test_identify_accepts(name, content, content_type):
    stream = io.BytesIO(content)

    assert documents.identify(stream, name, len(content)) == content_type
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("mail.msg", OLE2_BYTES),  # OLE2, but not one of the three Office formats
        ("mail.pdf", OLE2_BYTES),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("no-parts.docx", zipped(("[Content_Types].xml", CONTENT_TYPES), ("other/x", b"x"))),
        ("late-mimetype.odt", zipped(("content.xml", b"<x/>"), ("mimetype", b"x"))),
        ("odd.odt", zipped(("mimetype", b"text/html"), stored_first=True)),
        ("big-mimetype.odt", zipped(("mimetype", b"a" * 5000), stored_first=True)),
    ],
)
def test_identify_refuses(name, content):
    with pytest.raises(ValidationError) as error:
        documents.identify(io.BytesIO(content), name, len(content))

    assert error.value.messages == [REFUSED]


# --- downloads -----------------------------------------------------------------------------


def test_members_of_the_network_download_the_exact_bytes(world):
    document = attach(world, name="Labour demand 2031.pdf")

    response = client_for(world.users["observer"]).get(world.url(f"documents/{document.pk}/"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Labour demand 2031.pdf"'
    assert response.getvalue() == PDF_BYTES


def test_a_name_with_special_characters_is_downloaded_under_that_name(world):
    document = attach(world, name='Bericht "Ärzte"\r\n.pdf')

    response = client_for(world.coordinator).get(world.url(f"documents/{document.pk}/"))

    assert document.original_name == 'Bericht "Ärzte".pdf'
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bericht%20%22%C3%84rzte%22.pdf"
    )


@pytest.mark.parametrize("who", ["other_network", "anonymous"])
def test_nobody_else_gets_the_document(world, who):
    document = attach(world)

    response = client_for(world.users[who]).get(world.url(f"documents/{document.pk}/"))

    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_a_document_is_not_found_through_another_networks_address(world):
    document = attach(world)
    other = world.users["other_network"]
    slug = world.other_network.slug

    response = client_for(other).get(f"/n/{slug}/meetings/documents/{document.pk}/")

    assert response.status_code == 404


def test_a_missing_file_is_a_404_not_a_500(world, media):
    document = attach(world)
    for path in stored_files(media):
        path.unlink()

    response = client_for(world.coordinator).get(world.url(f"documents/{document.pk}/"))

    assert response.status_code == 404


# --- who may upload and remove ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["observer", "partner_rep_own"])
def test_readers_cannot_upload(world, media, who):
    response = upload(world, world.users[who], "paper.pdf", PDF_BYTES)

    assert response.status_code == 403
    assert not AgendaDocument.objects.exists()
    assert stored_files(media) == []


def test_readers_see_documents_but_no_upload_form_or_remove_link(world):
    document = attach(world)

    page = html(client_for(world.users["observer"]).get(world.url(f"{world.meeting.pk}/")))

    assert f"/meetings/documents/{document.pk}/" in page and "Labour demand.pdf" in page
    assert "enctype" not in page and "/delete/" not in page
    with pytest.raises(PermissionDenied):
        services.remove_document(actor=world.users["observer"], document=document)


def test_an_item_of_another_meeting_is_not_found(world, media):
    url = world.url(f"{world.earlier.pk}/agenda/{world.item.pk}/documents/")

    response = client_for(world.coordinator).post(
        url, {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    )

    assert response.status_code == 404
    assert stored_files(media) == []


def test_removing_asks_first_then_deletes_the_file(
    world, media, django_capture_on_commit_callbacks
):
    document = attach(world, name="Old draft.pdf")
    coordinator = client_for(world.coordinator)
    url = world.url(f"documents/{document.pk}/delete/")

    question = coordinator.get(url)
    assert question.status_code == 200
    assert "Remove “Old draft.pdf”?" in html(question)
    assert AgendaDocument.objects.exists() and len(stored_files(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url)

    assert response.status_code == 302
    assert not AgendaDocument.objects.exists()
    assert stored_files(media) == []
    assert AuditRecord.objects.filter(
        object_id=str(document.pk), action=AuditAction.DELETE
    ).exists()


def test_observers_cannot_remove(world, media):
    document = attach(world)

    for method in ("get", "post"):
        response = getattr(client_for(world.users["observer"]), method)(
            world.url(f"documents/{document.pk}/delete/")
        )
        assert response.status_code == 403
    assert AgendaDocument.objects.exists() and len(stored_files(media)) == 1


# --- the meeting page stays constant in queries ----------------------------------------------


def test_the_meeting_page_runs_the_same_queries_with_more_documents(world):
    url = world.url(f"{world.meeting.pk}/")
    client = client_for(world.coordinator)
    attach(world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(5):
        item = services.add_agenda_item(
            actor=world.coordinator, meeting=world.meeting, title=f"Item {i}"
        )
        for j in range(3):
            services.attach_document(
                actor=world.coordinator,
                agenda_item=item,
                upload=SimpleUploadedFile(f"paper {i}-{j}.pdf", PDF_BYTES),
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many) == len(one)
    assert html(response).count("data-document") == 16
    assert f"({len(PDF_BYTES)}\xa0bytes)" in html(response)  # filesizeformat
