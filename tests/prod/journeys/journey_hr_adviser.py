"""An HR adviser: enters this quarter's figures (a percentage above 100 first), shares an older
quarter's figures from a file (a dry run with a bad row first, in English), then reads the
regional monitor of the Groningen network, in Dutch and in English, and downloads it."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

ORG = "/o/zorggroep-hunzedal"
NETWORK = f"{ORG}/hr-monitor/netwerk/leren-is-altijd/"


def test_hr_adviser_enters_figures_and_reads_the_regional_monitor(visit):
    visit.sign_in("HR adviser")
    visit.go(f"{ORG}/hr-monitor/")
    visit.expect_language("nl")
    shared = visit.page.locator("main table tbody tr").count()
    assert shared > 0, "the demo's quarters are listed"

    # This quarter has begun and is never in the demo (that ends with the last whole quarter).
    today = timezone.localdate()
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

    # A quarter from before the demo's five years, from the example file, in English: a row with
    # a percentage above 100 is refused at its row and nothing can be applied; then the mended
    # file is shared. (A month of this quarter would be refused: its quarter is shared above.)
    visit.switch_language("en")
    older = f"{today.year - 6}-K{(today.month - 1) // 3 + 1}"
    listed = visit.count(f"{ORG}/hr-monitor/", "main table tbody tr")
    visit.go(f"{ORG}/hr-monitor/bestand/")
    example = visit.page.request.get(f"{visit.base_url}{ORG}/hr-monitor/bestand/voorbeeld.csv")
    header, *rows = list(csv.reader(io.StringIO(example.text().lstrip("\ufeff"))))
    rows = [[older, *row[1:]] for row in rows]
    absence = header.index("verzuimpercentage")
    bad = [row.copy() for row in rows]
    bad[1][absence] = "130"
    upload = "main form:has(input[name=file])"
    visit.page.set_input_files(
        f"{upload} input[name=file]", _csv("hr-cijfers-fout.csv", header, bad)
    )
    visit.submit(upload)
    visit.page.wait_for_selector("main table:has(th:text-is('Reason')) tbody tr", timeout=60_000)
    visit.check()
    errors = visit.page.locator("main table:has(th:text-is('Reason')) tbody tr")
    assert errors.count() == 1, errors.all_inner_texts()
    assert errors.locator("td").first.inner_text().strip() == "3", "the error is at its row"
    assert visit.page.locator("main form.zw-actions button[type=submit]").count() == 0

    visit.go(f"{ORG}/hr-monitor/bestand/")
    visit.page.set_input_files(f"{upload} input[name=file]", _csv("hr-cijfers.csv", header, rows))
    visit.submit(upload)
    apply = "main form.zw-actions:has(button[type=submit])"
    visit.page.wait_for_selector(apply, timeout=60_000)
    visit.check()
    visit.submit(apply)
    visit.page.wait_for_selector("main [role=status].utrecht-alert--ok", timeout=60_000)
    visit.check()
    assert visit.count(f"{ORG}/hr-monitor/", "main table tbody tr") > listed, "it is listed"
    visit.switch_language("nl")

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


def _csv(name: str, header: list[str], rows: list[list[str]]) -> dict:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return {"name": name, "mimeType": "text/csv", "buffer": out.getvalue().encode()}
