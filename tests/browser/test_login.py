"""Signing in through the real form in a real browser."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_employee_signs_in_through_the_form_and_sees_own_organisation(
    anonymous_page, live_server, world
):
    page = anonymous_page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mailadres", exact=True).fill(world.employee_a.user.email)
    page.get_by_label("Wachtwoord").first.fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state("load")
    assert "/accounts/login/" not in page.url, page.content()[:2000]
    assert page.get_by_role("button", name="Afmelden").is_visible()
    body = page.locator("body").inner_text()
    assert "Eva" in page.locator("header").inner_text()
    assert "Rivierenland Ziekenhuis" in body, "the start page shows the person's organisation"
    assert "Carl Chirurg" not in body and "Olaf Buiten" not in body
    assert "persoon" not in body.replace(world.employee_a.user.email, "")


def test_outsider_gets_not_found_for_another_organisation(outsider_page, live_server, world):
    response = outsider_page.goto(live_server.url + f"/o/{world.org_a.slug}/")
    assert response.status == 404
    body = outsider_page.locator("body").inner_text()
    assert "Eva Medewerker" not in body and "Rivierenland Ziekenhuis" not in body
