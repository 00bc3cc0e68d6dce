"""Competence records and decided sign-offs are append-only in the database, not only in Python:
what the inspectorate reads cannot be rewritten with ``QuerySet.update()`` or raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceRecord, SignOffRequest
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db
SLUG = "rivierenland"
TODAY = timezone.localdate()


def _url(name, **kw):
    return reverse(f"competences:{name}", kwargs={"org_slug": SLUG, **kw})


def _refused(sql: str, params: list) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def approved_sign_off(client, world):
    """Through the screens: Eva asks, an authorised assessor approves; a record is written."""
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
        give_role(world.colleague_a, Role.ASSESSOR)
        give_role(world.admin_a, Role.COORDINATOR)
    sign_in(client, world.admin_a.user)
    response = client.post(
        _url("item_assessors", item_id=pump.pk), {"membership": world.colleague_a.pk}
    )
    assert response.status_code == 302
    sign_in(client, world.employee_a.user)
    client.post(_url("request_sign_off"), {"item": pump.pk, "performed_on": TODAY.isoformat()})
    with scopes_disabled():
        sign_off = SignOffRequest.objects.get()
    sign_in(client, world.colleague_a.user)
    response = client.post(
        _url("sign_off_detail", sign_off_id=sign_off.pk),
        {"decision": "approve", "comment": "Goed uitgevoerd"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        return SignOffRequest.objects.select_related("record").get()


def test_records_refuse_update_and_delete_in_the_database(approved_sign_off):
    record = approved_sign_off.record
    table = CompetenceRecord._meta.db_table
    _refused(f"UPDATE {table} SET valid_until = '2099-01-01' WHERE id = %s", [record.pk])  # noqa: S608 - table from _meta
    _refused(f"DELETE FROM {table} WHERE id = %s", [record.pk])  # noqa: S608 - table from _meta
    with scopes_disabled():
        with pytest.raises(DatabaseError), transaction.atomic():
            CompetenceRecord.objects.filter(pk=record.pk).update(assessor=None)
        with pytest.raises(DatabaseError), transaction.atomic():
            CompetenceRecord.objects.filter(pk=record.pk)._raw_delete(connection.alias)
        unchanged = CompetenceRecord.objects.get(pk=record.pk)
    assert unchanged.valid_until == record.valid_until
    assert unchanged.assessor_id == record.assessor_id


def test_a_decided_sign_off_refuses_update_and_delete(approved_sign_off, world):
    table = SignOffRequest._meta.db_table
    update = f"UPDATE {table} SET decided_by_id = %s WHERE id = %s"  # noqa: S608 - table from _meta
    _refused(update, [world.admin_a.user.pk, approved_sign_off.pk])
    _refused(f"DELETE FROM {table} WHERE id = %s", [approved_sign_off.pk])  # noqa: S608 - table from _meta
    with scopes_disabled():
        with pytest.raises(DatabaseError), transaction.atomic():
            SignOffRequest.objects.filter(pk=approved_sign_off.pk).update(state="pending")
        assert SignOffRequest.objects.get(pk=approved_sign_off.pk).state == "approved"


def test_a_pending_sign_off_is_still_decided_normally(client, world):
    """The triggers refuse changes to decided requests only: deciding a pending one works."""
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
    sign_in(client, world.employee_a.user)
    client.post(_url("request_sign_off"), {"item": pump.pk, "performed_on": TODAY.isoformat()})
    with scopes_disabled():
        pending = SignOffRequest.objects.get()
        SignOffRequest.objects.filter(pk=pending.pk).update(note="Aangevuld")
        assert SignOffRequest.objects.get().note == "Aangevuld"
