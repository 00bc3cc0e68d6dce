"""The space page stays within the query budget however big the space is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zorgwijs.knowledge.models import Page, Question

pytestmark = pytest.mark.django_db


def fill(space, user, *, pages: int, questions: int) -> None:
    """Many pages (a tree: every tenth page has nine children) and many questions, in bulk."""
    roots = Page.objects.bulk_create(
        Page(space=space, title=f"Hoofdstuk {n}", position=n, owner=user)
        for n in range(pages // 10)
    )
    Page.objects.bulk_create(
        Page(space=space, parent=root, title=f"{root.title}.{k}", position=k, owner=user)
        for root in roots
        for k in range(9)
    )
    Question.objects.bulk_create(
        Question(space=space, title=f"Vraag {n} over de pomp", author=user, answer_count=n % 3)
        for n in range(questions)
    )


def test_space_with_1000_pages_and_5000_questions_renders_in_20_queries(
    space, world, editor_client, django_assert_max_num_queries
):
    fill(space, world.admin_a.user, pages=1000, questions=5000)
    url = reverse("knowledge:space", kwargs={"space_slug": space.slug})
    with django_assert_max_num_queries(20):
        response = editor_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="zw-page-tree__item') == 1000
    first = Page.objects.filter(space=space, parent=None).order_by("position").first()
    assert f'href="/kennis/{space.slug}/pagina/{first.pk}/"' in html
    assert html.count('class="zw-question-list__item"') == 10  # the recent ones, not all
    assert "5000 vragen" in html
    assert "1667 onbeantwoord" in html


def test_question_list_pages_through_5000_questions(
    space, world, member_client, django_assert_max_num_queries
):
    fill(space, world.admin_a.user, pages=0, questions=5000)
    url = reverse("knowledge:questions", kwargs={"space_slug": space.slug})
    with django_assert_max_num_queries(20):
        html = member_client.get(url + "?filter=onbeantwoord&pagina=3").content.decode()
    assert html.count('class="zw-question-list__item"') == 25
    assert "Pagina 3 van 67" in html
