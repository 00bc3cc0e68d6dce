import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import authorised_assessor, required_device
from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.competences.models import PassportLine
from zorgwijs.competences.services import qualification_register
from zorgwijs.competences.sign_off import sign_off_request
from zorgwijs.organisations.models import Role
from zorgwijs.organisations.signals import memberships_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp", [world.cathlab], profile="Cathlab")


def test_start_page_status_sentence_and_tasks(client, world, pump):
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
    authorised_assessor(world.colleague_a, pump)
    with scope(organisation=world.org_a.pk):
        sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )
    sign_in(client, world.employee_a.user)
    body = client.get(reverse("core:home")).content.decode()
    assert "Je bent bekwaam voor 0 van 1 vereisten." in body
    sign_in(client, world.colleague_a.user)
    assert "1 aanvraag om af te tekenen" in client.get(reverse("core:home")).content.decode()


def test_hr_move_updates_requirements_without_losing_history(world, pump):
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    with scopes_disabled():
        world.employee_a.primary_department = world.surgery
        world.employee_a.save()
    memberships_changed.send(
        sender=None, organisation=world.org_a, membership_ids=[world.employee_a.pk]
    )
    with scope(organisation=world.org_a.pk):
        line = PassportLine.objects.get(membership=world.employee_a, item=pump)
    assert line.level == "" and line.ever_qualified


def test_admin_moving_someone_updates_requirements_in_the_same_transaction(world, pump):
    from zorgwijs.organisations.services import membership_update

    with scope(organisation=world.org_a.pk):
        membership_update(
            actor=world.admin_a.user, membership=world.colleague_a, primary_department=world.cathlab
        )
        line = PassportLine.objects.get(membership=world.colleague_a, item=pump)
    assert line.level == "required"
