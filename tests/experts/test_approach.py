"""Whom can I approach, by evidence: related validated pages and answered questions,
verified competences, the people behind a need's answering projects; never someone who left,
did not opt in, or through something the viewer may not read (three actors)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.experts.conftest import make_profile, make_project
from tests.factories import MembershipFactory, UserFactory
from tests.knowledge.factories import make_answer, make_page, make_question, make_space
from tests.needs.helpers import make_need
from tests.signin import sign_in
from zorgwijs.competences.services import qualification_register
from zorgwijs.experts.models import ExpertProfile
from zorgwijs.experts.ranking import Subject, people_to_approach
from zorgwijs.knowledge.services.pages import page_validate
from zorgwijs.knowledge.services.questions import answer_accept
from zorgwijs.needs.services import answer_link
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for

pytestmark = pytest.mark.django_db

FALLS = (
    "Valpreventie bij ouderen in het verpleeghuis: minder valincidenten met sensoren en "
    "beweegoefeningen voor bewoners."
)


def _people(user, text: str = FALLS) -> dict[str, list[str]]:
    viewer = viewer_for(user) if user is not None else ANONYMOUS
    found = people_to_approach(viewer=viewer, subject=Subject.of_description(text), limit=20)
    return {p.profile.user.full_name: p.reasons for p in found}


def _validated_page(space, author, title: str, body: str, editor) -> None:
    page = make_page(space, author, title=title, body=body)
    page.refresh_from_db()
    page_validate(
        actor=editor,
        page=page,
        revision=page.current_revision,
        review_due=timezone.localdate() + datetime.timedelta(days=90),
    )


@pytest.fixture
def knowledge(world):
    """Organisation A: a public space and a private one, each with a validated page about
    falls by a listed author; a public question about falls answered by another person."""
    writer = MembershipFactory(
        organisation=world.org_a, user=UserFactory(full_name="Wim Schrijver")
    ).user
    private_writer = MembershipFactory(
        organisation=world.org_a, user=UserFactory(full_name="Pia Privé")
    ).user
    answerer = MembershipFactory(
        organisation=world.org_b, user=UserFactory(full_name="Bea Beantwoord")
    ).user
    with scopes_disabled():
        open_space = make_space(world.org_a, slug="open", visibility=Visibility.PUBLIC)
        closed = make_space(world.org_a, slug="dicht", visibility=Visibility.ORGANISATION)
        _validated_page(
            open_space,
            writer,
            "Valpreventie in het verpleeghuis",
            "Sensoren en beweegoefeningen tegen valincidenten bij ouderen en bewoners.",
            world.admin_a.user,
        )
        _validated_page(
            closed,
            private_writer,
            "Interne valrichtlijn verpleeghuis",
            "Valincidenten bij bewoners: sensoren, beweegoefeningen en valpreventie.",
            world.admin_a.user,
        )
        question = make_question(
            open_space, world.employee_a.user, title="Helpen sensoren tegen vallen van bewoners?"
        )
        answer = make_answer(question, answerer, body="Ja, sensoren en beweegoefeningen helpen.")
        answer_accept(actor=world.employee_a.user, question=question, answer=answer)
    for person in (writer, private_writer, answerer):
        make_profile(person)
    for n, topic in enumerate(("Rooster", "Inwerken", "Medicatie", "Wondzorg", "Hygiëne")):
        make_project(world, title=f"{topic} op afdeling {n}", summary=f"Over {topic.lower()}.")
    return open_space


def test_related_knowledge_is_evidence_within_what_each_actor_may_read(world, knowledge):
    inside = _people(world.colleague_a.user)
    assert inside["Wim Schrijver"] == [
        "schreef de gevalideerde kennispagina „Valpreventie in het verpleeghuis”"
    ]
    assert inside["Pia Privé"] == [
        "schreef de gevalideerde kennispagina „Interne valrichtlijn verpleeghuis”"
    ]
    assert inside["Bea Beantwoord"] == [
        "gaf het geaccepteerde antwoord op „Helpen sensoren tegen vallen van bewoners?”"
    ]
    outside = _people(world.outsider_b.user)
    assert "Wim Schrijver" in outside and "Bea Beantwoord" in outside
    # Organisation A's private page is never evidence for someone of organisation B.
    assert "Pia Privé" not in outside and "Interne valrichtlijn" not in str(outside)
    assert _people(None) == {}


def test_leavers_people_without_opt_in_and_the_viewer_are_never_suggested(world, knowledge):
    with scopes_disabled():
        writer = MembershipFactory._meta.model.objects.get(user__full_name="Wim Schrijver")
        writer.end_date = timezone.localdate() - datetime.timedelta(days=1)
        writer.save()
    ExpertProfile.objects.filter(user__full_name="Bea Beantwoord").update(listed=False)
    found = _people(world.colleague_a.user)
    assert "Wim Schrijver" not in found, "left organisation A: no longer suggested"
    assert "Bea Beantwoord" not in found, "not opted in"
    pia = ExpertProfile.objects.get(user__full_name="Pia Privé").user
    assert "Pia Privé" not in _people(pia)


def test_verified_competences_on_the_subject_count_only_when_shown_and_valid(world, themes):
    expert = world.colleague_a.user
    with scopes_disabled():
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp Volumat")
        qualification_register(
            actor=world.admin_a.user,
            membership=world.colleague_a,
            item=pump,
            occurred_on=timezone.localdate(),
            evidence_kind="practical",
        )
    profile = make_profile(expert)
    text = "Hoe leren we nieuwe collega's veilig werken met de infuuspomp Volumat?"
    assert "Carl Chirurg" not in _people(world.outsider_b.user, text), "not chosen to show"
    profile.shown_items.set([pump])
    assert _people(world.outsider_b.user, text)["Carl Chirurg"] == [
        "geverifieerd bekwaam: Infuuspomp Volumat"
    ]


def test_unrelated_comparable_projects_are_no_evidence_and_nobody_is_said_honestly(world, themes):
    """A self-scheduling project: the people behind projects on other themes that search
    ranks below it are not suggested; the page says nobody was found."""
    roster = make_project(
        world,
        world.org_a,
        title="Zelfroosteren op de verpleegafdeling",
        summary="Verpleegkundigen maken zelf hun rooster op de afdeling.",
        themes=[themes["anders-werken"]],
    )
    other = make_project(
        world,
        title="Valpreventie op de verpleegafdeling",
        summary="Minder vallen op de afdeling door beweegoefeningen.",
        themes=[themes["valpreventie"]],
    )
    make_profile(world.outsider_b.user, projects=[other], thinks_along=True)
    viewer = viewer_for(world.employee_a.user)
    assert people_to_approach(viewer=viewer, subject=Subject.of_project(roster)) == []
    page = sign_in(Client(), world.employee_a.user).get(roster.get_absolute_url())
    assert "Nog niemand gevonden die hierover kan meedenken." in page.content.decode()


def test_the_need_page_suggests_the_people_behind_its_answering_projects(world, themes):
    project = make_project(world, title="Nachtelijke onrust", summary="Rust in de nacht.")
    make_profile(world.outsider_b.user, projects=[project])
    with scopes_disabled():
        need = make_need(world.employee_a, "Hoe voorkomen we onrust?")
    answer_link(
        actor=world.employee_a.user,
        viewer=viewer_for(world.employee_a.user),
        need=need,
        project=project,
    )
    page = sign_in(Client(), world.colleague_a.user).get(f"/kennisbehoeften/{need.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Wie kan ik benaderen?" in body and "Olaf Buiten" in body
    assert "werkt aan Nachtelijke onrust, dat hierop antwoord geeft" in body
    anonymous = Client().get(f"/kennisbehoeften/{need.pk}/").content.decode()
    assert "Olaf Buiten" not in anonymous
