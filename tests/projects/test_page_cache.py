"""A project page comes from the cache until the data changes (projects.selectors.
get_project_page_for_viewer, projects.similar.similar_shown, projects.reactions.
reactions_for_viewer, the {% shared %} fragments): the
next page load after a write shows the change, and a project made private leaves the pages of
those who may no longer read it at once, its title included."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.core.test_data_cache import _commit
from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import viewer_for
from zorgwijs.projects.models import ReactionKind
from zorgwijs.projects.reactions import reaction_moderate, reaction_post
from zorgwijs.projects.services import project_create, project_update

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "Valpreventie met sensoren intern"


def _project(world, title: str, **data):
    return project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={"title": title, "summary": "Minder vallen door sensoren bij het bed.", **data},
    )


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), len(captured)


def _reader(user) -> Client:
    client = sign_in(Client(), user)
    _commit()
    return client


def test_an_edit_shows_on_the_next_page_load(world):
    project = _project(world, "Valpreventie met sensoren")
    _commit()
    reader = _reader(world.outsider_b.user)
    url = f"/projecten/{project.pk}/"
    first, computed = _get(reader, url)
    again, served = _get(reader, url)
    assert served < computed, "the second load is served from the cache"
    assert again.count("Valpreventie met sensoren") == first.count("Valpreventie met sensoren")

    with scopes_disabled():
        project_update(
            actor=world.admin_a.user,
            project=project,
            data={"title": "Valpreventie met slimme sensoren", "summary": "Nieuwe samenvatting."},
        )
    _commit()
    page, _ = _get(reader, url)
    assert "Valpreventie met slimme sensoren" in page
    assert "Nieuwe samenvatting." in page


def test_a_project_made_private_leaves_other_readers_pages_at_once(world):
    hidden = _project(world, PRIVATE_TITLE)
    shown = _project(world, "Valpreventie met sensoren in de wijk")
    _commit()
    reader = _reader(world.outsider_b.user)
    page, _ = _get(reader, f"/projecten/{shown.pk}/")
    assert PRIVATE_TITLE in page, "comparable while it is public"
    _get(reader, f"/projecten/{hidden.pk}/")

    with scopes_disabled():
        project_update(
            actor=world.admin_a.user,
            project=hidden,
            data={"visibility": Visibility.ORGANISATION},
        )
    _commit()
    assert reader.get(f"/projecten/{hidden.pk}/").status_code == 404
    page, _ = _get(reader, f"/projecten/{shown.pk}/")
    assert PRIVATE_TITLE not in page, "no longer named to a reader of another organisation"
    owner_page, _ = _get(_reader(world.employee_a.user), f"/projecten/{hidden.pk}/")
    assert PRIVATE_TITLE in owner_page


def test_a_person_who_left_loses_their_organisations_projects_at_once(world):
    private = _project(world, PRIVATE_TITLE, visibility=Visibility.ORGANISATION)
    _commit()
    employee = _reader(world.employee_a.user)
    url = f"/projecten/{private.pk}/"
    assert PRIVATE_TITLE in _get(employee, url)[0]
    assert PRIVATE_TITLE in _get(employee, url)[0]

    with scopes_disabled():
        world.employee_a.end_date = timezone.localdate() - datetime.timedelta(days=1)
        world.employee_a.save(update_fields=["end_date"])
    _commit()
    response = employee.get(url)
    assert response.status_code == 404
    assert PRIVATE_TITLE not in response.content.decode()


def test_a_waiting_reaction_shows_to_its_author_only_until_approved(world):
    project = _project(world, "Valpreventie met sensoren", visibility=Visibility.PUBLIC)
    _commit()
    author, other = _reader(world.outsider_b.user), _reader(world.employee_a.user)
    url = f"/projecten/{project.pk}/"
    for client in (author, other, author, other):
        _get(client, url)  # both pages are now served from the cache

    text = "Wij zetten de sensor uit tijdens de nachtronde"
    with scopes_disabled():
        reaction = reaction_post(
            actor=world.outsider_b.user,
            viewer=viewer_for(world.outsider_b.user),
            project=project,
            kind=ReactionKind.REACTION,
            text=text,
        )
    _commit()
    assert text in _get(author, url)[0], "the author sees that theirs waits"
    assert text not in _get(other, url)[0]

    with scopes_disabled():
        reaction_moderate(actor=world.admin_a.user, reaction=reaction, decision="approve")
    _commit()
    assert text in _get(other, url)[0]
