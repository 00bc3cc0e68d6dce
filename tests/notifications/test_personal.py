"""Notifications addressed to people: a sign-off request reaches the assessors who may decide
it, the decision and a withdrawal reach the employee, a profile change reaches those who got
new requirements — each in the app and by e-mail, exactly once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory, authorised_assessor, required_device
from tests.factories import MembershipFactory, UserFactory, give_role
from tests.signin import sign_in
from zorgwijs.competences.models import RequirementProfile, SignOffRequest
from zorgwijs.competences.services.catalogue import profile_preview, profile_save
from zorgwijs.competences.sign_off import sign_off_decide, sign_off_request, sign_off_withdraw
from zorgwijs.notifications.events import deliver_personal
from zorgwijs.notifications.models import Delivery, Notification
from zorgwijs.notifications.models import NotificationPreference as Preference
from zorgwijs.organisations.access import org_access_for
from zorgwijs.organisations.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


@pytest.fixture
def pump(world):
    return required_device(world, "Infuuspomp Alaris", [world.cathlab], profile="Cathlab")


@pytest.fixture
def assessors(world, pump):
    """Carl may assess the pump (named for it); Nora has the role but may not assess it."""
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        nora = MembershipFactory(organisation=world.org_a, user=UserFactory(full_name="Nora N"))
        give_role(nora, Role.ASSESSOR)
    authorised_assessor(world.colleague_a, pump)
    return world.colleague_a, nora


def _request(world, pump, capture):
    with capture(execute=True), scope(organisation=world.org_a.pk):
        return sign_off_request(
            actor=world.employee_a.user,
            membership=world.employee_a,
            item=pump,
            performed_on=timezone.localdate(),
        )


def _of(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_request_reaches_the_assessors_who_may_assess_it_once(
    world, pump, assessors, django_capture_on_commit_callbacks
):
    carl, nora = assessors
    sign_off = _request(world, pump, django_capture_on_commit_callbacks)
    [note] = _of(carl.user)
    assert note.kind == "sign_off.requested" and note.sign_off == sign_off
    assert note.actor == world.employee_a.user
    [message] = _mails_to(carl.user)
    assert "Infuuspomp Alaris" in message.body
    detail = reverse(
        "competences:sign_off_detail",
        kwargs={"org_slug": "rivierenland", "sign_off_id": sign_off.pk},
    )
    assert detail in message.body
    assert _of(nora.user) == [] and _mails_to(nora.user) == []
    assert _of(world.employee_a.user) == []
    # The task run again (a retry after a crash) notifies nobody twice.
    deliver_personal.call(
        kind="sign_off.requested",
        target="sign_off",
        target_id=sign_off.pk,
        actor_id=world.employee_a.user.pk,
        recipient_ids=[carl.user.pk],
        at=note.last_event_at.isoformat(),
    )
    assert len(_of(carl.user)) == 1 and len(_mails_to(carl.user)) == 1


def test_the_assessor_sees_it_in_the_app_with_a_link_to_decide(
    client, world, pump, assessors, django_capture_on_commit_callbacks
):
    carl, _nora = assessors
    sign_off = _request(world, pump, django_capture_on_commit_callbacks)
    sign_in(client, carl.user)
    body = client.get(reverse("notifications:list")).content.decode()
    assert "Eva Medewerker vraagt je om „Infuuspomp Alaris” af te tekenen" in body
    assert f"/aftekenen/{sign_off.pk}/" in body


@pytest.mark.parametrize("approve", [True, False])
def test_decision_reaches_the_employee_once_and_closes_the_request(
    world, pump, assessors, django_capture_on_commit_callbacks, approve
):
    carl, _nora = assessors
    sign_off = _request(world, pump, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    access = org_access_for(carl.user, "rivierenland")
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=world.org_a.pk):
        sign_off_decide(
            access=access,
            sign_off=sign_off,
            approve=approve,
            comment="" if approve else "Nog een keer oefenen met de lijn",
        )
    kind = "sign_off.approved" if approve else "sign_off.rejected"
    [note] = _of(world.employee_a.user)
    assert note.kind == kind and note.actor == carl.user
    assert len(_mails_to(world.employee_a.user)) == 1
    assert _mails_to(carl.user) == []
    # Carl's request to decide is done with.
    [request_note] = _of(carl.user, "sign_off.requested")
    assert request_note.read_at is not None


def test_withdrawal_by_a_coordinator_tells_the_employee_and_by_herself_nobody(
    world, pump, assessors, coordinator, django_capture_on_commit_callbacks
):
    sign_off = _request(world, pump, django_capture_on_commit_callbacks)
    access = org_access_for(coordinator.user, "rivierenland")
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=world.org_a.pk):
        sign_off_withdraw(access=access, sign_off=sign_off, reason="Verkeerde pomp gekozen")
    [note] = _of(world.employee_a.user)
    assert note.kind == "sign_off.withdrawn"
    with scopes_disabled():
        assert SignOffRequest.objects.get(pk=sign_off.pk).state == "withdrawn"
    again = _request(world, pump, django_capture_on_commit_callbacks)
    own = org_access_for(world.employee_a.user, "rivierenland")
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=world.org_a.pk):
        sign_off_withdraw(access=own, sign_off=again)
    assert len(_of(world.employee_a.user)) == 1  # still only the coordinator's
    carl, _nora = assessors
    assert all(n.read_at for n in _of(carl.user, "sign_off.requested"))


def test_someone_who_prefers_a_digest_gets_no_immediate_mail(
    world, pump, assessors, django_capture_on_commit_callbacks
):
    carl, _nora = assessors
    Preference.objects.create(user=carl.user, category="competences", delivery=Delivery.DAILY)
    _request(world, pump, django_capture_on_commit_callbacks)
    assert len(_of(carl.user)) == 1 and _mails_to(carl.user) == []


def test_profile_change_tells_those_with_new_requirements_and_says_so_first(
    world, pump, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        monitor = DeviceFactory(organisation=world.org_a, name="Bewakingsmonitor")
        profile = RequirementProfile.objects.get(organisation=world.org_a, name="Cathlab")
        values = {
            "organisation": world.org_a,
            "profile": profile,
            "functions": [],
            "departments": [world.cathlab],
            "items": {pump.pk: "required", monitor.pk: "required"},
        }
    with scope(organisation=world.org_a.pk):
        effect = profile_preview(**values)
    assert effect.people_added == 1 and effect.items_added == 1
    with scopes_disabled():
        assert profile.profile_items.count() == 1  # the preview saved nothing
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=world.org_a.pk):
        profile_save(actor=world.admin_a.user, **values)
    [note] = _of(world.employee_a.user)
    assert note.kind == "profile.requirements_added" and note.profile == profile
    assert len(_mails_to(world.employee_a.user)) == 1
    assert _of(world.colleague_a.user) == []  # surgery: not in the profile
    # Saving again adds nothing, so nobody is told again.
    with django_capture_on_commit_callbacks(execute=True), scope(organisation=world.org_a.pk):
        profile_save(actor=world.admin_a.user, **values)
    assert len(_of(world.employee_a.user)) == 1


def test_someone_who_left_no_longer_reads_them(
    client, world, pump, assessors, django_capture_on_commit_callbacks
):
    carl, _nora = assessors
    _request(world, pump, django_capture_on_commit_callbacks)
    with scopes_disabled():
        carl.end_date = timezone.localdate() - datetime.timedelta(days=1)
        carl.save()
    sign_in(client, carl.user)
    assert "Infuuspomp Alaris" not in client.get(reverse("notifications:list")).content.decode()
