"""On a phone-sized screen: taking a knowledge test, and filling in a checklist at the
bedside with a connection that drops."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.assessments.factories import checklist, medication_item, medication_test
from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, session_cookie
from tests.competences.factories import authorised_assessor
from tests.factories import give_role
from zorgwijs.assessments.models import Attempt, PracticalAssessment
from zorgwijs.organisations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/o/rivierenland/toetsen"


@pytest.fixture
def phone(browser, live_server):
    """``phone(user)``: a phone-sized browser context signed in as ``user``."""
    contexts = []

    def make(user):
        context = browser.new_context(viewport=VIEWPORTS["phone"], locale="nl-NL")
        context.set_default_timeout(60_000)
        context.add_cookies([session_cookie(user, live_server)])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def test_employee_takes_a_medication_test_on_a_phone(phone, live_server, world):
    test = medication_test(world, numeric=2, choice=1)
    page = phone(world.employee_a.user).new_page()
    page.goto(f"{live_server.url}{BASE}/kennistoets/{test.pk}/")
    page.get_by_role("button", name="Begin de toets").click()
    page.wait_for_load_state("load")
    assert "Goed B" in page.content() and "Uitleg bij rekenvraag" not in page.content()
    with scopes_disabled():
        answers = list(Attempt.objects.get().answers.all())
    for answer in answers:
        if answer.kind == "numeric":
            page.locator(f"#q{answer.position}").fill(
                f"{answer.answer_value.normalize():f}".replace(".", ",")
            )
        else:
            page.locator(f"input[name=q{answer.position}][value='2']").check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "assessments-attempt-filled-phone.png"), full_page=True)
    # A reload (a lost connection, a tab closed by accident) keeps what was typed.
    page.reload()
    first_numeric = next(a for a in answers if a.kind == "numeric")
    assert page.locator(f"#q{first_numeric.position}").input_value() != ""
    page.get_by_role("button", name="Inleveren").click()
    page.wait_for_load_state("load")
    body = page.locator("main").inner_text()
    assert "Geslaagd" in body and "3 van 3 goed" in body
    page.screenshot(path=str(SCREENSHOTS / "assessments-attempt-result-phone.png"), full_page=True)
    # The passed result shares as an Open Badge: the credential's page with its downloads.
    page.get_by_role("button", name="Deel als verifieerbaar bewijs (Open Badge)").click()
    page.wait_for_load_state("load")
    assert "Verifieerbaar bewijs: Medicatierekenen" in page.locator("main").inner_text()
    page.get_by_role("link", name="Download voor een wallet (Open Badges)").wait_for()
    page.screenshot(
        path=str(SCREENSHOTS / "assessments-attempt-credential-phone.png"), full_page=True
    )


def test_assessor_fills_in_a_checklist_offline_tolerant_on_a_phone(phone, live_server, world):
    item = medication_item(world)
    found = checklist(world, item)
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
        criteria = list(found.criteria.all())
    authorised_assessor(world.colleague_a, item)
    context = phone(world.colleague_a.user)
    page = context.new_page()
    page.goto(f"{live_server.url}{BASE}/praktijk/")
    page.get_by_label("Medewerker").select_option(label="Eva Medewerker")
    page.get_by_role("button", name="Open de checklist").click()
    page.wait_for_load_state("load")
    for criterion in criteria:
        page.locator(f"input[name=c{criterion.pk}][value=met]").check()
    page.locator(f"#c{criteria[1].pk}_comment").fill("Legde rustig uit wat er ging gebeuren.")
    page.get_by_label("Ik heb dit zelf waargenomen").check()
    # The connection drops: sending is held back and nothing typed is lost.
    context.set_offline(True)
    page.get_by_role("button", name="Ondertekenen en versturen").click()
    assert page.get_by_text("Geen verbinding").is_visible()
    page.screenshot(
        path=str(SCREENSHOTS / "assessments-checklist-offline-phone.png"), full_page=True
    )
    context.set_offline(False)
    page.reload()  # the page comes back from the server; the draft is restored from the phone
    assert page.locator(f"#c{criteria[1].pk}_comment").input_value().startswith("Legde rustig")
    assert page.locator(f"input[name=c{criteria[0].pk}][value=met]").is_checked()
    page.get_by_role("button", name="Ondertekenen en versturen").click()
    page.wait_for_load_state("load")
    assert "wacht op de handtekening" in page.locator("main").inner_text()
    with scopes_disabled():
        assessment = PracticalAssessment.objects.get()
    assert assessment.criteria[1]["comment"] == "Legde rustig uit wat er ging gebeuren."
    # The draft is gone once the server has it.
    page.goto(f"{live_server.url}{BASE}/praktijk/{found.pk}/{world.employee_a.pk}/")
    assert page.locator(f"#c{criteria[1].pk}_comment").input_value() == ""
