"""The monitor in a real browser, with published figures: the chart is drawn from the same data
as the tables, on a laptop and a phone, without serious accessibility problems."""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, new_context  # noqa: F401 (fixture)
from tests.browser.page_check import _problems_on, _watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("indicator", ["headcount", "absence", "outflow"])
def test_the_monitor_page_draws_its_chart_and_passes_axe(
    region,
    new_context,  # noqa: F811 (the browser tests' fixture, imported above)
    live_server,
    indicator,
):
    path = reverse(
        "monitor:network",
        kwargs={"org_slug": region.orgs[0].slug, "network_slug": region.network.slug},
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for viewport in VIEWPORTS:
        errors: list[str] = []
        context = new_context(region.adviser.user, viewport=viewport)
        _watch(context, errors=errors)
        page = context.new_page()
        page.goto(f"{live_server.url}{path}?indicator={indicator}", wait_until="load")
        page.wait_for_function("() => window.Chart && Chart.getChart('zw-monitor-chart')")
        labels = page.evaluate("() => Chart.getChart('zw-monitor-chart').data.labels")
        assert labels == ["2024-K1"]
        cells = page.locator("table.zw-monitor-table td").all_inner_texts()
        assert "x" in cells  # the lone GGZ organisation is suppressed in the table too
        page.screenshot(
            path=str(SCREENSHOTS / f"monitor-{indicator}-{viewport}.png"), full_page=True
        )
        problems += [f"{viewport}: {p}" for p in partial(_problems_on, page)(errors)]
    assert not problems, "\n".join(problems)
