"""The annual report of a year without figures, or whose every figure is suppressed, says so
plainly; the monitor page offers an annual report only for years that show a figure. And the
rules page states what members who pool their figures cannot learn."""

from __future__ import annotations

import datetime
import re

import pytest
from reportlab import rl_config

from tests.monitor.conftest import Q1, row, submit_in_window
from tests.monitor.test_views import client_of, url
from zorgwijs.monitor.models import Release

pytestmark = pytest.mark.django_db

Q1_2023 = datetime.date(2023, 1, 1)


def pdf_text(content: bytes) -> str:
    """The text drawn in an uncompressed PDF, its lines joined by spaces."""
    lines = re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", content)
    return " ".join(line.decode("latin-1") for line in lines)


@pytest.fixture
def years(monitor_world):
    """2024 Q1 of five organisations (figures shown); 2023 Q1 of two only (all suppressed)."""
    orgs = monitor_world.orgs
    submit_in_window(
        monitor_world.network,
        [(o, [row(headcount=200 + 10 * i)], Q1) for i, o in enumerate(orgs[:5])]
        + [(o, [row(headcount=300 + i)], Q1_2023) for i, o in enumerate(orgs[:2])],
    )
    return monitor_world


def test_the_page_offers_annual_reports_only_for_years_that_show_a_figure(years):
    releases = Release.objects.filter(network=years.network)
    assert {r.quarter.year for r in releases} == {2023, 2024}
    client = client_of(years.adviser)
    page = client.get(url("network", years.orgs[0], network_slug=years.network.slug))
    assert page.status_code == 200
    assert page.context["years"] == [2024]
    html = page.content.decode()
    assert url("annual_report", years.orgs[0], network_slug=years.network.slug, year=2024) in html
    assert "jaarrapportage-2023.pdf" not in html


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            2023,
            "Over 2023 zijn er geen cijfers die gedeeld kunnen worden: elk regiocijfer van dit "
            "jaar is afgeschermd, om de cijfers van de afzonderlijke organisaties te beschermen.",
        ),
        (
            2019,
            "Over 2019 zijn er geen gepubliceerde cijfers: er is voor dit jaar nog geen "
            "kwartaal gepubliceerd.",
        ),
    ],
)
def test_the_report_of_a_year_without_shareable_figures_says_so(years, monkeypatch, year, message):
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    client = client_of(years.adviser)
    pdf = client.get(
        url("annual_report", years.orgs[0], network_slug=years.network.slug, year=year)
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert message in text
    assert f"Jaarrapportage HR-monitor {year}" in text
    assert "Regio / sector" not in text  # no table of x's


def test_the_report_of_a_year_with_figures_has_its_tables_and_no_such_message(years, monkeypatch):
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    client = client_of(years.adviser)
    pdf = client.get(
        url("annual_report", years.orgs[0], network_slug=years.network.slug, year=2024)
    )
    text = pdf_text(pdf.content)
    assert "Regio / sector" in text and "2024 K1" in text
    assert "geen cijfers" not in text and "geen gepubliceerde cijfers" not in text


@pytest.mark.parametrize("year", [0, 1, 99999999999999999999])
def test_a_year_out_of_range_in_the_address_gives_a_report_not_an_error(years, year):
    client = client_of(years.adviser)
    pdf = client.get(
        f"/o/{years.orgs[0].slug}/hr-monitor/netwerk/{years.network.slug}/jaarrapportage-{year}.pdf"
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_network_without_any_release_offers_no_annual_report(monitor_world):
    client = client_of(monitor_world.adviser)
    page = client.get(
        url("network", monitor_world.orgs[0], network_slug=monitor_world.network.slug)
    )
    assert page.status_code == 200
    assert page.context["years"] == []
    assert "jaarrapportage-" not in page.content.decode()


def test_the_rules_page_states_what_members_who_pool_their_figures_cannot_learn(monitor_world):
    """The guarantee of docs/monitor.md in the words of the rules page, Dutch and English."""
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from zorgwijs.monitor.models import MonitorSettings

    address = url("rules", monitor_world.orgs[0], network_slug=monitor_world.network.slug)
    client = client_of(monitor_world.adviser)
    text = client.get(address).content.decode()
    assert "Een organisatie kan met haar eigen cijfers geen cijfer van een andere" in text
    assert "na de 2 grootste organisaties minder is dan 10% van de grootste" in text
    with scopes_disabled():
        MonitorSettings.objects.create(network=monitor_world.network, min_organisations=4)
    text = client.get(address).content.decode()
    assert "Tot 2 organisaties die hun eigen cijfers samenleggen" in text
    assert "na de 3 grootste organisaties" in text
    get_user_model().objects.filter(pk=monitor_world.adviser.user.pk).update(language="en")
    text = client.get(address).content.decode()
    assert "Up to 2 organisations that pool their own figures cannot together" in text
    assert "after its 3 largest organisations is less than 10% of the largest" in text
