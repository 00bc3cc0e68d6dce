import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceRecord, PassportLine
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.status import line_status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def record(world):
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
    with scope(organisation=world.org_a.pk):
        return qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=TODAY,
            evidence_kind="practical",
        )


def _post(client, world, record, data):
    url = reverse(
        "competences:line_action",
        kwargs={
            "org_slug": "rivierenland",
            "membership_id": world.employee_a.pk,
            "item_id": record.item_id,
        },
    )
    return client.post(url, data)


def _status(world, record):
    with scope(organisation=world.org_a.pk):
        line = PassportLine.objects.get(membership=world.employee_a, item_id=record.item_id)
        return line_status(line, TODAY)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"action": "suspend", "reason": "Na melding"}, "suspended"),
        ({"action": "revoke", "reason": "Onjuist geregistreerd"}, "expired"),
        ({"action": "exempt", "reason": "Verlof", "ends_on": "2099-01-01"}, "exempt"),
    ],
)
def test_coordinator_actions_add_records(client, world, record, data, expected):
    sign_in(client, world.admin_a.user)
    assert _post(client, world, record, data).status_code == 302
    assert _status(world, record) == expected


def test_void_names_the_record_and_keeps_it(client, world, record):
    sign_in(client, world.admin_a.user)
    assert (
        _post(
            client,
            world,
            record,
            {"action": "void", "reason": "Verkeerde persoon", "record": record.pk},
        ).status_code
        == 302
    )
    assert _status(world, record) == "missing"
    with scopes_disabled():
        assert CompetenceRecord.objects.filter(pk=record.pk).exists()


def test_missing_reason_or_end_date_is_refused(client, world, record):
    sign_in(client, world.admin_a.user)
    response = _post(client, world, record, {"action": "exempt", "reason": "Verlof"})
    assert response.status_code == 400
    assert "Geef aan tot wanneer" in response.content.decode()
    assert _status(world, record) == "valid"


def test_only_coordinators_act(client, world, record):
    sign_in(client, world.manager_a.user)
    assert _post(client, world, record, {"action": "suspend", "reason": "x"}).status_code == 403
    sign_in(client, world.outsider_b.user)
    assert _post(client, world, record, {"action": "suspend", "reason": "x"}).status_code == 404
    assert _status(world, record) == "valid"


def test_history_page_shows_the_action_form_once_and_a_plain_title(client, world, record):
    sign_in(client, world.admin_a.user)
    url = reverse(
        "competences:history",
        kwargs={
            "org_slug": "rivierenland",
            "membership_id": world.employee_a.pk,
            "item_id": record.item_id,
        },
    )
    html = client.get(url).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Infuuspomp" in title and "<" not in title
    assert html.count('id="actions-heading"') == 1
