"""Learning load: the hours a year the requirement profiles imply, the risk behind each
requirement, and the coordinator's page and API."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.competences.factories import required_device
from tests.factories import MembershipFactory, UserFactory
from tests.signin import sign_in
from zorgwijs.assessments.models import KnowledgeTest
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.models import EvidenceKind, ItemKind, ProfileItem, RequirementProfile
from zorgwijs.competences.requirements import requirements_refresh
from zorgwijs.learning.load import PILE_UP_HOURS, SOURCE_BLUEPRINT, SOURCE_TEST, learning_load
from zorgwijs.organisations.models import Membership

from .factories import outline


def _requirements(world):
    """A high-risk device with a blueprint course, required in cardiology (with the cathlab);
    a training without risk whose only hours are its knowledge test, required in cardiology
    and surgery, renewed twice a year: enough hours to pile up."""
    device = required_device(world, "Röntgenboog", [world.cardiology])
    plan = outline(world.org_a, world.admin_a.user, item=device)
    with scopes_disabled():
        training = type(device).objects.create(
            organisation=world.org_a,
            kind=ItemKind.TRAINING,
            name="Brandveiligheid",
            validity_months=6,
            evidence_kinds=[EvidenceKind.ELEARNING, EvidenceKind.PRIOR_LEARNING],
        )
        test = KnowledgeTest.objects.create(
            organisation=world.org_a,
            item=training,
            title="Toets brandveiligheid",
            time_limit_minutes=int(PILE_UP_HOURS * 60),
        )
        profile = RequirementProfile.objects.create(organisation=world.org_a, name="Basis")
        profile.departments.add(world.cardiology, world.surgery)
        ProfileItem.objects.create(profile=profile, item=training)
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
    return device, plan, training, test


def _load(world):
    with scope(organisation=world.org_a.pk):
        return learning_load(world.org_a, Membership.objects.filter(organisation=world.org_a))


def test_hours_a_year_follow_validity_and_course_hours_in_flat_queries(world):
    device, plan, training, test = _requirements(world)
    with CaptureQueriesContext(connection) as few:
        load = _load(world)
    by_item = {r.item.pk: r for r in load.requirements}
    course = plan.device.learn_hours + plan.device.assess_hours
    xray = by_item[device.pk]
    assert (xray.hours_source, xray.hours_per_renewal) == (SOURCE_BLUEPRINT, course)
    assert xray.hours_per_year == Decimal(12) / device.validity_months * course
    assert not xray.piles_up and xray.profiles == ["Iedereen"]
    fire = by_item[training.pk]
    assert fire.hours_source == SOURCE_TEST
    assert fire.hours_per_year == Decimal(12) / training.validity_months * PILE_UP_HOURS
    # No risk behind it, more hours than the threshold: flagged, listed first, and EVC (which
    # the item accepts) could replace the course; a practical sign-off it does not accept.
    assert fire.piles_up and load.requirements[0] is fire
    assert [str(x) for x in fire.replacements] == ["Eerder verworven competenties (EVC)"]
    assert fire.people == 3 and xray.people == 2  # cardiology, cathlab, surgery / the first two
    hours = {p.membership_id: p.hours_per_year for p in load.people}
    assert hours[world.employee_a.pk] == xray.hours_per_year + fire.hours_per_year
    assert hours[world.colleague_a.pk] == fire.hours_per_year
    assert hours[world.admin_a.pk] == 0
    nurses = next(g for g in load.functions if g.name == "Verpleegkundige")
    assert nurses.people == 2
    assert nurses.hours_per_year == hours[world.employee_a.pk] + hours[world.colleague_a.pk]
    cathlab = next(g for g in load.departments if g.name == "Cathlab")
    assert (cathlab.people, cathlab.hours_per_person) == (1, hours[world.employee_a.pk])

    # More people with requirements cost no more queries.
    with scopes_disabled():
        for n in range(3):
            MembershipFactory(
                organisation=world.org_a,
                user=UserFactory(full_name=f"Extra {n}"),
                primary_department=world.surgery,
            )
    with scope(organisation=world.org_a.pk):
        requirements_refresh(organisation=world.org_a)
    with CaptureQueriesContext(connection) as more:
        bigger = _load(world)
    assert len(bigger.people) == len(load.people) + 3
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_coordinator_page_and_api_and_who_may_not(world, coordinator, monkeypatch):
    _requirements(world)
    page = sign_in(Client(), coordinator.user).get("/o/rivierenland/leren/leerbelasting/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Leerbelasting" in html and "veel uren, weinig risico" in html
    assert world.employee_a.user.full_name in html and "Voorbehouden" not in html
    assert "geen functie</td>" in html  # the admin has no function: said, not a dash
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            action="learning.load.viewed", subject_user_id=world.employee_a.user.pk
        ).exists()
    # A page of people at a time, the most hours first: only those shown are audited.
    monkeypatch.setattr("zorgwijs.learning.load.PEOPLE_PER_PAGE", 1)
    with scopes_disabled():
        before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    html = (
        sign_in(Client(), coordinator.user)
        .get("/o/rivierenland/leren/leerbelasting/?pagina=1")
        .content.decode()
    )
    assert world.employee_a.user.full_name in html and "pagina=2" in html
    with scopes_disabled():
        seen = AuditEntry.objects.filter(action="learning.load.viewed", pk__gt=before)
        assert list(seen.values_list("subject_user_id", flat=True)) == [world.employee_a.user.pk]
    monkeypatch.undo()
    english = sign_in(Client(), coordinator.user)
    english.cookies["django_language"] = "en"
    html = english.get("/o/rivierenland/leren/leerbelasting/").content.decode()
    assert "Learning load" in html and "many hours, little risk" in html
    assert "no function</td>" in html
    employee = sign_in(Client(), world.employee_a.user)
    assert employee.get("/o/rivierenland/leren/leerbelasting/").status_code == 403
    assert (
        sign_in(Client(), world.outsider_b.user)
        .get("/o/rivierenland/leren/leerbelasting/")
        .status_code
        == 404
    )

    api = ApiClient(make_token(coordinator.user)).get("/organisations/rivierenland/learning/load")
    assert api.status_code == 200
    body = api.json()
    assert [r["item"] for r in body["requirements"] if r["piles_up"]] == ["Brandveiligheid"]
    assert {p["person"] for p in body["people"]} >= {world.employee_a.user.full_name}
    denied = ApiClient(make_token(world.employee_a.user)).get(
        "/organisations/rivierenland/learning/load"
    )
    assert denied.status_code == 403
