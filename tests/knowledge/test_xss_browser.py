"""In a real browser, with the site's CSP: a page, a question and a diff full of XSS payloads
render without any script running (no dialog, no handler, no injected element)."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import session_cookie
from tests.knowledge.factories import make_answer, make_page, make_question
from tests.knowledge.test_xss import PAYLOADS
from zorgwijs.knowledge.services.pages import page_revise

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

# Every payload tries to set this global or open a dialog; neither may happen.
PROBE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def test_no_payload_runs_in_the_browser(browser, live_server, space, world):
    body = "\n\n".join([*PAYLOADS, PROBE])
    page = make_page(space, world.admin_a.user, title=PROBE, body=body)
    page_revise(
        actor=world.admin_a.user,
        page=page,
        title=page.title,
        body=body + "\n\nmeer",
        base_revision_id=page.current_revision_id,
    )
    question = make_question(space, world.employee_a.user, title=PROBE, body=body)
    make_answer(question, world.admin_a.user, body=body)
    base = f"{live_server.url}/kennis/{space.slug}"
    urls = [
        f"{base}/pagina/{page.pk}/",
        f"{base}/vragen/{question.pk}/",
        f"{base}/pagina/{page.pk}/verschil/",
        f"{base}/",
    ]

    context = browser.new_context(locale="nl-NL")
    context.add_cookies([session_cookie(world.admin_a.user, live_server)])
    dialogs, errors = [], []
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for url in urls:
            response = tab.goto(url, wait_until="load")
            assert response.status == 200, url
            tab.wait_for_timeout(200)  # let any onerror/onload fire
            assert tab.evaluate("() => window.__xss") is None, url
            injected = tab.evaluate("""() => [...document.querySelectorAll(
                'main script, main iframe, main svg, main object, main [style]')].length
                + [...document.querySelectorAll('main *')].filter(
                    el => [...el.attributes].some(a => a.name.startsWith('on'))).length
                + [...document.querySelectorAll('main a[href]')].filter(
                    a => /^(javascript|data|vbscript):/i.test(a.getAttribute('href'))).length""")
            assert injected == 0, url
        assert dialogs == [] and errors == []
    finally:
        context.close()
