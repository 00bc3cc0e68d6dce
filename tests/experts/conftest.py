from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from zorgwijs.experts.models import ExpertProfile, Reach
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.models import Theme
from zorgwijs.projects.services import project_create


@pytest.fixture
def themes(db):
    return {
        slug: Theme.objects.create(slug=slug, name=name)
        for slug, name in (
            ("valpreventie", "Valpreventie"),
            ("anders-werken", "Anders werken"),
            ("dementie", "Dementie"),
        )
    }


def make_profile(user, *, listed=True, reach=Reach.PUBLIC, themes=(), projects=(), **fields):
    profile = ExpertProfile.objects.create(user=user, listed=listed, reach=reach, **fields)
    profile.themes.set(themes)
    profile.projects.set(projects)
    return profile


def make_project(world, organisation=None, *, visibility=Visibility.PUBLIC, themes=(), **data):
    with scopes_disabled():
        return project_create(
            actor=None,
            organisation=organisation or world.org_b,
            themes=themes,
            data={
                "title": "Valpreventie in het verpleeghuis",
                "summary": "Minder valincidenten bij bewoners door sensoren en beweegoefeningen.",
                "visibility": visibility,
                **data,
            },
        )
