"""A care organisation signs up as a visitor (a phone number that is none first), and a
platform administrator (two factors) approves it: the first administrator is invited by mail."""

from __future__ import annotations

import time

RUN = str(int(time.time()))[-6:]
NAME = f"Thuiszorg De Linde {RUN}"
CONTACT = f"directie.{RUN}@delinde.example"
APPLICATIONS = "/platform/aanmeldingen/"


def test_visitor_signs_up_and_platform_admin_approves(new_visit):
    visitor = new_visit()
    visitor.go("/organisatie-aanmelden/")
    visitor.expect_language("nl")
    form = "main form:has(input[name=contact_email])"
    visitor.page.fill(f"{form} input[name=name]", NAME)
    visitor.page.select_option(f"{form} select[name=kind]", index=1)
    visitor.page.select_option(f"{form} select[name=province]", index=1)
    visitor.page.fill(f"{form} input[name=region]", "Gooi en Vechtstreek")
    visitor.page.fill(f"{form} input[name=contact_name]", "Marieke Jonker")
    visitor.page.fill(f"{form} input[name=contact_email]", CONTACT)
    visitor.page.fill(f"{form} input[name=contact_phone]", "bel me maar")
    visitor.page.fill(f"{form} textarea[name=motivation]", "Scholing delen in de regio.")
    visitor.submit_refused(form, "contact_phone")
    visitor.page.fill(f"{form} input[name=contact_phone]", "035 123 45 67")
    visitor.submit(form)
    assert visitor.page.url.endswith("/organisatie-aanmelden/verstuurd/")

    admin = new_visit()
    admin.sign_in("platform admin")
    admin.expect_language("nl")
    mine = f"main table tbody tr:has-text('{NAME}') a"
    assert admin.count(APPLICATIONS, mine) == 1, "the refused first try left no application"
    with admin.page.expect_navigation(wait_until="load"):
        admin.page.locator(mine).click()
    admin.check()
    application = admin.page.url.removeprefix(admin.base_url)
    admin.switch_language("en")
    decline = "main form[action$='/afwijzen/']"
    admin.submit_refused(decline, "reason")
    admin.go(application)
    assert admin.page.locator(decline).count() == 1, "still open after a decline without reason"
    admin.submit("main form[action$='/goedkeuren/']")
    assert admin.page.url.endswith(APPLICATIONS)
    assert admin.count(APPLICATIONS, mine) == 1
    assert admin.page.locator(f"{decline}, main form[action$='/goedkeuren/']").count() == 0
    # In the applicant's language, Dutch: the form was sent before the switch.
    invitation = admin.wait_for_mail(CONTACT, "uitgenodigd als beheerder")
    body = invitation.get_body(preferencelist=("plain", "html")).get_content()
    assert admin.base_url in body, "the invitation links to this server"
