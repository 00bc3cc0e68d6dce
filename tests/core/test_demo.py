"""The demo that `make run` loads, loaded once for this module (a full load costs seconds; the
apps' checks used to load it once each): every role and status is there, each app's demo
content keeps its promises, and loading again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.conftest import FAST_PASSWORD_HASHERS
from tests.signin import sign_in
from zorgwijs.accounts.models import User
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import CompetenceItem, PassportLine, RequirementProfile
from zorgwijs.competences.status import line_status
from zorgwijs.experts.demo import DEMO_EXPERTS, experts_demo_load
from zorgwijs.experts.models import ExpertProfile
from zorgwijs.experts.ranking import people_for_description
from zorgwijs.incidents.demo import incidents_demo_load
from zorgwijs.incidents.models import Incident, IncidentCause, IncidentMeasure, Lesson, Status
from zorgwijs.incidents.selectors import get_lesson_for_viewer
from zorgwijs.knowledge.demo import knowledge_demo_load
from zorgwijs.knowledge.models import Page, Question, Space
from zorgwijs.needs.models import MeToo, Need, NeedAnswer, UnansweredSearch
from zorgwijs.needs.selectors import knowledge_map
from zorgwijs.needs.unanswered import top_unanswered_searches
from zorgwijs.networks.models import (
    Action,
    AgendaItem,
    Contribution,
    Event,
    Poster,
    PriorityBallot,
    PriorityRound,
    Registration,
    Topic,
)
from zorgwijs.organisations.models import Role, RoleAssignment
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.scenarios.models import Scenario


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """The demo, loaded once inside a transaction that is rolled back after the module; each
    test runs in a savepoint of it (pytest-django's ``db``)."""
    out = StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        call_command("zorgwijs_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo, db) -> str:
    """What loading the demo printed."""
    return _demo


def test_demo_loads_every_role_and_status(demo):
    assert "Zorgwijs-demo-2026" in demo and "TOTP:" in demo
    with scopes_disabled():
        assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
        today = timezone.localdate()
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


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    with scopes_disabled():
        return {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            # What a load writes about itself (audit entries) and what is derived from the
            # content (the search index, rebuilt for what a load touches; its row counts move
            # with counts shown in documents' text).
            and model._meta.label not in {"audit.AuditEntry", "search.Document", "search.Posting"}
        }


def test_loading_again_changes_nothing(demo):
    before = _row_counts()
    call_command("zorgwijs_demo", stdout=StringIO())
    after = _row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}


def test_loading_again_fills_in_what_a_database_from_an_older_version_lacks(demo):
    with scopes_disabled():
        experts = ExpertProfile.objects.count()
        ExpertProfile.objects.all().delete()  # as before the vindplaats apps existed
    call_command("zorgwijs_demo", stdout=StringIO())
    with scopes_disabled():
        assert ExpertProfile.objects.count() == experts


def test_demo_network_shows_its_year(demo):
    counts = (Topic.objects.count(), Action.objects.count(), Registration.objects.count())
    assert counts[0] == 6 and counts[1] >= 6
    assert Action.objects.filter(projects__isnull=False).exists()
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed", "waiting"}
    assert Poster.objects.filter(award="Posterprijs").count() == 1
    states = set(Contribution.objects.values_list("status", flat=True))
    assert states == {"scheduled", "in_review", "draft"}

    home = Client().get("/netwerken/leren-is-altijd/").content.decode()
    assert "9 juli 2018" in home and "Anders leren" in home
    conference = Event.objects.get(title="Werkconferentie Leren is altijd")
    participant_email = "ilse.individu@leren.demo"
    participant = sign_in(Client(), User.objects.get(email=participant_email))
    page = participant.get(conference.get_absolute_url()).content.decode()
    assert "Je bent aangemeld" in page
    assert (
        "beheer@hunzedal.demo"
        not in participant.get("/netwerken/leren-is-altijd/").content.decode()
    )

    # The three functions of seed 003 are the network's function profiles; Eemland adopted
    # the werkbegeleider and tightened it.
    profiles = Client().get("/netwerken/leren-is-altijd/functieprofielen/").content.decode()
    for name in ("Praktijkexpert / leercoach", "Werkbegeleider", "Expert leren en ontwikkeling"):
        assert name in profiles
    with scopes_disabled():
        adopted = RequirementProfile.objects.get(
            organisation__slug="thuiszorg-eemland", name="Werkbegeleider"
        )
        assert adopted.adopted_from is not None
        assert set(adopted.profile_items.values_list("level", flat=True)) == {"required"}

    # Seed 004: the closed round is the agenda on the home; this year's round is open, and the
    # individual participant has ranked the need she posted there on her own ballot.
    assert PriorityRound.objects.filter(status="closed").count() == 1
    current = PriorityRound.objects.get(status="open")
    assert current.individuals_vote
    with scopes_disabled():
        ballot = PriorityBallot.objects.get(round=current, voter__email=participant_email)
        [first] = ballot.ranked.filter(rank=1).select_related("need")
    assert first.need.organisation_id is None and first.need.author.email == participant_email
    mine = participant.get(
        f"/netwerken/leren-is-altijd/kennisagenda/{current.pk}/mijn-keuze/"
    ).content.decode()
    assert "Leren als mantelzorger" in mine
    assert AgendaItem.objects.filter(position=1).exists()
    assert (
        "Kennisagenda 2026, vastgesteld op"
        in Client().get("/netwerken/leren-is-altijd/").content.decode()
    )


def test_demo_incidents(demo):
    with scopes_disabled():
        incidents = list(Incident.objects.filter(organisation__slug="umc-zuidwest"))
        assert {i.status for i in incidents} == set(Status.values)
        anonymous = [i for i in incidents if i.is_anonymous]
        assert anonymous and all(i.reporter_id is None for i in anonymous)
        assert IncidentCause.objects.count() >= 5
        assert IncidentMeasure.objects.filter(done_on__isnull=True).exists()
        [lesson] = Lesson.objects.all()
        assert lesson.visibility == "network" and lesson.device is not None
        partner = User.objects.get(email="lotte@lingestreek.demo")
        assert get_lesson_for_viewer(viewer_for(partner), lesson.pk) == lesson
        # An anonymous report leaves nothing in the audit log (docs/incidents.md).
        about = AuditEntry.objects.filter(object_id__in=[str(i.pk) for i in anonymous])
        assert not about.filter(action="incidents.incident.reported").exists()
        count = Incident.objects.count()
    incidents_demo_load()
    with scopes_disabled():
        assert Incident.objects.count() == count


def _experts_snapshot() -> list[tuple]:
    return [
        (p.user.email, p.reach, sorted(p.themes.values_list("slug", flat=True)), p.projects.count())
        for p in ExpertProfile.objects.select_related("user").order_by("user__email")
    ]


def test_demo_experts_are_findable_and_load_once(demo):
    # The scenarios demo adds profiles of its own: CRM trainers showing their standard.
    experts = {expert[0] for expert in DEMO_EXPERTS}
    listed = ExpertProfile.objects.filter(listed=True, user__email__in=experts)
    assert listed.count() == len(DEMO_EXPERTS)
    assert all(
        themes and projects for who, _r, themes, projects in _experts_snapshot() if who in experts
    )
    before = _experts_snapshot()
    experts_demo_load()
    assert _experts_snapshot() == before
    viewer = viewer_for(User.objects.get(email="emma@umc-zuidwest.demo"))
    people = people_for_description(
        viewer=viewer,
        description="Minder valincidenten in het verpleeghuis met sensoren en werkbegeleiding.",
    )
    assert people and all(p.reasons for p in people)
    assert any(r.startswith("werkt aan vergelijkbaar project") for p in people for r in p.reasons)


def test_demo_needs_keep_their_promises(demo):
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


def _visible(email: str) -> set[str]:
    viewer = viewer_for(User.objects.get(email=email))
    return set(Space.objects.visible_to(viewer).values_list("slug", flat=True))


def test_demo_spaces(demo):
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


def test_demo_route_leads_the_learner_to_the_medication_test(demo):
    """Seed 001's case: Sophie's route holds the e-learning module on medication and its
    knowledge-test step, both open; the "Medicatierekenen" test belongs to that module, so her
    step pages lead to it, and passing it completes both steps."""
    from zorgwijs.assessments.demo import MEDICATION_MODULE
    from zorgwijs.assessments.models import KnowledgeTest
    from zorgwijs.learning.demo import MEDICATION_MODULE as ROUTE_MODULE
    from zorgwijs.learning.models import GUIDED_KINDS, Route, RouteStep
    from zorgwijs.learning.selectors import next_step, route_steps, step_proof

    assert MEDICATION_MODULE == ROUTE_MODULE
    with scopes_disabled():
        test = KnowledgeTest.objects.get(title="Medicatierekenen")
        assert test.module == MEDICATION_MODULE and test.item.name == "Injecties"
        route = Route.objects.get(membership__user__email="sophie@umc-zuidwest.demo")
        module = RouteStep.objects.get(route=route, title=MEDICATION_MODULE)
        test_step = RouteStep.objects.get(route=route, kind="knowledge_test", prerequisites=module)
        assert not module.is_done and not test_step.is_done
        assert step_proof(module).tests == [test] == step_proof(test_step).tests
        # Her next step is that module: "Mijn leerroute" leads her to the test from its card.
        views = route_steps(route)
        assert next_step(views).step == module
        # The werkbegeleider's waiting step (the production journey signs it off) is still her
        # internship.
        waiting = [v for v in views if not v.step.is_done and v.step.kind in GUIDED_KINDS]
        first = min(waiting, key=lambda v: (bool(v.waiting_for), v.due)).step
        assert first.kind == "internship"
        sophie = User.objects.get(email="sophie@umc-zuidwest.demo")
    page = sign_in(Client(), sophie).get("/o/umc-zuidwest/leren/mijn-route/").content.decode()
    assert f"/o/umc-zuidwest/toetsen/kennistoets/{test.pk}/" in page
    assert "Maak de toets “Medicatierekenen”" in page
