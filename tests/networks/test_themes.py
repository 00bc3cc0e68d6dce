"""A monthly theme is changed by whoever may add one (the editorial board: editors and
coordinators), with the same checks as adding it and an audit entry; nobody else can."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.networks.factories import give_network_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.models import MonthlyTheme, RoleKind


@pytest.fixture(autouse=True)
def _in_november_2026():
    """The themes below are November's and December's of 2026, and the editorial calendar
    shows the months around today."""
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def themes(network):
    november = MonthlyTheme.objects.create(
        network=network,
        month=datetime.date(2026, 11, 1),
        title="Leren van elkaar",
        quote="Wie leert, blijft.",
        quote_source="Een werkbegeleider",
    )
    december = MonthlyTheme.objects.create(
        network=network, month=datetime.date(2026, 12, 1), title="Werkplezier"
    )
    return november, december


def _edit(network, theme) -> str:
    return reverse(
        "networks:theme_edit", kwargs={"network_slug": network.slug, "theme_id": theme.pk}
    )


def _as_stored(theme):
    theme = MonthlyTheme.objects.get(pk=theme.pk)
    return (theme.month, theme.title, theme.quote, theme.quote_source)


CHANGE = {
    "month": "2027-01-20",
    "title": "Leren in de wijk",
    "quote": "Samen kom je verder.",
    "quote_source": "Ineke de Vries",
}


def test_the_coordinator_changes_a_theme_and_it_is_audited(world, network, themes):
    november, _december = themes
    client = sign_in(Client(), world.admin_a.user)  # coordinator
    page = client.get(_edit(network, november))
    assert page.status_code == 200
    assert 'value="Leren van elkaar"' in page.content.decode()
    response = client.post(_edit(network, november), CHANGE)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "networks:theme", kwargs={"network_slug": network.slug, "theme_id": november.pk}
    )
    assert _as_stored(november) == (
        datetime.date(2027, 1, 1),
        "Leren in de wijk",
        "Samen kom je verder.",
        "Ineke de Vries",
    )
    entry = AuditEntry.objects.get(action="networks.theme.changed")
    assert entry.actor_id == world.admin_a.user_id and entry.object_id == str(november.pk)
    assert sorted(entry.data["changed"]) == ["month", "quote", "quote_source", "title"]
    # The theme's page and the editorial calendar link to the edit page for the board.
    theme_page = client.get(
        reverse("networks:theme", kwargs={"network_slug": network.slug, "theme_id": november.pk})
    )
    assert _edit(network, november) in theme_page.content.decode()


def test_an_editor_changes_a_theme(world, network, themes):
    november, _december = themes
    give_network_role(network, world.colleague_a.user, RoleKind.EDITOR)
    client = sign_in(Client(), world.colleague_a.user)
    data = {"month": "2026-11-01", "title": "Leren van en met elkaar"}
    assert client.post(_edit(network, november), data).status_code == 302
    stored = MonthlyTheme.objects.get(pk=november.pk)
    assert stored.title == "Leren van en met elkaar" and stored.quote == ""
    calendar = client.get(reverse("networks:editorial", kwargs={"network_slug": network.slug}))
    assert _edit(network, november) in calendar.content.decode()


def test_people_outside_the_editorial_board_cannot_change_a_theme(
    world, network, themes, participant
):
    november, _december = themes
    before = _as_stored(november)
    people = {
        "member of a member organisation": world.employee_a.user,
        "participant": participant,
        "person of another organisation": world.outsider_b.user,
    }
    for who, user in people.items():
        client = sign_in(Client(), user)
        assert client.get(_edit(network, november)).status_code == 404, who
        assert client.post(_edit(network, november), CHANGE).status_code == 404, who
        theme_page = client.get(
            reverse(
                "networks:theme", kwargs={"network_slug": network.slug, "theme_id": november.pk}
            )
        )
        assert _edit(network, november) not in theme_page.content.decode(), who
    response = Client().post(_edit(network, november), CHANGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _as_stored(november) == before
    assert not AuditEntry.objects.filter(action="networks.theme.changed").exists()


def test_a_theme_of_another_network_is_not_found(world, network, themes):
    from tests.networks.factories import make_network

    other = make_network(world.org_a, public=True, slug="ander-netwerk")
    november, _december = themes
    client = sign_in(Client(), world.admin_a.user)
    assert client.post(_edit(other, november), CHANGE).status_code == 404


def test_bad_input_is_refused_at_the_field_and_nothing_changes(world, network, themes):
    november, _december = themes
    before = _as_stored(november)
    client = sign_in(Client(), world.admin_a.user)
    # December has a theme already: one theme per month, as when adding.
    response = client.post(_edit(network, november), {**CHANGE, "month": "2026-12-15"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_month-error"' in page
    assert "Deze maand heeft al een thema." in page
    assert 'value="Leren in de wijk"' in page  # what was typed stays
    response = client.post(_edit(network, november), {**CHANGE, "title": ""})
    assert response.status_code == 400 and 'id="id_title-error"' in response.content.decode()
    response = client.post(_edit(network, november), {**CHANGE, "month": "geen datum"})
    assert response.status_code == 400 and 'id="id_month-error"' in response.content.decode()
    assert _as_stored(november) == before
    assert not AuditEntry.objects.filter(action="networks.theme.changed").exists()
    # Keeping its own month is no clash.
    same_month = {**CHANGE, "month": "2026-11-30"}
    assert client.post(_edit(network, november), same_month).status_code == 302
    assert MonthlyTheme.objects.get(pk=november.pk).month == datetime.date(2026, 11, 1)
