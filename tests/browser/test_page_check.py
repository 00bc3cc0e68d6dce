"""The page check itself finds what it is there to find."""

from __future__ import annotations

import pytest

from tests.browser.page_check import RECORD_CSP_VIOLATIONS, problems_on

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html><head><title>t</title>
<link rel="stylesheet" href="data:text/css,body{color:black}"></head>
<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button></button></main></body></html>"""


def test_axe_violations_and_console_errors_are_reported(browser):
    context = browser.new_context()
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_content(BROKEN_PAGE)
    problems = problems_on(page, ["console error"])
    context.close()
    assert "console error" in problems
    assert any(p.startswith("axe image-alt (critical)") for p in problems), problems
    assert any(p.startswith("axe button-name (critical)") for p in problems), problems
