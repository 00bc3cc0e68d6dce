"""Needs: services, who sees what (lists, pages, counts and the Kenniskaart), and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.edit_forms import load_form
from tests.factories import NetworkFactory
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.needs.models import MeToo, Need, NeedAnswer, NeedStatus
from zorgwijs.needs.selectors import answers_for, knowledge_map, need_list
from zorgwijs.needs.services import answer_link, me_too_set, need_update
from zorgwijs.organisations.models import NetworkMembership
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for

from .helpers import make_need

pytestmark = pytest.mark.django_db


def _titles(viewer) -> set[str]:
    return set(need_list(viewer=viewer).values_list("title", flat=True))


# --- Services -------------------------------------------------------------------------------------


def test_create_records_author_organisation_and_audit(world, themes):
    need = make_need(world.employee_a, "  Hoe roosteren anderen?  ", themes=[themes.rosters])
    assert need.title == "Hoe roosteren anderen?" and need.status == NeedStatus.OPEN
    assert need.organisation == world.org_a and need.author == world.employee_a.user
    assert AuditEntry.objects.filter(action="needs.need.created").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Goed", "kind": "klacht"}, "kind"),
        ({"title": "Goed", "visibility": "iedereen"}, "visibility"),
        ({"title": "Goed", "sector": "bakkerij"}, "sector"),
        ({"title": "Goed", "description": "a\x00b"}, "description"),
        ({"title": "Goed", "status": "misschien"}, "status"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_changes(world, data, field):
    need = make_need(world.employee_a, "Oorspronkelijk")
    with pytest.raises(ValidationError) as refused:
        need_update(actor=world.employee_a.user, need=need, data=data)
    assert field in refused.value.message_dict
    need.refresh_from_db()
    assert need.title == "Oorspronkelijk" and need.kind == "kennisvraag"


def test_me_too_is_one_per_person_and_toggles(world):
    need = make_need(world.employee_a, "Vraag")
    assert me_too_set(actor=world.colleague_a.user, need=need, on=True) == 1
    assert me_too_set(actor=world.colleague_a.user, need=need, on=True) == 1
    assert me_too_set(actor=world.admin_a.user, need=need, on=True) == 2
    assert me_too_set(actor=world.colleague_a.user, need=need, on=False) == 1
    assert MeToo.objects.filter(need=need).count() == 1


def test_me_too_refused_for_own_and_closed_needs(world):
    need = make_need(world.employee_a, "Vraag")
    with pytest.raises(ValidationError):
        me_too_set(actor=world.employee_a.user, need=need, on=True)
    need_update(actor=world.employee_a.user, need=need, data={"status": NeedStatus.CLOSED})
    with pytest.raises(ValidationError):
        me_too_set(actor=world.colleague_a.user, need=need, on=True)
    assert not MeToo.objects.exists()


def test_who_may_link_projects(world, content):
    viewer = viewer_for
    need = content.public
    # The author links any project she may read.
    answer_link(
        actor=world.employee_a.user,
        viewer=viewer(world.employee_a.user),
        need=need,
        project=content.public_project,
    )
    # A colleague without a role who does not own the project may not.
    with pytest.raises(PermissionDenied):
        answer_link(
            actor=world.outsider_b.user,
            viewer=viewer(world.outsider_b.user),
            need=need,
            project=content.public_project,
        )
    # A project owner (member of the owning organisation) links their own project.
    answer_link(
        actor=world.colleague_a.user,
        viewer=viewer(world.colleague_a.user),
        need=need,
        project=content.private_project,
    )
    assert NeedAnswer.objects.filter(need=need).count() == 2


def test_coordinator_of_the_needs_organisation_may_link(world, content):
    from tests.factories import give_role
    from zorgwijs.organisations.models import Role

    need = make_need(world.outsider_b, "Vraag van Noorderzorg")
    with pytest.raises(PermissionDenied):
        answer_link(
            actor=world.outsider_b.user,
            viewer=viewer_for(world.colleague_a.user),
            need=need,
            project=content.public_project,
        )
    give_role(world.outsider_b, Role.COORDINATOR)
    other = make_need(world.admin_a, "Vraag van beheer")
    answer_link(
        actor=world.outsider_b.user,
        viewer=viewer_for(world.outsider_b.user),
        need=need,
        project=content.public_project,
    )
    with pytest.raises(PermissionDenied):  # a coordinator elsewhere is no coordinator here
        answer_link(
            actor=world.outsider_b.user,
            viewer=viewer_for(world.outsider_b.user),
            need=other,
            project=content.public_project,
        )


# --- Visibility -----------------------------------------------------------------------------------


def test_lists_show_only_what_the_viewer_may_read(world, content):
    assert _titles(ANONYMOUS) == {"Hoe voorkomen we vallen thuis?"}
    assert _titles(viewer_for(world.colleague_a.user)) == {
        "Hoe voorkomen we vallen thuis?",
        "Valpreventie in het netwerk",
        "Interne valvraag Rivierenland",
    }
    outsider = _titles(viewer_for(world.outsider_b.user))
    assert "Interne valvraag Rivierenland" not in outsider
    assert "Valpreventie in het netwerk" not in outsider
    assert "Noorderzorg interne roostervraag" in outsider


def test_network_needs_reach_network_partners(world, content):
    network = NetworkFactory(name="Netwerk Noord", slug="netwerk-noord")
    NetworkMembership.objects.create(network=network, organisation=world.org_a)
    NetworkMembership.objects.create(network=network, organisation=world.org_b)
    outsider = _titles(viewer_for(world.outsider_b.user))
    assert "Valpreventie in het netwerk" in outsider
    assert "Interne valvraag Rivierenland" not in outsider


def test_other_organisations_private_need_never_in_pages_or_counts(world, content):
    outsider = sign_in(Client(), world.outsider_b.user)
    listed = outsider.get("/kennisbehoeften/").content.decode()
    assert "Interne valvraag Rivierenland" not in listed
    assert outsider.get(f"/kennisbehoeften/{content.private.pk}/").status_code == 404
    assert outsider.post(f"/kennisbehoeften/{content.private.pk}/ik-ook/").status_code == 404
    assert not MeToo.objects.exists()
    # Counts: the outsider's map has organisation A's public need only (falls, Rivierenland).
    falls = next(
        c
        for c in knowledge_map(viewer=viewer_for(world.outsider_b.user)).themes
        if c.theme == "valpreventie"
    )
    assert (falls.projects, falls.needs) == (1, 1)
    member = next(
        c
        for c in knowledge_map(viewer=viewer_for(world.employee_a.user)).themes
        if c.theme == "valpreventie"
    )
    assert (member.projects, member.needs) == (2, 3)
    # And organisation A's members never see B's private need, in lists, map or search.
    page = sign_in(Client(), world.employee_a.user).get("/kennisbehoeften/kenniskaart/")
    assert "Anders werken" in page.content.decode()
    rosters = next(
        c
        for c in knowledge_map(viewer=viewer_for(world.employee_a.user)).themes
        if c.theme == "anders-werken"
    )
    assert rosters.needs == 0


def test_hidden_answering_project_is_never_shown_or_counted(world, content):
    need = content.public
    answer_link(
        actor=world.employee_a.user,
        viewer=viewer_for(world.employee_a.user),
        need=need,
        project=content.private_project,
    )
    assert answers_for(viewer=ANONYMOUS, need=need) == []
    anonymous = need_list(viewer=ANONYMOUS).get(pk=need.pk)
    assert anonymous.answer_count == 0
    page = Client().get(f"/kennisbehoeften/{need.pk}/").content.decode()
    assert "Geheime valpilot" not in page
    member = need_list(viewer=viewer_for(world.employee_a.user)).get(pk=need.pk)
    assert member.answer_count == 1


def test_author_name_only_for_signed_in_visitors(world, content):
    url = f"/kennisbehoeften/{content.public.pk}/"
    assert "Eva Medewerker" not in Client().get(url).content.decode()
    assert "Eva Medewerker" in sign_in(Client(), world.colleague_a.user).get(url).content.decode()


def test_kenniskaart_marks_gaps(world, content):
    for membership in (world.colleague_a, world.admin_a, world.manager_a):
        me_too_set(actor=membership.user, need=content.public, on=True)
    result = knowledge_map(viewer=ANONYMOUS)
    falls = next(c for c in result.themes if c.theme == "valpreventie")
    assert (falls.projects, falls.needs, falls.me_too, falls.asked) == (1, 1, 3, 4)
    assert falls.is_gap
    cell = result.cells[0]
    assert (cell.theme, cell.region, cell.asked) == ("valpreventie", "Rivierenland", 4)
    only_groningen = knowledge_map(viewer=ANONYMOUS, region="Groningen")
    assert all(c.asked == 0 for c in only_groningen.themes)


# --- Pages ----------------------------------------------------------------------------------------


def test_list_filters(world, content, themes):
    make_need(
        world.employee_a,
        "Knelpunt roosters",
        themes=[themes.rosters],
        kind="knelpunt",
        region="Groningen",
    )
    client = Client()
    body = client.get("/kennisbehoeften/", {"soort": "knelpunt"}).content.decode()
    assert "Knelpunt roosters" in body and "Hoe voorkomen we vallen thuis?" not in body
    body = client.get("/kennisbehoeften/", {"thema": "valpreventie"}).content.decode()
    assert "Hoe voorkomen we vallen thuis?" in body and "Knelpunt roosters" not in body
    body = client.get("/kennisbehoeften/", {"regio": "Groningen", "status": "open"}).content
    assert "Knelpunt roosters" in body.decode()
    assert client.get("/kennisbehoeften/", {"thema": "x" * 500}).status_code == 200


def test_me_too_page_toggle(world, content):
    client = sign_in(Client(), world.colleague_a.user)
    url = f"/kennisbehoeften/{content.public.pk}/ik-ook/"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert MeToo.objects.filter(need=content.public).count() == 1
    client.post(url, {"ik_ook": "uit"})
    assert not MeToo.objects.exists()
    assert client.get(url).status_code == 405
    assert client.post(url, {"next": "https://elders.example/"})["Location"] == (
        f"/kennisbehoeften/{content.public.pk}/"
    )


def test_create_and_edit_pages(world, themes):
    client = sign_in(Client(), world.employee_a.user)
    url = f"/o/{world.org_a.slug}/kennisbehoeften/nieuw/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"kind": "kennisvraag", "title": "", "visibility": "public"})
    assert refused.status_code == 400 and not Need.objects.exists()
    done = client.post(
        url,
        {
            "kind": "knelpunt",
            "title": "Kennis blijft in het team",
            "visibility": "public",
            "themes": [themes.rosters.pk],
            "region": "",
        },
    )
    need = Need.objects.get()
    assert done["Location"] == f"/kennisbehoeften/{need.pk}/"
    edit = f"/kennisbehoeften/{need.pk}/bewerken/"
    assert sign_in(Client(), world.colleague_a.user).get(edit).status_code == 403
    assert sign_in(Client(), world.outsider_b.user).get(edit).status_code == 403
    data = load_form(client, edit)
    data.update(title="Nieuwe titel", status="beantwoord")
    assert client.post(edit, data).status_code == 302
    need.refresh_from_db()
    assert (need.title, need.status) == ("Nieuwe titel", "beantwoord")


def test_link_page(world, content):
    client = sign_in(Client(), world.employee_a.user)
    url = f"/kennisbehoeften/{content.public.pk}/projecten/"
    detail = client.get(f"/kennisbehoeften/{content.public.pk}/").content.decode()
    assert "Valpoli in de regio" in detail  # offered in the link form
    client.post(url, {"project": content.public_project.pk})
    assert NeedAnswer.objects.filter(need=content.public).count() == 1
    client.post(url, {"project": "9" * 30})
    client.post(url, {"project": content.public_project.pk, "ontkoppelen": "1"})
    assert not NeedAnswer.objects.exists()
    # A project the outsider cannot read cannot be linked by guessing its id.
    outsider = sign_in(Client(), world.outsider_b.user)
    outsider.post(url, {"project": content.private_project.pk})
    assert not NeedAnswer.objects.exists()
