"""One visit per page and screen size that checks everything a browser can see at once.

Every GET page is opened in a real browser, on a laptop and a phone, under the real
Content-Security-Policy, and must show: no serious or critical axe-core violations, no console
errors, no CSP violations, no failed requests, and loaded stylesheets. A screenshot of each lands
in test-artifacts/screenshots/<page>-<viewport>.png for people to look at.

axe-core is evaluated through the DevTools protocol, which the page's CSP does not govern, so
the page is checked exactly as visitors get it. Each page is a test of its own
(test_pages.py), so the test workers share the pages out between them.
"""

from __future__ import annotations

from functools import partial

from tests.browser.conftest import AXE, SCREENSHOTS, VIEWPORTS, open_page, screenshot_name
from tests.browser.pages import Page, plan_visit

SERIOUS = {"serious", "critical"}
AXE_SOURCE = AXE.read_text(encoding="utf-8") if AXE.exists() else ""
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
RUN_AXE = "async () => await axe.run(document, {resultTypes: ['violations']})"


def _watch(context, errors: list[str]) -> None:
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    # "Failed to load resource" repeats what the response listener below reports (and is
    # logged for pages meant to answer 403, such as "two factors needed").
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


def _describe(violation) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return (
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}; "
        f"{len(violation['nodes'])} element(s), e.g. {targets}"
    )


def _problems_on(page, errors: list[str]) -> list[str]:
    problems = list(errors) + [f"CSP: {v}" for v in page.evaluate("window.__cspViolations")]
    if not page.evaluate(STYLES_APPLIED):
        problems.append("a stylesheet did not load")
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(RUN_AXE)
    problems += [_describe(v) for v in result["violations"] if v["impact"] in SERIOUS]
    return problems


def check_page(page_spec: Page, world, platform_admin, mfa_user, new_context, live_server):
    visit = plan_visit(page_spec, world, platform_admin, mfa_user)
    if visit is None:
        return  # POST-only view or download, checked by plan_visit
    assert AXE_SOURCE, f"{AXE} is missing: run `make setup`"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport in VIEWPORTS:
        errors: list[str] = []
        page = open_page(
            visit, new_context, live_server, viewport=viewport, watch=partial(_watch, errors=errors)
        )
        name = f"{screenshot_name(str(page_spec.route))}-{viewport}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        problems += [f"{viewport} as {visit.actor}: {p}" for p in _problems_on(page, errors)]
    assert not problems, f"{visit.path}:\n  - " + "\n  - ".join(problems)
