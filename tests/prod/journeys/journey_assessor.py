"""An employee asks for a sign-off (a date in the future first) and an assessor signs it off
(no decision first), each in a browser of their own."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

ORG = "/o/umc-zuidwest"
TODAY = timezone.localdate()
COMMENT = "Goed uitgevoerd, rustig en volgens protocol."


@pytest.mark.xdist_group("seed-001")
def test_employee_asks_and_assessor_signs_off(new_visit):
    employee = new_visit()
    employee.sign_in("employee asking a sign-off")
    employee.expect_language("nl")
    employee.go(f"{ORG}/paspoort/aftekenen/aanvragen/")
    form = "main form:has(select[name=item])"
    item = employee.page.locator(f"{form} select[name=item] option[value]:not([value=''])")
    item_id = item.first.get_attribute("value")
    employee.page.select_option(f"{form} select[name=item]", item_id)
    tomorrow = TODAY + datetime.timedelta(days=1)
    employee.page.fill(f"{form} input[name=performed_on]", tomorrow.isoformat())
    employee.page.fill(f"{form} textarea[name=note]", "Praktijktoets in OK 3 (prod-check).")
    employee.submit_refused(form, "performed_on")
    employee.page.fill(f"{form} input[name=performed_on]", TODAY.isoformat())
    employee.submit(form)
    assert employee.page.url.endswith(f"{ORG}/paspoort/"), "back on the passport after asking"

    assessor = new_visit()
    assessor.sign_in("assessor")
    assessor.expect_language("nl")
    inbox = f"{ORG}/paspoort/aftekenen/"
    mine = "main tbody tr:has-text('Lucas van Dijk')"
    waiting = assessor.count(inbox, mine)
    assert waiting >= 1, "the request waits in the assessor's inbox"
    assessor.switch_language("en")
    with assessor.page.expect_navigation(wait_until="load"):
        assessor.page.locator(f"{mine} a").first.click()
    assessor.check()
    form = "main form:has(textarea[name=comment])"
    assessor.page.fill(f"{form} textarea[name=comment]", COMMENT)
    assessor.submit_refused(form, "decision")
    assessor.expect_language("en")
    assert assessor.count(inbox, mine) == waiting, "a refused decision leaves it waiting"
    with assessor.page.expect_navigation(wait_until="load"):
        assessor.page.locator(f"{mine} a").first.click()
    assessor.page.fill(f"{form} textarea[name=comment]", COMMENT)
    assessor.page.check(f"{form} input[name=decision][value=approve]")
    assessor.submit(form)
    assert assessor.page.url.endswith(inbox)
    assert assessor.count(inbox, mine) == waiting - 1, "decided, so no longer waiting"
