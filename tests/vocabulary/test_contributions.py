"""Network contributions show the definition of a vocabulary concept they mention, like pages
and scenarios do (the shared annotate mechanism)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.networks.conftest import network  # noqa: F401  (the fixture)
from tests.networks.test_contributions import _draft, theme  # noqa: F401
from tests.signin import sign_in
from zorgwijs.vocabulary.services import ConceptData, concept_create

pytestmark = pytest.mark.django_db


def test_a_contribution_shows_the_definitions_of_the_concepts_it_mentions(
    world,
    network,  # noqa: F811
    theme,  # noqa: F811
    django_assert_max_num_queries,
):
    concept_create(
        actor=None,
        network=None,
        data=ConceptData(
            pref={"nl": "Closed-loop communicatie"},
            definition_nl="De ontvanger herhaalt de opdracht en de zender bevestigt.",
        ),
        check_access=False,
    )
    piece = _draft(world, network, theme)
    piece.body = "In de nachtdienst oefenden we closed-loop communicatie <b>samen</b>."
    piece.save()
    client = sign_in(Client(), world.employee_a.user)
    client.get(piece.get_absolute_url())
    with django_assert_max_num_queries(20):
        page = client.get(piece.get_absolute_url()).content.decode()
    assert "<dfn" in page and "De ontvanger herhaalt de opdracht" in page
    assert "&lt;b&gt;samen&lt;/b&gt;" in page  # the body stays escaped text
