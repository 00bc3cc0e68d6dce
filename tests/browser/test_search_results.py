"""The result page of one search over everything, on a laptop and a phone: a card per kind of
result, the type facet, and screenshots to look at."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.browser.conftest import SCREENSHOTS
from tests.browser.page_check import problems_on, watch
from tests.knowledge.factories import make_answer, make_page, make_question, make_space
from zorgwijs.incidents.models import Lesson
from zorgwijs.knowledge.services.pages import page_validate
from zorgwijs.knowledge.services.questions import answer_accept
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.services import project_create


@pytest.fixture
def everything(world):
    editor = world.admin_a.user
    with scopes_disabled():
        space = make_space(world.org_a, name="Infuuspomp Volumat Agilia")
        page = make_page(
            space,
            editor,
            title="Pomp voorbereiden en lijn vullen",
            body="Tik **luchtbellen** naar boven bij de Y-stukken van de Volumat-lijn.",
        )
        page.refresh_from_db()
        page_validate(
            actor=editor,
            page=page,
            revision=page.current_revision,
            review_due=timezone.localdate() + datetime.timedelta(days=90),
        )
        question = make_question(space, world.employee_a.user, title="Luchtbellen in de Volumat?")
        answer = make_answer(question, editor, body="Vul de druppelkamer voor een derde.")
        answer_accept(actor=world.employee_a.user, question=question, answer=answer)
        Lesson.objects.create(
            organisation=world.org_a,
            title="Luchtbel in de lijn bij de Volumat",
            summary="Een luchtbel stopte het infuus.",
            learned="Lijn langzaam vullen.",
            visibility=Visibility.ORGANISATION,
        )
        project_create(
            actor=None,
            organisation=world.org_a,
            data={
                "title": "Bekwaam voor de Volumat infuuspomp",
                "summary": "Een e-learning en een praktijktoets voor de Volumat.",
                "visibility": Visibility.PUBLIC,
            },
        )


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_results_show_every_kind_with_its_card(
    new_context, live_server, world, everything, viewport
):
    context = new_context(world.employee_a.user, viewport=viewport)
    errors: list[str] = []
    watch(context, errors)
    page = context.new_page()
    page.goto(live_server.url + "/zoeken/?q=Volumat", wait_until="load")
    # The filled result page, which the walk over every GET page (an empty query) never sees:
    # no serious axe-core violation, console error or CSP violation.
    assert problems_on(page, errors) == []
    cards = page.locator(".zw-search-kind").all_inner_texts()
    assert {"Kennisruimte", "Kennispagina", "Vraag", "Les uit een incident", "Project"} <= set(
        cards
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"search-everything-{viewport}.png"), full_page=True)
    # The header box searches everything too.
    page.goto(live_server.url + "/", wait_until="load")
    box = page.locator("#zw-header-q")
    if box.is_visible():
        box.fill("luchtbellen")
        box.press("Enter")
        page.wait_for_load_state("load")
        assert "Pomp voorbereiden en lijn vullen" in page.content()
