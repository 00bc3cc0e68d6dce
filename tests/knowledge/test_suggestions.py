"""Members suggest, editors review: comment, accept (a revision) or reject."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zorgwijs.knowledge.models import PageRevision, Suggestion, SuggestionStatus

pytestmark = pytest.mark.django_db


def _suggest(client, page, body="Stap 1: vullen en ontluchten."):
    return client.post(
        reverse("knowledge:page_edit", kwargs={"space_slug": page.space.slug, "page_id": page.pk}),
        {
            "title": page.title,
            "body": body,
            "base_revision": page.current_revision_id,
            "note": "Ontluchten ontbrak",
        },
    )


def _detail(suggestion):
    return reverse(
        "knowledge:suggestion",
        kwargs={"space_slug": suggestion.page.space.slug, "suggestion_id": suggestion.pk},
    )


def test_a_member_without_edit_rights_suggests_instead_of_saving(page, world, member_client):
    assert _suggest(member_client, page).status_code == 302
    assert PageRevision.objects.filter(page=page).count() == 1
    suggestion = Suggestion.objects.get()
    assert suggestion.author == world.employee_a.user
    assert suggestion.status == SuggestionStatus.OPEN
    assert suggestion.reason == "Ontluchten ontbrak"


def test_editor_sees_the_diff_comments_and_accepts(page, world, member_client, editor_client):
    _suggest(member_client, page)
    suggestion = Suggestion.objects.get()
    html = editor_client.get(_detail(suggestion)).content.decode()
    assert "<ins>" in html and "ontluchten" in html
    editor_client.post(_detail(suggestion), {"action": "comment", "body": "Goed punt"})
    assert suggestion.comments.get().body == "Goed punt"
    editor_client.post(_detail(suggestion), {"action": "accept", "body": ""})
    suggestion.refresh_from_db()
    page.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert page.current_revision.body == "Stap 1: vullen en ontluchten."
    assert page.current_revision.author == world.employee_a.user  # credit to the suggester
    assert suggestion.resulting_revision == page.current_revision


def test_rejecting_keeps_the_page_and_records_the_reason(page, member_client, editor_client):
    _suggest(member_client, page)
    suggestion = Suggestion.objects.get()
    editor_client.post(_detail(suggestion), {"action": "reject", "body": "Klopt niet"})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.comments.get().body == "Klopt niet"
    assert PageRevision.objects.filter(page=page).count() == 1
    # deciding twice is refused; the page stays as it is
    editor_client.post(_detail(suggestion), {"action": "accept"})
    assert PageRevision.objects.filter(page=page).count() == 1


def test_only_editors_decide_and_only_the_author_or_editors_see_it(
    page, world, member_client, outsider_client
):
    from django.test import Client

    from tests.signin import sign_in

    _suggest(member_client, page)
    suggestion = Suggestion.objects.get()
    assert member_client.post(_detail(suggestion), {"action": "accept"}).status_code == 403
    colleague = sign_in(Client(), world.colleague_a.user)
    assert colleague.get(_detail(suggestion)).status_code == 403
    assert outsider_client.get(_detail(suggestion)).status_code == 404


def test_a_suggestion_equal_to_the_page_is_refused(page, member_client):
    response = _suggest(member_client, page, body=page.current_revision.body)
    assert response.status_code == 400
    assert Suggestion.objects.count() == 0


def test_editors_queue_lists_open_suggestions(page, member_client, editor_client):
    _suggest(member_client, page)
    url = reverse("knowledge:suggestions", kwargs={"space_slug": page.space.slug})
    assert page.title in editor_client.get(url).content.decode()
    space_html = editor_client.get(
        reverse("knowledge:space", kwargs={"space_slug": page.space.slug})
    ).content.decode()
    assert "1 voorstel wacht op je" in space_html


def test_start_page_tells_editors_about_waiting_suggestions(page, member_client, editor_client):
    _suggest(member_client, page)
    html = editor_client.get(reverse("core:home")).content.decode()
    assert "1 voorstel wacht op je" in html
    assert "voorstel wacht op je" not in member_client.get(reverse("core:home")).content.decode()
