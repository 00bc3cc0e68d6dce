"""Every page in a real browser, on a laptop and a phone: no serious or critical axe-core
violations. (Console errors and CSP: test_console.py; the two files run on different xdist
workers.)"""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE, VIEWPORTS, open_page
from tests.browser.pages import pages, plan_visit

pytestmark = pytest.mark.browser

PAGES = pages()
SERIOUS = {"serious", "critical"}


def _describe(violation) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}; "
        f"{len(violation['nodes'])} element(s), e.g. {targets}"
    )


@pytest.mark.parametrize("page_spec", PAGES, ids=[str(p.route) for p in PAGES])
def test_no_serious_accessibility_violations(
    page_spec, world, platform_admin, mfa_user, new_context, live_server
):
    visit = plan_visit(page_spec, world, platform_admin, mfa_user)
    if visit is None:
        return  # POST-only view or download, checked by plan_visit
    problems = []
    for viewport in VIEWPORTS:
        # bypass_csp only so that axe can be injected; test_console.py checks the CSP.
        page = open_page(visit, new_context, live_server, viewport=viewport, bypass_csp=True)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in result["violations"] if v["impact"] in SERIOUS]
        problems += [f"{viewport} as {visit.actor}: {_describe(v)}" for v in serious]
    assert not problems, f"{visit.path}:\n  - " + "\n  - ".join(problems)
