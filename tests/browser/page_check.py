"""One visit per page that checks everything a browser can see at once.

Every GET page is opened in a real browser under the real Content-Security-Policy at laptop
width, then resized to a phone's (our scripts follow media queries, `zorgwijs.js`), and must
show: no serious or critical axe-core violations at either width, no console errors, no CSP
violations, no failed requests, and loaded stylesheets. Resizing rather than opening the page
again halves the work: the browser checks are most of the suite's time. With SCREENSHOTS=1
(`make screenshots`) a screenshot of each lands in test-artifacts/screenshots/<page>-<viewport>.png
for people to look at; the suite leaves them out, which saves a sixth of the page checks' time.

axe-core is loaded by its static URL, which the page's CSP allows, or else evaluated through
the DevTools protocol, which the page's CSP does not govern, so the page is checked exactly as
visitors get it. Each page is a test of its own (test_pages.py), so the test workers share the
pages out between them; the checks of one worker share one committed world and one browser
context per visitor (conftest.py page_world, page_contexts), and each starts with no cookies
but a new session of its visitor, as a new context would.
"""

from __future__ import annotations

import os

from django.templatetags.static import static
from django_scopes import scopes_disabled

from tests.browser.conftest import AXE, SCREENSHOTS, VIEWPORTS, screenshot_name, session_cookie
from tests.browser.pages import Page, plan_visit
from zorgwijs.organisations.models import RoleAssignment

SERIOUS = {"serious", "critical"}
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
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
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _listen(target, errors: list[str]) -> None:
    """Console errors, failed requests and error responses of a context or a page."""
    # "Failed to load resource" repeats what the response listener below reports (and is
    # logged for pages meant to answer 403, such as "two factors needed").
    target.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and errors.append(m.text)
        ),
    )
    target.on("requestfailed", lambda r: errors.append(f"failed: {r.url} {r.failure}"))
    target.on(
        "response",
        lambda r: (
            r.status >= 400
            and r.request.resource_type != "document"
            and errors.append(f"HTTP {r.status}: {r.url}")
        ),
    )


def watch(context, errors: list[str]) -> None:
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    _listen(context, errors)
    context.on("weberror", lambda err: errors.append(f"uncaught: {err.error}"))


def _describe(violation) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
    return (
        f"axe {violation['id']} ({violation['impact']}): {violation['help']}; "
        f"{len(violation['nodes'])} element(s), e.g. {targets}"
    )


def _load_problems(page, errors: list[str]) -> list[str]:
    """What went wrong loading the page and resizing it: console errors, failed requests, CSP
    violations, a stylesheet that did not load."""
    problems = list(errors) + [f"CSP: {v}" for v in page.evaluate("window.__cspViolations")]
    if not page.evaluate(STYLES_APPLIED):
        problems.append("a stylesheet did not load")
    return problems


def _axe_problems(page) -> list[str]:
    result = page.evaluate(RUN_AXE)
    return [_describe(v) for v in result["violations"] if v["impact"] in SERIOUS]


def problems_on(page, errors: list[str]) -> list[str]:
    """Everything wrong with a loaded page at its current size (loads axe-core into it)."""
    page.evaluate(AXE_SOURCE)
    return _load_problems(page, errors) + _axe_problems(page)


def watch_page(page, errors: list[str]) -> None:
    """``watch`` for one page of a context that several checks share (page_contexts): what the
    page reports goes to this check's ``errors`` and ends with the page."""
    _listen(page, errors)
    page.on("pageerror", lambda err: errors.append(f"uncaught: {err}"))


def check_page(page_spec: Page, shared, context_for, live_server):
    """Check one page in the world the page checks share (conftest.page_world), in the
    context of its visitor (conftest.page_contexts), and undo the role a visit gave admin A."""
    world = shared.world
    with scopes_disabled():
        roles_before = set(_roles_of(world.admin_a).values_list("pk", flat=True))
    try:
        visit = plan_visit(page_spec, world, shared.platform_admin, shared.mfa_user)
        if visit is not None:
            _check_visit(visit, page_spec, context_for(visit.user), live_server)
    finally:
        with scopes_disabled():
            _roles_of(world.admin_a).exclude(pk__in=roles_before).delete()


def _roles_of(membership):
    return RoleAssignment.objects.filter(membership=membership)


def _check_visit(visit, page_spec: Page, context, live_server) -> None:
    assert AXE_SOURCE, f"{AXE} is missing: run `make setup`"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Each check starts as a fresh context would: no cookies but a new session of its visitor.
    context.clear_cookies()
    if visit.user is not None:
        context.add_cookies([session_cookie(visit.user, live_server, mfa=True)])
    errors: list[str] = []
    page = context.new_page()
    try:
        watch_page(page, errors)
        response = page.goto(live_server.url + visit.path, wait_until="load")
        status = response.status if response is not None else None
        assert status is not None and (status < 400 or status == visit.status), (
            f"{visit.path} as {visit.actor}: HTTP {status}"
        )
        _load_axe(page, live_server, response)
        first, *others = VIEWPORTS
        problems = []
        for viewport in (first, *others):
            if viewport != first:
                page.set_viewport_size(VIEWPORTS[viewport])
                page.evaluate(NEXT_FRAME)  # media-query listeners have run, the layout is new
            if TAKE_SCREENSHOTS:
                name = f"{screenshot_name(str(page_spec.route))}-{viewport}.png"
                page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
            problems += [f"{viewport} as {visit.actor}: {p}" for p in _axe_problems(page)]
        problems += [f"as {visit.actor}: {p}" for p in _load_problems(page, errors)]
    finally:
        page.close()
    assert not problems, f"{visit.path}:\n  - " + "\n  - ".join(problems)


def _load_axe(page, live_server, response) -> None:
    """axe-core by its static URL where the page's CSP lets scripts of its own origin run: the
    context's cache then serves it, which costs ~30 % less than evaluating its 500 KB of source
    sent over the DevTools protocol (0.51 s against 0.71 s a page at load ~9, /tmp bench of 16
    pages each); elsewhere through the protocol, which the page's CSP does not govern."""
    policy = response.headers.get("content-security-policy", "") if response else ""
    script_src = next(
        (d.split()[1:] for d in policy.split(";") if d.split()[:1] == ["script-src"]), None
    )
    if script_src is not None and "'self'" in script_src:
        page.add_script_tag(url=live_server.url + static("vendor/axe/axe.min.js"))
    else:
        page.evaluate(AXE_SOURCE)
