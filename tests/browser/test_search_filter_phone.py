"""On a 360 px phone the search results come first: the facets sit behind a "Filter" button
(a <details>/<summary>, so its state is announced); on a laptop they stand open beside them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from tests.browser.conftest import SCREENSHOTS
from tests.browser.page_check import problems_on, watch
from tests.browser.test_search_results import everything  # noqa: F401 (fixture)
from zorgwijs.lib.dates import format_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_facets_sit_behind_a_filter_button_on_a_phone_only(
    new_context,
    live_server,
    world,
    everything,  # noqa: F811
    language,
):
    get_user_model().objects.filter(pk=world.employee_a.user.pk).update(language=language)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    button = "Filter"
    # Phone, 360 px wide.
    context = new_context(world.employee_a.user, viewport="phone")
    errors: list[str] = []
    watch(context, errors)
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/zoeken/?q=Volumat", wait_until="load")
    summary = page.locator("details.zw-filter-fold > summary")
    assert summary.is_visible() and summary.inner_text().startswith(button)
    with translation.override(language):
        validated = format_date(timezone.localdate())
    assert validated in page.content()  # "gevalideerd op 6 december 2026", not 06-12-2026
    assert page.locator("details.zw-filter-fold").get_attribute("open") is None
    facet = page.locator(".zw-vp-facet").first
    assert not facet.is_visible()
    first_result = page.locator(".zw-vp-result").first.bounding_box()
    assert first_result is not None and first_result["y"] < 780  # on the first screen
    page.screenshot(
        path=str(SCREENSHOTS / f"search-filter-{language}-phone360.png"), full_page=True
    )
    assert problems_on(page, errors) == []
    summary.click()
    assert facet.is_visible()
    page.screenshot(
        path=str(SCREENSHOTS / f"search-filter-{language}-phone360-open.png"), full_page=True
    )
    # Laptop: the facets stand open, no button.
    context = new_context(world.employee_a.user, viewport="laptop")
    errors = []
    watch(context, errors)
    page = context.new_page()
    page.goto(live_server.url + "/zoeken/?q=Volumat", wait_until="load")
    assert not page.locator("details.zw-filter-fold > summary").is_visible()
    assert page.locator(".zw-vp-facet").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"search-filter-{language}-laptop.png"), full_page=True)
    assert problems_on(page, errors) == []
