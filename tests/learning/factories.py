"""Blueprints, curricula and routes for the learning tests, made through the services."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.factories import OrganisationFactory
from zorgwijs.learning.models import Blueprint, Curriculum, LearnBy, Level, ProofKind
from zorgwijs.learning.services.blueprints import (
    blueprint_create,
    blueprint_publish,
    outcome_add,
    process_add,
)
from zorgwijs.learning.services.prior import curriculum_create, curriculum_outcome_add
from zorgwijs.learning.services.routes import route_approve, route_propose
from zorgwijs.organisations.models import OrganisationKind


def outline(
    organisation, actor, *, item=None, publish: bool = True, name: str = "Interventiemedewerker"
) -> SimpleNamespace:
    """Two work processes: knowledge (e-learning, knowledge test) and classroom (portfolio) in
    the first; an internship and a practical assessment of ``item`` in the second, which
    needs the first's knowledge outcome."""
    with scopes_disabled():
        bp = blueprint_create(
            actor=actor, organisation=organisation, name=name, target_role="Interventiemedewerker"
        )
        prepare = process_add(actor=actor, blueprint=bp, code="WP1", name="Voorbereiden")
        assist = process_add(actor=actor, blueprint=bp, code="WP2", name="Assisteren")
        knowledge = outcome_add(
            actor=actor,
            blueprint=bp,
            process=prepare,
            data={
                "code": "IC-1",
                "title": "Kent de anatomie van de kransvaten",
                "indicators": "Benoemt de kransvaten\nLeest een angiogram",
                "proof": ProofKind.KNOWLEDGE_TEST,
                "level": Level.KNOWS_HOW,
                "learn_by": LearnBy.ELEARNING,
                "learn_hours": 16,
                "assess_hours": 2,
            },
        )
        hygiene = outcome_add(
            actor=actor,
            blueprint=bp,
            process=prepare,
            data={
                "code": "IC-2",
                "title": "Werkt steriel",
                "indicators": "Kleedt zich steriel aan",
                "proof": ProofKind.PORTFOLIO,
                "level": Level.SHOWS,
                "learn_by": LearnBy.CLASSROOM,
                "learn_hours": 8,
                "assess_hours": 1,
            },
        )
        scrub = outcome_add(
            actor=actor,
            blueprint=bp,
            process=assist,
            data={
                "code": "IC-3",
                "title": "Assisteert bij een PCI",
                "indicators": "Geeft materialen aan\nBewaakt de patiënt",
                "proof": ProofKind.INTERNSHIP,
                "level": Level.DOES,
                "learn_by": LearnBy.INTERNSHIP,
                "learn_hours": 48,
                "assess_hours": 2,
            },
            prerequisites=[knowledge],
        )
        device = outcome_add(
            actor=actor,
            blueprint=bp,
            process=assist,
            item=item,
            data={
                "code": "IC-4",
                "title": "Bedient de röntgenboog veilig",
                "indicators": "Stelt de boog in",
                "proof": ProofKind.PRACTICAL,
                "level": Level.DOES,
                "learn_by": LearnBy.INTERNSHIP,
                "learn_hours": 24,
                "assess_hours": 2,
            },
            prerequisites=[knowledge],
        )
        if publish:
            bp = blueprint_publish(actor=actor, blueprint=bp)
    return SimpleNamespace(
        blueprint=bp, knowledge=knowledge, hygiene=hygiene, scrub=scrub, device=device
    )


def xray(world):
    with scopes_disabled():
        return DeviceFactory(organisation=world.org_a, name="Röntgenboog Cathlab")


def school_with_track(levels: dict[str, int]) -> Curriculum:
    """A school (kind onderwijs) whose BMH acute-care track covers ``levels`` (code: level)."""
    with scopes_disabled():
        school = OrganisationFactory(
            name="Hogeschool Zuid", slug="hogeschool-zuid", kind=OrganisationKind.EDUCATION
        )
        curriculum = curriculum_create(
            actor=None,
            organisation=school,
            programme="Bachelor Medisch Hulpverlener",
            track="Acute zorg",
        )
        for code, level in levels.items():
            curriculum_outcome_add(
                actor=None, curriculum=curriculum, code=code, title=code, level=level
            )
    return curriculum


def active_route(
    world,
    blueprint: Blueprint,
    *,
    mentor=None,
    start: datetime.date | None = None,
    approve: bool = True,
):
    with scope(organisation=world.org_a.pk):
        route = route_propose(
            actor=world.admin_a.user,
            membership=world.employee_a,
            blueprint=blueprint,
            start_date=start or timezone.localdate() - datetime.timedelta(days=7),
            mentor=mentor if mentor is not None else world.manager_a,
        )
        if approve:
            route = route_approve(actor=world.admin_a.user, route=route)
    return route
