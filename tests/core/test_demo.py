"""The demo that `make run` loads: every role and status is there, and loading twice is safe."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from zorgwijs.competences.models import CompetenceItem, PassportLine
from zorgwijs.competences.status import line_status
from zorgwijs.experts.models import ExpertProfile
from zorgwijs.incidents.models import Lesson
from zorgwijs.needs.models import Need
from zorgwijs.organisations.models import Organisation, Role, RoleAssignment
from zorgwijs.projects.models import Project, ProjectReaction
from zorgwijs.scenarios.models import Scenario


@pytest.fixture
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_demo_loads_every_role_and_status_once(fast_hashing):
    out = StringIO()
    call_command("zorgwijs_demo", stdout=out)
    assert "Zorgwijs-demo-2026" in out.getvalue() and "TOTP:" in out.getvalue()
    with scopes_disabled():
        assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
        today = datetime.date.today()
        statuses = {
            line_status(line, today) for line in PassportLine.objects.filter(level="required")
        }
        assert {"valid", "expiring", "expired", "missing", "exempt", "suspended"} <= statuses
        adopted = CompetenceItem.objects.get(
            adopted_from__network__slug="cmt-zuidwest", organisation__slug="ziekenhuis-lingestreek"
        )
        assert adopted.validity_months < adopted.adopted_from.validity_months
        assert Lesson.objects.get().space.slug == "infuuspomp-volumat-agilia"
        # Seed 002's CRM network: ten scenarios in every state, one fork, the learning loop's.
        scenario_states = set(Scenario.objects.values_list("status", flat=True))
        assert Scenario.objects.count() == 12 and len(scenario_states) == 4
        counts = (Organisation.objects.count(), PassportLine.objects.count())
        content = _vindplaats_counts()
        # A database from before the vindplaats apps: the second run fills in what is missing.
        ExpertProfile.objects.all().delete()
    call_command("zorgwijs_demo", stdout=StringIO())
    with scopes_disabled():
        assert (Organisation.objects.count(), PassportLine.objects.count()) == counts
        assert _vindplaats_counts() == content


def _vindplaats_counts() -> tuple[int, int, int, int]:
    return (
        Project.objects.count(),
        Need.objects.count(),
        ExpertProfile.objects.count(),
        ProjectReaction.objects.count(),
    )
