import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceRecord, PassportLine, SignOffRequest
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.status import line_status
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()


@pytest.fixture
def pump(world):
    """An infusion pump; the assessor (Carl) is competent in it himself."""
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            item=pump,
            occurred_on=TODAY - datetime.timedelta(days=10),
            evidence_kind="elearning",
        )
    return pump


def _url(name, **kw):
    return reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kw})


def _status(world, membership, item):
    with scope(organisation=world.org_a.pk):
        return line_status(PassportLine.objects.get(membership=membership, item=item), TODAY)


def test_request_then_assessor_approves(client, world, pump):
    sign_in(client, world.employee_a.user)
    response = client.post(
        _url("request_sign_off"), {"item": pump.pk, "performed_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert _status(world, world.employee_a, pump) == "in_progress"
    with scopes_disabled():
        sign_off = SignOffRequest.objects.get()
    sign_in(client, world.colleague_a.user)
    assert "Eva Medewerker" in client.get(_url("sign_off_list")).content.decode()
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk),
        {"decision": "approve", "comment": "Goed uitgevoerd"},
    )
    assert response.status_code == 302
    assert _status(world, world.employee_a, pump) == "valid"
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user)
    assert record.assessor == world.colleague_a.user and record.evidence_kind == "practical"


def test_an_item_asked_for_is_not_offered_again_until_decided(client, world, pump):
    sign_in(client, world.employee_a.user)
    form_url = _url("request_sign_off")
    option = f'<option value="{pump.pk}"'
    assert option in client.get(form_url).content.decode()
    response = client.post(form_url, {"item": pump.pk, "performed_on": TODAY.isoformat()})
    assert response.status_code == 302
    page = client.get(form_url).content.decode()
    assert option not in page and "Je aanvraag staat al open voor: Infuuspomp." in page
    # Asked again anyway (an old tab): refused at the field, nothing added.
    response = client.post(form_url, {"item": pump.pk, "performed_on": TODAY.isoformat()})
    assert response.status_code == 400 and "al een aanvraag open" in response.content.decode()
    with scopes_disabled():
        assert SignOffRequest.objects.count() == 1


def test_rejection_needs_a_comment_and_keeps_what_was_typed(client, world, pump):
    with scope(organisation=world.org_a.pk):
        from zorgwijs.competences.sign_off import sign_off_request

        sign_off = sign_off_request(
            actor=world.employee_a.user, membership=world.employee_a, item=pump, performed_on=TODAY
        )
    sign_in(client, world.colleague_a.user)
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk), {"decision": "reject", "comment": "  "}
    )
    assert response.status_code == 400
    assert "Geef bij een afwijzing" in response.content.decode()
    with scopes_disabled():
        assert SignOffRequest.objects.get().state == "pending"


def test_nobody_signs_off_their_own_request(client, world, pump):
    with scopes_disabled():
        give_role(world.employee_a, Role.ASSESSOR)
    with scope(organisation=world.org_a.pk):
        from zorgwijs.competences.sign_off import sign_off_request

        sign_off = sign_off_request(
            actor=world.employee_a.user, membership=world.employee_a, item=pump, performed_on=TODAY
        )
    sign_in(client, world.employee_a.user)
    assert client.get(_url("sign_off_detail", sign_off_id=sign_off.pk)).status_code == 404
    assert (
        client.post(
            _url("sign_off_detail", sign_off_id=sign_off.pk), {"decision": "approve"}
        ).status_code
        == 404
    )
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()


def test_plain_employee_cannot_sign_off(client, world, pump):
    sign_in(client, world.manager_a.user)
    assert client.get(_url("sign_off_list")).status_code == 403


def test_register_with_evidence_file(client, world, pump):
    sign_in(client, world.admin_a.user)
    pdf = SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        _url("register", membership_id=world.employee_a.pk),
        {
            "item": pump.pk,
            "occurred_on": TODAY.isoformat(),
            "evidence_kind": "elearning",
            "evidence_file": pdf,
        },
    )
    assert response.status_code == 302
    assert _status(world, world.employee_a, pump) == "valid"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bewijs.pdf", b"MZ\x90\x00 not a pdf", "past niet bij .pdf"),
        ("bewijs.exe", b"MZ\x90\x00", "Kies een bestand van het type"),
    ],
)
def test_register_refuses_bad_files_and_keeps_input(client, world, pump, name, content, message):
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("register", membership_id=world.employee_a.pk),
        {
            "item": pump.pk,
            "occurred_on": TODAY.isoformat(),
            "evidence_kind": "elearning",
            "note": "Mijn toelichting",
            "evidence_file": SimpleUploadedFile(name, content),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and message in body and "Mijn toelichting" in body
    with scopes_disabled():
        assert not CompetenceRecord.objects.filter(person=world.employee_a.user).exists()


def test_register_future_date_message_at_field(client, world, pump):
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("register", membership_id=world.employee_a.pk),
        {
            "item": pump.pk,
            "occurred_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "evidence_kind": "elearning",
        },
    )
    assert response.status_code == 400
    assert "Een datum in de toekomst kan niet." in response.content.decode()
