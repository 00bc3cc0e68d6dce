"""The pages: my notifications, mark read, the follow button, preferences, the API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_question
from zorgwijs.notifications.models import Follow, Notification, NotificationPreference
from zorgwijs.notifications.services import follow_set, notify

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def eva_notes(world, page):
    eva = world.employee_a.user
    follow_set(user=eva, target=page, following=True)
    for minutes, actor in ((0, world.admin_a.user), (1, world.colleague_a.user)):
        notify(
            kind="page.revised",
            target=page,
            actor=actor,
            at=AT + datetime.timedelta(minutes=minutes),
        )
    return list(Notification.objects.filter(recipient=eva).order_by("pk"))


def test_list_shows_unread_first_and_the_header_counts_them(world, eva_notes, client_of):
    first, second = eva_notes
    Notification.objects.filter(pk=second.pk).update(read_at=AT)
    client = client_of(world.employee_a.user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.index("Anna Beheer heeft de pagina") < html.index("Carl Chirurg heeft de pagina")
    assert "Je hebt 1 ongelezen melding." in html
    assert 'zw-notify-count">1<' in html


def test_list_queries_do_not_grow_with_the_number_of_notifications(
    world, page, eva_notes, client_of
):
    client = client_of(world.employee_a.user)
    client.get(reverse("notifications:list"))  # the session's first request does more
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:list"))
    for n in range(20):
        notify(kind="page.validated", target=page, actor=world.admin_a.user, at=AT)
        notify(kind="page.revised", target=page, actor=None, at=AT - datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:list"))
    assert len(many) == len(few)
    assert len(many) <= 20


def test_mark_one_and_mark_all_read(world, eva_notes, client_of):
    first, second = eva_notes
    client = client_of(world.employee_a.user)
    mine = Notification.objects.filter(recipient=world.employee_a.user, read_at__isnull=True)
    client.post(reverse("notifications:mark_read"), {"id": first.pk})
    assert mine.get() == second
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert not mine.exists()


def test_someone_else_cannot_mark_my_notifications(world, eva_notes, client_of):
    client = client_of(world.outsider_b.user)
    client.post(reverse("notifications:mark_read"), {"id": [n.pk for n in eva_notes]})
    mine = Notification.objects.filter(recipient=world.employee_a.user, read_at__isnull=True)
    assert mine.count() == 2


def test_follow_button_without_javascript_and_with_htmx(world, space, client_of):
    client = client_of(world.employee_a.user)
    url = reverse("knowledge:space", kwargs={"space_slug": space.slug})
    assert "Volgen</button>" in client.get(url).content.decode()
    data = {"target": "space", "id": space.pk, "follow": "1", "next": url}
    response = client.post(reverse("notifications:follow"), data)
    assert response.status_code == 302 and response["Location"] == url
    assert Follow.objects.get(user=world.employee_a.user, space=space).following
    assert "Je volgt dit" in client.get(url).content.decode()
    response = client.post(
        reverse("notifications:follow"), {**data, "follow": "0"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Volgen</button>" in response.content.decode()
    assert not Follow.objects.get(user=world.employee_a.user, space=space).following


def test_following_what_one_may_not_read_is_a_404(world, space, client_of):
    client = client_of(world.outsider_b.user)
    for target, pk in (("space", space.pk), ("space", 999999), ("nonsense", space.pk)):
        response = client.post(
            reverse("notifications:follow"), {"target": target, "id": pk, "follow": "1"}
        )
        assert response.status_code == 404
    assert not Follow.objects.exists()


def test_follow_button_on_page_question_and_incident(world, space, page, client_of):
    client = client_of(world.employee_a.user)
    with scopes_disabled():
        question = make_question(space, world.colleague_a.user)
    for url, kind, pk in (
        (
            reverse("knowledge:page", kwargs={"space_slug": space.slug, "page_id": page.pk}),
            "page",
            page.pk,
        ),
        (
            reverse(
                "knowledge:question", kwargs={"space_slug": space.slug, "question_id": question.pk}
            ),
            "question",
            question.pk,
        ),
    ):
        html = client.get(url).content.decode()
        assert f'name="target" value="{kind}"' in html and f'name="id" value="{pk}"' in html


def test_preferences_are_saved_and_list_what_i_follow(world, space, client_of):
    eva = world.employee_a.user
    follow_set(user=eva, target=space, following=True)
    client = client_of(eva)
    url = reverse("notifications:preferences")
    assert space.name in client.get(url).content.decode()
    data = {
        "pages": "immediate",
        "questions": "weekly",
        "suggestions": "none",
        "incidents": "daily",
        "competences": "weekly",
        "contributions": "daily",
    }
    assert client.post(url, data).status_code == 302
    assert (
        dict(NotificationPreference.objects.filter(user=eva).values_list("category", "delivery"))
        == data
    )
    response = client.post(url, {**data, "pages": "hourly"})
    assert response.status_code == 400
    assert NotificationPreference.objects.get(user=eva, category="pages").delivery == "immediate"


def test_api_lists_marks_read_and_follows(world, space, eva_notes, client_of):
    client = client_of(world.employee_a.user)
    answer = client.get("/api/v1/notifications").json()
    assert answer["unread"] == 2
    assert answer["items"][0]["text"].startswith("Carl Chirurg heeft de pagina")
    marked = client.post(
        "/api/v1/notifications/read",
        json.dumps({"ids": [eva_notes[0].pk]}),
        content_type="application/json",
    )
    assert marked.json() == {"marked": 1}
    body = json.dumps({"target": "space", "id": space.pk})
    followed = client.post("/api/v1/notifications/follows", body, content_type="application/json")
    assert followed.status_code == 200 and followed.json()["following"] is True
    kinds = {f["target"] for f in client.get("/api/v1/notifications/follows").json()}
    assert kinds == {"space", "page"}
    removed = client.post(
        "/api/v1/notifications/follows/remove", body, content_type="application/json"
    )
    assert removed.json()["following"] is False


def test_api_follow_of_an_unreadable_object_is_404(world, space, client_of):
    client = client_of(world.outsider_b.user)
    body = json.dumps({"target": "space", "id": space.pk})
    response = client.post("/api/v1/notifications/follows", body, content_type="application/json")
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_start_page_shows_what_changed_in_what_i_follow(world, eva_notes, client_of):
    html = client_of(world.employee_a.user).get(reverse("core:home")).content.decode()
    assert "Wat er veranderd is in wat je volgt" in html
    assert "Carl Chirurg heeft de pagina" in html
    quiet = client_of(world.outsider_b.user).get(reverse("core:home")).content.decode()
    assert "Wat er veranderd is in wat je volgt" not in quiet


def test_the_text_is_rendered_in_the_readers_language(world, eva_notes, client_of):
    eva = world.employee_a.user
    eva.language = "en"
    eva.save(update_fields=["language"])
    html = client_of(eva).get(reverse("notifications:list")).content.decode()
    assert "Anna Beheer edited the page „Pomp voorbereiden”" in html
    assert "Mark all as read" in html
