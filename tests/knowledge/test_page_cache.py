"""A knowledge page comes from the cache until the data changes (knowledge.access.
get_space_for_viewer, knowledge.selectors.get_page_to_read and page_attachments, the follow
state, the learning-loop links, the {% shared %} text): the next page load after a write
shows it, and a person who leaves or loses a space's visibility is
refused at once."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.core.test_data_cache import _commit
from tests.knowledge.factories import make_page, make_pdf_attachment, make_space
from tests.signin import sign_in
from zorgwijs.knowledge.services.pages import page_revise
from zorgwijs.notifications.services import follow_set
from zorgwijs.organisations.models import Visibility

pytestmark = pytest.mark.django_db

SECRET = "Ontluchten via de tweede klep"


@pytest.fixture
def page(world):
    with scopes_disabled():
        space = make_space(world.org_a)
        page = make_page(space, world.admin_a.user, title=SECRET, body="Stap 1: *vullen*.")
    _commit()
    return page


def _url(page) -> str:
    return reverse("knowledge:page", kwargs={"space_slug": page.space.slug, "page_id": page.pk})


def _reader(user) -> Client:
    client = sign_in(Client(), user)
    _commit()
    return client


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), len(captured)


def test_a_new_version_shows_on_the_next_page_load(world, page):
    member = _reader(world.employee_a.user)
    first, computed = _get(member, _url(page) + "?versie=nieuwste")
    again, served = _get(member, _url(page) + "?versie=nieuwste")
    assert served < computed, "the second load is served from the cache"
    assert "vullen" in again

    with scopes_disabled():
        page_revise(
            actor=world.admin_a.user,
            page=page,
            title=SECRET,
            body="Stap 1: *spoelen*.",
            base_revision_id=page.latest_revision.pk,
        )
    _commit()
    shown, _ = _get(member, _url(page) + "?versie=nieuwste")
    assert "spoelen" in shown and "vullen" not in shown


def test_a_leaver_is_refused_at_once(world, page):
    member = _reader(world.employee_a.user)
    assert SECRET in _get(member, _url(page))[0]
    assert SECRET in _get(member, _url(page))[0]
    with scopes_disabled():
        world.employee_a.end_date = timezone.localdate() - datetime.timedelta(days=1)
        world.employee_a.save(update_fields=["end_date"])
    _commit()
    response = member.get(_url(page))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_space_made_private_again_leaves_outsiders_at_once(world, page):
    with scopes_disabled():
        page.space.visibility = Visibility.PUBLIC
        page.space.save(update_fields=["visibility"])
    _commit()
    outsider = _reader(world.outsider_b.user)
    assert SECRET in _get(outsider, _url(page))[0]
    assert SECRET in _get(outsider, _url(page))[0]
    with scopes_disabled():
        page.space.visibility = Visibility.ORGANISATION
        page.space.save(update_fields=["visibility"])
    _commit()
    response = outsider.get(_url(page))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_an_attachment_and_a_follow_show_on_the_next_page_load(world, page):
    member = _reader(world.employee_a.user)
    first, computed = _get(member, _url(page))
    again, served = _get(member, _url(page))
    assert served <= 3, "session, person and one cache read: nothing else is asked again"
    assert "handleiding.pdf" not in again and "Je volgt dit" not in again

    with scopes_disabled():
        make_pdf_attachment(page, world.admin_a.user)
    _commit()
    assert "handleiding.pdf" in _get(member, _url(page))[0]

    with scopes_disabled():
        follow_set(user=world.employee_a.user, target=page.space, following=True)
    _commit()
    assert "Je volgt dit" in _get(member, _url(page))[0], "following the space covers its pages"
    with scopes_disabled():
        follow_set(user=world.employee_a.user, target=page, following=False)
    _commit()
    assert "Je volgt dit" not in _get(member, _url(page))[0], "unfollowing the page wins"
