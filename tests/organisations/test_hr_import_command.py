"""manage.py zorgwijs_hr_import: dry run by default, --apply applies, errors exit non-zero."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from tests.organisations.test_hr_import_helpers import (
    csv_bytes,
    existing_rows,
)
from zorgwijs.organisations.models import Membership

pytestmark = pytest.mark.django_db

NEW = [
    "5001",
    "Sanne de Vries",
    "sanne@x.nl",
    "Verpleegkundige",
    "Hartcentrum/Cathlab",
    "",
    "2020-01-01",
    "",
]


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("zorgwijs_hr_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_summary_and_changes_nothing(world, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(existing_rows(world) + [NEW]))
    out, _ = run(world.org_a.slug, str(path))
    assert "nieuw: 1" in out and "Proefimport" in out
    with scopes_disabled():
        assert not Membership.objects.filter(employee_number="5001").exists()


def test_apply_applies(world, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(existing_rows(world) + [NEW]))
    out, _ = run(world.org_a.slug, str(path), "--apply")
    assert "Toegepast: 1 wijzigingen." in out
    with scopes_disabled():
        assert Membership.objects.filter(organisation=world.org_a, employee_number="5001").exists()
    out, _ = run(world.org_a.slug, str(path), "--apply")
    assert "Toegepast: 0 wijzigingen." in out


def test_errors_are_printed_with_row_numbers_and_exit_non_zero(world, tmp_path):
    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes(existing_rows(world) + [NEW, ["", "Jan", "jan@x.nl"]]))
    with pytest.raises(CommandError, match="1 fout"):
        run(world.org_a.slug, str(path), "--apply")
    with scopes_disabled():
        assert not Membership.objects.filter(employee_number="5001").exists()


def test_errors_go_to_stderr(world, tmp_path, capsys):
    from io import StringIO

    path = tmp_path / "hr.csv"
    path.write_bytes(csv_bytes([["", "Jan", "jan@x.nl"]]))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "zorgwijs_hr_import", world.org_a.slug, str(path), stdout=StringIO(), stderr=err
        )
    assert "rij 2: Personeelsnummer ontbreekt." in err.getvalue()


def test_unknown_organisation_or_file(world, tmp_path):
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        run("bestaat-niet", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run(world.org_a.slug, str(tmp_path / "x.csv"))
