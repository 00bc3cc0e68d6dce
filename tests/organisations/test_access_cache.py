"""A person's access to an organisation is kept under the data generation per person,
organisation and day (organisations.access.org_access_for): a role taken away, a manager's
departments changed or a membership ended reach an open session at its next request."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.core.test_data_cache import _commit
from tests.signin import sign_in
from zorgwijs.organisations.models import RoleAssignment

pytestmark = pytest.mark.django_db

PEOPLE = reverse("organisations:people", kwargs={"org_slug": "rivierenland"})


def _people(client) -> tuple[int, str]:
    response = client.get(PEOPLE)
    return response.status_code, response.content.decode()


def test_a_managers_departments_and_role_reach_the_open_session(client, world):
    sign_in(client, world.manager_a.user)
    _commit()
    for _ in range(2):  # the second answer comes from the cache
        status, html = _people(client)
        assert status == 200 and "Eva Medewerker" in html and "Carl Chirurg" not in html

    with scopes_disabled():
        RoleAssignment.objects.get(membership=world.manager_a).departments.set([world.surgery])
    _commit()
    status, html = _people(client)
    assert status == 200 and "Carl Chirurg" in html and "Eva Medewerker" not in html

    with scopes_disabled():
        RoleAssignment.objects.filter(membership=world.manager_a).delete()
    _commit()
    status, html = _people(client)
    assert status in (403, 404) and "Carl Chirurg" not in html


def test_an_ended_membership_is_refused_at_the_next_request(client, world):
    sign_in(client, world.manager_a.user)
    _commit()
    assert _people(client)[0] == 200 and _people(client)[0] == 200
    with scopes_disabled():
        world.manager_a.end_date = timezone.localdate() - datetime.timedelta(days=1)
        world.manager_a.save(update_fields=["end_date"])
    _commit()
    status, html = _people(client)
    assert status == 404 and "Eva Medewerker" not in html
