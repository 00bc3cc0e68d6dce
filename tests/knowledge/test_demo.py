"""The demo loads the knowledge spaces, shares the CMT space between two hospitals only, and
loading again changes nothing."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import User
from zorgwijs.core.demo.loader import demo_load
from zorgwijs.knowledge.access import viewer_for
from zorgwijs.knowledge.demo import knowledge_demo_load
from zorgwijs.knowledge.models import Page, Question, Space

pytestmark = pytest.mark.django_db


def _visible(email: str) -> set[str]:
    viewer = viewer_for(User.objects.get(email=email))
    return set(Space.objects.visible_to(viewer).values_list("slug", flat=True))


def test_demo_spaces(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    with scopes_disabled():
        # The knowledge demo's four, and the CRM starter kit with Lingestreek's copy of it.
        assert Space.objects.count() == 6
        pages, questions = Page.objects.count(), Question.objects.count()
        assert pages >= 12 and questions >= 6
        knowledge_demo_load()  # idempotent
        assert (Page.objects.count(), Question.objects.count()) == (pages, questions)
        cmt = "cmt-veilige-toepassing-medische-technologie"
        assert cmt in _visible("jeroen@lingestreek.demo")
        assert "infuuspomp-volumat-agilia" not in _visible("jeroen@lingestreek.demo")
        assert {cmt, "infuuspomp-volumat-agilia", "cathlab-hartcentrum"} <= _visible(
            "daan@umc-zuidwest.demo"
        )
        assert _visible("beheer@hunzedal.demo") == set()
        alarms = Page.objects.get(title="Alarmen en wat je doet")
        assert alarms.has_newer_draft
