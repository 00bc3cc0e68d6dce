"""Scenario pages as trainers of three hospitals use them, and as outsiders try them."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.scenarios.models import ReviewCriterion, Scenario, ScenarioStatus
from zorgwijs.scenarios.services import review_request, review_submit, scenario_update

from .conftest import make_scenario, ran

pytestmark = pytest.mark.django_db


def _url(name: str, scenario: Scenario, **kwargs) -> str:
    return reverse(f"scenarios:{name}", kwargs={"scenario_id": scenario.pk, **kwargs})


def test_a_trainer_creates_a_scenario_in_the_browser(client, world):
    sign_in(client, world.employee_a.user)
    url = reverse("scenarios_org:create", kwargs={"org_slug": world.org_a.slug})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Sepsis op de SEH",
            "summary": "Een patiënt met koorts verslechtert.",
            "phases": "Fase 1: koorts\nTrigger: bloeddruk daalt",
            "crm_skills": ["teamwork"],
            "visibility": Visibility.NETWORK,
            "duration_minutes": "25",
        },
    )
    scenario = Scenario.objects.get(title="Sepsis op de SEH")
    assert response.status_code == 302 and response.url == scenario.get_absolute_url()
    assert scenario.organisation == world.org_a and scenario.crm_skills == ["teamwork"]
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Trigger: bloeddruk daalt" in page and "Teamwork" in page


def test_a_scenario_without_title_is_refused_at_the_field_and_keeps_the_input(client, world):
    sign_in(client, world.employee_a.user)
    url = reverse("scenarios_org:create", kwargs={"org_slug": world.org_a.slug})
    response = client.post(
        url, {"title": "  ", "summary": "Mijn lange casus", "visibility": Visibility.NETWORK}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mijn lange casus" in body and "utrecht-form-field--invalid" in body
    assert not Scenario.objects.exists()


def test_editing_makes_a_version_and_its_page_shows_the_diff(client, world):
    scenario = make_scenario(world)
    sign_in(client, world.employee_a.user)
    edit = client.get(_url("edit", scenario))
    version = edit.context["form"]["version"].value()
    data = {
        "version": version,
        "title": scenario.title,
        "summary": scenario.summary,
        "phases": scenario.phases.replace("500", "900"),
        "crm_skills": scenario.crm_skills,
        "visibility": scenario.visibility,
        "note": "Meer bloed",
    }
    assert client.post(_url("edit", scenario), data).status_code == 302
    page = client.get(_url("version", scenario, version_number=2)).content.decode()
    assert "<ins>900</ins>" in page and "Meer bloed" in page
    # The same form sent again with the old version token: a conflict, nothing stored.
    data["phases"] = "Iets anders"
    conflict = client.post(_url("edit", scenario), data)
    assert conflict.status_code == 409
    scenario.refresh_from_db()
    assert scenario.version_number == 2 and "900" in scenario.phases


def test_an_outsider_cannot_edit_and_a_stranger_does_not_see_a_private_scenario(client, world, crm):
    private = make_scenario(world, visibility=Visibility.ORGANISATION, title="Geheim scenario")
    shared = make_scenario(world)
    sign_in(client, crm.trainer_b.user)
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(_url("versions", private)).status_code == 404
    assert "Geheim scenario" not in client.get(reverse("scenarios:index")).content.decode()
    assert client.get(shared.get_absolute_url()).status_code == 200
    assert client.get(_url("edit", shared)).status_code == 403
    client.logout()
    assert client.get(shared.get_absolute_url()).status_code == 404  # network, not public


def test_a_partner_forks_runs_and_sees_upstream_changes(client, world, crm):
    source = make_scenario(world)
    sign_in(client, crm.trainer_b.user)
    response = client.post(_url("fork", source), {"organisation": world.org_b.pk})
    fork = Scenario.objects.get(organisation=world.org_b)
    assert response.status_code == 302 and response.url == fork.get_absolute_url()
    scenario_update(
        actor=world.employee_a.user, scenario=source, data={"evaluation": "Nieuwe evaluatie"}
    )
    page = client.get(fork.get_absolute_url()).content.decode()
    assert reverse("scenarios:upstream", kwargs={"scenario_id": fork.pk}) in page
    changes = client.get(_url("upstream", fork)).content.decode()
    assert "<ins>Nieuwe evaluatie</ins>" in changes or "Nieuwe evaluatie" in changes
    run = client.post(
        _url("run_add", source),
        {
            "organisation": world.org_b.pk,
            "held_on": timezone.localdate().isoformat(),
            "group_size": "8",
            "what_worked": "Goede rolkaarten",
        },
    )
    assert run.status_code == 302
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Goede rolkaarten" in page and world.org_b.name in page


def test_a_run_for_another_organisation_is_refused_with_the_input_kept(client, world, crm):
    source = make_scenario(world)
    sign_in(client, crm.trainer_b.user)
    response = client.post(
        _url("run_add", source),
        {
            "organisation": world.org_a.pk,
            "held_on": timezone.localdate().isoformat(),
            "group_size": "8",
            "what_worked": "Mijn notities",
        },
    )
    assert response.status_code == 400
    assert "Mijn notities" in response.content.decode()
    assert source.runs.count() == 0


def test_review_and_publication_in_the_browser(client, world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    sign_in(client, world.employee_a.user)
    refused = client.post(
        _url("review_request", scenario),
        {"reviewer_1": world.colleague_a.user.email, "reviewer_2": crm.trainer_c.user.email},
    )
    assert refused.status_code == 400
    assert "andere organisatie" in refused.content.decode()
    assert scenario.assignments.count() == 0
    asked = client.post(
        _url("review_request", scenario),
        {"reviewer_1": crm.trainer_b.user.email, "reviewer_2": crm.trainer_c.user.email},
    )
    assert asked.status_code == 302
    early = client.post(_url("publish", scenario))
    assert early.status_code == 400 and "twee reviews" in early.content.decode()
    for trainer in (crm.trainer_b, crm.trainer_c):
        sign_in(client, trainer.user)
        assert scenario.title in client.get(reverse("scenarios:my_reviews")).content.decode()
        form = {f"score_{c}": "4" for c in ReviewCriterion.values}
        form.update(remarks=f"Opmerking van {trainer.user.full_name}", recommends_publication="on")
        assert client.post(_url("review", scenario), form).status_code == 302
    sign_in(client, world.employee_a.user)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Opmerking van Cor Trainer" in page and "Opmerking van Olaf Buiten" in page
    assert client.post(_url("publish", scenario)).status_code == 302
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.PUBLISHED
    sign_in(client, crm.trainer_c.user)
    assert client.post(_url("comment", scenario), {"text": "Top"}).status_code == 302


def test_a_review_without_scores_is_refused_and_keeps_the_remarks(client, world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )
    sign_in(client, crm.trainer_b.user)
    response = client.post(_url("review", scenario), {"remarks": "Mijn lange opmerking"})
    assert response.status_code == 400
    assert "Mijn lange opmerking" in response.content.decode()
    assert scenario.reviews.count() == 0


def test_someone_not_asked_cannot_review(client, world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )
    sign_in(client, world.colleague_a.user)
    form = {f"score_{c}": "5" for c in ReviewCriterion.values}
    response = client.post(_url("review", scenario), {**form, "remarks": "Ik vind het goed"})
    assert response.status_code == 400
    assert scenario.reviews.count() == 0


def test_materials_download_only_for_readers(client, world, crm):
    scenario = make_scenario(world, visibility=Visibility.ORGANISATION)
    sign_in(client, world.employee_a.user)
    bad = client.post(
        _url("material_add", scenario),
        {"title": "Nep", "file": SimpleUploadedFile("nep.pdf", b"geen pdf")},
    )
    assert bad.status_code == 400 and scenario.materials.count() == 0
    client.post(
        _url("material_add", scenario),
        {"title": "ECG", "file": SimpleUploadedFile("ecg.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    material = scenario.materials.get()
    url = reverse("scenarios:material", kwargs={"material_id": material.pk})
    assert client.get(url).status_code == 200
    sign_in(client, crm.trainer_b.user)
    assert client.get(url).status_code == 404


def _office(*entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            archive.writestr(entry, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rollenkaarten.docx", b"MZ\x90\x00" + b"\x00" * 60),  # a renamed executable
        ("briefing.pptx", b"PK\x03\x04" + b"\x00" * 60),  # a broken ZIP
        ("debriefing.odt", _office("content.xml")),  # a ZIP that is no OpenDocument
    ],
)
def test_materials_get_the_office_content_check_of_attachments(client, world, name, content):
    """The same check as project attachments: refused at the field, nothing kept."""
    scenario = make_scenario(world)
    sign_in(client, world.employee_a.user)
    url = _url("material_add", scenario)
    refused = client.post(url, {"title": "Kaarten", "file": SimpleUploadedFile(name, content)})
    assert refused.status_code == 400
    assert refused.context["material_form"].errors["file"] == [
        f"De inhoud van dit bestand past niet bij .{name.rsplit('.', 1)[1]}."
    ]
    assert scenario.materials.count() == 0
    real = SimpleUploadedFile("rollen.docx", _office("[Content_Types].xml", "word/document.xml"))
    assert client.post(url, {"title": "Rollen", "file": real}).status_code == 302
    assert scenario.materials.get().title == "Rollen"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_scenario_page_is_flat_in_versions_runs_and_reviews(client, world, crm):
    scenario = make_scenario(world)
    ran(world, scenario)
    first, second = review_request(
        actor=world.employee_a.user,
        scenario=scenario,
        reviewers=[crm.trainer_b.user, crm.trainer_c.user],
    )
    sign_in(client, world.employee_a.user)
    url = scenario.get_absolute_url()
    client.get(url)  # warm the session and caches
    few = _queries(client, url)
    for n in range(6):
        scenario_update(
            actor=world.employee_a.user, scenario=scenario, data={"evaluation": f"Ronde {n}"}
        )
        ran(world, scenario)
    scores = {c: 3 for c in ReviewCriterion.values}
    for assignment, trainer in ((first, crm.trainer_b), (second, crm.trainer_c)):
        review_submit(
            actor=trainer.user,
            assignment=assignment,
            scores=scores,
            remarks="Prima",
            recommends_publication=True,
        )
    many = _queries(client, url)
    assert many == few
    assert many <= 20
