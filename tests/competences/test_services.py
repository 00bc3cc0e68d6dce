import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_scopes import scope

from tests.competences.factories import DeviceFactory
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceRecord, PassportLine
from zorgwijs.competences.services import (
    competence_reinstate,
    competence_revoke,
    competence_suspend,
    exemption_grant,
    qualification_register,
    record_void,
)
from zorgwijs.competences.status import line_status

TODAY = datetime.date(2026, 6, 15)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0), tick=False):
        yield


@pytest.fixture
def pump(world):
    return DeviceFactory(organisation=world.org_a, name="Infuuspomp Volumat")


def _status(world, membership, item):
    with scope(organisation=world.org_a.pk):
        return line_status(PassportLine.objects.get(membership=membership, item=item), TODAY)


def _register(world, pump, **kw):
    args = dict(
        actor=world.admin_a.user,
        membership=world.employee_a,
        item=pump,
        occurred_on=TODAY,
        evidence_kind="practical",
    )
    args.update(kw)
    with scope(organisation=world.org_a.pk):
        return qualification_register(**args)


def test_register_derives_validity_and_audits(world, pump):
    record = _register(world, pump)
    assert record.valid_until == datetime.date(2027, 6, 15)
    assert _status(world, world.employee_a, pump) == "valid"
    assert AuditEntry.objects.filter(
        action="competences.record.qualified", subject_user_id=world.employee_a.user_id
    ).exists()


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"occurred_on": TODAY + datetime.timedelta(days=1)}, "occurred_on"),
        ({"occurred_on": TODAY - datetime.timedelta(days=60)}, "backdate_reason"),
        ({"valid_until": datetime.date(2030, 1, 1)}, "valid_until_reason"),
        ({"evidence_kind": "certificate"}, "evidence_kind"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, pump, kw, field):
    with pytest.raises(ValidationError) as error:
        _register(world, pump, **kw)
    assert field in error.value.message_dict
    with scope(organisation=world.org_a.pk):
        assert not CompetenceRecord.objects.exists()
        assert not PassportLine.objects.exists()


def test_backdating_with_reason_and_late_recertification_counts_from_real_date(world, pump):
    _register(
        world,
        pump,
        occurred_on=datetime.date(2025, 1, 10),
        backdate_reason="Papieren aftekenlijst nagekomen",
    )
    assert _status(world, world.employee_a, pump) == "expired"
    _register(world, pump, occurred_on=datetime.date(2026, 6, 1))
    with scope(organisation=world.org_a.pk):
        line = PassportLine.objects.get(membership=world.employee_a, item=pump)
    assert line.valid_until == datetime.date(2027, 6, 1)
    assert line.first_qualified_on == datetime.date(2025, 1, 10)


def test_suspend_reinstate_revoke_exempt(world, pump):
    _register(world, pump)
    actor = world.admin_a.user
    with scope(organisation=world.org_a.pk):
        competence_suspend(actor=actor, membership=world.employee_a, item=pump, reason="Incident")
        assert _status(world, world.employee_a, pump) == "suspended"
        competence_reinstate(
            actor=actor, membership=world.employee_a, item=pump, reason="Herscholing gevolgd"
        )
        assert _status(world, world.employee_a, pump) == "valid"
        competence_revoke(actor=actor, membership=world.employee_a, item=pump, reason="Onjuist")
        assert _status(world, world.employee_a, pump) == "expired"
        exemption_grant(
            actor=actor,
            membership=world.employee_a,
            item=pump,
            reason="Zwangerschapsverlof",
            ends_on=datetime.date(2026, 12, 31),
        )
        assert _status(world, world.employee_a, pump) == "exempt"
        with pytest.raises(ValidationError):
            competence_suspend(actor=actor, membership=world.employee_a, item=pump, reason=" ")


def test_correction_voids_without_deleting(world, pump):
    record = _register(world, pump)
    with scope(organisation=world.org_a.pk):
        record_void(
            actor=world.admin_a.user,
            membership=world.employee_a,
            record=record,
            reason="Verkeerde medewerker",
        )
        assert CompetenceRecord.objects.count() == 2
        with pytest.raises(ValidationError):
            record_void(
                actor=world.admin_a.user,
                membership=world.employee_a,
                record=record,
                reason="Nog eens",
            )
    assert _status(world, world.employee_a, pump) == "missing"


def test_records_cannot_be_changed_or_deleted(world, pump):
    record = _register(world, pump)
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
