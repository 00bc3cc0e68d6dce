"""The demo needs load with the demo, twice without change, and keep their promises."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from zorgwijs.needs.models import MeToo, Need, NeedAnswer, UnansweredSearch
from zorgwijs.needs.selectors import knowledge_map
from zorgwijs.needs.unanswered import top_unanswered_searches
from zorgwijs.search.viewer import ANONYMOUS


@pytest.mark.django_db
def test_demo_needs_load_idempotently(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("zorgwijs_demo", stdout=StringIO())
    counts = (
        Need.objects.count(),
        MeToo.objects.count(),
        NeedAnswer.objects.count(),
        UnansweredSearch.objects.count(),
    )
    assert counts[0] >= 10 and counts[1] and counts[2] and counts[3]
    assert {"public", "network", "organisation"} == set(
        Need.objects.values_list("visibility", flat=True)
    )
    assert any(cell.is_gap for cell in knowledge_map(viewer=ANONYMOUS).cells)
    assert top_unanswered_searches()
    call_command("zorgwijs_demo", stdout=StringIO())
    assert counts == (
        Need.objects.count(),
        MeToo.objects.count(),
        NeedAnswer.objects.count(),
        UnansweredSearch.objects.count(),
    )
