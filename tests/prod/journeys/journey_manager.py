"""A manager (two factors): the team matrix, "wie is bekwaam" for a device on a date (a date
that is not one first), and the IGJ evidence pack as a download."""

from __future__ import annotations

import datetime

from django.utils import timezone

ORG = "/o/umc-zuidwest"


def test_manager_team_matrix_and_igj_export(visit):
    visit.sign_in("manager")
    visit.go(f"{ORG}/paspoort/team/")
    visit.expect_language("nl")
    assert visit.page.locator("main table tbody tr").count() > 0, "the matrix lists the team"

    # Who may use a device next week? A browser without a date picker sends what was typed.
    visit.go(f"{ORG}/paspoort/wie-is-bekwaam/")
    form = "main form:has(select[name=bekwaamheid])"
    device = visit.page.locator(f"{form} select[name=bekwaamheid] option[value]:not([value=''])")
    device_id = device.first.get_attribute("value")
    visit.page.select_option(f"{form} select[name=bekwaamheid]", device_id)
    visit.page.locator(f"{form} input[name=datum]").evaluate("input => input.type = 'text'")
    visit.page.fill(f"{form} input[name=datum]", "31-02-2026")
    with visit.expecting(400), visit.page.expect_navigation(wait_until="load") as answer:
        visit.page.locator(f"{form} [type=submit]").click()
    assert answer.value.status == 400
    visit.check()
    assert visit.field_error(form, "datum"), "the message stands at the date field"
    date = visit.page.locator(f"{form} input[name=datum]")
    assert date.get_attribute("value") == "31-02-2026", "what was typed is kept"
    assert visit.page.locator(f"{form} select[name=bekwaamheid]").input_value() == device_id
    assert visit.page.locator("main h2").count() == 0, "no roster for a day that does not exist"

    next_week = timezone.localdate() + datetime.timedelta(days=7)
    visit.page.fill(f"{form} input[name=datum]", next_week.isoformat())
    visit.submit(form)
    assert visit.page.locator("main h2").count() == 1, "the roster for that device and day"
    assert next_week.isoformat() in visit.page.url

    visit.switch_language("en")
    visit.go(f"{ORG}/paspoort/export/igj/")
    for kind, magic in (("xlsx", b"PK\x03\x04"), ("pdf", b"%PDF")):
        with visit.page.expect_download() as download:
            visit.page.locator(f"button[name=formaat][value={kind}]").click()
        path = download.value.path()
        assert path is not None and download.value.failure() is None
        with open(path, "rb") as file:
            assert file.read(4) == magic, f"the {kind} export is a real {kind} file"
    visit.check()
