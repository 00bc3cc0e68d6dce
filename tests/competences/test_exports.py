"""IGJ evidence pack (XLSX, PDF) and the personal passport PDF."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from tests.competences.factories import DeviceFactory, authorised_assessor, required_device
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.competences.services import qualification_register
from zorgwijs.lib.dates import format_date

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()


@pytest.fixture
def pump(world):
    pump = required_device(world, "Infuuspomp Volumat", [world.cardiology, world.surgery])
    authorised_assessor(world.manager_a, pump)
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=TODAY - datetime.timedelta(days=2),
            evidence_kind="practical",
            assessor=world.manager_a.user,
        )
        qualification_register(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            item=pump,
            occurred_on=TODAY,
            evidence_kind="elearning",
        )
    return pump


def _url(name, **kwargs):
    return reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kwargs})


def _xlsx(client, user, **params):
    sign_in(client, user)
    response = client.get(_url("evidence_pack"), {"formaat": "xlsx", **params})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _people(book) -> dict[str, list]:
    sheet = book.worksheets[1]
    return {row[0]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_xlsx_has_cover_and_rows(client, world, pump):
    book = _xlsx(client, world.admin_a.user, bekwaamheid=pump.pk)
    cover = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert cover["Organisatie"] == "Rivierenland Ziekenhuis"
    assert cover["Bekwaamheid"] == "Infuuspomp Volumat"
    assert cover["Gemaakt door"] == "Anna Beheer"
    assert cover["Peildatum"] == format_date(TODAY)  # "9 mei 2028", as on the pages
    header = next(book.worksheets[1].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("Medewerker", "Personeelsnummer", "Afdeling")
    eva = _people(book)["Eva Medewerker"]
    assert eva[2] == "Cathlab" and eva[3] == "Infuuspomp Volumat" and eva[5] == "Bekwaam"
    assert eva[6].date() == TODAY - datetime.timedelta(days=2)  # since
    assert eva[8] is not None  # valid until
    assert eva[9] == "Praktijktoets door beoordelaar" and eva[10] == "Mark Leiding"
    assert _people(book)["Carl Chirurg"][9] == "E-learning"


def test_department_selection_includes_sub_departments(client, world, pump):
    people = _people(_xlsx(client, world.admin_a.user, afdeling=world.cardiology.pk))
    assert "Eva Medewerker" in people and "Carl Chirurg" not in people


def test_manager_exports_only_his_departments(client, world, pump):
    people = _people(_xlsx(client, world.manager_a.user))
    assert "Eva Medewerker" in people and "Carl Chirurg" not in people
    # choosing a department he does not manage gives nobody from it
    assert "Carl Chirurg" not in _people(
        _xlsx(client, world.manager_a.user, afdeling=world.surgery.pk)
    )


def test_pdf_evidence_pack(client, world, pump):
    sign_in(client, world.admin_a.user)
    response = client.get(_url("evidence_pack"), {"formaat": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_export_is_audited_per_person(client, world, pump):
    _xlsx(client, world.manager_a.user)
    entries = AuditEntry.objects.filter(
        action="competences.evidence_pack.exported", kind="export", actor_id=world.manager_a.user_id
    )
    # the people in the export: Eva, and the manager himself (Hartcentrum requires the pump)
    assert set(entries.values_list("subject_user_id", flat=True)) == {
        world.employee_a.user_id,
        world.manager_a.user_id,
    }


def test_three_actors(client, world, pump):
    sign_in(client, world.employee_a.user)
    assert client.get(_url("evidence_pack")).status_code == 403
    assert client.get(_url("evidence_pack"), {"formaat": "xlsx"}).status_code == 403
    assert (
        client.get(_url("person_passport_pdf", membership_id=world.colleague_a.pk)).status_code
        == 403
    )
    sign_in(client, world.outsider_b.user)
    assert client.get(_url("evidence_pack"), {"formaat": "xlsx"}).status_code == 404
    assert (
        client.get(_url("person_passport_pdf", membership_id=world.employee_a.pk)).status_code
        == 404
    )
    sign_in(client, world.manager_a.user)
    assert (
        client.get(_url("person_passport_pdf", membership_id=world.colleague_a.pk)).status_code
        == 404
    )
    assert client.get(_url("evidence_pack")).status_code == 200


def test_team_page_links_to_the_export(client, world, pump):
    sign_in(client, world.admin_a.user)
    body = client.get(_url("team"), {"afdeling": world.cardiology.pk}).content.decode()
    assert "IGJ-export voor deze selectie" in body
    assert f"{_url('evidence_pack')}?afdeling={world.cardiology.pk}" in body


def test_personal_passport_pdf(client, world, pump):
    sign_in(client, world.employee_a.user)
    assert "paspoort/pdf/" in client.get(_url("my_passport")).content.decode()
    response = client.get(_url("my_passport_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    sign_in(client, world.manager_a.user)
    response = client.get(_url("person_passport_pdf", membership_id=world.employee_a.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action="competences.passport.exported",
        actor_id=world.manager_a.user_id,
        subject_user_id=world.employee_a.user_id,
    ).exists()


def _add_people(world, pump, count):
    with scopes_disabled():
        members = [
            MembershipFactory(
                organisation=world.org_a, user=UserFactory(), primary_department=world.cathlab
            )
            for _ in range(count)
        ]
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
        for member in members:
            qualification_register(
                actor=world.admin_a.user,
                membership=member,
                item=pump,
                occurred_on=TODAY,
                evidence_kind="practical",
                assessor=world.manager_a.user,
            )


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_query_count_does_not_grow_with_rows(client, world, pump, fmt):
    sign_in(client, world.manager_a.user)
    _add_people(world, pump, 2)
    _queries(client, _url("evidence_pack"), {"formaat": fmt})  # first request: session work
    few = _queries(client, _url("evidence_pack"), {"formaat": fmt})
    _add_people(world, pump, 8)
    many = _queries(client, _url("evidence_pack"), {"formaat": fmt})
    assert many == few and many <= 20


def test_passport_pdf_query_count_does_not_grow(client, world, pump):
    sign_in(client, world.employee_a.user)
    _queries(client, _url("my_passport_pdf"), {})  # first request: session work
    few = _queries(client, _url("my_passport_pdf"), {})
    with scopes_disabled():
        extra = [DeviceFactory(organisation=world.org_a) for _ in range(5)]
    with scope(organisation=world.org_a.pk):
        for item in extra:
            qualification_register(
                actor=world.admin_a.user,
                membership=world.employee_a,
                item=item,
                occurred_on=TODAY,
                evidence_kind="practical",
            )
    assert _queries(client, _url("my_passport_pdf"), {}) == few
