"""An employee's other work: the history of a passport line, the passport as a PDF, a question
in a knowledge space and an anonymous incident report, each with one bad value first."""

from __future__ import annotations

import datetime

from django.utils import timezone

ORG = "/o/umc-zuidwest"
SPACE = "/kennis/infuuspomp-volumat-agilia"
MINE = f"{ORG}/incidenten/mijn/"
MY_INCIDENTS = "main table tbody tr"


def test_employee_history_pdf_question_and_anonymous_incident(visit):
    visit.sign_in("employee (knowledge, incidents)")
    visit.expect_language("nl")

    # The history of one line of the passport, then the passport as a PDF download.
    visit.go(f"{ORG}/paspoort/")
    with visit.page.expect_navigation(wait_until="load"):
        visit.page.locator("main a[href*='/paspoort/mensen/']").first.click()
    visit.check()
    assert visit.page.locator("main h1").inner_text().strip()
    visit.go(f"{ORG}/paspoort/")
    with visit.page.expect_download() as download:
        visit.page.locator(f"main a[href='{ORG}/paspoort/pdf/']").click()
    path = download.value.path()
    assert path is not None and download.value.failure() is None
    with open(path, "rb") as file:
        assert file.read(4) == b"%PDF", "the passport PDF is a real PDF"

    # A question in the pump's knowledge space: a title of only spaces is refused at the field.
    questions = f"main a[href^='{SPACE}/vragen/'][href$='/']:not([href$='/nieuw/'])"
    before = visit.count(f"{SPACE}/vragen/", questions)
    visit.go(f"{SPACE}/vragen/nieuw/")
    form = "main form:has(input[name=title])"
    visit.page.fill(f"{form} input[name=title]", "   ")
    visit.page.fill(f"{form} textarea[name=body]", "Bij het wisselen van de lijn tijdens de nacht.")
    visit.submit_refused(form, "title")
    assert visit.count(f"{SPACE}/vragen/", questions) == before, "a refused question is not kept"
    visit.go(f"{SPACE}/vragen/nieuw/")
    visit.page.fill(f"{form} input[name=title]", "Moet de lijn bij een nieuwe spuit gespoeld?")
    visit.submit(form)
    assert "/vragen/" in visit.page.url and not visit.page.url.endswith("/nieuw/")
    assert "gespoeld" in visit.page.locator("main h1").inner_text()

    # The rest in English: an incident report, first with a moment in the future.
    visit.switch_language("en")
    mine = visit.count(MINE, MY_INCIDENTS)
    visit.go(f"{ORG}/incidenten/melden/")
    form = "main form:has(textarea[name=what_happened])"
    tomorrow = timezone.localtime() + datetime.timedelta(days=2)
    visit.page.fill(f"{form} input[name=occurred_at]", tomorrow.strftime("%Y-%m-%dT%H:%M"))
    visit.page.fill(f"{form} input[name=location]", "Behandelkamer 2")
    visit.page.select_option(f"{form} select[name=category]", "device")
    visit.page.fill(f"{form} textarea[name=what_happened]", "De pomp gaf een occlusiealarm.")
    visit.page.select_option(f"{form} select[name=outcome]", "near_miss")
    visit.page.select_option(f"{form} select[name=severity]", "none")
    visit.submit_refused(form, "occurred_at")
    visit.expect_language("en")
    assert visit.count(MINE, MY_INCIDENTS) == mine, "a refused report is not stored"

    visit.go(f"{ORG}/incidenten/melden/")
    an_hour_ago = timezone.localtime() - datetime.timedelta(hours=1)
    visit.page.fill(f"{form} input[name=occurred_at]", an_hour_ago.strftime("%Y-%m-%dT%H:%M"))
    visit.page.fill(f"{form} input[name=location]", "Behandelkamer 2")
    visit.page.select_option(f"{form} select[name=category]", "device")
    visit.page.fill(f"{form} textarea[name=what_happened]", "De pomp gaf een occlusiealarm.")
    visit.page.select_option(f"{form} select[name=outcome]", "near_miss")
    visit.page.select_option(f"{form} select[name=severity]", "none")
    visit.page.check(f"{form} input[name=anonymous]")
    visit.submit(form)
    assert visit.page.url.endswith(MINE)
    assert visit.page.locator("[role=status], .utrecht-alert").count() > 0, "a thank-you message"
    assert visit.count(MINE, MY_INCIDENTS) == mine, "an anonymous report is not linked to me"
