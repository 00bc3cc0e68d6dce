"""The coordinator of the regional network (seed 003: "kennis verzamelen: een regionale
monitor"): tightens the HR monitor's disclosure rules (a value outside the safe bounds first),
then in English links an indicator to one of the network's topics. Both are put back as they
were, so the other journeys meet the demo's monitor."""

from __future__ import annotations

ORG = "/o/zorgacademie-midden"
MONITOR = f"{ORG}/hr-monitor/netwerk/leren-is-altijd/"
RULES = f"{MONITOR}regels/"
LINKS = f"{MONITOR}koppelingen/"
MIN_ORGS = "main form:has(input[name=min_organisations]) input[name=min_organisations]"


def test_network_coordinator_sets_the_monitor_rules_and_links_an_indicator(visit):
    visit.sign_in("network coordinator")
    visit.expect_language("nl")

    # The rules: fewer than three organisations per cell is outside the safe bounds.
    form = "main form:has(input[name=min_organisations])"
    visit.go(RULES)
    before = visit.page.locator(MIN_ORGS).input_value()
    visit.page.fill(MIN_ORGS, "2")
    visit.submit_refused(form, "min_organisations")
    visit.go(RULES)
    assert visit.page.locator(MIN_ORGS).input_value() == before, "a refused rule is not kept"
    tighter = str(int(before) + 1)
    visit.page.fill(MIN_ORGS, tighter)
    visit.submit(form)
    assert visit.page.url.endswith(MONITOR), "back on the monitor, worked out again"
    visit.go(RULES)
    assert visit.page.locator(MIN_ORGS).input_value() == tighter
    visit.page.fill(MIN_ORGS, before)
    visit.submit(form)

    # In English: an indicator linked to a whole topic of the network, then unlinked again.
    visit.switch_language("en")
    links = "main form:has(input[type=checkbox])"
    visit.go(LINKS)
    visit.expect_language("en")
    box = visit.page.locator(f"{links} input[type=checkbox]:not(:checked)").first
    name, value = box.get_attribute("name"), box.get_attribute("value")
    chosen = f"{links} input[name='{name}'][value='{value}']"
    box.check()
    visit.submit(links)
    assert visit.page.url.endswith(MONITOR)
    visit.go(LINKS)
    assert visit.page.locator(chosen).is_checked(), "the link is kept"
    visit.page.locator(chosen).uncheck()
    visit.submit(links)
    visit.go(LINKS)
    assert not visit.page.locator(chosen).is_checked()
    visit.switch_language("nl")
