"""People who leave: a personal place in a space (an invitation, an editor role) does not
outlive the employment. Everything here goes over HTTP, as the person who left would try it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, NetworkFactory
from tests.knowledge.factories import make_page, make_question, make_space
from tests.signin import sign_in
from zorgwijs.accounts.models import AccessToken
from zorgwijs.knowledge.models import PageRevision, SpaceMembership, SpaceRole
from zorgwijs.notifications.models import Notification
from zorgwijs.organisations.models import Membership, NetworkMembership, Visibility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]

API = "/api/v1/knowledge/spaces"


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _invite_as_editor(editor_client, person_client, space, user) -> None:
    """The space's editor invites ``user`` as editor; they accept on the space page."""
    members = reverse("knowledge:members", kwargs={"space_slug": space.slug})
    response = editor_client.post(
        members, {"action": "invite", "email": user.email, "role": SpaceRole.EDITOR}
    )
    assert response.status_code == 302
    join = reverse("knowledge:space_join", kwargs={"space_slug": space.slug})
    assert person_client.post(join).status_code == 302
    assert SpaceMembership.objects.get(space=space, user=user).status == "active"


def _end_employment(world, membership, on: datetime.date) -> None:
    """Organisation A's administrator ends the employment (the "uit dienst" form)."""
    url = reverse(
        "organisations:admin_member_end",
        kwargs={"org_slug": world.org_a.slug, "membership_id": membership.pk},
    )
    response = sign_in(Client(), world.admin_a.user, mfa=True).post(
        url, {"einde-end_date": on.isoformat()}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def _space_urls(space, page, question) -> dict[str, str]:
    slug = {"space_slug": space.slug}
    on_page = {**slug, "page_id": page.pk}
    return {
        "space": reverse("knowledge:space", kwargs=slug),
        "page": reverse("knowledge:page", kwargs=on_page),
        "page_edit": reverse("knowledge:page_edit", kwargs=on_page),
        "page_history": reverse("knowledge:page_history", kwargs=on_page),
        "questions": reverse("knowledge:questions", kwargs=slug),
        "question": reverse("knowledge:question", kwargs={**slug, "question_id": question.pk}),
        "members": reverse("knowledge:members", kwargs=slug),
        "settings": reverse("knowledge:space_settings", kwargs=slug),
        "suggestions": reverse("knowledge:suggestions", kwargs=slug),
        "page_new": reverse("knowledge:page_new", kwargs=slug),
    }


def _edit(client, page, body: str):
    page.refresh_from_db()
    url = reverse("knowledge:page_edit", kwargs={"space_slug": page.space.slug, "page_id": page.pk})
    return client.post(
        url, {"title": page.title, "body": body, "base_revision": page.current_revision_id}
    )


def _api_revise(client, page, body: str, **headers):
    page.refresh_from_db()
    return client.post(
        f"{API}/{page.space.slug}/pages/{page.pk}/revisions",
        data=json.dumps(
            {"title": page.title, "body": body, "base_revision_id": page.current_revision_id}
        ),
        content_type="application/json",
        **headers,
    )


def _bearer(user) -> dict[str, str]:
    secret = AccessToken.new_secret()
    AccessToken.objects.create(
        user=user, name="Koppeling", token_hash=AccessToken.hash_secret(secret), hint=secret[:8]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def scene(world, space, page, editor_client):
    """Organisation A's private space with a page and a question; employee A is invited as
    its editor, accepts, follows it, and holds an API token."""
    with scopes_disabled():
        question = make_question(space, world.admin_a.user, title="Interne vraag Volumat")
    leaver = world.employee_a.user
    client = sign_in(Client(), leaver)
    _invite_as_editor(editor_client, client, space, leaver)
    follow = client.post(
        reverse("notifications:follow"), {"target": "space", "id": space.pk, "follow": "1"}
    )
    assert follow.status_code == 302
    return {
        "client": client,
        "token": _bearer(leaver),
        "urls": _space_urls(space, page, question),
        "question": question,
    }


def test_the_invited_editor_works_in_the_space_while_employed(scene, page):
    client = scene["client"]
    for name, url in scene["urls"].items():
        assert client.get(url).status_code == 200, name
    assert _edit(client, page, "Nog in dienst").status_code == 302
    assert client.get(f"{API}/{page.space.slug}", **scene["token"]).status_code == 200


def test_a_leaver_is_refused_everything_of_the_private_space(
    scene, world, space, page, editor_client, django_capture_on_commit_callbacks
):
    _end_employment(world, world.employee_a, _day(-1))
    client, token = scene["client"], scene["token"]
    revisions = PageRevision.objects.filter(page=page).count()

    for name, url in scene["urls"].items():
        assert client.get(url).status_code == 404, name
    assert _edit(client, page, "Na vertrek").status_code == 404
    assert client.post(scene["urls"]["settings"], {"name": "Overgenomen"}).status_code == 404
    members = client.post(
        scene["urls"]["members"], {"action": "invite", "email": "x@example.org", "role": "editor"}
    )
    assert members.status_code == 404

    assert space.name not in client.get(reverse("knowledge:index")).content.decode()
    for api_client, headers in ((client, {}), (Client(), token)):
        assert api_client.get(API, **headers).json() == []
        assert api_client.get(f"{API}/{space.slug}", **headers).status_code == 404
        page_url = f"{API}/{space.slug}/pages/{page.pk}"
        assert api_client.get(page_url, **headers).status_code == 404
        questions = f"{API}/{space.slug}/questions/{scene['question'].pk}"
        assert api_client.get(questions, **headers).status_code == 404
        assert _api_revise(api_client, page, "Via de API", **headers).status_code == 404
    assert PageRevision.objects.filter(page=page).count() == revisions

    # The space they followed goes on without them: no notification, no e-mail.
    colleague = sign_in(Client(), world.colleague_a.user)
    follow = {"target": "space", "id": space.pk, "follow": "1"}
    assert colleague.post(reverse("notifications:follow"), follow).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(editor_client, page, "Nieuwe werkwijze na het vertrek").status_code == 302
    assert Notification.objects.filter(recipient=world.colleague_a.user).exists()
    assert not Notification.objects.filter(recipient=world.employee_a.user).exists()
    assert not [m for m in mail.outbox if world.employee_a.user.email in m.to]


def test_a_leaver_who_works_elsewhere_loses_the_places_of_the_organisation_they_left(
    scene, world, space, page
):
    with scopes_disabled():
        MembershipFactory(organisation=world.org_b, user=world.employee_a.user)
    _end_employment(world, world.employee_a, _day(-1))
    client = scene["client"]
    for name, url in scene["urls"].items():
        assert client.get(url).status_code == 404, name
    assert _api_revise(client, page, "Vanuit B", **scene["token"]).status_code == 404


def test_an_invitation_from_another_organisation_still_opens_the_space(
    world, space, page, editor_client, outsider_client
):
    """A deliberate invitation of someone employed elsewhere keeps working."""
    _invite_as_editor(editor_client, outsider_client, space, world.outsider_b.user)
    assert _edit(outsider_client, page, "Vanuit Noorderzorg").status_code == 302
    assert outsider_client.get(f"{API}/{space.slug}/pages/{page.pk}").status_code == 200


def test_a_leaver_whose_last_day_is_ahead_keeps_working_until_then(scene, world, page):
    _end_employment(world, world.employee_a, _day(0))  # today is still a working day
    client = scene["client"]
    assert client.get(scene["urls"]["settings"]).status_code == 200
    assert _edit(client, page, "Laatste werkdag").status_code == 302


def test_an_invitation_before_the_first_working_day_opens_nothing(
    world, space, page, editor_client
):
    with scopes_disabled():
        starter = MembershipFactory(organisation=world.org_a, start_date=_day(3))
    client = sign_in(Client(), starter.user)
    members = reverse("knowledge:members", kwargs={"space_slug": space.slug})
    editor_client.post(
        members, {"action": "invite", "email": starter.user.email, "role": SpaceRole.EDITOR}
    )
    urls = _space_urls(space, page, make_question(space, world.admin_a.user))
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
    join = reverse("knowledge:space_join", kwargs={"space_slug": space.slug})
    assert client.post(join).status_code == 404
    assert _edit(client, page, "Voor de eerste werkdag").status_code == 404
    with scopes_disabled():
        Membership.objects.filter(pk=starter.pk).update(start_date=_day(0))
    assert client.get(urls["space"]).status_code == 200  # from the first day on


def test_a_leaver_loses_the_network_space_they_edited(world, editor_client):
    with scopes_disabled():
        network = NetworkFactory(name="CMT-netwerk", slug="cmt")
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        space = make_space(world.org_a, slug="cmt", visibility=Visibility.NETWORK, network=network)
        page = make_page(space, world.admin_a.user)
    client = sign_in(Client(), world.employee_a.user)
    _invite_as_editor(editor_client, client, space, world.employee_a.user)
    _end_employment(world, world.employee_a, _day(-1))
    urls = _space_urls(space, page, make_question(space, world.admin_a.user))
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
    assert _edit(client, page, "Na vertrek").status_code == 404


def test_a_leaver_reads_a_public_space_but_no_longer_edits_it(world, editor_client):
    with scopes_disabled():
        space = make_space(world.org_a, slug="openbaar", visibility=Visibility.PUBLIC)
        page = make_page(space, world.admin_a.user)
    client = sign_in(Client(), world.employee_a.user)
    _invite_as_editor(editor_client, client, space, world.employee_a.user)
    _end_employment(world, world.employee_a, _day(-1))
    revisions = PageRevision.objects.filter(page=page).count()
    urls = _space_urls(space, page, make_question(space, world.admin_a.user))
    assert client.get(urls["page"]).status_code == 200  # public, as for anyone
    for name in ("page_edit", "members", "settings", "page_new"):
        assert client.get(urls[name]).status_code == 403, name
    assert _edit(client, page, "Na vertrek").status_code == 403
    assert _api_revise(client, page, "Na vertrek").status_code == 403
    assert PageRevision.objects.filter(page=page).count() == revisions


def test_a_leaver_no_longer_sees_the_private_space_in_their_notifications_and_follows(
    scene, world, page, editor_client, django_capture_on_commit_callbacks
):
    """Notifications and follows from before the last working day show the current title of
    their object: after leaving, those of the private space are gone from every list."""
    client, token = scene["client"], scene["token"]
    with django_capture_on_commit_callbacks(execute=True):
        renamed = "Werkinstructie na reorganisatie"
        page.refresh_from_db()
        editor_client.post(
            reverse(
                "knowledge:page_edit", kwargs={"space_slug": page.space.slug, "page_id": page.pk}
            ),
            {"title": renamed, "body": "Nieuw", "base_revision": page.current_revision_id},
        )
    assert renamed in client.get(reverse("notifications:list")).content.decode()
    assert client.get("/api/v1/notifications", **token).json()["items"]

    _end_employment(world, world.employee_a, _day(-1))
    assert renamed not in client.get(reverse("notifications:list")).content.decode()
    for api_client, headers in ((client, {}), (Client(), token)):
        assert api_client.get("/api/v1/notifications", **headers).json()["items"] == []
        assert api_client.get("/api/v1/notifications/follows", **headers).json() == []
