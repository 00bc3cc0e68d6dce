from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scopes_disabled

from tests.edit_forms import load_form
from tests.factories import NetworkFactory, OrganisationFactory
from tests.signin import sign_in
from zorgwijs.organisations.models import NetworkMembership, Visibility
from zorgwijs.projects.models import Project
from zorgwijs.projects.services import project_create, project_delete, project_update

pytestmark = pytest.mark.django_db


def _project(world, visibility=Visibility.PUBLIC, **data):
    return project_create(
        actor=world.admin_a.user,
        organisation=world.org_a,
        data={
            "title": "Zelfroosteren op de IC",
            "summary": "Verpleegkundigen roosteren zelf.",
            "visibility": visibility,
            "contacts": [
                {"name": "Ilse Contact", "role": "teamleider", "email": "ilse@example.org"}
            ],
            **data,
        },
    )


def test_public_project_is_readable_without_account_but_contacts_are_not(world):
    project = _project(world)
    response = Client().get(f"/projecten/{project.pk}/")
    assert response.status_code == 200
    assert "Zelfroosteren op de IC" in response.content.decode()
    assert "Ilse Contact" not in response.content.decode()
    signed_in = sign_in(Client(), world.outsider_b.user).get(f"/projecten/{project.pk}/")
    assert "Ilse Contact" in signed_in.content.decode()


@pytest.mark.parametrize("visibility", [Visibility.ORGANISATION, Visibility.NETWORK])
def test_private_project_is_404_for_anonymous_and_other_organisations(world, visibility):
    project = _project(world, visibility=visibility)
    assert Client().get(f"/projecten/{project.pk}/").status_code == 404
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(f"/projecten/{project.pk}/").status_code == 404
    assert "Zelfroosteren" not in outsider.get("/projecten/").content.decode()
    member = sign_in(Client(), world.employee_a.user)
    assert member.get(f"/projecten/{project.pk}/").status_code == 200


def test_network_project_is_readable_by_network_partners_only(world):
    project = _project(world, visibility=Visibility.NETWORK)
    with scopes_disabled():
        network = NetworkFactory()
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        NetworkMembership.objects.create(network=network, organisation=world.org_b)
    partner = sign_in(Client(), world.outsider_b.user)
    assert partner.get(f"/projecten/{project.pk}/").status_code == 200
    assert partner.get(f"/projecten/{project.pk}/bewerken/").status_code == 403


def test_owner_edits_and_every_change_keeps_a_revision(world, themes):
    project = _project(world)
    client = sign_in(Client(), world.employee_a.user)
    response = client.post(
        f"/projecten/{project.pk}/bewerken/",
        {
            **load_form(client, f"/projecten/{project.pk}/bewerken/"),
            "title": "Zelfroosteren op de IC en CCU",
            "summary": "Nu ook op de CCU.",
            "status": "lopend",
            "visibility": "public",
            "language": "nl",
            "themes": [themes[1].pk],
            "contacts_text": "Ilse Contact | teamleider | ilse@example.org",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Zelfroosteren op de IC en CCU"
    assert list(project.revisions.values_list("number", flat=True)) == [2, 1]
    assert project.revisions.first().data["themes"] == ["anders-werken"]


def test_bad_input_shows_dutch_errors_at_the_field_and_changes_nothing(world):
    project = _project(world)
    client = sign_in(Client(), world.employee_a.user)
    response = client.post(
        f"/projecten/{project.pk}/bewerken/",
        {
            "title": "",
            "summary": "x",
            "status": "lopend",
            "visibility": "public",
            "language": "nl",
            "start_year": "2024",
            "end_year": "2020",
            "contacts_text": "Ilse | rol | geen-adres",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "geen geldig e-mailadres" in body
    project.refresh_from_db()
    assert project.title == "Zelfroosteren op de IC"
    assert project.revisions.count() == 1


def test_end_year_before_start_year_is_refused_by_the_service(world):
    project = _project(world)
    with pytest.raises(ValidationError) as error:
        project_update(actor=None, project=project, data={"start_year": 2024, "end_year": 2020})
    assert "end_year" in error.value.error_dict


def test_co_owner_members_may_edit(world):
    project = _project(world)
    project_update(actor=None, project=project, data={}, co_owners=[world.org_b])
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.get(f"/projecten/{project.pk}/bewerken/").status_code == 200


def test_create_under_the_organisation(world, themes):
    client = sign_in(Client(), world.employee_a.user)
    response = client.post(
        "/o/rivierenland/projecten/nieuw/",
        {
            "title": "Valpreventie thuis",
            "summary": "Samen met de wijkteams.",
            "status": "idee",
            "visibility": "organisation",
            "language": "nl",
            "themes": [themes[0].pk],
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(title="Valpreventie thuis")
    assert project.organisation == world.org_a and project.created_by == world.employee_a.user


def test_delete_removes_the_project(world):
    project = _project(world)
    project_delete(actor=None, project=project)
    assert not Project.objects.filter(pk=project.pk).exists()


def test_comparable_projects_for_a_pasted_description(world, themes):
    valpreventie = project_create(
        actor=None,
        organisation=None,
        themes=[themes[0]],
        data={"title": "Valpreventie thuis", "summary": "Ouderen vallen minder door training."},
    )
    _project(
        world,
        visibility=Visibility.ORGANISATION,
        title="Valpreventie intern",
        summary="Ouderen vallen minder.",
    )
    response = Client().get(
        "/projecten/vergelijkbaar/",
        {
            "beschrijving": "We willen dat ouderen in de wijk minder vallen: valpreventie "
            "met training."
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert valpreventie.title in body and "ook over valpreventie" in body
    assert "Valpreventie intern" not in body
    empty = Client().get("/projecten/vergelijkbaar/", {"beschrijving": '😀 " OR ('})
    assert empty.status_code == 200


def test_comparable_projects_for_only_spaces_asks_for_a_description():
    """A description of only spaces used to answer "nothing comparable found", as if it had
    been searched: the message belongs at the field."""
    response = Client().get("/projecten/vergelijkbaar/", {"beschrijving": "   "})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="zw-vp-description-error"' in body and 'aria-invalid="true"' in body
    assert "Beschrijf je project in een paar zinnen." in body
    assert "zw-vp-empty" not in body


def test_one_projects_rule_agrees_with_the_list_rule_for_every_kind_of_reader(world):
    """``Project.is_visible_to`` (a project page) and ``visible_to`` (lists, search) state one
    rule twice: for every visibility, owner and co-owner, they agree for the owner's member,
    a co-owner's member, a network partner, an outsider, a leaver-like viewer and anonymous."""
    from zorgwijs.organisations.visibility import ANONYMOUS, Viewer, viewer_for

    with scopes_disabled():
        org_c = OrganisationFactory()
        network = NetworkFactory()
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        NetworkMembership.objects.create(network=network, organisation=org_c)
        projects = []
        for visibility in Visibility.values:
            projects.append(_project(world, visibility=visibility))
            co_owned = project_create(
                actor=None,
                organisation=org_c,
                data={"title": "Samen", "summary": "Samen werken.", "visibility": visibility},
            )
            project_update(actor=None, project=co_owned, data={}, co_owners=[world.org_b])
            projects.append(co_owned)
        viewers = [
            viewer_for(world.employee_a.user),
            viewer_for(world.outsider_b.user),
            Viewer(user_id=world.outsider_b.user.pk, network_org_ids=(world.org_a.pk,)),
            Viewer(user_id=world.employee_a.user.pk),  # signed in, member of nothing now
            ANONYMOUS,
        ]
        for viewer in viewers:
            listed = set(Project.objects.visible_to(viewer).values_list("pk", flat=True))
            for project in projects:
                assert project.is_visible_to(viewer) == (project.pk in listed), (
                    project.visibility,
                    project.organisation_id,
                    viewer,
                )
        assert any(p.is_visible_to(viewers[1]) and p.visibility != "public" for p in projects)
