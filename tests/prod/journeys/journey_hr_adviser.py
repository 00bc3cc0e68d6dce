"""An HR adviser: enters this quarter's figures (a percentage above 100 first), then reads the
regional monitor of the Groningen network, in Dutch and in English, and downloads it."""

from __future__ import annotations

import datetime

ORG = "/o/zorggroep-hunzedal"
NETWORK = f"{ORG}/hr-monitor/netwerk/leren-is-altijd/"


def test_hr_adviser_enters_figures_and_reads_the_regional_monitor(visit):
    visit.sign_in("HR adviser")
    visit.go(f"{ORG}/hr-monitor/")
    visit.expect_language("nl")
    shared = visit.page.locator("main table tbody tr").count()
    assert shared > 0, "the demo's quarters are listed"

    # This quarter has begun and is never in the demo (that ends with the last whole quarter).
    today = datetime.date.today()
    period = f"{today.year}-K{(today.month - 1) // 3 + 1}"
    visit.go(f"{ORG}/hr-monitor/invoeren/")
    form = "main form:has(input[name=period])"
    visit.page.fill(f"{form} input[name=period]", period)
    visit.page.fill(f"{form} input[name=form-0-headcount]", "1480")
    visit.page.fill(f"{form} input[name=form-0-fte]", "1010,5")
    visit.page.fill(f"{form} input[name=form-0-absence_percent]", "130")
    visit.submit_refused(form, "form-0-absence_percent")
    assert visit.count(f"{ORG}/hr-monitor/", "main table tbody tr") == shared, "nothing stored"

    visit.go(f"{ORG}/hr-monitor/invoeren/")
    visit.page.fill(f"{form} input[name=period]", period)
    visit.page.fill(f"{form} input[name=form-0-headcount]", "1480")
    visit.page.fill(f"{form} input[name=form-0-fte]", "1010,5")
    visit.page.fill(f"{form} input[name=form-0-absence_percent]", "7,4")
    visit.submit(form)
    assert "/hr-monitor/cijfers/" in visit.page.url, "the new version is shown"

    visit.go(NETWORK)
    visit.page.wait_for_function("() => window.Chart && Chart.getChart('zw-monitor-chart')")
    assert visit.page.locator("table.zw-monitor-table tbody tr").count() >= 20, "five years"
    assert "x" in visit.page.locator("table.zw-monitor-table td").all_inner_texts()

    visit.switch_language("en")
    visit.go(f"{NETWORK}?indicator=outflow")
    visit.expect_language("en")
    with visit.page.expect_download() as download:
        visit.page.locator("a[href$='export.csv']").click()
    path = download.value.path()
    assert path is not None and download.value.failure() is None
    with open(path, encoding="utf-8-sig") as file:
        assert ",x," in file.read(), "the export carries the suppression"
    visit.check()
