"""Deciding together what knowledge is needed: a coordinator opens a round over the region's
needs, each member organisation ranks once (changeable until the close, a second ballot
refused), and the close publishes the agenda; no organisation ever sees another's ballot."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, give_role
from tests.networks.factories import give_network_role
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.needs.models import Need, NeedAnswer
from zorgwijs.needs.services import need_create
from zorgwijs.networks.models import AgendaItem, PriorityBallot, PriorityRound, RoleKind
from zorgwijs.organisations.models import NetworkMembership, Role, Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(world, network):
    """The public network of A (admin A coordinates it) with a neighbour member organisation
    and its administrator, and four needs shared with the network (one of them network-only)."""
    with scopes_disabled():
        neighbour = OrganisationFactory(name="Buurzorg Noord", slug="buurzorg")
        NetworkMembership.objects.create(network=network, organisation=neighbour)
        neighbour_admin = MembershipFactory(organisation=neighbour)
        give_role(neighbour_admin, Role.ADMIN)
        needs = [
            need_create(
                actor=world.admin_a.user,
                organisation=world.org_a if n % 2 else neighbour,
                data={"title": title, "visibility": visibility},
            )
            for n, (title, visibility) in enumerate(
                [
                    ("Valpreventie thuis", Visibility.PUBLIC),
                    ("Werkbegeleiding in de wijk", Visibility.PUBLIC),
                    ("Interne netwerkvraag over roosters", Visibility.NETWORK),
                    ("Leren met e-health", Visibility.PUBLIC),
                ]
            )
        ]
        private = need_create(
            actor=world.admin_a.user,
            organisation=world.org_a,
            data={"title": "Alleen binnen Rivierenland", "visibility": Visibility.ORGANISATION},
        )
    return network, neighbour, neighbour_admin.user, needs, private


def _create_url(network):
    return reverse("networks:round_create", kwargs={"network_slug": network.slug})


def _open(client, world, region, **extra):
    network, _, _, needs, _ = region
    sign_in(client, world.admin_a.user)
    data = {
        "title": "Kennisagenda 2027",
        "choices": 2,
        "candidates": [n.pk for n in needs],
        **extra,
    }
    return client.post(_create_url(network), data)


def _ballot_url(org_slug, network, priority_round):
    return reverse(
        "networks_org:ballot",
        kwargs={"org_slug": org_slug, "network_slug": network.slug, "round_id": priority_round.pk},
    )


def _vote(client, user, org_slug, network, priority_round, needs, replace=False):
    sign_in(client, user)
    data = {f"place_{i}": n.pk for i, n in enumerate(needs, start=1)}
    if replace:
        data["replace"] = "on"
    return client.post(_ballot_url(org_slug, network, priority_round), data)


def test_a_coordinator_opens_a_round_and_bad_input_changes_nothing(client, world, region):
    network, _, _, needs, private = region
    for extra, message in (
        ({"candidates": [needs[0].pk]}, "minstens twee"),
        ({"choices": 9}, "hoogstens zoveel"),
        ({"closes_on": "2001-01-01"}, "al voorbij"),
        ({"candidates": [needs[0].pk, private.pk]}, "Selecteer een geldige keuze"),
        ({"choices": "veel"}, "geheel getal"),
    ):
        response = _open(client, world, region, **extra)
        assert response.status_code == 400, extra
        assert message in response.content.decode(), extra
    assert not PriorityRound.objects.exists()
    response = _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    assert response.status_code == 302
    assert set(priority_round.candidates.all()) == set(needs)
    assert AuditEntry.objects.filter(action="networks.priority_round.opened").count() == 1


def test_only_coordinators_open_rounds(client, world, region):
    sign_in(client, world.employee_a.user)
    assert client.get(_create_url(region[0])).status_code == 404


def test_each_organisation_ranks_once_and_may_change_until_the_close(client, world, region):
    network, neighbour, neighbour_admin, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    ok = _vote(client, world.admin_a.user, "rivierenland", network, priority_round, needs[:2])
    assert ok.status_code == 302
    # A second ballot of the same organisation (a form opened before the first was cast).
    second = _vote(client, world.admin_a.user, "rivierenland", network, priority_round, needs[2:4])
    assert second.status_code == 400
    assert "al gestemd" in second.content.decode()
    changed = _vote(
        client,
        world.admin_a.user,
        "rivierenland",
        network,
        priority_round,
        [needs[3], needs[0]],
        replace=True,
    )
    assert changed.status_code == 302
    with scopes_disabled():
        ballot = PriorityBallot.objects.get(organisation=world.org_a)
        assert [c.need_id for c in ballot.ranked.all()] == [needs[3].pk, needs[0].pk]
        assert PriorityBallot.objects.count() == 1
    duplicate = _vote(
        client, neighbour_admin, "buurzorg", network, priority_round, [needs[1], needs[1]]
    )
    assert duplicate.status_code == 400
    assert "staat al op plaats 1" in duplicate.content.decode()
    assert (
        _vote(
            client, neighbour_admin, "buurzorg", network, priority_round, [needs[3], needs[1]]
        ).status_code
        == 302
    )
    # The neighbour sees its own ballot and the count, never A's choices.
    page = client.get(_ballot_url("buurzorg", network, priority_round)).content.decode()
    assert "Je organisatie heeft gekozen" in page
    round_page = client.get(
        reverse(
            "networks:round",
            kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
        )
    ).content.decode()
    assert "2 van de 2 lidorganisaties hebben gekozen" in round_page
    assert "Rivierenland Ziekenhuis, Buurzorg" not in round_page  # only coordinators see who
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="networks.priority_ballot.changed").count() == 1


def test_employees_without_the_capability_and_outsiders_cannot_vote(client, world, region):
    network = region[0]
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    sign_in(client, world.employee_a.user)
    assert client.get(_ballot_url("rivierenland", network, priority_round)).status_code == 403
    with scopes_disabled():
        give_role(world.outsider_b, Role.ADMIN)  # an administrator, but not of a member
    sign_in(client, world.outsider_b.user)
    assert client.get(_ballot_url("noorderzorg", network, priority_round)).status_code == 404
    assert client.get(_ballot_url("rivierenland", network, priority_round)).status_code == 404


def test_closing_publishes_the_agenda_with_scores_and_answering_projects(client, world, region):
    network, _, neighbour_admin, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    _vote(client, world.admin_a.user, "rivierenland", network, priority_round, [needs[3], needs[2]])
    _vote(client, neighbour_admin, "buurzorg", network, priority_round, [needs[2], needs[3]])
    with scopes_disabled():
        project = Project.objects.create(
            organisation=world.org_a,
            title="E-health leerlab",
            summary="Samen leren met e-health.",
            visibility=Visibility.PUBLIC,
        )
        NeedAnswer.objects.create(need=needs[3], project=project)
    sign_in(client, world.admin_a.user)
    close = reverse(
        "networks:round_close",
        kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
    )
    assert client.post(close).status_code == 302
    agenda = list(
        AgendaItem.objects.filter(round=priority_round).values_list("position", "need_id", "score")
    )
    # Both 2 + 1 = 3 points, one first place and two organisations each: the older need leads.
    assert agenda == [(1, needs[2].pk, 3), (2, needs[3].pk, 3)]
    priority_round.refresh_from_db()
    assert priority_round.status == "closed" and priority_round.ballot_count == 2
    assert client.post(close, follow=True).status_code == 200  # again: a message, no change
    assert AgendaItem.objects.filter(round=priority_round).count() == 2
    # After the close nobody votes any more.
    late = _vote(
        client,
        world.admin_a.user,
        "rivierenland",
        network,
        priority_round,
        [needs[0]],
        replace=True,
    )
    assert late.status_code == 400 and "gesloten" in late.content.decode()
    # The anonymous visitor of the public home sees the agenda without the network-only title.
    anonymous = Client()
    home = anonymous.get(f"/netwerken/{network.slug}/").content.decode()
    assert "Leren met e-health" in home and "Interne netwerkvraag" not in home
    assert "alleen binnen het netwerk te lezen" in home
    page = anonymous.get(
        reverse(
            "networks:round", kwargs={"network_slug": network.slug, "round_id": priority_round.pk}
        )
    ).content.decode()
    assert "E-health leerlab" in page and "Interne netwerkvraag" not in page
    # A person of the network reads the title.
    sign_in(client, neighbour_admin)
    assert (
        "Interne netwerkvraag"
        in client.get(f"/netwerken/{network.slug}/kennisagenda/").content.decode()
    )


def test_a_ballot_of_an_organisation_that_left_is_kept_but_not_counted(client, world, region):
    """An organisation whose membership ended before the close cast its ballot as a member:
    the ballot stays (the record), but the agenda is the network's at the close, so it is left
    out of the tally and the published agenda says how many ballots counted and how many not."""
    from zorgwijs.networks.services.network import member_end

    network, neighbour, neighbour_admin, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    _vote(client, world.admin_a.user, "rivierenland", network, priority_round, [needs[3], needs[2]])
    _vote(client, neighbour_admin, "buurzorg", network, priority_round, [needs[0], needs[1]])
    with scopes_disabled():
        membership = NetworkMembership.objects.get(network=network, organisation=neighbour)
    member_end(actor=world.admin_a.user, membership=membership)
    round_url = reverse(
        "networks:round", kwargs={"network_slug": network.slug, "round_id": priority_round.pk}
    )
    sign_in(client, world.admin_a.user)
    # While open: the count and the coordinators' list hold the members' ballots only.
    page = client.get(round_url).content.decode()
    assert "1 van de 1 lidorganisaties heeft gekozen" in page
    assert "om de anderen te herinneren): Rivierenland Ziekenhuis</p>" in page
    close = reverse(
        "networks:round_close",
        kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
    )
    assert client.post(close).status_code == 302
    priority_round.refresh_from_db()
    assert (priority_round.ballot_count, priority_round.left_out_count) == (1, 1)
    agenda = list(AgendaItem.objects.filter(round=priority_round).values_list("need_id", "score"))
    assert agenda == [(needs[3].pk, 2), (needs[2].pk, 1)]  # the neighbour's choices: none
    with scopes_disabled():
        kept = PriorityBallot.objects.get(organisation=neighbour)
        assert kept.left_out and kept.ranked.count() == 2
        assert not PriorityBallot.objects.get(organisation=world.org_a).left_out
        closed = AuditEntry.objects.get(action="networks.priority_round.closed")
    assert closed.data["ballots"] == 1 and closed.data["left_out"] == 1
    page = client.get(round_url).content.decode()
    assert "Uitslag van 1 organisatie." in page
    assert "1 uitgebrachte stem telde niet mee" in page
    agenda_page = client.get(f"/netwerken/{network.slug}/kennisagenda/").content.decode()
    assert "1 uitgebrachte stem telde niet mee" in agenda_page
    body = Client().get(f"/api/v1/networks/{network.slug}/priority-rounds/{priority_round.pk}")
    assert (body.json()["ballots"], body.json()["ballots_left_out"]) == (1, 1)


def test_a_round_only_former_members_voted_in_does_not_close_by_hand(client, world, region):
    from zorgwijs.networks.services.network import member_end

    network, neighbour, neighbour_admin, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    _vote(client, neighbour_admin, "buurzorg", network, priority_round, [needs[0], needs[1]])
    with scopes_disabled():
        membership = NetworkMembership.objects.get(network=network, organisation=neighbour)
    member_end(actor=world.admin_a.user, membership=membership)
    sign_in(client, world.admin_a.user)
    close = reverse(
        "networks:round_close",
        kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
    )
    assert (
        "Nog geen enkele organisatie heeft gestemd"
        in client.post(close, follow=True).content.decode()
    )
    priority_round.refresh_from_db()
    assert priority_round.is_open


def test_closing_without_ballots_is_refused(client, world, region):
    network = region[0]
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    close = reverse(
        "networks:round_close",
        kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
    )
    page = client.post(close, follow=True).content.decode()
    assert "Nog geen enkele organisatie heeft gestemd" in page
    priority_round.refresh_from_db()
    assert priority_round.is_open


def _api(client, method, url, body=None):
    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def test_the_api_casts_once_changes_and_reads_the_agenda(world, region):
    network, neighbour, neighbour_admin, needs, _ = region
    client = Client()
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    url = (
        f"/api/v1/organisations/rivierenland/networks/{network.slug}/priority-rounds/"
        f"{priority_round.pk}/ballot"
    )
    api = sign_in(Client(enforce_csrf_checks=False), world.admin_a.user)
    assert _api(api, "GET", url).status_code == 404
    assert _api(api, "PUT", url, {"needs": [needs[0].pk]}).status_code == 404
    created = _api(api, "POST", url, {"needs": [needs[0].pk, needs[1].pk]})
    assert created.status_code == 201, created.content
    assert created.json()["needs"] == [needs[0].pk, needs[1].pk]
    again = _api(api, "POST", url, {"needs": [needs[2].pk]})
    assert again.status_code == 409 and "al gestemd" in again.content.decode()
    bad = _api(api, "PUT", url, {"needs": [needs[0].pk, needs[0].pk]})
    assert bad.status_code == 400
    too_many = _api(api, "PUT", url, {"needs": [n.pk for n in needs]})
    assert too_many.status_code == 400
    changed = _api(api, "PUT", url, {"needs": [needs[1].pk]})
    assert changed.status_code == 200 and changed.json()["needs"] == [needs[1].pk]
    employee = sign_in(Client(), world.employee_a.user)
    assert _api(employee, "GET", url).status_code == 403
    outsider = sign_in(Client(), world.outsider_b.user)
    assert _api(outsider, "GET", url).status_code == 404
    # The public view of the round: a count, never whose choice.
    public = Client().get(f"/api/v1/networks/{network.slug}/priority-rounds/{priority_round.pk}")
    assert public.status_code == 200
    body = public.json()
    assert body["ballots"] == 1 and body["agenda"] == [] and body["status"] == "open"
    assert "Interne netwerkvraag" not in public.content.decode()
    assert "rivierenland" not in public.content.decode().lower()
    listing = Client().get(f"/api/v1/networks/{network.slug}/priority-rounds").json()
    assert [r["id"] for r in listing] == [priority_round.pk]


def test_a_closed_network_keeps_its_rounds_to_itself(world, region):
    network = region[0]
    _open(Client(), world, region)
    priority_round = PriorityRound.objects.get()
    with scopes_disabled():
        network.profile.public_home = False
        network.profile.save()
    anonymous = Client()
    assert anonymous.get(f"/api/v1/networks/{network.slug}/priority-rounds").status_code == 404
    assert anonymous.get(f"/netwerken/{network.slug}/kennisagenda/").status_code == 404
    url = reverse(
        "networks:round", kwargs={"network_slug": network.slug, "round_id": priority_round.pk}
    )
    assert sign_in(Client(), world.outsider_b.user).get(url).status_code == 404


def test_a_round_past_its_date_takes_no_ballots(client, world, region):
    network, _, _, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    PriorityRound.objects.filter(pk=priority_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = _vote(client, world.admin_a.user, "rivierenland", network, priority_round, needs[:1])
    assert response.status_code == 400 and "gesloten" in response.content.decode()


def test_a_need_made_private_after_the_opening_leaves_the_ballot_of_others(client, world, region):
    network, _, neighbour_admin, needs, _ = region
    _open(client, world, region)
    priority_round = PriorityRound.objects.get()
    with scopes_disabled():
        needs[1].visibility = Visibility.ORGANISATION  # A's own need, now private to A
        needs[1].save()
    sign_in(client, neighbour_admin)
    page = client.get(_ballot_url("buurzorg", network, priority_round)).content.decode()
    assert "Valpreventie thuis" in page and "Werkbegeleiding in de wijk" not in page
    refused = _vote(client, neighbour_admin, "buurzorg", network, priority_round, [needs[1]])
    assert refused.status_code == 400
    with scopes_disabled():
        assert not PriorityBallot.objects.exists()


def test_a_participant_posts_a_need_and_votes_once_then_the_round_closes_by_itself(
    client, world, region, participant
):
    """An individual participant posts a need in the network and, in a round open to
    individuals, casts one ballot of their own; the scheduled run closes the round after its
    last day, once, and publishes the agenda."""
    network, _, neighbour_admin, needs, _ = region
    create_url = reverse("networks:need_create", kwargs={"network_slug": network.slug})
    assert sign_in(Client(), world.employee_a.user).get(create_url).status_code == 404
    sign_in(client, participant)
    refused = client.post(
        create_url, {"kind": "kennisvraag", "title": "x", "visibility": "organisation"}
    )
    assert refused.status_code == 400 and not Need.objects.filter(title="x").exists()
    posted = client.post(
        create_url,
        {"kind": "kennisvraag", "title": "Leren als mantelzorger", "visibility": "network"},
    )
    assert posted.status_code == 302
    own = Need.objects.get(title="Leren als mantelzorger")
    assert own.organisation_id is None and own.network_id == network.pk
    readers = Need.objects.filter(pk=own.pk)
    assert readers.visible_to(viewer_for(world.admin_a.user)).exists()  # a member's person
    assert not readers.visible_to(viewer_for(world.outsider_b.user)).exists()
    assert not readers.visible_to(ANONYMOUS).exists()

    _open(client, world, region, candidates=[n.pk for n in [*needs, own]], individuals_vote="on")
    priority_round = PriorityRound.objects.get()
    assert priority_round.individuals_vote
    mine = reverse(
        "networks:personal_ballot",
        kwargs={"network_slug": network.slug, "round_id": priority_round.pk},
    )
    round_url = reverse(
        "networks:round", kwargs={"network_slug": network.slug, "round_id": priority_round.pk}
    )
    sign_in(client, participant)
    page = client.get(round_url).content.decode()
    # The network-only need's title (to vote on it), never who posted it.
    assert "Interne netwerkvraag over roosters" in page and mine in page
    assert world.admin_a.user.full_name not in page
    choice = {"place_1": own.pk, "place_2": needs[2].pk}
    assert client.post(mine, choice).status_code == 302
    second = client.post(mine, {"place_1": needs[0].pk})
    assert second.status_code == 400 and "al gestemd" in second.content.decode()
    assert client.post(mine, {**choice, "replace": "on"}).status_code == 302
    with scopes_disabled():
        assert PriorityBallot.objects.filter(voter=participant).count() == 1
    _vote(client, neighbour_admin, "buurzorg", network, priority_round, [own, needs[0]])
    sign_in(client, world.admin_a.user)
    coordinator_page = client.get(round_url).content.decode()
    assert "Buurzorg Noord" in coordinator_page and participant.full_name not in coordinator_page
    assert client.get(mine).status_code == 404  # a person of a member organisation

    PriorityRound.objects.filter(pk=priority_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    for _ in range(2):  # a second run finds nothing left to close
        call_command("zorgwijs_networks_publish", stdout=io.StringIO())
    priority_round.refresh_from_db()
    assert not priority_round.is_open and priority_round.closed_automatically
    assert (priority_round.ballot_count, priority_round.personal_ballot_count) == (2, 1)
    top = AgendaItem.objects.get(round=priority_round, position=1)
    assert (top.need_id, top.organisations, top.people) == (own.pk, 1, 1)
    closes = AuditEntry.objects.filter(action="networks.priority_round.closed")
    assert closes.count() == 1 and closes.get().data["automatic"] is True
    sign_in(client, participant)
    assert client.post(mine, choice).status_code == 400  # closed: nothing changes
    agenda = client.get(reverse("networks:agenda", kwargs={"network_slug": network.slug}))
    assert "Interne netwerkvraag over roosters" in agenda.content.decode()
    # A round that does not let individuals vote has no ballot for them.
    other = PriorityRound.objects.create(network=network, title="Alleen organisaties")
    assert (
        client.get(
            reverse(
                "networks:personal_ballot",
                kwargs={"network_slug": network.slug, "round_id": other.pk},
            )
        ).status_code
        == 404
    )


def test_a_participant_votes_through_the_api_once_and_is_counted_never_listed(
    world, region, participant
):
    """POST/PUT/GET /priority-ballots: the participant's own ballot with the rules of the
    ballot page; the round says how many participants chose, never who or what."""
    network, _, neighbour_admin, needs, _ = region
    _open(Client(), world, region, individuals_vote="on")
    priority_round = PriorityRound.objects.get()
    url = "/api/v1/priority-ballots"
    mine = sign_in(Client(), participant)
    round_url = f"/api/v1/networks/{network.slug}/priority-rounds/{priority_round.pk}"
    # The round's candidates, the network-only one too: what the participant votes on.
    candidates = _api(mine, "GET", round_url).json()["candidate_needs"]
    assert {n["id"] for n in candidates} == {n.pk for n in needs}
    choice = {"round_id": priority_round.pk, "needs": [needs[2].pk, needs[0].pk]}
    assert _api(Client(), "POST", url, choice).status_code == 401
    assert _api(mine, "PUT", url, choice).status_code == 404  # nothing to change yet
    for wrong in ({**choice, "round_id": str(priority_round.pk)}, {**choice, "extra": 1}):
        assert _api(mine, "POST", url, wrong).status_code == 422
    created = _api(mine, "POST", url, choice)
    assert created.status_code == 201, created.content
    assert created.json()["needs"] == choice["needs"] and created.json()["network"] == network.slug
    again = _api(mine, "POST", url, {**choice, "needs": [needs[1].pk]})
    assert again.status_code == 409 and "al gestemd" in again.content.decode()
    assert _api(mine, "PUT", url, {**choice, "needs": [needs[0].pk] * 2}).status_code == 400
    changed = _api(mine, "PUT", url, {**choice, "needs": [needs[1].pk]})
    assert changed.status_code == 200 and changed.json()["needs"] == [needs[1].pk]
    Need.objects.filter(pk=needs[2].pk).update(visibility=Visibility.ORGANISATION)
    private = _api(mine, "PUT", url, {**choice, "needs": [needs[2].pk]})
    assert private.status_code == 400  # no longer shared with the network: not theirs to rank
    listed = _api(mine, "GET", f"{url}?round_id={priority_round.pk}").json()
    assert [(b["round_id"], b["needs"]) for b in listed] == [(priority_round.pk, [needs[1].pk])]
    with scopes_disabled():
        assert PriorityBallot.objects.filter(voter=participant).count() == 1

    # A person of a member organisation votes through it; an outsider of a closed network
    # finds no round; nobody reads another's ballot.
    refused = _api(sign_in(Client(), neighbour_admin), "POST", url, choice)
    assert refused.status_code == 403 and "lidorganisatie" in refused.content.decode()
    assert _api(sign_in(Client(), neighbour_admin), "GET", url).json() == []
    coordinator = sign_in(Client(), world.admin_a.user)
    body = _api(coordinator, "GET", round_url)
    assert body.json()["personal_ballots"] == 1 and body.json()["individuals_vote"] is True
    assert participant.full_name not in body.content.decode()
    # Someone who has not joined the (public) network is no participant: refused.
    outsider = sign_in(Client(), world.outsider_b.user)
    assert _api(outsider, "POST", url, choice).status_code == 403
    with scopes_disabled():
        network.profile.public_home = False
        network.profile.save()
    assert _api(outsider, "POST", url, choice).status_code == 404

    # A round that does not let individuals vote, and a closed one, take no ballot.
    others = PriorityRound.objects.create(network=network, title="Alleen organisaties")
    others.candidates.set(needs)
    only_orgs = _api(mine, "POST", url, {**choice, "round_id": others.pk})
    assert only_orgs.status_code == 403
    PriorityRound.objects.filter(pk=priority_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    closed = _api(mine, "PUT", url, choice)
    assert closed.status_code == 400 and "gesloten" in closed.content.decode()
    # A participant who had not voted yet casts nothing in the closed round either.
    late = UserFactory(email="laat@example.net")
    give_network_role(network, late, RoleKind.PARTICIPANT)
    refused = _api(sign_in(Client(), late), "POST", url, choice)
    assert refused.status_code == 400 and "gesloten" in refused.content.decode()
    with scopes_disabled():
        assert PriorityBallot.objects.filter(organisation=None).count() == 1
