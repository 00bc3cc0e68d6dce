import pytest
from django.db import DatabaseError, connection, transaction

from zorgwijs.audit.models import AuditEntry
from zorgwijs.audit.services import record


@pytest.mark.django_db
def test_update_and_delete_are_refused_by_the_database(world):
    entry = record(
        "test.viewed",
        kind="view",
        actor=world.admin_a.user,
        subject=world.employee_a.user,
        organisation=world.org_a,
    )
    table = AuditEntry._meta.db_table
    for sql in (
        f"UPDATE {table} SET action = 'x' WHERE id = %s",  # noqa: S608 - table from _meta
        f"DELETE FROM {table} WHERE id = %s",  # noqa: S608 - table from _meta
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.viewed"


@pytest.mark.django_db
def test_orm_refuses_changes(world):
    entry = record("test.viewed", kind="view", actor=world.admin_a.user)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
