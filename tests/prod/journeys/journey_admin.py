"""An organisation's administrator (two factors): adds a person, gives them a role, runs an HR
import (a dry run with a bad row, then a clean file applied) and reads the audit log. Every
step meets one bad value first and checks that it changed nothing.

Ziekenhuis Lingestreek, not the UMC: an HR file is the full staff list, so everyone of the
organisation is in it; the other journeys' accounts are elsewhere."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

ORG = "/o/ziekenhuis-lingestreek"
ADMIN = f"{ORG}/beheer"
# The organisation's staff as the demo made it: employee number, name, e-mail, function, dept.
STAFF = (
    ("1001", "Ruud Peters", "beheer@lingestreek.demo", "Afdelingsmanager", "Intensive Care"),
    ("1002", "Ingrid Willems", "leiding.ic@lingestreek.demo", "Afdelingsmanager", "Intensive Care"),
    ("1003", "Kees van den Berg", "mt@lingestreek.demo", "Medisch technicus", "Intensive Care"),
    (
        "1004",
        "Lotte Dekker",
        "lotte@lingestreek.demo",
        "Dialyseverpleegkundige",
        "Beschouwende specialismen/Dialyse",
    ),
    ("1005", "Jeroen Vermeulen", "jeroen@lingestreek.demo", "IC-verpleegkundige", "Intensive Care"),
    (
        "1006",
        "Yara Koster",
        "yara@lingestreek.demo",
        "Verpleegkundige",
        "Snijdende specialismen/Chirurgie",
    ),
)
# New people get numbers and addresses of this run: the journey can walk the same server again.
RUN = str(int(time.time()))[-6:]
NINA = (f"7{RUN}", "Nina de Wit", f"nina.{RUN}@lingestreek.demo", *STAFF[4][3:])
SEM = (f"8{RUN}", "Sem Jacobs", f"sem.{RUN}@lingestreek.demo", "Verpleegkundige", "Intensive Care")
MEMBERS = f"main a[href^='{ADMIN}/mensen/'][href$='/']:not([href$='/nieuw/'])"


def hr_file(name: str, *extra: tuple[str, ...]) -> dict:
    lines = [";".join(("personeelsnummer", "naam", "e-mail", "functie", "afdeling"))]
    lines += [";".join(row) for row in (*STAFF, *extra)]
    return {"name": name, "mimeType": "text/csv", "buffer": ("\n".join(lines) + "\n").encode()}


def test_admin_adds_a_person_gives_a_role_imports_staff_and_reads_the_audit_log(visit):
    visit.sign_in("organisation admin")
    visit.expect_language("nl")

    # A new colleague, first with an employee number someone already has.
    before = visit.count(f"{ADMIN}/mensen/", MEMBERS)
    visit.go(f"{ADMIN}/mensen/nieuw/")
    form = "main form:has(input[name=email])"
    visit.page.fill(f"{form} input[name=email]", NINA[2])
    visit.page.fill(f"{form} input[name=full_name]", NINA[1])
    visit.page.fill(f"{form} input[name=employee_number]", "1003")
    visit.page.select_option(f"{form} select[name=job_function]", label="IC-verpleegkundige")
    visit.submit_refused(form, "employee_number")
    assert visit.count(f"{ADMIN}/mensen/", MEMBERS) == before, "nobody was added"
    visit.go(f"{ADMIN}/mensen/nieuw/")
    visit.page.fill(f"{form} input[name=email]", NINA[2])
    visit.page.fill(f"{form} input[name=full_name]", NINA[1])
    visit.page.fill(f"{form} input[name=employee_number]", NINA[0])
    visit.page.select_option(f"{form} select[name=job_function]", label="IC-verpleegkundige")
    visit.submit(form)
    member = visit.page.url.removeprefix(visit.base_url)
    assert visit.count(f"{ADMIN}/mensen/", MEMBERS) == before + 1

    # A role: a manager without departments is refused; an assessor is granted.
    visit.go(f"{member}rollen/")
    form = "main form:has(select[name=role])"
    roles = "main .zw-role-list > li"
    granted = visit.page.locator(roles).count()
    visit.page.select_option(f"{form} select[name=role]", "manager")
    visit.submit_refused(form, "departments")
    visit.go(f"{member}rollen/")
    assert visit.page.locator(roles).count() == granted, "no role was given"
    visit.page.select_option(f"{form} select[name=role]", "assessor")
    visit.submit(form)
    assert visit.page.locator(roles).count() == granted + 1

    # The rest in English: the HR export, first with a row whose e-mail address is no address.
    visit.switch_language("en")
    upload = "main form:has(input[name=file])"
    visit.go(f"{ORG}/hr-import/")
    bad = (*SEM[:2], SEM[2].replace("@", "-at-"), *SEM[3:])
    visit.page.set_input_files(f"{upload} input[name=file]", hr_file("hr-fout.csv", NINA, bad))
    visit.submit(upload)
    visit.page.wait_for_selector("#fouten", timeout=60_000)  # the worker checks the file
    visit.check()
    errors = visit.page.locator("#fouten + .zw-table-wrap tbody tr")
    bad_row = str(len(STAFF) + 3)  # after the header, the staff and Nina
    assert errors.count() == 1, errors.all_inner_texts()
    assert errors.locator("td").first.inner_text().strip() == bad_row, "the error is at its row"
    assert visit.page.locator("main form button[type=submit]").count() == 0, "nothing to apply"
    assert visit.count(f"{ADMIN}/mensen/", MEMBERS) == before + 1, "nothing changed"

    visit.go(f"{ORG}/hr-import/")
    visit.page.set_input_files(f"{upload} input[name=file]", hr_file("hr.csv", NINA, SEM))
    visit.submit(upload)
    apply = "main form[action$='/toepassen/']"
    visit.page.wait_for_selector(apply, timeout=60_000)
    visit.check()
    if visit.page.locator(f"{apply} input[name=confirm]").count():  # an earlier run's people
        visit.page.check(f"{apply} input[name=confirm]")
    visit.submit(apply)
    visit.page.wait_for_selector("main [role=status].utrecht-alert--ok", timeout=60_000)
    visit.check()
    visit.go(f"{ADMIN}/mensen/?q={SEM[0]}")
    assert visit.page.locator(MEMBERS).count() == 1, "Sem Jacobs joined"

    # The audit log: a period that ends before it starts is refused at the field.
    log = "main form[role=search]"
    visit.go(f"{ADMIN}/audit/")
    today = timezone.localdate()
    visit.page.fill(f"{log} input[name=handeling]", "organisations.membership")
    visit.page.fill(f"{log} input[name=van]", today.isoformat())
    visit.page.fill(f"{log} input[name=tot]", (today - datetime.timedelta(days=7)).isoformat())
    visit.submit_refused(log, "tot")
    entries = "main table tbody tr:has(time)"
    assert visit.page.locator(entries).count() == 0, "no rows for a bad filter"
    visit.page.fill(f"{log} input[name=tot]", today.isoformat())
    visit.submit(log)
    assert visit.page.locator(entries).filter(has_text=NINA[1]).count() > 0
