"""The demo's experts: opted in with themes and projects, answers "whom can I approach" for a
common description, and loading again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from zorgwijs.accounts.models import User
from zorgwijs.experts.demo import DEMO_EXPERTS, experts_demo_load
from zorgwijs.experts.models import ExpertProfile
from zorgwijs.experts.ranking import people_for_description
from zorgwijs.search.viewer import viewer_for

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return [
        (p.user.email, p.reach, sorted(p.themes.values_list("slug", flat=True)), p.projects.count())
        for p in ExpertProfile.objects.select_related("user").order_by("user__email")
    ]


def test_demo_experts_are_findable_and_loading_twice_changes_nothing():
    call_command("zorgwijs_demo", stdout=StringIO())
    # The scenarios demo adds profiles of its own: CRM trainers showing their standard.
    experts = {expert[0] for expert in DEMO_EXPERTS}
    listed = ExpertProfile.objects.filter(listed=True, user__email__in=experts)
    assert listed.count() == len(DEMO_EXPERTS)
    assert all(themes and projects for who, _r, themes, projects in _snapshot() if who in experts)
    before = _snapshot()
    experts_demo_load()
    assert _snapshot() == before
    viewer = viewer_for(User.objects.get(email="emma@umc-zuidwest.demo"))
    people = people_for_description(
        viewer=viewer,
        description="Minder valincidenten in het verpleeghuis met sensoren en werkbegeleiding.",
    )
    assert people and all(p.reasons for p in people)
    assert any(r.startswith("werkt aan vergelijkbaar project") for p in people for r in p.reasons)
