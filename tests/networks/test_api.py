"""/api/v1/networks over HTTP: what each caller gets, registering and cancelling."""

from __future__ import annotations

import json

from django.test import Client

from tests.networks.factories import make_event, make_network
from tests.signin import sign_in
from zorgwijs.networks.models import Registration
from zorgwijs.organisations.models import Visibility

BASE = "/api/v1/networks"


def _client(user=None) -> Client:
    client = Client()
    return sign_in(client, user) if user is not None else client


def test_network_answer_hides_contacts_from_outsiders(world, network):
    anonymous = _client().get(f"{BASE}/{network.slug}").json()
    assert anonymous["convenant"]["signed_on"] == "2018-07-09"
    assert anonymous["topics"][0]["title"] == "Leren in de praktijk"
    [member] = anonymous["members"]
    assert member["organisation"] == world.org_a.name and member["contact_email"] is None
    member = _client(world.employee_a.user).get(f"{BASE}/{network.slug}").json()["members"][0]
    assert member["contact_email"] == world.admin_a.user.email
    slugs = [n["slug"] for n in _client().get(BASE).json()]
    assert network.slug in slugs


def test_closed_network_and_network_events_are_404_outside(world):
    closed = make_network(world.org_a, slug="besloten")
    event = make_event(closed)
    for path in (f"{BASE}/besloten", f"{BASE}/besloten/events/{event.pk}"):
        assert _client().get(path).status_code == 404
        assert _client(world.outsider_b.user).get(path).status_code == 404
        assert _client(world.employee_a.user).get(path).status_code == 200


def test_register_waiting_list_double_and_cancel(world, network):
    event = make_event(network, capacity=1, visibility=Visibility.PUBLIC)
    path = f"{BASE}/{network.slug}/events/{event.pk}/registrations"
    eva = Client(enforce_csrf_checks=False)
    sign_in(eva, world.employee_a.user)
    first = eva.post(path, data=json.dumps({}), content_type="application/json")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = eva.post(path, data=json.dumps({}), content_type="application/json")
    assert again.status_code == 409
    carl = sign_in(Client(), world.colleague_a.user)
    second = carl.post(path, data=json.dumps({}), content_type="application/json")
    assert second.json()["status"] == "waiting"
    bad = carl.post(path, data=json.dumps({"session_id": "1"}), content_type="application/json")
    assert bad.status_code == 422
    assert _client().post(path, data="{}", content_type="application/json").status_code == 401
    outsider = sign_in(Client(), world.outsider_b.user)
    assert outsider.post(path, data="{}", content_type="application/json").status_code == 404
    own = first.json()["id"]
    assert carl.delete(f"{path}/{own}").status_code == 404  # not Carl's
    answer = eva.delete(f"{path}/{own}").json()
    assert answer == {"cancelled": own, "promoted": second.json()["id"]}
    assert Registration.objects.get(pk=second.json()["id"]).status == "confirmed"
    details = _client().get(f"{BASE}/{network.slug}/events/{event.pk}").json()
    assert details["places_left"] == 0 and details["capacity"] == 1


def test_contributions_and_posters_over_the_api(world, network):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from zorgwijs.networks.models import Contribution, Poster

    Contribution.objects.create(
        network=network,
        kind="column",
        title="Verschenen column",
        body="Tekst.",
        author=world.employee_a.user,
        status="scheduled",
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Contribution.objects.create(
        network=network,
        kind="news",
        title="Concept",
        body="Nog niet.",
        author=world.employee_a.user,
    )
    titles = [c["title"] for c in _client().get(f"{BASE}/{network.slug}/contributions").json()]
    assert titles == ["Verschenen column"]
    event = make_event(network, visibility=Visibility.PUBLIC, poster_criteria="Relevantie")
    poster = Poster(
        event=event,
        title="Leerafdeling",
        organisation_name="Zorggroep Hunzedal",
        abstract="Samenvatting.",
        original_name="p.pdf",
        award="Posterprijs",
    )
    poster.file.save("p.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    poster.save()
    [answer] = _client().get(f"{BASE}/{network.slug}/events/{event.pk}/posters").json()
    assert answer["award"] == "Posterprijs" and answer["votes"] == 0
