"""The public credential check in a real browser: a stranger pastes a credential and presses
"Controleer". Chromium decides the Origin header of that POST from the page's Referrer-Policy
(under ``no-referrer`` it sends ``Origin: null``, which Django's CSRF check refuses), so only a
browser shows whether the form works."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from django_scopes import scope

from tests.browser.conftest import SCREENSHOTS
from tests.competences.factories import required_device
from zorgwijs.competences.credentials.issuing import credential_issue
from zorgwijs.competences.services import qualification_register

pytestmark = pytest.mark.browser


@pytest.fixture
def credential(world, live_server, settings):
    settings.SITE_URL = live_server.url  # the issuer, its keys and status list live here
    pump = required_device(world, "Infuuspomp Volumat", [world.cardiology])
    with scope(organisation=world.org_a.pk):
        qualification_register(
            actor=world.admin_a.user,
            membership=world.employee_a,
            item=pump,
            occurred_on=timezone.localdate() - datetime.timedelta(days=3),
            evidence_kind="practical",
        )
        return credential_issue(actor=world.employee_a.user, membership=world.employee_a, item=pump)


def test_stranger_checks_a_pasted_credential_in_the_browser(
    anonymous_page, live_server, credential
):
    page = anonymous_page
    page.goto(live_server.url + "/bewijs/controleren/")
    page.get_by_label("Plak het bewijs").fill(credential.token)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Controleer").click()
    response = posted.value
    page.wait_for_load_state("load")
    assert response.status == 200, page.locator("body").inner_text()[:500]
    assert page.get_by_role("heading", name="Geldig bewijs").is_visible()
    assert "Eva Medewerker" in page.locator(".zw-credential-result").inner_text()


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_stranger_checks_the_wallet_form(new_context, live_server, credential, viewport):
    """The Data Integrity form (JSON) is checked on the same page: key from the issuer's
    published profile, status from its published list."""
    page = new_context(viewport=viewport).new_page()
    page.goto(live_server.url + "/bewijs/controleren/")
    page.get_by_label("Plak het bewijs").fill(json.dumps(credential.document))
    page.get_by_role("button", name="Controleer").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Geldig bewijs").is_visible()
    assert "Infuuspomp Volumat" in page.locator(".zw-credential-result").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"credential-check-wallet-form-{viewport}.png"
    page.screenshot(path=shot, full_page=True)


def test_the_check_page_keeps_its_address_from_other_sites(anonymous_page, live_server):
    """``?bewijs=<jwt>`` carries a person's name: the Referer must never take it elsewhere."""
    response = anonymous_page.goto(live_server.url + "/bewijs/controleren/")
    assert response.headers["referrer-policy"] == "same-origin"
