"""Issue 15 walked item by item: what a user hits first, tried with the test client."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from tests.double_submit import token_in
from tests.monitor.test_views import client_of, form_data, url
from zorgwijs.monitor.models import FigureRow, Submission

pytestmark = pytest.mark.django_db


def _counts():
    with scopes_disabled():
        return Submission.objects.count(), FigureRow.objects.count()


def test_an_organisation_of_two_sectors_adds_a_row_and_shares_one_version(monitor_world):
    """'Rij toevoegen' keeps what was typed, adds an empty row and stores nothing; both rows are
    then shared as one version (before, a second sector meant sharing half the figures first
    and correcting them with a reason)."""
    client = client_of(monitor_world.adviser)
    org = monitor_world.orgs[0]
    token = token_in(client.get(url("new", org)))
    first = form_data(token=token, inflow="12")
    added = client.post(url("new", org), {**first, "rij_toevoegen": "1"})
    assert added.status_code == 200
    assert _counts() == (0, 0), "adding a row stores nothing"
    formset = added.context["formset"]
    assert formset.total_form_count() == 2 and not formset.is_bound
    assert formset.forms[0].initial["headcount"] == "400"
    assert formset.forms[0].initial["fte"] == "280,5"
    body = added.content.decode()
    assert 'name="form-1-headcount"' in body and 'value="2024-K1"' in body
    assert "Rij toevoegen" in body

    both = {
        **first,
        "form-TOTAL_FORMS": "2",
        "form-1-sector": "ggz",
        "form-1-function_group": "",
        "form-1-headcount": "90",
        "form-1-fte": "60",
    }
    assert client.post(url("new", org), both).status_code == 302
    with scopes_disabled():
        submission = Submission.objects.get()
        assert submission.version == 1 and not submission.reason
        assert sorted(submission.rows.values_list("sector", "headcount")) == [
            ("ggz", 90),
            ("ziekenhuis", 400),
        ]


def test_adding_a_row_leaves_out_empty_rows_and_checks_nothing_yet(monitor_world):
    client = client_of(monitor_world.adviser)
    data = form_data(period="", absence_percent="130")
    data.update(
        {
            "form-TOTAL_FORMS": "2",
            "form-1-sector": "",
            "form-1-function_group": "",
            "form-1-headcount": "",
            "rij_toevoegen": "1",
        }
    )
    added = client.post(url("new", monitor_world.orgs[0]), data)
    assert added.status_code == 200
    assert added.context["formset"].total_form_count() == 2  # the empty row is not kept twice
    assert not added.context["form"].is_bound
    assert _counts() == (0, 0)


def test_the_indicator_links_to_vindplaats_projects_on_its_theme_the_reader_may_read(
    monitor_world, world
):
    """Item 4: outflow (theme "behoud-vitaliteit") lists a public project on that theme, not a
    project of another organisation kept to itself, nor one on another theme."""
    from zorgwijs.organisations.models import Visibility
    from zorgwijs.projects.models import Project, Theme

    with scopes_disabled():
        retention, _created = Theme.objects.get_or_create(
            slug="behoud-vitaliteit", defaults={"name": "Behoud en vitaliteit"}
        )
        other, _created = Theme.objects.get_or_create(
            slug="anders-werken", defaults={"name": "Anders werken"}
        )
        for title, organisation, visibility, theme in (
            ("Startende verpleegkundigen blijven", world.org_b, Visibility.PUBLIC, retention),
            ("Eigen behoudplan Noorderzorg", world.org_b, Visibility.ORGANISATION, retention),
            ("Zelfroosteren", world.org_b, Visibility.PUBLIC, other),
        ):
            project = Project.objects.create(
                organisation=organisation,
                title=title,
                summary="Een project.",
                visibility=visibility,
            )
            project.themes.add(theme)
    page = client_of(monitor_world.adviser).get(
        url("network", monitor_world.orgs[0], network_slug=monitor_world.network.slug)
        + "?indicator=outflow"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Startende verpleegkundigen blijven" in body
    assert "Eigen behoudplan Noorderzorg" not in body
    assert "Zelfroosteren" not in body
