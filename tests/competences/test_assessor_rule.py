"""Finding 13: an assessor who is not competent signs off.

An assessor must be competent in the item on the date of the assessment (may perform it
independently) or be named assessor for it by a coordinator — for a sign-off, in the
qualification import and in the API. Reproduced the way the probe did: through the screens
and the API.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.competences.factories import DeviceFactory
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import (
    AuthorisedAssessor,
    CompetenceItem,
    CompetenceRecord,
    EvidenceKind,
    ItemKind,
    SignOffRequest,
)
from zorgwijs.competences.services import qualification_register
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()
REFUSED = "zelf niet bekwaam voor Tracheacanule verzorgen en uitzuigen"


def _url(name, **kw):
    return reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kw})


@pytest.fixture
def tracheostomy(world):
    """The demo's risky procedure; Carl holds the assessor role and no record for it."""
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        return CompetenceItem.objects.create(
            organisation=world.org_a,
            kind=ItemKind.RISKY,
            name="Tracheacanule verzorgen en uitzuigen",
            validity_months=24,
            evidence_kinds=[EvidenceKind.ELEARNING, EvidenceKind.PRACTICAL],
        )


def _request(client, world, item, performed_on=TODAY) -> SignOffRequest:
    sign_in(client, world.employee_a.user)
    response = client.post(
        _url("request_sign_off"), {"item": item.pk, "performed_on": performed_on.isoformat()}
    )
    assert response.status_code == 302
    with scopes_disabled():
        return SignOffRequest.objects.get(person=world.employee_a.user, state="pending")


def _qualify(world, membership, item, occurred_on, **extra):
    with scope(organisation=world.org_a.pk):
        return qualification_register(
            actor=world.admin_a.user,
            membership=membership,
            item=item,
            occurred_on=occurred_on,
            evidence_kind=EvidenceKind.ELEARNING,
            backdate_reason="Overgenomen",
            **extra,
        )


def _records_of(world, membership) -> int:
    with scopes_disabled():
        return CompetenceRecord.objects.filter(person=membership.user).count()


def test_an_assessor_without_the_competence_is_not_offered_and_cannot_approve(
    client, world, tracheostomy
):
    sign_off = _request(client, world, tracheostomy)
    sign_in(client, world.colleague_a.user)
    assert "Eva Medewerker" not in client.get(_url("sign_off_list")).content.decode()
    detail = _url("sign_off_detail", sign_off_id=sign_off.pk)
    assert client.get(detail).status_code == 404
    response = client.post(detail, {"decision": "approve", "comment": "Prima"})
    assert response.status_code == 404
    assert _records_of(world, world.employee_a) == 0
    with scopes_disabled():
        assert SignOffRequest.objects.get(pk=sign_off.pk).state == "pending"


def test_the_coordinator_role_alone_does_not_qualify_to_assess(client, world, tracheostomy):
    with scopes_disabled():
        give_role(world.manager_a, Role.COORDINATOR)
    sign_off = _request(client, world, tracheostomy)
    sign_in(client, world.manager_a.user)
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert _records_of(world, world.employee_a) == 0


def test_competent_today_but_not_on_the_day_of_the_assessment_is_refused_with_the_reason(
    client, world, tracheostomy
):
    sign_off = _request(client, world, tracheostomy, performed_on=TODAY - datetime.timedelta(5))
    _qualify(world, world.colleague_a, tracheostomy, TODAY)
    sign_in(client, world.colleague_a.user)
    detail = _url("sign_off_detail", sign_off_id=sign_off.pk)
    assert client.get(detail).status_code == 200  # offered: he may assess it today
    response = client.post(detail, {"decision": "approve", "comment": "Prima"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert _records_of(world, world.employee_a) == 0


def test_an_assessor_under_supervision_for_lack_of_practice_may_not_assess(client, world):
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        iabp = DeviceFactory(
            organisation=world.org_a,
            name="Intra-aortale ballonpomp",
            recency_count=3,
            recency_months=12,
        )
    _qualify(world, world.colleague_a, iabp, TODAY - datetime.timedelta(days=200))
    sign_off = _request(client, world, iabp)
    sign_in(client, world.colleague_a.user)
    assert client.get(_url("sign_off_detail", sign_off_id=sign_off.pk)).status_code == 404


def test_a_competent_assessor_signs_off(client, world, tracheostomy):
    _qualify(world, world.colleague_a, tracheostomy, TODAY - datetime.timedelta(days=30))
    sign_off = _request(client, world, tracheostomy)
    sign_in(client, world.colleague_a.user)
    assert "Eva Medewerker" in client.get(_url("sign_off_list")).content.decode()
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user)
    assert record.assessor_id == world.colleague_a.user_id


def test_a_coordinator_names_an_assessor_who_then_signs_off_and_withdraws_him(
    client, world, tracheostomy
):
    sign_in(client, world.employee_a.user)
    assert client.get(_url("item_assessors", item_id=tracheostomy.pk)).status_code == 403
    sign_in(client, world.admin_a.user)
    page = client.get(_url("item_assessors", item_id=tracheostomy.pk))
    assert page.status_code == 200 and "Carl Chirurg" in page.content.decode()  # a candidate
    response = client.post(
        _url("item_assessors", item_id=tracheostomy.pk), {"membership": world.colleague_a.pk}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action="competences.assessor.authorised", subject_user_id=world.colleague_a.user_id
    ).exists()

    sign_off = _request(client, world, tracheostomy)
    sign_in(client, world.colleague_a.user)
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert _records_of(world, world.employee_a) == 1

    with scopes_disabled():
        authorisation = AuthorisedAssessor.objects.get()
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("item_assessors", item_id=tracheostomy.pk), {"intrekken": authorisation.pk}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert not AuthorisedAssessor.objects.exists()
    assert AuditEntry.objects.filter(action="competences.assessor.withdrawn").exists()


def test_only_people_who_can_reach_the_sign_off_screens_can_be_named(client, world, tracheostomy):
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("item_assessors", item_id=tracheostomy.pk), {"membership": world.employee_a.pk}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not AuthorisedAssessor.objects.exists()


def _upload(client, rows: list[str]):
    header = "personeelsnummer;bekwaamheid;datum behaald;bewijs;beoordelaar"
    content = ("\n".join([header, *rows]) + "\n").encode()
    response = client.post(
        _url("qualification_import"),
        {"file": SimpleUploadedFile("historie.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 302
    return response.url


def test_the_import_refuses_a_row_whose_assessor_is_not_competent(client, world, tracheostomy):
    with scopes_disabled():
        for membership, number in ((world.employee_a, "1001"), (world.colleague_a, "2002")):
            membership.employee_number = number
            membership.save()
    day = TODAY - datetime.timedelta(days=40)
    sign_in(client, world.admin_a.user)
    detail = _upload(client, [f"1001;Tracheacanule verzorgen en uitzuigen;{day};praktijk;2002"])
    page = client.get(detail).content.decode()
    assert "Carl Chirurg is op" in page and REFUSED in page
    assert client.post(detail).status_code == 400
    assert _records_of(world, world.employee_a) == 0

    _qualify(world, world.colleague_a, tracheostomy, day - datetime.timedelta(days=1))
    detail = _upload(client, [f"1001;Tracheacanule verzorgen en uitzuigen;{day};praktijk;2002"])
    assert REFUSED not in client.get(detail).content.decode()
    assert client.post(detail).status_code == 302
    with scopes_disabled():
        record = CompetenceRecord.objects.get(person=world.employee_a.user)
    assert record.assessor_id == world.colleague_a.user_id


def test_the_api_refuses_an_assessor_who_is_not_competent(world, tracheostomy):
    api = ApiClient(make_token(world.admin_a.user))
    path = f"/organisations/{SLUG}/members/{world.employee_a.pk}/qualifications"
    body = {
        "item_id": tracheostomy.pk,
        "occurred_on": TODAY.isoformat(),
        "evidence_kind": "practical",
        "assessor_membership_id": world.colleague_a.pk,
    }
    response = api.post(path, body)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert _records_of(world, world.employee_a) == 0
    with scopes_disabled():
        AuthorisedAssessor.objects.create(
            organisation=world.org_a, membership=world.colleague_a, item=tracheostomy
        )
    response = api.post(path, body)
    assert response.status_code == 201, response.content
    with scopes_disabled():
        record = CompetenceRecord.objects.get(pk=response.json()["id"])
    assert record.assessor_id == world.colleague_a.user_id
    other = {**body, "assessor_membership_id": world.outsider_b.pk}
    assert api.post(path, other).status_code == 400  # a person of another organisation
