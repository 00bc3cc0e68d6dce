"""Every GET page (see page_check.py), in a real browser on a laptop and a phone."""

from __future__ import annotations

import pytest

from tests.browser.page_check import check_page
from tests.browser.pages import pages

pytestmark = pytest.mark.browser

PAGES = pages()


@pytest.mark.parametrize("page_spec", PAGES, ids=[str(p.route) for p in PAGES])
def test_page_is_accessible_and_error_free(page_spec, page_world, page_contexts, live_server):
    check_page(page_spec, page_world, page_contexts, live_server)
