"""A visitor without an account: search, a public project, and a password-reset mail that goes
out through the real SMTP relay."""

from __future__ import annotations

import time


def test_visitor_searches_and_reads_a_project(visit):
    visit.go("/zoeken/?q=infuuspomp")
    visit.expect_language("nl")
    results = visit.page.locator("main a[href^='/projecten/']")
    if results.count() == 0:
        visit.go("/projecten/")
        results = visit.page.locator("main a[href^='/projecten/'][href$='/']")
    assert results.count() > 0, "public projects are listed"

    visit.switch_language("en")
    with visit.page.expect_navigation(wait_until="load"):
        results.first.click()
    visit.expect_language("en")
    visit.check()
    assert visit.page.locator("main h1").inner_text().strip()


def test_visitor_asks_for_a_password_reset_and_the_mail_arrives(visit):
    visit.go("/accounts/password/reset/")
    visit.page.fill("input[name=email]", "daan@umc-zuidwest.demo")
    visit.submit("main form:has(input[name=email])")
    message = visit.wait_for_mail("daan@umc-zuidwest.demo", ".")
    body = message.get_body(preferencelist=("plain", "html")).get_content()
    assert "/accounts/password/reset/key/" in body


def test_visitor_describes_a_project_and_finds_comparable_ones(visit):
    visit.go("/projecten/vergelijkbaar/")
    visit.expect_language("nl")
    form = "main form:has(textarea[name=beschrijving])"
    visit.page.fill(f"{form} textarea[name=beschrijving]", "   ")
    visit.submit_refused(form, "beschrijving")
    assert visit.page.locator("main .zw-vp-result").count() == 0, "no results for nothing"
    visit.go("/projecten/vergelijkbaar/")  # the switch reloads the page it is on
    visit.switch_language("en")
    described = (
        "Op onze verpleegafdeling gaan infuuspompen vaak in alarm en verpleegkundigen weten "
        "niet goed hoe ze de pomp moeten instellen. We willen een e-learning en praktijktoets."
    )
    visit.page.fill(f"{form} textarea[name=beschrijving]", described)
    visit.submit(form)
    visit.expect_language("en")
    assert visit.page.locator(f"{form} textarea[name=beschrijving]").input_value() == described
    results = visit.page.locator("main .zw-vp-result a[href^='/projecten/']")
    # The task worker indexes the demo projects after the server starts: wait for it.
    deadline = time.monotonic() + 120
    while results.count() == 0 and time.monotonic() < deadline:
        time.sleep(3)
        visit.go(visit.page.url.removeprefix(visit.base_url))
    assert results.count() > 0, "comparable projects for a pasted description"
    with visit.page.expect_navigation(wait_until="load"):
        results.first.click()
    visit.check()
