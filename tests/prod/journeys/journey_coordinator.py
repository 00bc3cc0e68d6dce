"""A competence coordinator (two factors): a requirement profile, a registration in someone's
passport, a qualification import (dry run, then applied) and the triage of an incident. Every
step first meets one bad value and checks that it changed nothing."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

ORG = "/o/umc-zuidwest"
TODAY = timezone.localdate()
# A day of this run for the imported course: a second walk over the same server imports anew.
COURSE_DAY = TODAY - datetime.timedelta(days=1 + int(time.time()) // 60 % 13)


def csv_file(name: str, *rows: str) -> dict:
    text = "\n".join(["personeelsnummer;bekwaamheid;datum behaald;bewijs", *rows]) + "\n"
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


@pytest.mark.xdist_group("seed-001")
def test_coordinator_profile_register_import_and_triage(visit):
    visit.sign_in("coordinator")
    visit.expect_language("nl")

    # A requirement profile: without a name it is refused, with the choices kept.
    profiles = f"main a[href^='{ORG}/paspoort/profielen/'][href$='/']:not([href$='/nieuw/'])"
    before = visit.count(f"{ORG}/paspoort/profielen/", profiles)
    visit.go(f"{ORG}/paspoort/profielen/nieuw/")
    form = "main form:has(input[name=name])"
    visit.page.fill(f"{form} textarea[name=description]", "Voor de invalpool (prod-check).")
    visit.page.locator(f"{form} input[name=functions]").first.check()
    visit.page.locator(f"{form} input[type=radio][name^=item_]:not([value=''])").first.check()
    visit.submit_refused(form, "name")
    assert visit.count(f"{ORG}/paspoort/profielen/", profiles) == before
    visit.go(f"{ORG}/paspoort/profielen/nieuw/")
    visit.page.fill(f"{form} input[name=name]", "Invalpool (prod-check)")
    visit.page.locator(f"{form} input[type=radio][name^=item_]:not([value=''])").first.check()
    visit.submit(form, "button[value=opslaan]")  # not the preview of what it means for people
    assert visit.count(f"{ORG}/paspoort/profielen/", profiles) == before + 1

    # A registration for a colleague, first dated two months back without saying why.
    visit.go(f"{ORG}/paspoort/team/")
    row = visit.page.locator("main tr:has-text('Emma Bos') a[href*='/paspoort/mensen/']")
    passport = row.first.get_attribute("href").split("?")[0]
    visit.go(f"{passport}registreren/")
    form = "main form:has(select[name=evidence_kind])"
    item = visit.page.locator(f"{form} select[name=item] option[value]:not([value=''])")
    item_id = item.first.get_attribute("value")
    history = f"{passport}{item_id}/"
    visit.go(history)
    recorded = visit.page.locator("main").inner_text()
    visit.go(f"{passport}registreren/")
    visit.page.select_option(f"{form} select[name=item]", item_id)
    old = TODAY - datetime.timedelta(days=60)
    visit.page.fill(f"{form} input[name=occurred_on]", old.isoformat())
    visit.page.select_option(f"{form} select[name=evidence_kind]", "practical")
    visit.page.fill(f"{form} textarea[name=note]", "Scholingsdag cardiologie.")
    visit.submit_refused(form, "backdate_reason")
    visit.go(history)
    assert visit.page.locator("main").inner_text() == recorded, "a refused registration is kept"
    visit.go(f"{passport}registreren/")
    visit.page.select_option(f"{form} select[name=item]", item_id)
    visit.page.fill(f"{form} input[name=occurred_on]", old.isoformat())
    visit.page.select_option(f"{form} select[name=evidence_kind]", "practical")
    visit.page.fill(f"{form} input[name=backdate_reason]", "Certificaat kwam nu pas binnen.")
    visit.submit(form)
    assert visit.page.url.endswith(passport), "back on the passport"
    visit.go(history)
    assert visit.page.locator("main").inner_text() != recorded, "the registration shows"

    # The rest in English: a qualification import, first with a row for an unknown employee.
    visit.switch_language("en")
    imports = f"{ORG}/paspoort/import/"
    upload = "main form:has(input[name=file])"
    bls = "BLS / reanimatie"
    good = f"1010;{bls};{COURSE_DAY.isoformat()};elearning"
    visit.go(imports)
    visit.page.set_input_files(
        f"{upload} input[name=file]",
        csv_file("bls-fout.csv", good, f"4711;{bls};{TODAY.isoformat()};elearning"),
    )
    visit.submit(upload)
    errors = visit.page.locator("main table:has(th) tbody tr")
    assert errors.filter(has_text="4711").count() == 1, "the error stands at its row"
    assert errors.filter(has_text="4711").locator("td").first.inner_text().strip() == "3"
    assert visit.page.locator("main form button[type=submit]").count() == 0, "nothing to apply"

    visit.go(imports)
    visit.page.set_input_files(f"{upload} input[name=file]", csv_file("bls.csv", good))
    visit.submit(upload)
    dry_run = visit.page.url
    assert visit.page.locator("main table tbody tr").filter(has_text="Emma Bos").count() == 1
    visit.submit("main form.zw-actions")
    assert visit.page.url == dry_run
    assert visit.page.locator("main [role=status].utrecht-alert--ok").count() > 0, "applied"
    assert visit.page.locator("main form.zw-actions").count() == 0, "and only once"

    # Triage: an incident taken into analysis; a cause without a description is refused.
    visit.go(f"{ORG}/incidenten/?status=reported")
    with visit.page.expect_navigation(wait_until="load"):
        visit.page.locator("main table a[href*='/incidenten/']").first.click()
    visit.check()
    incident = visit.page.url.removeprefix(visit.base_url)
    visit.submit("main form:has(button[value=in_analysis])", "button[value=in_analysis]")
    causes = visit.page.locator("section:has(#analysis-heading) ul li").count()
    form = "main form[action$='/oorzaken/']"
    visit.page.select_option(f"{form} select[name=code]", index=1)
    visit.page.fill(f"{form} input[name=description]", "   ")
    visit.submit_refused(form, "description")
    visit.go(incident)
    assert visit.page.locator("section:has(#analysis-heading) ul li").count() == causes
    visit.page.select_option(f"{form} select[name=code]", index=1)
    visit.page.fill(f"{form} input[name=description]", "Alarmgrens niet aangepast na wissel.")
    visit.submit(form)
    assert visit.page.locator("section:has(#analysis-heading) ul li").count() == causes + 1
