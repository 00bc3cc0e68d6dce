"""Attachments on project records: who uploads, who downloads, what is refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.attachments import attachment_add
from zorgwijs.projects.models import ProjectAttachment, RevisionNote
from zorgwijs.projects.services import project_create

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _project(world, visibility=Visibility.PUBLIC):
    return project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={
            "title": "Zelfroosteren",
            "summary": "Teams roosteren zelf.",
            "visibility": visibility,
        },
    )


def _pdf(name="eindrapport.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _attachment(world, visibility=Visibility.PUBLIC):
    project = _project(world, visibility)
    return attachment_add(
        actor=world.admin_a.user, project=project, upload=_pdf(), title="Eindrapport"
    )


def _url(attachment) -> str:
    return f"/projecten/bijlagen/{attachment.pk}/"


def test_owner_uploads_with_title_and_it_is_listed_on_the_project(world):
    project = _project(world)
    client = sign_in(Client(), world.employee_a.user)
    response = client.post(
        f"/projecten/{project.pk}/bijlagen/",
        {"bijlage-title": "Eindrapport 2024", "bijlage-file": _pdf()},
    )
    assert response.status_code == 302
    attachment = ProjectAttachment.objects.get()
    assert attachment.title == "Eindrapport 2024" and attachment.size == len(PDF)
    assert attachment.file.name.startswith(f"projects/{project.pk}/")
    assert "eindrapport" not in attachment.file.name  # never the uploaded name on disk
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "Eindrapport 2024" in page and _url(attachment) in page
    assert project.revisions.first().note == RevisionNote.ATTACHMENT_ADDED


@pytest.mark.parametrize("visibility", [Visibility.ORGANISATION, Visibility.NETWORK])
def test_private_attachment_is_404_for_anonymous_and_other_organisation(world, visibility):
    attachment = _attachment(world, visibility)
    assert Client().get(_url(attachment)).status_code == 404
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(_url(attachment)).status_code == 404
    member = sign_in(Client(), world.colleague_a.user)
    response = member.get(_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_public_attachment_is_a_safe_download_for_everyone(world):
    attachment = _attachment(world)
    response = Client().get(_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="eindrapport.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_header_breaking_file_name_is_sent_safely(world):
    project = _project(world)
    attachment = attachment_add(
        actor=world.admin_a.user, project=project, upload=_pdf('a"b\r\nX-Evil: 1.pdf')
    )
    response = Client().get(_url(attachment))
    assert "\n" not in response["Content-Disposition"]
    assert "X-Evil" not in response.headers


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>", "past niet bij .pdf"),
        ("foto.png", PDF, "past niet bij .png"),
        ("pagina.html", b"<html></html>", "Kies een bestand van het type"),
        ("verslag.docx", b"PK\x03\x04" + b"\x00" * 40, "past niet bij .docx"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_disguised_or_wrong_uploads_are_refused_at_the_field(world, name, content, message):
    project = _project(world)
    client = sign_in(Client(), world.admin_a.user)
    response = client.post(
        f"/projecten/{project.pk}/bijlagen/",
        {"bijlage-title": "Iets", "bijlage-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProjectAttachment.objects.exists()


def test_oversized_upload_is_refused(world, monkeypatch):
    monkeypatch.setattr("zorgwijs.projects.attachments.ATTACHMENT_MAX_MB", 1)
    project = _project(world)
    big = _pdf(content=PDF + b"0" * (1024 * 1024))
    client = sign_in(Client(), world.admin_a.user)
    response = client.post(f"/projecten/{project.pk}/bijlagen/", {"bijlage-file": big})
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not ProjectAttachment.objects.exists()


def test_office_document_is_accepted_and_downloaded_as_attachment(world):
    project = _project(world)
    attachment = attachment_add(
        actor=world.admin_a.user,
        project=project,
        upload=SimpleUploadedFile("Handreiking.docx", _docx()),
    )
    assert attachment.title == "Handreiking"
    response = Client().get(_url(attachment))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert response["Content-Disposition"].startswith("attachment;")


def test_only_editors_upload_and_remove(world):
    attachment = _attachment(world)
    outsider = sign_in(Client(), world.outsider_b.user)
    project_id = attachment.project_id
    assert outsider.post(f"/projecten/{project_id}/bijlagen/", {}).status_code == 403
    assert outsider.get(f"{_url(attachment)}verwijderen/").status_code == 403
    assert outsider.post(f"{_url(attachment)}verwijderen/").status_code == 403
    assert Client().post(f"{_url(attachment)}verwijderen/").status_code == 302  # to login
    assert ProjectAttachment.objects.filter(pk=attachment.pk).exists()


def test_removal_keeps_an_audit_entry_and_a_revision_note(
    world, django_capture_on_commit_callbacks
):
    attachment = _attachment(world, Visibility.ORGANISATION)
    stored = attachment.file.name
    storage = attachment.file.storage
    client = sign_in(Client(), world.employee_a.user)
    assert client.get(f"{_url(attachment)}verwijderen/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{_url(attachment)}verwijderen/")
    assert response.status_code == 302
    assert not ProjectAttachment.objects.exists()
    assert not storage.exists(stored)
    with scopes_disabled():
        entry = AuditEntry.objects.get(action="projects.attachment.removed")
    assert entry.actor_id == world.employee_a.user_id and entry.data["title"] == "Eindrapport"
    revision = attachment.project.revisions.first()
    assert revision.note == RevisionNote.ATTACHMENT_REMOVED
    assert revision.note_subject == "Eindrapport"
    history = client.get(f"/projecten/{attachment.project_id}/versies/").content.decode()
    assert "Bijlage verwijderd: Eindrapport" in history


def test_api_lists_attachments_of_readable_projects(world):
    attachment = _attachment(world)
    body = Client().get(f"/api/v1/projects/{attachment.project_id}").json()
    assert body["attachments"] == [
        {
            "url": f"http://testserver{_url(attachment)}",
            "title": "Eindrapport",
            "size": len(PDF),
            "type": "application/pdf",
        }
    ]
    private = _attachment(world, Visibility.ORGANISATION)
    assert Client().get(f"/api/v1/projects/{private.project_id}").status_code == 404


def test_deleting_a_project_deletes_its_files(world, django_capture_on_commit_callbacks):
    from zorgwijs.projects.services import project_delete

    attachment = _attachment(world)
    stored, storage = attachment.file.name, attachment.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        project_delete(actor=world.admin_a.user, project=attachment.project)
    assert not storage.exists(stored)


def test_platform_admin_maintains_attachments_of_the_platform_collection(world, platform_admin):
    with scopes_disabled():
        project = project_create(
            actor=None, organisation=None, data={"title": "Uit de verzameling", "summary": "S"}
        )
    admin = sign_in(Client(), platform_admin, mfa=True)
    response = admin.post(f"/projecten/{project.pk}/bijlagen/", {"bijlage-file": _pdf()})
    assert response.status_code == 302 and project.attachments.count() == 1
    member = sign_in(Client(), world.admin_a.user)
    assert member.post(f"/projecten/{project.pk}/bijlagen/", {}).status_code == 403
