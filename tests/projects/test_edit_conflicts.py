"""Two people edit one project: the second save gets a conflict with both texts, nothing is
lost, and every saved change keeps a revision and an audit entry of what really changed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.edit_forms import form_data, load_form
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.organisations.models import Visibility
from zorgwijs.projects.models import Project
from zorgwijs.projects.services import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    return project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={
            "title": "Zelfroosteren op de IC",
            "summary": "Verpleegkundigen roosteren zelf.",
            "visibility": Visibility.PUBLIC,
        },
    )


def test_web_edit_keeps_a_revision_and_audits_the_changed_fields(world, project):
    url = f"/projecten/{project.pk}/bewerken/"
    client = sign_in(Client(), world.employee_a.user)
    data = load_form(client, url)
    data["summary"] = "Verpleegkundigen roosteren zelf, ook in de nacht."
    response = client.post(url, data)
    assert response.status_code == 302
    revisions = list(Project.objects.get(pk=project.pk).revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].data["summary"] == "Verpleegkundigen roosteren zelf."
    assert revisions[1].data["summary"] == "Verpleegkundigen roosteren zelf, ook in de nacht."
    assert revisions[1].author == world.employee_a.user
    entry = AuditEntry.objects.filter(action="projects.project.updated").get()
    assert entry.data["changed"] == ["summary"]
    versions = sign_in(Client(), world.employee_a.user).get(f"/projecten/{project.pk}/versies/")
    assert versions.content.decode().count("Zelfroosteren op de IC") >= 2


def test_second_editor_gets_a_conflict_with_both_texts_and_nothing_is_lost(world, project):
    url = f"/projecten/{project.pk}/bewerken/"
    first = sign_in(Client(), world.employee_a.user)
    second = sign_in(Client(), world.admin_a.user)
    first_form, second_form = load_form(first, url), load_form(second, url)

    first_form["summary"] = "Samenvatting van de eerste: roosteren in teams."
    assert first.post(url, first_form).status_code == 302
    second_form["summary"] = "Samenvatting van de tweede: roosteren met een app."
    second_form["title"] = "Zelfroosteren op de IC en CCU"
    response = second.post(url, second_form)

    assert response.status_code == 409
    body = response.content.decode()
    assert "Samenvatting van de eerste: roosteren in teams." in body  # the other's change
    assert "Samenvatting van de tweede: roosteren met een app." in body  # their own, kept
    stored = Project.objects.get(pk=project.pk)
    assert stored.summary == "Samenvatting van de eerste: roosteren in teams."
    assert stored.title == "Zelfroosteren op de IC"
    assert stored.revisions.count() == 2

    # The form in the conflict page holds the second editor's text and the new version:
    # merging and saving again stores it.
    merged = form_data(body)
    assert merged["title"] == "Zelfroosteren op de IC en CCU"
    assert merged["summary"] == "Samenvatting van de tweede: roosteren met een app."
    merged["summary"] = "Roosteren in teams, met een app."
    assert second.post(url, merged).status_code == 302
    stored = Project.objects.get(pk=project.pk)
    assert (stored.title, stored.summary) == (
        "Zelfroosteren op de IC en CCU",
        "Roosteren in teams, met een app.",
    )
    summaries = [r.data["summary"] for r in stored.revisions.order_by("number")]
    assert summaries == [
        "Verpleegkundigen roosteren zelf.",
        "Samenvatting van de eerste: roosteren in teams.",
        "Roosteren in teams, met een app.",
    ]


def test_a_form_without_version_does_not_overwrite(world, project):
    url = f"/projecten/{project.pk}/bewerken/"
    client = sign_in(Client(), world.employee_a.user)
    data = load_form(client, url)
    del data["version"]
    data["summary"] = "Blind overschreven."
    assert client.post(url, data).status_code == 409
    assert Project.objects.get(pk=project.pk).summary == "Verpleegkundigen roosteren zelf."


def test_a_change_the_revisions_do_not_hold_is_kept_before_the_next(world, project):
    """A state that no revision holds (written before web edits were recorded) is stored as a
    revision of its own before the next change replaces it."""
    Project.objects.filter(pk=project.pk).update(summary="Ooit via het web gewijzigd.")
    url = f"/projecten/{project.pk}/bewerken/"
    client = sign_in(Client(), world.employee_a.user)
    data = load_form(client, url)
    data["summary"] = "Nieuwste tekst."
    assert client.post(url, data).status_code == 302
    summaries = [r.data["summary"] for r in project.revisions.order_by("number")]
    assert summaries == [
        "Verpleegkundigen roosteren zelf.",
        "Ooit via het web gewijzigd.",
        "Nieuwste tekst.",
    ]
