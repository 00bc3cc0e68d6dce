"""Seed 001's learning route as its people walk it: the learner reflects on her next step (an
empty reflection first), takes the medication-calculation test (a word where a number belongs
first) and reads what she can already do, in English; her werkbegeleider gives feedback (empty
first) and signs her internship off; the coordinator sees the step done on the route.

The route's people also play the employee, assessor and coordinator journeys, whose language
switch lives on the same profiles: this journey runs in their xdist group, one after another,
and leaves every profile in Dutch."""

from __future__ import annotations

import pytest

ORG = "/o/umc-zuidwest"
MY_ROUTE = f"{ORG}/leren/mijn-route/"
PROGRESS = "main progress.zw-progress"


@pytest.mark.xdist_group("seed-001")
def test_learner_werkbegeleider_and_coordinator_follow_a_route(new_visit):
    learner = new_visit()
    learner.sign_in("employee")
    learner.switch_language("nl")
    learner.go(MY_ROUTE)
    done_before = int(learner.page.locator(PROGRESS).get_attribute("value"))

    # The next step comes first; a reflection of only spaces is refused and nothing is added.
    with learner.page.expect_navigation(wait_until="load"):
        learner.page.locator("main .zw-next a[href*='/mijn-route/stap/']").click()
    learner.check()
    step_page = learner.page.url.removeprefix(learner.base_url)
    notes = "main article.zw-card"
    before = learner.page.locator(notes).count()
    form = "main form:has(textarea[name=text])"
    learner.page.fill(f"{form} textarea[name=text]", "   ")
    learner.submit_refused(form, "text")
    assert learner.count(step_page, notes) == before, "a refused reflection is not kept"
    learner.page.fill(f"{form} textarea[name=text]", "Eerste lesdag gevolgd (prod-check).")
    learner.submit(form)
    assert learner.count(step_page, notes) == before + 1

    # In English: the medication-calculation test, a word in a number field first.
    learner.switch_language("en")
    learner.go(f"{ORG}/toetsen/")
    with learner.page.expect_navigation(wait_until="load"):
        learner.page.locator("main tr:has-text('Medicatierekenen') a").first.click()
    learner.submit("main form:has([type=submit])")
    assert "/toetsen/poging/" in learner.page.url, learner.page.url
    attempt = "main form[data-draft-key]"
    number = learner.page.locator(f"{attempt} input[inputmode=decimal]").first
    learner.page.fill(f"{attempt} input[inputmode=decimal] >> nth=0", "veel")
    learner.submit_refused(attempt, number.get_attribute("name"))
    for field in learner.page.locator(f"{attempt} input[inputmode=decimal]").all():
        field.fill("2,5")
    for question in learner.page.locator(f"{attempt} fieldset:has(input[type=radio])").all():
        question.locator("input[type=radio]").first.check()
    for question in learner.page.locator(f"{attempt} fieldset:has(input[type=checkbox])").all():
        question.locator("input[type=checkbox]").first.check()
    learner.submit(attempt)
    result = learner.page.locator("main [role=status] strong").first.inner_text()
    assert result in ("Passed", "Not passed"), f"a scored result, in English: {result!r}"

    # What she already can and what she still learns, side by side.
    learner.go(f"{MY_ROUTE}?overzicht=verschil")
    learner.expect_language("en")
    assert learner.page.locator("main table:has(caption) tbody tr").count() > 0

    # The werkbegeleider: her internship waits for him; empty feedback first, then a sign-off.
    guide = new_visit()
    guide.sign_in("assessor")
    guide.switch_language("nl")
    guide.go(f"{ORG}/leren/begeleiden/")
    waiting = guide.page.locator("main section:has-text('Sophie Mulder') a[href*='/stap/']")
    step = waiting.first.get_attribute("href")
    guide.go(step)
    feedback = "main form:has(textarea[name=f-text])"
    guide.page.fill(f"{feedback} textarea[name=f-text]", "  ")
    guide.submit_refused(feedback, "f-text")
    guide.page.fill(f"{feedback} textarea[name=f-text]", "Zelfstandig en veilig (prod-check).")
    guide.submit(feedback)
    sign_off = "main form:has(textarea[name=s-comment])"
    guide.page.fill(f"{sign_off} textarea[name=s-comment]", "Stage afgerond.")
    guide.submit(sign_off)
    assert guide.page.url.endswith(f"{ORG}/leren/begeleiden/"), "back on the learners"

    # The coordinator sees the step done on the route; the learner's progress moved on.
    coordinator = new_visit()
    coordinator.sign_in("coordinator")
    coordinator.switch_language("nl")
    coordinator.go(f"{ORG}/leren/")
    with coordinator.page.expect_navigation(wait_until="load"):
        coordinator.page.locator("main tr:has-text('Sophie Mulder') th a").first.click()
    coordinator.check()
    step_id = step.rstrip("/").rsplit("/", 1)[-1]
    assert coordinator.page.locator(f"main #stap-{step_id}.zw-timeline__step--done").count() == 1

    # Where required learning piles up: the hours a year the profiles imply, per requirement,
    # read in English; the coordinator's language goes back to Dutch for the journeys after.
    coordinator.switch_language("en")
    coordinator.go(f"{ORG}/leren/leerbelasting/")
    assert coordinator.page.locator("main h1").inner_text() == "Learning load"
    assert coordinator.page.locator("main table tbody tr").count() > 0
    coordinator.switch_language("nl")

    learner.go(MY_ROUTE)
    assert int(learner.page.locator(PROGRESS).get_attribute("value")) > done_before
    learner.switch_language("nl")
