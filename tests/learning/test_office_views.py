"""The coordinator's and the school's screens: a blueprint built, published and versioned in
the browser's forms; a curriculum declared by a school only; EVC decided by an assessor."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, give_role
from tests.signin import sign_in
from zorgwijs.learning.models import Blueprint, Curriculum, PriorLearning
from zorgwijs.organisations.models import OrganisationKind, Role

ORG = "/o/rivierenland/leren"


def test_a_coordinator_builds_publishes_and_versions_a_blueprint(world, coordinator):
    client = sign_in(Client(), coordinator.user, mfa=True)
    assert client.post(f"{ORG}/blauwdrukken/", {"name": "", "target_role": "x"}).status_code == 400
    client.post(
        f"{ORG}/blauwdrukken/", {"name": "Dialyseverpleegkundige", "target_role": "Dialyse"}
    )
    with scopes_disabled():
        bp = Blueprint.objects.get(name="Dialyseverpleegkundige")
    url = f"{ORG}/blauwdrukken/{bp.pk}/"
    client.post(url, {"form": "process", "p-code": "WP1", "p-name": "Aansluiten"})
    with scopes_disabled():
        process = bp.processes.get()
    outcome = {
        "form": "outcome",
        "o-process": process.pk,
        "o-code": "D-1",
        "o-title": "Sluit de patiënt aan",
        "o-indicators": "Controleert de shunt",
        "o-proof": "practical",
        "o-level": 4,
        "o-learn_by": "internship",
        "o-learn_hours": 40,
        "o-assess_hours": 2,
    }
    assert client.post(url, outcome).status_code == 302
    again = client.post(url, outcome)
    assert (
        again.status_code == 400 and "al een leeruitkomst met deze code" in again.content.decode()
    )
    assert "Sluit de patiënt aan" in again.content.decode()  # what was typed stays
    client.post(f"{url}actie/", {"action": "publish"})
    with scopes_disabled():
        bp.refresh_from_db()
        assert bp.state == "published"
    locked = client.post(url, {**outcome, "o-code": "D-2"})
    assert "vastgesteld" in locked.content.decode()
    client.post(f"{url}actie/", {"action": "version"})
    with scopes_disabled():
        assert Blueprint.objects.filter(lineage=bp.lineage).count() == 2


def test_only_a_school_declares_a_curriculum(world, coordinator):
    hospital = sign_in(Client(), coordinator.user, mfa=True)
    hospital.post(
        f"{ORG}/opleidingen/", {"programme": "BMH", "track": "Acute zorg", "visibility": "public"}
    )
    with scopes_disabled():
        assert not Curriculum.objects.exists()
        school = OrganisationFactory(
            name="Hogeschool", slug="hogeschool", kind=OrganisationKind.EDUCATION
        )
        teacher = MembershipFactory(organisation=school, user=UserFactory(full_name="Dora Docent"))
        give_role(teacher, Role.COORDINATOR)
    client = sign_in(Client(), teacher.user, mfa=True)
    client.post(
        "/o/hogeschool/leren/opleidingen/",
        {"programme": "BMH", "track": "Acute zorg", "visibility": "public"},
    )
    with scopes_disabled():
        curriculum = Curriculum.objects.get()
    client.post(
        f"/o/hogeschool/leren/opleidingen/{curriculum.pk}/",
        {"code": "IC-1", "title": "Anatomie", "level": 2},
    )
    # The hospital reads the published track but cannot add to it.
    page = hospital.get(f"{ORG}/opleidingen/{curriculum.pk}/")
    assert "Anatomie" in page.content.decode()
    assert (
        hospital.post(
            f"{ORG}/opleidingen/{curriculum.pk}/", {"code": "X", "title": "x", "level": 1}
        ).status_code
        == 404
    )


def test_evc_evidence_waits_for_an_assessor(world, coordinator):
    client = sign_in(Client(), coordinator.user, mfa=True)
    url = f"{ORG}/mensen/{world.employee_a.pk}/eerder-geleerd/"
    missing_file = client.post(
        url,
        {
            "kind": "evc",
            "achieved_on": timezone.localdate().isoformat(),
            "codes": "IC-3",
            "level": 4,
        },
    )
    assert missing_file.status_code == 400 and "portfolio" in missing_file.content.decode()
    client.post(
        url,
        {
            "kind": "evc",
            "achieved_on": timezone.localdate().isoformat(),
            "codes": "IC-3, IC-4",
            "level": 4,
            "evidence_file": SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    with scopes_disabled():
        prior = PriorLearning.objects.get()
        assert prior.state == "pending" and prior.codes == ["IC-3", "IC-4"]
        give_role(world.manager_a, Role.ASSESSOR)
    assessor = sign_in(Client(), world.manager_a.user, mfa=True)
    assert world.employee_a.user.full_name in assessor.get(f"{ORG}/evc/").content.decode()
    refused = assessor.post(f"{ORG}/evc/{prior.pk}/", {"decision": "reject"})
    assert refused.status_code == 400
    assessor.post(f"{ORG}/evc/{prior.pk}/", {"decision": "accept"})
    with scopes_disabled():
        prior.refresh_from_db()
    assert prior.state == "accepted" and prior.assessed_by == world.manager_a.user
    assert assessor.get(f"{ORG}/evc/{prior.pk}/").status_code == 404
