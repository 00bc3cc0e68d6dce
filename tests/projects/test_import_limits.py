"""The project import is bounded like the HR and qualification imports (docs/spreadsheets.md):
a file with more rows (empty ones count) or columns than the import reads is refused at the
file field, with the shared reader's message, instead of being cut off or read whole."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.importing import MAX_ROWS
from zorgwijs.projects.models import Project, ProjectImportJob

pytestmark = pytest.mark.django_db
ORG_IMPORT = "/o/rivierenland/projecten/import/"
TOO_MANY_ROWS = "meer dan 20.000 rijen"


def _upload(world, name: str, content: bytes):
    client = sign_in(Client(), world.admin_a.user)
    upload = SimpleUploadedFile(name, content)
    return client.post(ORG_IMPORT, {"file": upload, "visibility": Visibility.NETWORK})


def _refused_at_the_file(response, message: str) -> None:
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["file"])
    assert not ProjectImportJob.objects.exists()
    assert not Project.objects.exists()


def test_a_csv_whose_rows_run_past_the_limit_is_refused(world):
    # Two projects, with more blank lines between them than the import reads: the second
    # project would be cut off silently (and a reader walks every line to get there).
    content = (
        "id;title;summary\n"
        + "rl-1;Valpreventie;Samen met de wijk.\n"
        + "\n" * MAX_ROWS
        + "rl-2;Zelfroosteren;Teams roosteren zelf.\n"
    ).encode()
    _refused_at_the_file(_upload(world, "projecten.csv", content), TOO_MANY_ROWS)


def test_a_csv_with_more_columns_than_read_is_refused(world):
    extra = [f"kolom{n}" for n in range(250)]
    content = (
        ";".join(["id", "title", "summary", *extra])
        + "\n"
        + ";".join(["rl-1", "Valpreventie", "Samen met de wijk.", *[""] * len(extra)])
        + "\n"
    ).encode()
    _refused_at_the_file(_upload(world, "projecten.csv", content), "meer dan 200 kolommen")


def test_a_json_list_longer_than_the_limit_is_refused_not_cut_off(world):
    rows = [{"id": f"p{n}", "title": "t", "summary": "s"} for n in range(MAX_ROWS + 1)]
    content = json.dumps(rows, separators=(",", ":")).encode()
    _refused_at_the_file(_upload(world, "projecten.json", content), TOO_MANY_ROWS)


def test_a_csv_within_the_limits_is_read_as_before(world):
    content = (
        b"id;title;summary;themes\n"
        b"rl-1;Valpreventie;Samen met de wijk.;\n"
        b"\n"
        b"rl-2;Zelfroosteren;Teams roosteren zelf.\n"
    )
    response = _upload(world, "projecten.csv", content)
    assert response.status_code == 302
    job = ProjectImportJob.objects.get()
    assert job.counts == {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "errors": 0}
