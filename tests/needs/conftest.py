from __future__ import annotations

from types import SimpleNamespace

import pytest

from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.models import Theme
from zorgwijs.projects.services import project_create

from .helpers import make_need


@pytest.fixture
def themes(db):
    return SimpleNamespace(
        falls=Theme.objects.create(slug="valpreventie", name="Valpreventie"),
        rosters=Theme.objects.create(slug="anders-werken", name="Anders werken"),
    )


@pytest.fixture
def content(world, themes):
    """Organisation A's public, network and private need; organisation B's private need; a
    public project and a private project of organisation A, both on falls in Rivierenland."""
    public_project = project_create(
        actor=None,
        organisation=None,
        themes=[themes.falls],
        data={
            "title": "Valpoli in de regio",
            "summary": "Samen vallen voorkomen.",
            "region": "Rivierenland",
        },
    )
    private_project = project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        themes=[themes.falls],
        data={
            "title": "Geheime valpilot",
            "summary": "Alleen voor Rivierenland Ziekenhuis.",
            "visibility": Visibility.ORGANISATION,
            "region": "Rivierenland",
        },
    )
    return SimpleNamespace(
        public=make_need(world.employee_a, "Hoe voorkomen we vallen thuis?", themes=[themes.falls]),
        network=make_need(
            world.employee_a,
            "Valpreventie in het netwerk",
            visibility=Visibility.NETWORK,
            themes=[themes.falls],
        ),
        private=make_need(
            world.employee_a,
            "Interne valvraag Rivierenland",
            visibility=Visibility.ORGANISATION,
            themes=[themes.falls],
        ),
        other_private=make_need(
            world.outsider_b,
            "Noorderzorg interne roostervraag",
            visibility=Visibility.ORGANISATION,
            themes=[themes.rosters],
            region="Groningen",
        ),
        public_project=public_project,
        private_project=private_project,
    )
