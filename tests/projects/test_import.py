from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from zorgwijs.projects.importing import ImportFileError, project_import, read_rows, themes_load
from zorgwijs.projects.models import Project

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "src" / "zorgwijs" / "projects" / "demo_data"


def _row(**extra):
    return {
        "id": "x1",
        "title": "Valpreventie in de wijk",
        "summary": "Samen met de wijk.",
        "status": "lopend",
        "sector": "vvt",
        "themes": ["valpreventie"],
        **extra,
    }


def test_dry_run_reports_per_row_dutch_errors_and_writes_nothing(themes):
    rows = [
        _row(),
        _row(id="x2", title="", status="bezig", themes=["onbekend"]),
        _row(id="x1"),
        _row(id="x3", start_year="twintig", end_year=2020),
    ]
    report = project_import(actor=None, rows=rows, apply=True)
    assert not report.applied
    assert Project.objects.count() == 0
    errors = {r.number: " ".join(str(e) for e in r.errors) for r in report.errors}
    assert "titel ontbreekt" in errors[2] and "Onbekende status" in errors[2]
    assert "Onbekend thema: onbekend" in errors[2]
    assert "twee keer" in errors[3]
    assert "geen jaartal" in errors[4]


def test_apply_is_idempotent_by_external_id(themes):
    report = project_import(actor=None, rows=[_row()], apply=True)
    assert report.applied and report.count("nieuw") == 1
    again = project_import(actor=None, rows=[_row()], apply=True)
    assert again.count("ongewijzigd") == 1 and Project.objects.count() == 1
    changed = project_import(actor=None, rows=[_row(summary="Nieuw")], apply=True)
    assert changed.count("bijgewerkt") == 1
    assert Project.objects.get().summary == "Nieuw"
    assert Project.objects.get().revisions.count() == 2


def test_csv_rows_with_lists_and_contacts(themes):
    content = (
        b"id;title;summary;status;themes;golden_tips;contacts\n"
        b"c1;Valpreventie;Minder vallen;afgerond;valpreventie;Begin klein|Meet;"
        b"An Jansen / teamleider / an@example.org\n"
    )
    rows = read_rows(content, "lijst.csv")
    report = project_import(actor=None, rows=rows, apply=True)
    assert report.applied
    project = Project.objects.get(external_id="c1")
    assert project.tip_list == ["Begin klein", "Meet"]
    assert project.contacts[0]["email"] == "an@example.org"


def test_unreadable_files_are_refused_with_a_dutch_message():
    with pytest.raises(ImportFileError, match="geen geldige JSON"):
        read_rows(b"{nope", "a.json")
    with pytest.raises(ImportFileError, match=".json- of .csv"):
        read_rows(b"x", "a.xlsx")


def test_the_corpus_imports_completely_and_detects_english_records(db):
    themes_load(json.loads((DATA / "themes.json").read_text()))
    rows = read_rows((DATA / "projects.json").read_bytes(), "projects.json")
    report = project_import(actor=None, rows=rows, apply=True)
    assert not report.errors and Project.objects.count() == 240
    assert Project.objects.filter(language="en").exists()
    assert Project.objects.filter(language="nl").count() > 200


def test_command_is_a_dry_run_unless_apply(themes, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([_row()]))
    call_command("project_import", str(path))
    assert Project.objects.count() == 0
    call_command("project_import", str(path), "--apply")
    assert Project.objects.count() == 1
