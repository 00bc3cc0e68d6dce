"""The monitor in a real browser, with published figures: the chart is drawn from the same data
as the tables, on a laptop and a phone, without serious accessibility problems."""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse

from tests.browser.conftest import SCREENSHOTS, VIEWPORTS, new_context  # noqa: F401 (fixture)
from tests.browser.page_check import problems_on, watch
from tests.monitor.test_months import by_month  # noqa: F401 (fixture)

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
        watch(context, errors=errors)
        page = context.new_page()
        page.goto(f"{live_server.url}{path}?indicator={indicator}", wait_until="load")
        page.wait_for_function("() => window.Chart && Chart.getChart('zw-monitor-chart')")
        labels = page.evaluate("() => Chart.getChart('zw-monitor-chart').data.labels")
        assert labels == ["2024 K1"]
        cells = page.locator("table.zw-monitor-table td").all_inner_texts()
        assert "x" in cells  # the lone GGZ organisation is suppressed in the table too
        page.screenshot(
            path=str(SCREENSHOTS / f"monitor-{indicator}-{viewport}.png"), full_page=True
        )
        problems += [f"{viewport}: {p}" for p in partial(problems_on, page)(errors)]
    assert not problems, "\n".join(problems)


def _look(new_context, live_server, user, path: str, name: str) -> list[str]:  # noqa: F811
    """Open ``path`` as ``user`` in Dutch and English, on a laptop and a 360 px phone: a
    screenshot of each, and the serious axe findings, console errors and CSP violations."""
    from django.contrib.auth import get_user_model

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for language in ("nl", "en"):
        get_user_model().objects.filter(pk=user.pk).update(language=language)
        for viewport in ("laptop", "phone"):
            errors: list[str] = []
            context = new_context(user, viewport=viewport)
            watch(context, errors=errors)
            page = context.new_page()
            if viewport == "phone":
                page.set_viewport_size({"width": 360, "height": 780})
            page.goto(f"{live_server.url}{path}", wait_until="load")
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{language}-{viewport}.png"), full_page=True
            )
            problems += [f"{language} {viewport}: {p}" for p in problems_on(page, errors)]
    return problems


def test_the_links_and_topic_pages_pass_axe_in_both_languages(
    region,
    new_context,  # noqa: F811
    live_server,
):
    from django_scopes import scopes_disabled

    from zorgwijs.monitor.models import IndicatorLink
    from zorgwijs.networks.models import Action, Topic

    with scopes_disabled():
        topic = Topic.objects.create(
            network=region.network, number=1, title="Huidige professionals behouden"
        )
        action = Action.objects.create(topic=topic, title="Buddy voor starters", status="running")
        Action.objects.create(topic=topic, title="Exitgesprekken")
        link = IndicatorLink.objects.create(
            network=region.network, indicator="outflow", topic=topic
        )
        link.actions.set([action])
        IndicatorLink.objects.create(network=region.network, indicator="headcount", topic=topic)
    kwargs = {"org_slug": region.orgs[0].slug, "network_slug": region.network.slug}
    problems = _look(
        new_context,
        live_server,
        region.coordinator.user,
        reverse("monitor:links", kwargs=kwargs),
        "monitor-links",
    )
    problems += _look(
        new_context,
        live_server,
        region.adviser.user,
        reverse("monitor:topic", kwargs={**kwargs, "topic_id": topic.pk}),
        "monitor-topic",
    )
    problems += _look(
        new_context,
        live_server,
        region.adviser.user,
        reverse("monitor:network", kwargs=kwargs) + "?indicator=outflow",
        "monitor-network-linked",
    )
    assert not problems, "\n".join(problems)


def test_the_months_of_a_quarter_pass_axe_in_both_languages(
    by_month,  # noqa: F811
    new_context,  # noqa: F811
    live_server,
):
    kwargs = {"org_slug": by_month.orgs[0].slug, "network_slug": by_month.network.slug}
    problems = _look(
        new_context,
        live_server,
        by_month.adviser.user,
        reverse("monitor:network", kwargs=kwargs) + "?indicator=inflow&periode=maand",
        "monitor-months",
    )
    assert not problems, "\n".join(problems)
