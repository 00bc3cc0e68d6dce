"""Following: who gets a notification for what, checked at the moment it is sent."""

from __future__ import annotations

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_answer, make_page, make_question, make_space
from zorgwijs.knowledge.services.pages import page_revise
from zorgwijs.notifications.models import Delivery, Follow, Notification
from zorgwijs.notifications.models import NotificationPreference as Preference
from zorgwijs.notifications.services import follow_set
from zorgwijs.organisations.models import Membership, Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def _revise(page, actor, body=None):
    page.refresh_from_db()
    body = body or f"{page.current_revision.body}\nNog een regel."
    return page_revise(
        actor=actor,
        page=page,
        title=page.title,
        body=body,
        base_revision_id=page.current_revision_id,
    )


def _notes(user):
    return list(Notification.objects.filter(recipient=user))


def test_following_a_space_covers_its_pages_and_questions(
    world, space, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    follow_set(user=eva, target=space, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
        with scopes_disabled():
            make_question(space, world.colleague_a.user)
    kinds = sorted(n.kind for n in _notes(eva))
    assert kinds == ["page.revised", "question.asked"]
    [revised] = [n for n in _notes(eva) if n.kind == "page.revised"]
    assert revised.page == page and revised.actor == world.admin_a.user


def test_the_actor_is_never_notified_and_authors_follow_automatically(
    world, space, django_capture_on_commit_callbacks
):
    admin, eva = world.admin_a.user, world.employee_a.user
    with django_capture_on_commit_callbacks(execute=True):
        with scopes_disabled():
            page = make_page(space, admin)  # admin follows the page she made
        _revise(page, admin)
    assert _notes(admin) == []
    assert Follow.objects.filter(user=admin, page=page, following=True, automatic=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, eva)  # eva's edit: admin hears of it, eva does not
    assert [n.kind for n in _notes(admin)] == ["page.revised"]
    assert _notes(eva) == []


def test_asker_hears_of_answers(world, space, django_capture_on_commit_callbacks):
    eva = world.employee_a.user
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        question = make_question(space, eva)
        make_answer(question, world.admin_a.user)
    [note] = _notes(eva)
    assert (note.kind, note.question) == ("question.answered", question)


def test_unfollowing_a_page_silences_it_within_a_followed_space(
    world, space, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    follow_set(user=eva, target=space, following=True)
    follow_set(user=eva, target=page, following=False)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    assert _notes(eva) == []


def test_an_explicit_unfollow_survives_automatic_following(
    world, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    follow_set(user=eva, target=page, following=False)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, eva)  # editing would make her follow, but she said no
    assert not Follow.objects.get(user=eva, page=page).following


def test_a_follower_who_lost_access_gets_nothing(
    world, space, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    follow_set(user=eva, target=space, following=True)
    with scopes_disabled():
        Membership.objects.filter(pk=world.employee_a.pk).update(end_date="2000-01-01")
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    assert _notes(eva) == []


def test_another_organisation_never_hears_of_a_private_space(
    world, space, page, django_capture_on_commit_callbacks
):
    olaf = world.outsider_b.user
    with scopes_disabled():
        shared = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
    follow_set(user=olaf, target=shared, following=True)
    # A follow row pointing at the private space (it cannot be made through the pages or the
    # API, which answer 404) still gives him nothing: access is checked when sending.
    Follow.objects.create(user=olaf, space=space)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    assert _notes(olaf) == []


def test_immediate_mail_in_the_recipients_language(
    world, space, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    eva.language = "en"
    eva.save(update_fields=["language"])
    Preference.objects.create(user=eva, category="pages", delivery=Delivery.IMMEDIATE)
    follow_set(user=eva, target=space, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    [message] = mail.outbox
    assert message.to == [eva.email]
    assert message.subject == f"Anna Beheer edited the page „{page.title}”"
    assert f"/kennis/{space.slug}/pagina/{page.pk}/" in message.body


def test_no_email_preference_still_shows_in_the_app(
    world, space, page, django_capture_on_commit_callbacks
):
    eva = world.employee_a.user
    Preference.objects.create(user=eva, category="pages", delivery=Delivery.NONE)
    follow_set(user=eva, target=space, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    assert mail.outbox == []
    assert [n.delivery for n in _notes(eva)] == [Delivery.NONE]


def test_a_space_that_became_private_stops_notifying_other_organisations(
    world, django_capture_on_commit_callbacks
):
    olaf = world.outsider_b.user
    with scopes_disabled():
        shared = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
        page = make_page(shared, world.admin_a.user)
    follow_set(user=olaf, target=shared, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.admin_a.user)
    assert len(_notes(olaf)) == 1
    type(shared).objects.filter(pk=shared.pk).update(visibility=Visibility.ORGANISATION)
    with django_capture_on_commit_callbacks(execute=True):
        _revise(page, world.colleague_a.user)
    assert len(_notes(olaf)) == 1


def test_suggestions_reach_the_page_followers_and_the_suggester_hears_the_decision(
    world, page, django_capture_on_commit_callbacks
):
    from zorgwijs.knowledge.services.suggestions import suggestion_create, suggestion_reject

    eva, admin = world.employee_a.user, world.admin_a.user
    follow_set(user=admin, target=page, following=True)
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = suggestion_create(
            actor=eva,
            page=page,
            title=page.title,
            body="Stap 1: eerst handen wassen.",
            base_revision_id=page.current_revision_id,
        )
    assert [n.kind for n in _notes(admin)] == ["suggestion.created"]
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_reject(actor=admin, suggestion=suggestion)
    assert [n.kind for n in _notes(eva)] == ["suggestion.rejected"]


def test_events_nobody_follows_and_unknown_kinds_change_nothing(
    world, space, django_capture_on_commit_callbacks
):
    from zorgwijs.knowledge.services.spaces import membership_request

    space.open_to_requests = True
    space.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership_request(actor=world.outsider_b.user, space=space)
    assert not Notification.objects.exists()
    assert not Follow.objects.filter(user=world.outsider_b.user).exists()


def test_a_deleted_object_before_delivery_is_skipped(world, page):
    from zorgwijs.notifications.events import deliver_event

    at = "2026-03-02T09:00:00+00:00"
    assert (
        deliver_event.call(
            kind="page.revised", target="page", target_id=999999, actor_id=None, at=at
        )
        == 0
    )
