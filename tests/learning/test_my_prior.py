"""The learner hands in EVC evidence themselves; it counts only once an assessor accepts it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.factories import give_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.learning.gap import COVERED, MISSING, analyse
from zorgwijs.learning.models import PriorLearning, PriorState
from zorgwijs.organisations.models import Role

from .factories import active_route, outline

pytestmark = pytest.mark.django_db
URL = "/o/rivierenland/leren/mijn-route/eerder-geleerd/"
PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = timezone.localdate()


@pytest.fixture
def plan(world):
    plan = outline(world.org_a, world.admin_a.user)
    active_route(world, plan.blueprint)
    return plan


def _valid(**changes):
    data = {
        "codes": ["IC-2"],
        "level": "4",
        "achieved_on": (TODAY - datetime.timedelta(days=100)).isoformat(),
        "description": "Steriel werken geleerd op de OK van mijn vorige ziekenhuis.",
        "evidence_file": SimpleUploadedFile("portfolio.pdf", PDF),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _status(world, plan, code):
    with scope(organisation=world.org_a.pk):
        gap = analyse(plan.blueprint, [world.employee_a])[0]
    return {row.outcome.code: row.status for row in gap.rows}[code]


def test_the_learner_hands_in_evidence_that_counts_only_once_accepted(world, plan):
    learner = sign_in(Client(), world.employee_a.user)
    page = learner.get(URL)
    assert page.status_code == 200
    assert "IC-2 Werkt steriel" in page.content.decode()
    response = learner.post(URL, _valid())
    assert response.status_code == 302
    with scopes_disabled():
        prior = PriorLearning.objects.get(membership=world.employee_a)
        assert AuditEntry.objects.filter(action="learning.prior.registered").count() == 1
    assert prior.state == PriorState.PENDING and prior.codes == ["IC-2"]
    assert prior.submitted_by == world.employee_a.user and prior.evidence_file.name
    assert _status(world, plan, "IC-2") == MISSING  # not before an assessor accepts it
    assert "Wacht op beoordeling" in learner.get(URL).content.decode()
    # The assessor sees it in the inbox and accepts it; now it counts.
    with scopes_disabled():
        give_role(world.colleague_a, Role.ASSESSOR)
    assessor = sign_in(Client(), world.colleague_a.user)
    inbox = assessor.get("/o/rivierenland/leren/evc/").content.decode()
    assert world.employee_a.user.full_name in inbox
    decided = assessor.post(
        f"/o/rivierenland/leren/evc/{prior.pk}/", {"decision": "accept", "comment": ""}
    )
    assert decided.status_code == 302
    assert _status(world, plan, "IC-2") == COVERED


def test_the_learner_cannot_accept_their_own_evidence(world, plan):
    with scopes_disabled():
        give_role(world.employee_a, Role.ASSESSOR)
    learner = sign_in(Client(), world.employee_a.user)
    learner.post(URL, _valid())
    with scopes_disabled():
        prior = PriorLearning.objects.get(membership=world.employee_a)
    assert (
        learner.post(f"/o/rivierenland/leren/evc/{prior.pk}/", {"decision": "accept"}).status_code
        == 404
    )
    with scopes_disabled():
        prior.refresh_from_db()
    assert prior.state == PriorState.PENDING


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"codes": None}, "codes"),
        ({"codes": ["IC-99"]}, "codes"),
        ({"level": "9"}, "level"),
        ({"achieved_on": (TODAY + datetime.timedelta(days=3)).isoformat()}, "achieved_on"),
        ({"achieved_on": "31-02-2024"}, "achieved_on"),
        ({"evidence_file": None}, "evidence_file"),
        ({"evidence_file": SimpleUploadedFile("portfolio.pdf", b"MZ not a pdf")}, "evidence_file"),
        ({"evidence_file": SimpleUploadedFile("portfolio.exe", PDF)}, "evidence_file"),
    ],
)
def test_bad_evidence_is_refused_at_the_field_and_nothing_is_stored(world, plan, changes, field):
    learner = sign_in(Client(), world.employee_a.user)
    response = learner.post(URL, _valid(**changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert f'id="id_{field}-error"' in text
    assert "Steriel werken geleerd" in text  # nothing typed is lost
    with scopes_disabled():
        assert not PriorLearning.objects.exists()


def test_without_a_route_there_is_nothing_to_hand_in_for(world):
    learner = sign_in(Client(), world.employee_a.user)
    page = learner.get(URL)
    assert page.status_code == 200 and "Je volgt nu geen leerroute" in page.content.decode()
    assert learner.post(URL, _valid()).status_code == 404
    with scopes_disabled():
        assert not PriorLearning.objects.exists()


def test_the_page_is_in_english_too(world, plan):
    learner = sign_in(Client(), world.employee_a.user)
    learner.cookies["django_language"] = "en"
    text = learner.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hand in evidence" in text and "counts only once an assessor" in text
