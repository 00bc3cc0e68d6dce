"""Every creating form sent twice with its one-time token makes one object, and the second
submit lands where the first did: questions, answers, comments, needs, projects, reactions,
sign-off requests and contact requests (incident reports: tests/incidents/)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.double_submit import token_in
from tests.experts.conftest import make_profile
from tests.factories import give_role
from tests.knowledge.factories import make_question, make_space
from tests.signin import sign_in
from zorgwijs.competences.models import SignOffRequest
from zorgwijs.experts.models import ContactRequest
from zorgwijs.knowledge.models import Answer, Question, QuestionComment
from zorgwijs.needs.models import Need
from zorgwijs.organisations.models import Role
from zorgwijs.projects.models import Project, ProjectReaction, Theme

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    page: str  # where the form is shown
    action: str  # where it is sent
    data: dict[str, Any]
    model: type[Model]


def _case(name: str, world) -> Case:
    org = world.org_a.slug
    with scopes_disabled():
        theme = Theme.objects.create(slug="valpreventie", name="Valpreventie")
        space = make_space(world.org_a)
        question = make_question(space, world.admin_a.user)
        thread = f"/kennis/{space.slug}/vragen/{question.pk}/"
        project = Project.objects.create(
            organisation=world.org_a, title="Valpreventie", summary="s", visibility="public"
        )
        give_role(world.colleague_a, Role.ASSESSOR)
        pump = DeviceFactory(organisation=world.org_a, name="Infuuspomp")
        expert = make_profile(world.colleague_a.user)
    cases = {
        "question": Case(
            f"/kennis/{space.slug}/vragen/nieuw/",
            f"/kennis/{space.slug}/vragen/nieuw/",
            {"title": "Hoe zet ik de pomp op stand-by?", "body": "", "page": ""},
            Question,
        ),
        "answer": Case(thread, f"{thread}antwoorden/", {"body": "Knop drie seconden."}, Answer),
        "comment": Case(thread, f"{thread}opmerkingen/", {"body": "Dank je."}, QuestionComment),
        "need": Case(
            f"/o/{org}/kennisbehoeften/nieuw/",
            f"/o/{org}/kennisbehoeften/nieuw/",
            {"kind": "knelpunt", "title": "Kennis blijft hangen", "visibility": "public"},
            Need,
        ),
        "project": Case(
            f"/o/{org}/projecten/nieuw/",
            f"/o/{org}/projecten/nieuw/",
            {
                "title": "Valpreventie thuis",
                "summary": "Samen met de wijkteams.",
                "status": "idee",
                "visibility": "organisation",
                "language": "nl",
                "themes": [theme.pk],
            },
            Project,
        ),
        "reaction": Case(
            f"/projecten/{project.pk}/",
            f"/projecten/{project.pk}/reageren/",
            {"kind": "reactie", "text": "Mooi project!"},
            ProjectReaction,
        ),
        "sign_off": Case(
            f"/o/{org}/paspoort/aftekenen/aanvragen/",
            f"/o/{org}/paspoort/aftekenen/aanvragen/",
            {"item": pump.pk, "performed_on": datetime.date.today().isoformat()},
            SignOffRequest,
        ),
        "contact": Case(
            f"/mensen/{expert.pk}/",
            f"/mensen/{expert.pk}/contact/",
            {"message": "Hoe pakten jullie de valpreventie aan?"},
            ContactRequest,
        ),
    }
    return cases[name]


def _count(model: type[Model]) -> int:
    with scopes_disabled():
        return model.objects.count()


@pytest.mark.parametrize(
    "name",
    ["question", "answer", "comment", "need", "project", "reaction", "sign_off", "contact"],
)
def test_a_form_sent_twice_makes_one_object(world, name):
    case = _case(name, world)
    client = sign_in(Client(), world.employee_a.user, mfa=True)
    before = _count(case.model)
    page = client.get(case.page)
    assert page.status_code == 200
    data = {**case.data, "submission_token": token_in(page)}
    first = client.post(case.action, data)
    second = client.post(case.action, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert _count(case.model) == before + 1
