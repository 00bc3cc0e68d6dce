"""Import of historical qualifications: dry run with per-row errors, atomic and idempotent
apply, the screens (three actors) and the management command."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook

from tests.competences.factories import DeviceFactory, authorised_assessor
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceItem, CompetenceRecord, ItemKind, PassportLine
from zorgwijs.competences.qualification_import import (
    QualificationImportError,
    importing,
    qualification_file_parse,
    qualification_import_apply,
    qualification_import_plan,
)
from zorgwijs.organisations.hr_import.parsing import HrImportFileError

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
HEADER = "personeelsnummer;bekwaamheid;datum behaald;geldig tot;bewijs;beoordelaar;referentie"


@pytest.fixture
def catalogue(world):
    with scopes_disabled():
        for membership, number in (
            (world.employee_a, "1001"),
            (world.colleague_a, "1002"),
            (world.admin_a, "9000"),
            (world.outsider_b, "1001"),
        ):
            membership.employee_number = number
            membership.save()
        pump = DeviceFactory(
            organisation=world.org_a, name="Infuuspomp Volumat", device_code="IP-77"
        )
        bls = CompetenceItem.objects.create(
            organisation=world.org_a,
            kind=ItemKind.TRAINING,
            name="BLS/reanimatie",
            validity_months=12,
            evidence_kinds=["elearning", "practical"],
        )
        injection = CompetenceItem.objects.create(
            organisation=world.org_a,
            kind=ItemKind.RESERVED,
            name="Injecties",
            big_code="injecties",
            evidence_kinds=[],
        )
    authorised_assessor(world.admin_a, pump)
    return {"pump": pump, "bls": bls, "injection": injection}


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def _plan(world, data: bytes, filename="historie.csv"):
    with scope(organisation=world.org_a.pk):
        parsed = qualification_file_parse(io.BytesIO(data), filename=filename)
        return qualification_import_plan(organisation=world.org_a, parsed=parsed, filename=filename)


def _errors(plan) -> dict[int, str]:
    return {e.number: e.reason for e in plan.errors}


def test_dry_run_reports_each_bad_row_with_a_dutch_reason(world, catalogue):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    plan = _plan(
        world,
        _csv(
            "1001;Infuuspomp Volumat;2025-03-01;;elearning;9000;LMS-1",  # 2: fine
            "4711;Infuuspomp Volumat;2025-03-01;;elearning;;",  # 3: unknown person
            "1001;Hartlongmachine;2025-03-01;;elearning;;",  # 4: unknown item
            f"1001;BLS/reanimatie;{future};;elearning;;",  # 5: future
            "1002;IP-77;2025-03-01;;certificaat;;",  # 6: evidence not accepted
            "1001;Infuuspomp Volumat;2025-03-01;;E-learning;;",  # 7: duplicate of 2
            "1002;injecties;31-02-2025;;praktijk;;",  # 8: bad date
            "1002;injecties;01-02-2025;;gevoel;;",  # 9: unknown evidence
            "1002;BLS/reanimatie;2025-02-01;2024-01-01;elearning;;",  # 10: until before
            "1002;BLS/reanimatie;2025-02-01;;elearning;4242;",  # 11: unknown assessor
        ),
    )
    errors = _errors(plan)
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "Onbekende medewerker" in errors[3] and "4711" in errors[3]
    assert "Onbekende bekwaamheid" in errors[4]
    assert "toekomst" in errors[5]
    assert "telt niet" in errors[6]
    assert "Dubbel in het bestand" in errors[7] and "rij 2" in errors[7]
    assert "Ongeldige datum behaald" in errors[8]
    assert "Onbekend soort bewijs" in errors[9]
    assert "Geldig tot ligt voor" in errors[10]
    assert "Onbekende beoordelaar" in errors[11]
    assert not plan.is_valid
    with pytest.raises(QualificationImportError), scope(organisation=world.org_a.pk):
        qualification_import_apply(actor=world.admin_a.user, plan=plan)
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()


def test_missing_columns_and_unreadable_files(world, catalogue):
    with pytest.raises(HrImportFileError, match="bekwaamheid"):
        _plan(world, b"personeelsnummer;datum behaald;bewijs\n1001;2025-01-01;elearning\n")
    with pytest.raises(HrImportFileError):
        _plan(world, b"", filename="leeg.csv")
    with pytest.raises(HrImportFileError):
        _plan(world, b"not a zip", filename="kapot.xlsx")


def test_apply_registers_everything_and_a_second_run_skips_it(world, catalogue):
    data = _csv(
        "1001;IP-77;2024-03-01;;elearning;9000;LMS-1",
        "1002;injecties;15-01-2024;;Praktijktoets;;",
        "1001;BLS/reanimatie;2025-06-01;2026-01-31;theorie;;",
    )
    data = data.replace(b";theorie;", b";elearning;")
    plan = _plan(world, data)
    assert plan.is_valid and len(plan.rows) == 3
    with scope(organisation=world.org_a.pk):
        summary = qualification_import_apply(actor=world.admin_a.user, plan=plan)
    assert summary == {"rows": 3, "registered": 3, "skipped": 0, "errors": 0}
    with scopes_disabled():
        records = {r.item.name: r for r in CompetenceRecord.objects.select_related("item")}
        assert PassportLine.objects.get(
            membership=world.employee_a, item=catalogue["pump"]
        ).ever_qualified
    pump = records["Infuuspomp Volumat"]
    assert (pump.source, pump.external_ref, pump.assessor_id) == (
        "import",
        "LMS-1",
        world.admin_a.user_id,
    )
    assert pump.backdate_reason == "Import uit historie.csv"
    assert records["BLS/reanimatie"].valid_until == datetime.date(2026, 1, 31)
    assert records["Injecties"].evidence_kind == "practical"
    assert AuditEntry.objects.filter(action="competences.qualification_import.applied").exists()

    again = _plan(world, data)
    assert again.is_valid and again.rows == [] and len(again.skipped) == 3
    assert "Staat al in Zorgwijs" in again.skipped[0].reason
    # the same external reference with other details is also "already there"
    moved = _plan(world, _csv("1001;IP-77;2024-03-02;;elearning;;LMS-1"))
    assert moved.rows == [] and len(moved.skipped) == 1


def test_apply_is_all_or_nothing(world, catalogue, monkeypatch):
    plan = _plan(
        world, _csv("1001;IP-77;2024-03-01;;elearning;;", "1002;IP-77;2024-03-01;;elearning;;")
    )
    real = importing.qualification_register
    calls = []

    def fail_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("Kapot.")
        return real(**kwargs)

    monkeypatch.setattr(importing, "qualification_register", fail_second)
    with pytest.raises(QualificationImportError, match="Rij 3"), scope(organisation=world.org_a.pk):
        qualification_import_apply(actor=world.admin_a.user, plan=plan)
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()
        assert not PassportLine.objects.filter(ever_qualified=True).exists()


# Screens ----------------------------------------------------------------------------------------


def _index():
    return reverse("competences:qualification_import", kwargs={"org_slug": SLUG})


def _upload(client, data: bytes, name="historie.csv"):
    return client.post(_index(), {"file": SimpleUploadedFile(name, data)})


def test_three_actors_on_the_import_screens(client, world, catalogue):
    for user, status in (
        (world.admin_a.user, 200),
        (world.employee_a.user, 403),
        (world.outsider_b.user, 404),
    ):
        sign_in(client, user)
        assert client.get(_index()).status_code == status
    sign_in(client, world.admin_a.user)
    detail = _upload(client, _csv("1001;IP-77;2024-03-01;;elearning;;"))["Location"]
    for user, status in ((world.employee_a.user, 403), (world.outsider_b.user, 404)):
        sign_in(client, user)
        assert client.get(detail).status_code == status
        assert client.post(detail).status_code == status
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()


def test_upload_preview_apply_in_the_browser(client, world, catalogue):
    sign_in(client, world.admin_a.user)
    response = _upload(
        client, _csv("1001;IP-77;2024-03-01;;elearning;;", "1002;Injecties;2024-03-01;;evc;;")
    )
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Eva Medewerker" in preview and "Toepassen" in preview
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()  # a dry run changes nothing
    applied = client.post(response["Location"])
    assert applied.status_code == 302
    with scopes_disabled():
        assert CompetenceRecord.objects.filter(source="import").count() == 2
    assert "Verwerkt" in client.get(response["Location"]).content.decode()
    client.post(response["Location"])  # applying twice does nothing more
    with scopes_disabled():
        assert CompetenceRecord.objects.count() == 2


def test_errors_are_shown_per_row_and_apply_is_refused(client, world, catalogue):
    sign_in(client, world.admin_a.user)
    response = _upload(
        client, _csv("1001;IP-77;2024-03-01;;elearning;;", "4711;IP-77;2024-03-01;;elearning;;")
    )
    page = client.get(response["Location"]).content.decode()
    assert "Onbekende medewerker: personeelsnummer 4711." in page
    assert 'type="submit"' not in page.split("Fouten")[0].split("proefimport")[-1]
    assert client.post(response["Location"]).status_code == 400
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()


def test_bad_files_are_refused_at_upload(client, world, catalogue):
    sign_in(client, world.admin_a.user)
    assert _upload(client, b"naam;adres\nEva;Dijk 1\n").status_code == 400
    assert _upload(client, b"iets", name="foto.png").status_code == 400
    assert _upload(client, b"not a zip", name="kapot.xlsx").status_code == 400


def test_xlsx_upload(client, world, catalogue):
    book = Workbook()
    sheet = book.active
    sheet.append(["Personeelsnummer", "Bekwaamheid", "Datum behaald", "Bewijs"])
    sheet.append([1001, "IP-77", datetime.date(2024, 5, 6), "E-learning"])
    buffer = io.BytesIO()
    book.save(buffer)
    sign_in(client, world.admin_a.user)
    response = _upload(client, buffer.getvalue(), name="lms.xlsx")
    client.post(response["Location"])
    with scopes_disabled():
        record = CompetenceRecord.objects.get()
    assert record.occurred_on == datetime.date(2024, 5, 6)


# Command ----------------------------------------------------------------------------------------


def test_command_dry_run_then_apply(world, catalogue, tmp_path, capsys):
    path = tmp_path / "historie.csv"
    path.write_bytes(_csv("1001;IP-77;2024-03-01;;elearning;;LMS-9"))
    call_command("zorgwijs_qualification_import", SLUG, str(path))
    assert "Proefimport" in capsys.readouterr().out
    with scopes_disabled():
        assert not CompetenceRecord.objects.exists()
    call_command("zorgwijs_qualification_import", SLUG, str(path), "--apply")
    call_command("zorgwijs_qualification_import", SLUG, str(path), "--apply")
    assert "overgeslagen: 1" in capsys.readouterr().out
    with scopes_disabled():
        assert CompetenceRecord.objects.count() == 1
    path.write_bytes(_csv("4711;IP-77;2024-03-01;;elearning;;"))
    with pytest.raises(CommandError, match="fouten"):
        call_command("zorgwijs_qualification_import", SLUG, str(path), "--apply")
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("zorgwijs_qualification_import", "nergens", str(path))
