"""Visitors' reactions and golden tips: moderation, visibility, reports, rate limit, e-mail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from tests.factories import MembershipFactory, UserFactory, give_role
from tests.signin import sign_in
from tests.smtp import smtp_inbox
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Role, Visibility
from zorgwijs.organisations.visibility import viewer_for
from zorgwijs.projects import tasks
from zorgwijs.projects.models import ProjectReaction, ReactionStatus
from zorgwijs.projects.reactions import (
    POSTS_PER_HOUR,
    moderation_queue,
    reaction_moderate,
    reaction_post,
    reaction_report,
)
from zorgwijs.projects.services import project_create

pytestmark = pytest.mark.django_db

TIP = "Begin klein, met één afdeling die wil."
REACTION = "Wij deden iets vergelijkbaars in Zwolle."


def _project(world, visibility=Visibility.PUBLIC, organisation="a"):
    return project_create(
        actor=world.admin_a.user if organisation == "a" else None,
        organisation=world.org_a if organisation == "a" else None,
        data={
            "title": "Zelfroosteren op de IC",
            "summary": "Verpleegkundigen roosteren zelf.",
            "golden_tips": "Samen beginnen.",
            "visibility": visibility,
        },
    )


def _post(world, project, user=None, kind="reactie", text=REACTION):
    user = user or world.outsider_b.user
    return reaction_post(actor=user, viewer=viewer_for(user), project=project, kind=kind, text=text)


def _page(user, project) -> str:
    client = sign_in(Client(), user) if user else Client()
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_reaction_waits_until_an_owner_approves_it(world):
    project = _project(world)
    reaction = _post(world, project)
    assert reaction.status == ReactionStatus.PENDING
    author = world.outsider_b.user

    assert REACTION in _page(author, project)  # the author sees theirs, waiting
    assert "Wacht op goedkeuring" in _page(author, project)
    for other in (None, world.colleague_a.user, UserFactory()):
        html = _page(other, project)
        assert REACTION not in html
        assert "Reacties van bezoekers (0)" in html  # not counted either

    owner_page = _page(world.admin_a.user, project)
    assert "1 reactie wacht op je beoordeling" in owner_page
    queue = sign_in(Client(), world.admin_a.user).get("/projecten/reacties/")
    assert REACTION in queue.content.decode()

    reaction_moderate(actor=world.admin_a.user, reaction=reaction, decision="approve")
    html = _page(None, project)
    assert REACTION in html and "Reacties van bezoekers (1)" in html
    assert author.full_name not in html  # names only for signed-in visitors
    assert author.full_name in _page(world.colleague_a.user, project)


def test_golden_tips_of_visitors_stand_beside_the_projects_own_with_the_authors_name(world):
    project = _project(world)
    tip = _post(world, project, kind="tip", text=TIP)
    reaction_moderate(actor=world.admin_a.user, reaction=tip, decision="approve")
    html = _page(world.employee_a.user, project)
    assert "Samen beginnen." in html and "Gouden tips van bezoekers" in html
    assert TIP in html and world.outsider_b.user.full_name in html


def test_api_shows_approved_visitor_tips_with_names_for_signed_in_callers(world):
    project = _project(world)
    waiting = _post(world, project, user=UserFactory(), kind="tip", text="Nog niet zichtbaar.")
    tip = _post(world, project, kind="tip", text=TIP)
    reaction_moderate(actor=world.admin_a.user, reaction=tip, decision="approve")
    url = f"/api/v1/projects/{project.pk}"
    anonymous = Client().get(url).json()
    assert [t["text"] for t in anonymous["visitor_tips"]] == [TIP]
    assert anonymous["visitor_tips"][0]["author"] is None
    signed_in = sign_in(Client(), waiting.author).get(url).json()
    assert signed_in["visitor_tips"][0]["author"] == world.outsider_b.user.full_name
    assert "Nog niet zichtbaar." not in str(signed_in)


def test_owners_own_reactions_appear_at_once_and_text_is_escaped(world):
    project = _project(world)
    reaction = _post(world, project, user=world.employee_a.user, text="<script>x()</script> ok")
    assert reaction.status == ReactionStatus.APPROVED
    html = _page(None, project)
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt; ok" in html


def test_platform_setting_can_switch_premoderation_off(world, settings):
    settings.REACTIONS_PREMODERATED = False
    project = _project(world)
    assert _post(world, project).status == ReactionStatus.APPROVED


def test_reactions_on_a_private_project_stay_inside(world):
    project = _project(world, visibility=Visibility.ORGANISATION)
    reaction = _post(world, project, user=world.employee_a.user)
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(f"/projecten/reacties/{reaction.pk}/melden/").status_code == 404
    assert REACTION not in outsider.get("/projecten/reacties/").content.decode()
    response = outsider.post(
        f"/projecten/{project.pk}/reageren/", {"kind": "reactie", "text": "Binnenkomen?"}
    )
    assert response.status_code == 404
    assert not ProjectReaction.objects.filter(text="Binnenkomen?").exists()
    assert moderation_queue(viewer=viewer_for(world.outsider_b.user)).count() == 0


def test_hidden_and_rejected_reactions_are_not_shown_or_counted(world):
    project = _project(world)
    kept = _post(world, project, text="Blijft staan.")
    hidden = _post(world, project, user=world.colleague_a.user, text="Wordt verborgen.")
    rejected = _post(world, project, user=UserFactory(), text="Wordt afgewezen.")
    reaction_moderate(actor=world.admin_a.user, reaction=kept, decision="approve")
    reaction_moderate(
        actor=world.admin_a.user, reaction=hidden, decision="hide", reason="Persoonsgegevens."
    )
    with pytest.raises(ValidationError) as refused:
        reaction_moderate(actor=world.admin_a.user, reaction=rejected, decision="reject")
    assert "reason" in refused.value.error_dict
    reaction_moderate(
        actor=world.admin_a.user, reaction=rejected, decision="reject", reason="Reclame."
    )
    html = _page(world.outsider_b.user, project)
    assert "Blijft staan." in html and "Reacties van bezoekers (1)" in html
    assert "Wordt verborgen." not in html and "Wordt afgewezen." not in html
    own = _page(world.colleague_a.user, project)
    assert "Wordt verborgen." in own and "Persoonsgegevens." in own  # the author learns why
    assert ProjectReaction.objects.count() == 3  # nothing deleted
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"projects.reaction.hidden", "projects.reaction.rejected"} <= actions
    hidden_url = f"/projecten/reacties/{hidden.pk}/melden/"
    assert sign_in(Client(), world.outsider_b.user).get(hidden_url).status_code == 404


def test_anyone_signed_in_reports_and_the_report_reaches_the_queue(world):
    project = _project(world)
    reaction = _post(world, project, user=world.employee_a.user)  # owner: visible at once
    reporter = sign_in(Client(), world.outsider_b.user)
    url = f"/projecten/reacties/{reaction.pk}/melden/"
    assert reporter.get(url).status_code == 200
    empty = reporter.post(url, {"reason": ""})
    assert empty.status_code == 400 and 'id="id_reason-error"' in empty.content.decode()
    assert reporter.post(url, {"reason": "Dit is reclame."}).status_code == 302
    again = reporter.post(url, {"reason": "Nog steeds reclame."})
    assert "al gemeld" in again.content.decode()
    assert Client().post(url, {"reason": "Anoniem"}).status_code == 302  # to the login page
    assert reaction.reports.count() == 1
    with pytest.raises(ValidationError):
        reaction_report(actor=world.employee_a.user, reaction=reaction, reason="Eigen reactie")

    queue = sign_in(Client(), world.admin_a.user).get("/projecten/reacties/").content.decode()
    assert "Dit is reclame." in queue
    moderator = sign_in(Client(), world.admin_a.user)
    response = moderator.post(
        f"/projecten/reacties/{reaction.pk}/beoordelen/",
        {f"r{reaction.pk}-decision": "hide", f"r{reaction.pk}-reason": "Reclame."},
    )
    assert response.status_code == 302
    reaction.refresh_from_db()
    assert reaction.status == ReactionStatus.HIDDEN
    assert not reaction.reports.filter(resolved_at__isnull=True).exists()
    assert "Dit is reclame." not in moderator.get("/projecten/reacties/").content.decode()


def test_only_moderators_decide(world):
    project = _project(world)
    reaction = _post(world, project)
    other = sign_in(Client(), UserFactory())
    url = f"/projecten/reacties/{reaction.pk}/beoordelen/"
    data = {f"r{reaction.pk}-decision": "approve"}
    assert other.post(url, data).status_code == 404  # pending: not even visible to them
    reaction_moderate(actor=world.admin_a.user, reaction=reaction, decision="approve")
    assert other.post(url, data).status_code == 403  # visible now, but not theirs to decide


def test_imported_records_are_moderated_by_platform_admins(world, platform_admin):
    project = _project(world, organisation=None)
    reaction = _post(world, project)
    assert moderation_queue(viewer=viewer_for(world.admin_a.user)).count() == 0
    assert list(moderation_queue(viewer=viewer_for(platform_admin))) == [reaction]
    assert tasks.project_owners(project) == [platform_admin]


def test_posting_is_rate_limited_per_person(world):
    project = _project(world)
    for number in range(POSTS_PER_HOUR):
        _post(world, project, text=f"Reactie nummer {number}")
    client = sign_in(Client(), world.outsider_b.user)
    response = client.post(
        f"/projecten/{project.pk}/reageren/", {"kind": "reactie", "text": "Nog eentje"}
    )
    assert response.status_code == 400
    assert "afgelopen uur" in response.content.decode()
    assert 'id="id_text-error"' in response.content.decode()
    ProjectReaction.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    assert _post(world, project, text="Een uur later mag het weer.")


def test_bad_input_is_refused_at_the_field(world):
    project = _project(world)
    client = sign_in(Client(), world.outsider_b.user)
    url = f"/projecten/{project.pk}/reageren/"
    response = client.post(url, {"kind": "reactie", "text": "  "})
    assert response.status_code == 400 and 'id="id_text-error"' in response.content.decode()
    response = client.post(url, {"kind": "spam", "text": "Een goede reactie"})
    assert response.status_code == 400 and 'id="id_kind-error"' in response.content.decode()
    assert ProjectReaction.objects.count() == 0
    with pytest.raises(ValidationError):
        _post(world, project, text="x" * 2001)


@pytest.mark.django_db(transaction=True)
def test_owners_get_one_email_per_batch_over_smtp(world, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(tasks, "NOTIFY_DELAY", datetime.timedelta(0))
    project = _project(world)
    with scopes_disabled():
        editor = MembershipFactory(
            organisation=world.org_a, user=UserFactory(email="redacteur@example.org")
        )
        give_role(editor, Role.EDITOR)
    _post(world, project)
    _post(world, project, user=UserFactory(), kind="tip", text=TIP)
    _post(world, project, user=UserFactory(), text="Nog een reactie.")
    notify = "zorgwijs.projects.tasks.reactions_notify_owners"
    assert DBTaskResult.objects.filter(task_path=notify).count() == 1  # one per batch

    with smtp_inbox(settings) as inbox:
        for _ in range(2):  # the notification task, then the e-mails it queued
            call_command(
                "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
            )
        recipients = sorted(m["To"] for m in inbox.messages)
        assert recipients == sorted([world.admin_a.user.email, "redacteur@example.org"])
        body = inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
        assert "Zelfroosteren op de IC" in inbox.messages[0]["Subject"]
        assert "2 reacties" in body and "1 gouden tip" in body
        assert "/projecten/reacties/" in body
        assert REACTION not in body  # the text stays on the site

    assert not ProjectReaction.objects.filter(owners_notified_at__isnull=True).exists()
    _post(world, project, user=UserFactory(), text="Een volgende ronde.")
    assert DBTaskResult.objects.filter(task_path=notify).count() == 2  # a new batch


def test_nobody_is_notified_about_an_owners_own_reaction(world):
    project = _project(world)
    _post(world, project, user=world.employee_a.user)
    notify = "zorgwijs.projects.tasks.reactions_notify_owners"
    assert DBTaskResult.objects.filter(task_path=notify).count() == 0
    assert tasks.reactions_notify_owners.call(project_id=project.pk) == 0


def test_the_owners_email_is_in_their_language(world):
    from zorgwijs.core.email import email_render

    owner = world.admin_a.user
    owner.language = "en"
    context = {
        "project_id": 1,
        "project_title": "Zelfroosteren op de IC",
        "project_path": "/projecten/1/",
        "reactions": 2,
        "tips": 1,
        "waiting": 3,
    }
    message = email_render(to_user=owner, template="projects/reactions_new", context=context)
    assert message.subject == 'New reactions on your project "Zelfroosteren op de IC"'
    assert "2 reactions" in message.body and "1 golden tip" in message.body
    assert "3 of them await approval" in message.body


def test_a_decision_without_a_reason_is_refused_at_the_field(world):
    project = _project(world)
    reaction = _post(world, project)
    moderator = sign_in(Client(), world.admin_a.user)
    response = moderator.post(
        f"/projecten/reacties/{reaction.pk}/beoordelen/", {f"r{reaction.pk}-decision": "reject"}
    )
    assert response.status_code == 400
    assert f'id="id_r{reaction.pk}-reason-error"' in response.content.decode()
    reaction.refresh_from_db()
    assert reaction.status == ReactionStatus.PENDING
