"""The import page: upload (dry run), preview with per-row errors, apply, permissions."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.organisations.models import Role, Visibility
from zorgwijs.projects.models import ImportStatus, Project, ProjectImportJob

pytestmark = pytest.mark.django_db
ORG_IMPORT = "/o/rivierenland/projecten/import/"
PLATFORM_IMPORT = "/projecten/import/"


def _rows(**extra):
    return [
        {
            "id": "rl-1",
            "title": "Valpreventie in de wijk",
            "summary": "Samen met de wijk.",
            "themes": ["valpreventie"],
            **extra,
        },
        {"id": "rl-2", "title": "Zelfroosteren", "summary": "Teams roosteren zelf."},
    ]


def _json(rows, name="projecten.json"):
    return SimpleUploadedFile(name, json.dumps(rows).encode(), content_type="application/json")


def _upload(client, url, upload, visibility=Visibility.NETWORK):
    return client.post(url, {"file": upload, "visibility": visibility})


def _job() -> ProjectImportJob:
    return ProjectImportJob.objects.latest("pk")


def test_dry_run_then_apply_then_the_same_file_changes_nothing(
    world, themes, django_capture_on_commit_callbacks
):
    client = sign_in(Client(), world.admin_a.user)
    response = _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{job.pk}/")
    assert job.counts == {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "errors": 0}
    assert not Project.objects.exists()  # a dry run writes nothing
    page = client.get(response["Location"]).content.decode()
    assert "Toepassen" in page and "Valpreventie in de wijk" in page

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    assert applied.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.applied_by == world.admin_a.user
    assert not job.file  # the upload is not kept once its data lives in the projects
    projects = Project.objects.order_by("external_id")
    assert [p.external_id for p in projects] == ["rl-1", "rl-2"]
    assert {p.organisation_id for p in projects} == {world.org_a.pk}
    assert {p.visibility for p in projects} == {Visibility.NETWORK}
    assert client.post(f"{ORG_IMPORT}{job.pk}/toepassen/").status_code == 302  # no second time
    assert Project.objects.count() == 2

    _upload(client, ORG_IMPORT, _json(_rows()))
    again = _job()
    assert again.counts["unchanged"] == 2 and again.changes == 0 and not again.can_apply
    assert "Er verandert niets" in client.get(f"{ORG_IMPORT}{again.pk}/").content.decode()


def test_changed_rows_update_with_a_revision(world, themes):
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    client.post(f"{ORG_IMPORT}{_job().pk}/toepassen/")
    _upload(client, ORG_IMPORT, _json(_rows(summary="Nu ook met de huisarts.")))
    job = _job()
    assert job.counts["changed"] == 1 and job.counts["unchanged"] == 1
    client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    project = Project.objects.get(external_id="rl-1")
    assert project.summary == "Nu ook met de huisarts." and project.revisions.count() == 2


def test_bad_rows_are_shown_with_row_and_column_and_nothing_is_applied(world, themes):
    client = sign_in(Client(), world.admin_a.user)
    rows = [*_rows(), {"id": "rl-3", "title": "", "summary": "Iets", "status": "bezig"}]
    _upload(client, ORG_IMPORT, _json(rows))
    job = _job()
    assert job.counts["errors"] == 1 and not job.can_apply
    assert {"row": 3, "id": "rl-3", "field": "title", "reason": "De titel ontbreekt."} in (
        job.errors
    )
    page = client.get(f"{ORG_IMPORT}{job.pk}/").content.decode()
    assert "De titel ontbreekt." in page and "Onbekende status" in page
    assert "Los de fouten hieronder op" in page
    assert client.post(f"{ORG_IMPORT}{job.pk}/toepassen/").status_code == 302
    assert not Project.objects.exists()


def test_apply_checks_again_and_writes_nothing_when_that_finds_errors(world, themes):
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()
    with scopes_disabled():
        Project.objects.create(
            organisation=world.org_b, external_id="rl-2", title="Van B", summary="B"
        )
    client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.counts["errors"] == 1
    assert "veranderd" in job.message
    assert not Project.objects.filter(external_id="rl-1").exists()  # all or nothing


def test_import_never_updates_another_owners_project(world, themes):
    with scopes_disabled():
        Project.objects.create(
            organisation=world.org_b, external_id="rl-1", title="Van B", summary="B"
        )
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()
    assert job.errors[0]["field"] == "id" and "andere eigenaar" in job.errors[0]["reason"]
    assert Project.objects.get(external_id="rl-1").title == "Van B"


def test_csv_upload(world, themes):
    client = sign_in(Client(), world.admin_a.user)
    content = "id;title;summary;themes\nc-1;Café-overleg;Wekelijks;valpreventie\n".encode()
    _upload(client, ORG_IMPORT, SimpleUploadedFile("projecten.csv", content))
    job = _job()
    assert job.counts["new"] == 1 and not job.errors
    client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    assert Project.objects.get(external_id="c-1").title == "Café-overleg"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("projecten.xlsx", b"PK\x03\x04rest", "Kies een bestand van het type"),
        ("projecten.json", b'[{"id": "x",', "Dit is geen geldige JSON"),
        ("projecten.json", b'{"id": "x"}', "Verwacht een JSON-lijst"),
        ("projecten.csv", "id;titel\n1;Één\n".encode("cp1252"), "geen UTF-8"),
        ("projecten.csv", b"id;titel\n1;Iets\n", "title, summary ontbreken"),
        ("projecten.csv", b"id;title\x00;summary\n", "De inhoud van dit bestand"),
        ("projecten.json", b"", "leeg"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_stored(world, name, content, message):
    client = sign_in(Client(), world.admin_a.user)
    response = _upload(client, ORG_IMPORT, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProjectImportJob.objects.exists()


def test_oversized_file_is_refused(world, monkeypatch):
    monkeypatch.setattr("zorgwijs.projects.forms.IMPORT_MAX_MB", 1)
    client = sign_in(Client(), world.admin_a.user)
    big = _json([{"id": str(n), "title": "x" * 100, "summary": "y"} for n in range(9000)])
    response = _upload(client, ORG_IMPORT, big)
    assert response.status_code == 400 and "te groot" in response.content.decode()


def test_who_may_import(world, platform_admin):
    plain = sign_in(Client(), world.employee_a.user)
    assert plain.get(ORG_IMPORT).status_code == 403
    assert sign_in(Client(), world.outsider_b.user).get(ORG_IMPORT).status_code == 404
    with scopes_disabled():
        give_role(world.colleague_a, Role.EDITOR)
    assert sign_in(Client(), world.colleague_a.user).get(ORG_IMPORT).status_code == 200
    assert sign_in(Client(), world.admin_a.user).get(PLATFORM_IMPORT).status_code == 403
    admin = sign_in(Client(), platform_admin, mfa=True)
    assert admin.get(PLATFORM_IMPORT).status_code == 200


def test_jobs_stay_with_their_owner(world, themes, platform_admin):
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    org_job = _job()
    admin = sign_in(Client(), platform_admin, mfa=True)
    assert admin.get(f"{PLATFORM_IMPORT}{org_job.pk}/").status_code == 404
    assert admin.post(f"{PLATFORM_IMPORT}{org_job.pk}/toepassen/").status_code == 404
    with scopes_disabled():
        give_role(world.outsider_b, Role.ADMIN)
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(f"/o/noorderzorg/projecten/import/{org_job.pk}/").status_code == 404
    assert "projecten.json" not in outsider.get("/o/noorderzorg/projecten/import/").content.decode()


def test_platform_imports_the_public_collection_without_owner(world, themes, platform_admin):
    admin = sign_in(Client(), platform_admin, mfa=True)
    page = admin.get(PLATFORM_IMPORT).content.decode()
    assert 'name="visibility"' not in page  # without an owner only "public" has readers
    response = admin.post(PLATFORM_IMPORT, {"file": _json(_rows())})
    job = _job()
    assert response.status_code == 302 and job.organisation is None
    admin.post(f"{PLATFORM_IMPORT}{job.pk}/toepassen/")
    project = Project.objects.get(external_id="rl-1")
    assert project.organisation is None and project.visibility == Visibility.PUBLIC
    assert project.collection == "Praktijkverzameling vindplaats"
    org_client = sign_in(Client(), world.admin_a.user)
    _upload(org_client, ORG_IMPORT, _json(_rows()))
    assert "andere eigenaar" in _job().errors[0]["reason"]  # not the organisation's to change


def test_large_file_is_applied_by_a_background_task(world, themes, settings):
    settings.PROJECT_IMPORT_INLINE_MAX_BYTES = 0  # everything goes through django-tasks
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()
    client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED  # the immediate backend ran the task
    assert Project.objects.count() == 2


def test_busy_job_page_polls_until_done(world, themes):
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()
    ProjectImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
    html = client.get(f"{ORG_IMPORT}{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in html and "Wordt verwerkt" in html
    assert "Toepassen</button>" not in html
    assert client.post(f"{ORG_IMPORT}{job.pk}/toepassen/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLYING and not Project.objects.exists()


def test_a_failing_apply_changes_nothing_and_says_so(world, themes, monkeypatch):
    client = sign_in(Client(), world.admin_a.user)
    _upload(client, ORG_IMPORT, _json(_rows()))
    job = _job()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("zorgwijs.projects.importing.project_update", broken)
    monkeypatch.setattr("zorgwijs.projects.importing.project_create", broken)
    client.post(f"{ORG_IMPORT}{job.pk}/toepassen/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "niets gewijzigd" in job.message
    assert not Project.objects.exists()
