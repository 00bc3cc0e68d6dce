"""Every page in a real browser, on a laptop and a phone, with the real Content-Security-Policy:
no console errors, no CSP violations, no failed requests, stylesheets loaded. Screenshots land in
test-artifacts/screenshots/<page>-<viewport>.png for people to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, open_page, screenshot_name
from tests.browser.pages import pages, plan_visit

pytestmark = pytest.mark.browser

PAGES = pages()
# The page reports its own CSP violations; init scripts run before the page's CSP applies.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
                              + ` (${e.sourceFile || ''}:${e.lineNumber || ''})`);
});
"""
STYLES_APPLIED = """() => {
  const sheets = [...document.styleSheets].filter((s) => s.href);
  return sheets.length > 0 && sheets.every((s) => { try { return s.cssRules.length > 0; }
                                                    catch (e) { return false; } });
}"""


@pytest.mark.parametrize("page_spec", PAGES, ids=[str(p.route) for p in PAGES])
def test_no_console_errors_or_csp_violations(
    page_spec, world, platform_admin, mfa_user, new_context, live_server
):
    visit = plan_visit(page_spec, world, platform_admin, mfa_user)
    if visit is None:
        return  # POST-only view or download, checked by plan_visit
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport in VIEWPORTS:
        errors: list[str] = []

        def watch(context, errors=errors):
            context.add_init_script(RECORD_CSP_VIOLATIONS)
            # "Failed to load resource" repeats what the response listener below reports (and
            # is logged for pages meant to answer 403, such as "two factors needed").
            context.on(
                "console",
                lambda m: (
                    m.type == "error"
                    and not m.text.startswith("Failed to load resource")
                    and errors.append(m.text)
                ),
            )
            context.on("weberror", lambda err: errors.append(f"uncaught: {err.error}"))
            context.on("requestfailed", lambda r: errors.append(f"failed: {r.url} {r.failure}"))
            context.on(
                "response",
                lambda r: (
                    r.status >= 400
                    and r.request.resource_type != "document"
                    and errors.append(f"HTTP {r.status}: {r.url}")
                ),
            )

        page = open_page(visit, new_context, live_server, viewport=viewport, watch=watch)
        errors += [f"CSP: {v}" for v in page.evaluate("window.__cspViolations")]
        if not page.evaluate(STYLES_APPLIED):
            errors.append("a stylesheet did not load")
        name = f"{screenshot_name(str(page_spec.route))}-{viewport}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        problems += [f"{viewport} as {visit.actor}: {error}" for error in errors]
    assert not problems, f"{visit.path}:\n  - " + "\n  - ".join(problems)
