"""Profiles: opt-in, reach, what a profile page shows to whom, and that no page or API answer
ever carries an e-mail address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.competences.factories import DeviceFactory
from tests.experts.conftest import make_profile, make_project
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.knowledge.factories import make_answer, make_question, make_space
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.competences.services import qualification_register
from zorgwijs.experts.models import ExpertProfile, Reach
from zorgwijs.experts.services import profile_save
from zorgwijs.organisations.models import NetworkMembership, Visibility

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return response.content.decode()


def test_a_person_without_opt_in_is_never_listed_or_findable(world, themes):
    hidden = make_profile(world.employee_a.user, listed=False, themes=[themes["valpreventie"]])
    viewer = sign_in(Client(), world.outsider_b.user)
    name = world.employee_a.user.full_name
    assert name not in _body(viewer.get("/mensen/"))
    assert name not in _body(viewer.get("/mensen/?thema=valpreventie"))
    assert viewer.get(f"/mensen/{hidden.pk}/").status_code == 404
    assert viewer.get(f"/api/v1/experts/{hidden.pk}").status_code == 404
    assert name not in _body(viewer.get("/api/v1/experts"))
    # Not even their own organisation finds them.
    colleague = sign_in(Client(), world.colleague_a.user)
    assert colleague.get(f"/mensen/{hidden.pk}/").status_code == 404
    # They themselves see a preview, marked as not findable.
    own = sign_in(Client(), world.employee_a.user).get(f"/mensen/{hidden.pk}/")
    assert own.status_code == 200 and "niet vindbaar" in _body(own)


def test_profiles_are_found_only_within_the_chosen_reach(world):
    with scopes_disabled():
        network = NetworkFactory()
        NetworkMembership.objects.create(network=network, organisation=world.org_a)
        NetworkMembership.objects.create(network=network, organisation=world.org_b)
        stranger = MembershipFactory(user=UserFactory(full_name="Sam Elders")).user
    profile = make_profile(world.employee_a.user, reach=Reach.ORGANISATION)
    url = f"/mensen/{profile.pk}/"
    colleague, partner = world.colleague_a.user, world.outsider_b.user
    assert sign_in(Client(), colleague).get(url).status_code == 200
    assert sign_in(Client(), partner).get(url).status_code == 404
    ExpertProfile.objects.filter(pk=profile.pk).update(reach=Reach.NETWORK)
    assert sign_in(Client(), partner).get(url).status_code == 200
    assert sign_in(Client(), stranger).get(url).status_code == 404
    ExpertProfile.objects.filter(pk=profile.pk).update(reach=Reach.PUBLIC)
    assert sign_in(Client(), stranger).get(url).status_code == 200
    # Never for anonymous visitors: the pages ask to sign in, the API finds nobody.
    assert Client().get(url).status_code == 302
    assert Client().get(f"/api/v1/experts/{profile.pk}").status_code == 404
    assert Client().get("/api/v1/experts").json() == []


def test_profile_page_shows_only_what_the_viewer_may_read_and_never_an_address(world, themes):
    employee = world.employee_a.user
    public = make_project(world, world.org_a, title="Openbaar valproject")
    private = make_project(
        world, world.org_a, visibility=Visibility.ORGANISATION, title="Interne valpilot"
    )
    with scopes_disabled():
        open_space = make_space(world.org_a, slug="open", visibility=Visibility.PUBLIC)
        closed_space = make_space(world.org_a, slug="dicht", visibility=Visibility.ORGANISATION)
        asked = ((open_space, "Open vraag over vallen"), (closed_space, "Interne vraag"))
        for space, title in asked:
            question = make_question(space, world.admin_a.user, title=title)
            make_answer(question, employee)
        device = DeviceFactory(organisation=world.org_a, name="Infuuspomp Volumat")
        other = DeviceFactory(organisation=world.org_a, name="Beademingsapparaat")
        for item in (device, other):
            qualification_register(
                actor=world.admin_a.user,
                membership=world.employee_a,
                item=item,
                occurred_on=timezone.localdate(),
                evidence_kind="practical",
            )
    profile = profile_save(
        actor=employee,
        data={"listed": True, "reach": Reach.PUBLIC, "headline": "Valexpert", "languages": ["nl"]},
        themes=[themes["valpreventie"]],
        projects=[public, private],
        shown_items=[device],
    )
    outsider_view = _body(sign_in(Client(), world.outsider_b.user).get(f"/mensen/{profile.pk}/"))
    assert "Openbaar valproject" in outsider_view and "Interne valpilot" not in outsider_view
    assert "Open vraag over vallen" in outsider_view and "Interne vraag" not in outsider_view
    assert "Infuuspomp Volumat" in outsider_view and "geverifieerd" in outsider_view
    assert "Beademingsapparaat" not in outsider_view  # not chosen to show
    assert employee.email not in outsider_view
    colleague_view = _body(sign_in(Client(), world.colleague_a.user).get(f"/mensen/{profile.pk}/"))
    assert "Interne valpilot" in colleague_view and "Interne vraag" in colleague_view
    api = sign_in(Client(), world.outsider_b.user).get(f"/api/v1/experts/{profile.pk}").json()
    assert api["projects"] == [public.pk]
    assert api["verified_competences"] == ["Infuuspomp Volumat"]
    assert employee.email not in str(api)


def test_profile_save_refuses_what_is_not_the_persons_own(world, themes):
    others_project = make_project(world, world.org_b, title="Project van Noorderzorg")
    with scopes_disabled():
        unverified = DeviceFactory(organisation=world.org_a, name="Nooit behaald")
    for extra in ({"projects": [others_project]}, {"shown_items": [unverified]}):
        with pytest.raises(Exception) as refused:
            profile_save(
                actor=world.employee_a.user,
                data={"listed": True, "reach": Reach.PUBLIC, "languages": []},
                themes=[],
                **extra,
            )
        assert set(refused.value.message_dict) == set(extra)
    assert not ExpertProfile.objects.filter(user=world.employee_a.user).exists()


def test_profile_form_saves_opt_in_and_records_it(world, themes):
    client = sign_in(Client(), world.employee_a.user)
    assert client.get("/mensen/mijn-profiel/").status_code == 200
    response = client.post(
        "/mensen/mijn-profiel/",
        {
            "listed": "on",
            "reach": "network",
            "headline": "Valpreventie in de VVT",
            "themes": [themes["valpreventie"].pk],
            "thinks_along": "on",
            "languages": ["nl", "en"],
        },
    )
    profile = ExpertProfile.objects.get(user=world.employee_a.user)
    assert response.status_code == 302 and response["Location"] == f"/mensen/{profile.pk}/"
    assert profile.listed and profile.thinks_along and profile.languages == ["nl", "en"]
    assert AuditEntry.objects.filter(action="experts.profile.saved").count() == 1
    bad = client.post("/mensen/mijn-profiel/", {"reach": "iedereen", "languages": ["xx"]})
    assert bad.status_code == 400
    assert ExpertProfile.objects.get(pk=profile.pk).headline == "Valpreventie in de VVT"


def test_the_people_list_filters_on_theme_and_thinking_along(world, themes):
    make_profile(world.admin_a.user, themes=[themes["valpreventie"]], thinks_along=True)
    make_profile(world.colleague_a.user, themes=[themes["dementie"]])
    client = sign_in(Client(), world.outsider_b.user)
    everyone = _body(client.get("/mensen/"))
    assert world.admin_a.user.full_name in everyone and world.colleague_a.user.full_name in everyone
    falls = _body(client.get("/mensen/?thema=valpreventie"))
    assert world.colleague_a.user.full_name not in falls
    along = _body(client.get("/mensen/?meedenken=on"))
    assert world.admin_a.user.full_name in along and world.colleague_a.user.full_name not in along
    for address in (world.admin_a.user.email, world.colleague_a.user.email):
        assert address not in everyone
    api = client.get("/api/v1/experts", {"theme": "dementie"}).json()
    assert [p["name"] for p in api] == [world.colleague_a.user.full_name]


def test_a_named_contact_may_put_the_project_on_the_profile_but_a_lookalike_may_not(world):
    with scopes_disabled():
        named = UserFactory(email="ilse@zorg.nl")
        lookalike = UserFactory(email="se@zorg.nl")
    project = make_project(
        world, contacts=[{"name": "Ilse", "role": "trekker", "email": "Ilse@zorg.nl"}]
    )
    data = {"listed": True, "reach": Reach.PUBLIC, "languages": []}
    profile = profile_save(actor=named, data=data, themes=[], projects=[project])
    assert list(profile.projects.all()) == [project]
    with pytest.raises(Exception, match="contactpersoon"):
        profile_save(actor=lookalike, data=data, themes=[], projects=[project])
