"""A simulation trainer of another hospital in the CRM network: reviews a colleague's scenario
(no remarks first), then in English records a run of his own draft (a group of nobody first)
and saves a new version of it (an empty title first), which the version list then shows."""

from __future__ import annotations

SCENARIOS = "/scenarios/"
RUNS = "main #uitvoeringen ul > li"


def test_trainer_reviews_records_a_run_and_saves_a_version(visit):
    visit.sign_in("trainer")
    visit.expect_language("nl")

    # The review he was asked for: remarks are required, the scores he chose stay chosen.
    reviews = f"{SCENARIOS}reviews/"
    waiting = "main a[href$='#review']"
    asked = visit.count(reviews, waiting)
    assert asked >= 1, "a review waits for the trainer"
    visit.go(visit.page.locator(waiting).first.get_attribute("href"))
    form = "main form[action$='/review/']"
    for criterion in visit.page.locator(f"{form} fieldset.zw-scores").all():
        criterion.locator("input[type=radio]").nth(3).check()
    visit.submit_refused(form, "remarks")
    assert visit.count(reviews, waiting) == asked, "a refused review leaves it waiting"
    visit.go(visit.page.locator(waiting).first.get_attribute("href"))
    for criterion in visit.page.locator(f"{form} fieldset.zw-scores").all():
        criterion.locator("input[type=radio]").nth(3).check()
    visit.page.fill(
        f"{form} textarea[name=remarks]", "Heldere fasen; voeg een rol voor de AIOS toe."
    )
    visit.submit(form)
    assert visit.count(reviews, waiting) == asked - 1, "reviewed, so no longer waiting"

    # In English: a run of his own draft, first with a group of nobody.
    visit.switch_language("en")
    visit.go(f"{SCENARIOS}?status=draft")
    scenario = visit.page.locator("main a:has-text('Brand op de operatiekamer')").first
    detail = scenario.get_attribute("href")
    runs = visit.count(detail, RUNS)
    form = "main form[action$='/uitvoeringen/']"
    visit.page.locator("main #uitvoeringen details > summary").click()
    visit.page.fill(f"{form} input[name=held_on]", "2026-11-12")
    visit.page.fill(f"{form} input[name=group_size]", "0")
    visit.page.fill(f"{form} textarea[name=what_worked]", "Snelle call-out (prod-check).")
    visit.submit_refused(form, "group_size")
    assert visit.count(detail, RUNS) == runs, "a refused run is not recorded"
    visit.page.locator("main #uitvoeringen details > summary").click()
    visit.page.fill(f"{form} input[name=held_on]", "2026-11-12")
    visit.page.fill(f"{form} input[name=group_size]", "8")
    visit.submit(form)
    assert visit.count(detail, RUNS) == runs + 1, "the run is recorded"

    # A new version: without a title it is refused with what was typed kept, then saved.
    versions = f"{detail}versies/"
    rows = "main table tbody tr"
    before = visit.count(versions, rows)
    visit.go(f"{detail}bewerken/")
    form = "main form:has(input[name=title])"
    title = visit.page.locator(f"{form} input[name=title]").input_value()
    visit.page.fill(f"{form} input[name=title]", "")
    visit.page.fill(f"{form} input[name=note]", "Rookmachine eerder starten.")
    visit.submit_refused(form, "title")
    assert visit.count(versions, rows) == before, "a refused edit makes no version"
    visit.go(f"{detail}bewerken/")
    visit.page.fill(f"{form} input[name=note]", "Rookmachine eerder starten.")
    visit.page.fill(f"{form} input[name=title]", title)
    script = visit.page.locator(f"{form} textarea[name=operator_script]")
    script.fill(script.input_value() + "\nStart de rook al na drie minuten.")
    visit.submit(form)
    assert visit.count(versions, rows) == before + 1, "saving made a new version"
    visit.expect_language("en")
