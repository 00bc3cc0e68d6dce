"""Every creating form sent twice with its one-time token makes one object, and the second
submit lands where the first did: questions, answers, comments, needs, projects, reactions,
sign-off requests, contact requests, knowledge suggestions, attachments, the organisation
admin's departments, functions, people and roles, the platform's networks, the organisation
sign-up, catalogue items, requirement profiles, registered qualifications, logged
performances, passport line actions and the upload of an import file (HR, qualifications,
projects); incident reports: tests/incidents/."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.double_submit import token_in
from tests.experts.conftest import make_profile
from tests.factories import give_role
from tests.knowledge.factories import make_page, make_question, make_space
from tests.signin import sign_in
from zorgwijs.competences.models import (
    CompetenceItem,
    CompetenceRecord,
    QualificationImport,
    RequirementProfile,
    SignOffRequest,
)
from zorgwijs.experts.models import ContactRequest
from zorgwijs.knowledge.models import Answer, Attachment, Question, QuestionComment, Suggestion
from zorgwijs.needs.models import Need
from zorgwijs.organisations.hr_import.synthetic import HEADERS as HR_HEADERS
from zorgwijs.organisations.models import (
    Department,
    HrImportJob,
    JobFunction,
    Membership,
    Network,
    NetworkMembership,
    OrganisationApplication,
    Role,
    RoleAssignment,
)
from zorgwijs.projects.models import (
    Project,
    ProjectAttachment,
    ProjectImportJob,
    ProjectReaction,
    Theme,
)

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    page: str  # where the form is shown
    action: str  # where it is sent
    data: dict[str, Any]
    model: type[Model]
    # Who sends it: a member of ``world`` by attribute, "platform_admin", or None (anonymous).
    who: str | None = "employee_a"
    # Uploads, made afresh for each submit (an uploaded file is read once).
    files: Callable[[], dict[str, SimpleUploadedFile]] = field(default=dict)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _hr_file() -> SimpleUploadedFile:
    row = ["5001", "Sanne de Vries", "sanne@x.nl", "Verpleegkundige", "Chirurgie", "", "", ""]
    text = ";".join(HR_HEADERS) + "\n" + ";".join(row) + "\n"
    return SimpleUploadedFile("hr.csv", text.encode())


def _qualification_file() -> SimpleUploadedFile:
    text = (
        "personeelsnummer;bekwaamheid;datum behaald;geldig tot;bewijs;beoordelaar;referentie\n"
        "1001;Infuuspomp;2025-01-01;;elearning;;\n"
    )
    return SimpleUploadedFile("historie.csv", text.encode())


def _projects_file() -> SimpleUploadedFile:
    rows = [{"id": "rl-1", "title": "Valpreventie in de wijk", "summary": "Met de wijk."}]
    return SimpleUploadedFile("projecten.json", json.dumps(rows).encode())


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
        hoist = DeviceFactory(
            organisation=world.org_a, name="Tillift", recency_count=2, recency_months=12
        )
        expert = make_profile(world.colleague_a.user)
        page = make_page(space, world.admin_a.user)
        network = Network.objects.create(name="Zorgnetwerk Rivierenland", slug="rivierenland-net")
    admin = f"/o/{org}/beheer"
    page_url = f"/kennis/{space.slug}/pagina/{page.pk}/"
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
            {"item": pump.pk, "performed_on": timezone.localdate().isoformat()},
            SignOffRequest,
        ),
        "contact": Case(
            f"/mensen/{expert.pk}/",
            f"/mensen/{expert.pk}/contact/",
            {"message": "Hoe pakten jullie de valpreventie aan?"},
            ContactRequest,
        ),
        "suggestion": Case(
            f"{page_url}bewerken/",
            f"{page_url}bewerken/",
            {
                "title": page.current_revision.title,
                "body": "Stap 1: *vullen*. Stap 2: ontluchten.",
                "base_revision": page.current_revision_id,
                "note": "Ontluchten ontbrak.",
            },
            Suggestion,
        ),
        "page_attachment": Case(
            page_url,
            f"{page_url}bijlagen/",
            {},
            Attachment,
            who="admin_a",
            files=lambda: {"file": _pdf("handleiding.pdf")},
        ),
        "project_attachment": Case(
            f"/projecten/{project.pk}/",
            f"/projecten/{project.pk}/bijlagen/",
            {"bijlage-title": "Eindrapport"},
            ProjectAttachment,
            who="admin_a",
            files=lambda: {"bijlage-file": _pdf("eindrapport.pdf")},
        ),
        "department": Case(
            f"{admin}/afdelingen/nieuw/",
            f"{admin}/afdelingen/nieuw/",
            {"name": "Longziekten", "code": "LONG", "parent": ""},
            Department,
            who="admin_a",
        ),
        "job_function": Case(
            f"{admin}/functies/nieuw/",
            f"{admin}/functies/nieuw/",
            {"name": "Doktersassistent", "code": "DA"},
            JobFunction,
            who="admin_a",
        ),
        "member": Case(
            f"{admin}/mensen/nieuw/",
            f"{admin}/mensen/nieuw/",
            {
                "email": "nina.nieuw@example.org",
                "full_name": "Nina Nieuw",
                "primary_department": world.surgery.pk,
                "start_date": "2026-01-01",
            },
            Membership,
            who="admin_a",
        ),
        "role": Case(
            f"{admin}/mensen/{world.colleague_a.pk}/rollen/",
            f"{admin}/mensen/{world.colleague_a.pk}/rollen/",
            {"role": Role.MANAGER, "departments": [world.surgery.pk]},
            RoleAssignment,
            who="admin_a",
        ),
        "network": Case(
            "/platform/netwerken/",
            "/platform/netwerken/",
            {
                "new-name": "Zorgnetwerk Achterhoek",
                "new-slug": "achterhoek",
                "new-kind": "regional",
            },
            Network,
            who="platform_admin",
        ),
        "network_member": Case(
            f"/platform/netwerken/{network.pk}/",
            f"/platform/netwerken/{network.pk}/",
            {"add-organisation": world.org_a.pk},
            NetworkMembership,
            who="platform_admin",
        ),
        "application": Case(
            "/organisatie-aanmelden/",
            "/organisatie-aanmelden/",
            {
                "name": "Zorggroep De Linde",
                "kind": "vvt",
                "province": "gelderland",
                "region": "Achterhoek",
                "contact_name": "Linda de Linde",
                "contact_email": "linda@delinde.example",
                "contact_phone": "0314 123 456",
                "motivation": "Wij willen bekwaamheden bijhouden en leren van de regio.",
            },
            OrganisationApplication,
            who=None,
        ),
        "catalogue_item": Case(
            f"/o/{org}/paspoort/catalogus/nieuw/",
            f"/o/{org}/paspoort/catalogus/nieuw/",
            {
                "kind": "training",
                "name": "BLS",
                "warning_days": 30,
                "is_active": "on",
            },
            CompetenceItem,
            who="admin_a",
        ),
        "register": Case(
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/registreren/",
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/registreren/",
            {
                "item": pump.pk,
                "occurred_on": timezone.localdate().isoformat(),
                "evidence_kind": "elearning",
            },
            CompetenceRecord,
            who="admin_a",
            files=lambda: {"evidence_file": _pdf("bewijs.pdf")},
        ),
        "profile": Case(
            f"/o/{org}/paspoort/profielen/nieuw/",
            f"/o/{org}/paspoort/profielen/nieuw/",
            {
                "name": "Hartcentrum",
                "departments": [world.cardiology.pk],
                "is_active": "on",
                f"item_{pump.pk}": "required",
            },
            RequirementProfile,
            who="admin_a",
        ),
        "performance": Case(
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/{hoist.pk}/",
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/{hoist.pk}/uitgevoerd/",
            {"uitvoering-occurred_on": timezone.localdate().isoformat()},
            CompetenceRecord,
        ),
        "line_action": Case(
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/{pump.pk}/",
            f"/o/{org}/paspoort/mensen/{world.employee_a.pk}/{pump.pk}/actie/",
            {
                "action": "exempt",
                "reason": "Werkt niet met deze pomp.",
                "ends_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
            },
            CompetenceRecord,
            who="admin_a",
        ),
        "hr_import": Case(
            f"/o/{org}/hr-import/",
            f"/o/{org}/hr-import/",
            {},
            HrImportJob,
            who="admin_a",
            files=lambda: {"file": _hr_file()},
        ),
        "qualification_import": Case(
            f"/o/{org}/paspoort/import/",
            f"/o/{org}/paspoort/import/",
            {},
            QualificationImport,
            who="admin_a",
            files=lambda: {"file": _qualification_file()},
        ),
        "project_import": Case(
            f"/o/{org}/projecten/import/",
            f"/o/{org}/projecten/import/",
            {"visibility": "network"},
            ProjectImportJob,
            who="admin_a",
            files=lambda: {"file": _projects_file()},
        ),
        "platform_project_import": Case(
            "/projecten/import/",
            "/projecten/import/",
            {},
            ProjectImportJob,
            who="platform_admin",
            files=lambda: {"file": _projects_file()},
        ),
    }
    return cases[name]


def _count(model: type[Model]) -> int:
    with scopes_disabled():
        return model.objects.count()


@pytest.mark.parametrize(
    "name",
    [
        "question",
        "answer",
        "comment",
        "need",
        "project",
        "reaction",
        "sign_off",
        "contact",
        "suggestion",
        "page_attachment",
        "project_attachment",
        "department",
        "job_function",
        "member",
        "role",
        "network",
        "network_member",
        "application",
        "catalogue_item",
        "register",
        "profile",
        "performance",
        "line_action",
        "hr_import",
        "qualification_import",
        "project_import",
        "platform_project_import",
    ],
)
def test_a_form_sent_twice_makes_one_object(world, platform_admin, name):
    case = _case(name, world)
    client = Client()
    if case.who == "platform_admin":
        sign_in(client, platform_admin, mfa=True)
    elif case.who is not None:
        sign_in(client, getattr(world, case.who).user, mfa=True)
    before = _count(case.model)
    page = client.get(case.page)
    assert page.status_code == 200
    data = {**case.data, "submission_token": token_in(page)}
    first = client.post(case.action, {**data, **case.files()})
    second = client.post(case.action, {**data, **case.files()})
    assert first.status_code == 302, (
        first.status_code,
        first.context and first.context.get("form") and first.context["form"].errors,
    )
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert _count(case.model) == before + 1
