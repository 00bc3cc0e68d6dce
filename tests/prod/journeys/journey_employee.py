"""An employee: passport, asks for a sign-off, makes a credential of a valid qualification and
checks it on the public page, as anyone they show it to would -- the JWT and the wallet form
(Open Badges with a Data Integrity proof), whose check reads the vendored JSON-LD contexts."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

ORG = "/o/umc-zuidwest"


@pytest.mark.xdist_group("seed-001")
def test_employee_passport_sign_off_and_credential(visit):
    visit.sign_in("employee")
    visit.expect_language("nl")
    visit.go(f"{ORG}/paspoort/")
    assert visit.page.locator("main table").count() > 0, "the passport lists competences"

    visit.go(f"{ORG}/paspoort/aftekenen/aanvragen/")
    visit.page.select_option("select[name=item]", index=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    visit.page.fill("input[name=performed_on]", yesterday.isoformat())
    visit.page.fill("textarea[name=note]", "Praktijktoets op de afdeling (prod-check).")
    visit.submit("main form:has(select[name=item])")
    assert visit.page.url.endswith(f"{ORG}/paspoort/"), "back on the passport after asking"

    visit.switch_language("en")
    visit.go(f"{ORG}/paspoort/bewijs/")
    visit.expect_language("en")
    visit.submit("main form:has(input[name=item])")
    token = visit.page.locator("textarea#vc-token").input_value()
    assert token.count(".") == 2, "the credential page shows the JWT"
    with visit.page.expect_download() as download:
        visit.page.get_by_role("link", name="Download for a wallet (Open Badges)").click()
    wallet = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert wallet["proof"]["cryptosuite"] == "eddsa-rdfc-2022", wallet.get("proof")

    visit.go("/bewijs/controleren/")
    visit.page.fill("textarea[name=bewijs]", token)
    visit.submit("main form:has(textarea[name=bewijs])")
    result = visit.page.locator(".zw-credential-result")
    assert result.locator("#vc-result").inner_text() == "Valid evidence", result.inner_text()
    assert "Sophie Mulder" in result.inner_text()

    visit.go("/bewijs/controleren/")
    visit.page.fill("textarea[name=bewijs]", json.dumps(wallet))
    visit.submit("main form:has(textarea[name=bewijs])")
    result = visit.page.locator(".zw-credential-result")
    assert result.locator("#vc-result").inner_text() == "Valid evidence", result.inner_text()
