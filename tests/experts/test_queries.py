"""The people pages stay within the page budget (≤ 20 queries) whatever the list length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from tests.experts.conftest import make_profile, make_project
from tests.factories import UserFactory
from tests.knowledge.factories import make_answer, make_question, make_space
from tests.signin import sign_in
from zorgwijs.experts.services import contact_request_send
from zorgwijs.organisations.models import Visibility

pytestmark = pytest.mark.django_db
BUDGET = 20


def _queries(client: Client, path: str) -> int:
    client.get(path)  # the first request fills per-process caches (sessions, glossary)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_list_profile_and_requests_pages_have_a_flat_query_count(world, themes):
    expert = make_profile(world.admin_a.user, themes=list(themes.values()))
    with scopes_disabled():
        space = make_space(world.org_a, slug="open", visibility=Visibility.PUBLIC)
    client = sign_in(Client(), world.outsider_b.user)
    pages = ("/mensen/", expert.get_absolute_url(), "/mensen/verzoeken/")
    before = [_queries(client, path) for path in pages]
    for number in range(6):
        make_profile(UserFactory(), themes=list(themes.values()))
        project = make_project(world, world.org_a, title=f"Project {number}")
        expert.projects.add(project)
        with scopes_disabled():
            question = make_question(space, world.employee_a.user, title=f"Vraag {number}")
            make_answer(question, world.admin_a.user)
        other = make_profile(UserFactory())
        if number < 4:
            contact_request_send(actor=world.outsider_b.user, profile=other, message="Hallo")
    after = [_queries(client, path) for path in pages]
    assert after == before
    assert max(after) <= BUDGET
