"""A network in search: public events of a public network for everyone, network events for
the member organisations' people only; contributions once published; the network's home; and
posters, read exactly as their page (the network's people, participants included)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.signin import sign_in
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.search.selectors import search


def _titles(viewer, text) -> list[str]:
    return [hit.title for hit in search(viewer=viewer, text=text, count_fruitless=False).hits]


def _create(world, network, title, visibility):
    client = sign_in(Client(), world.admin_a.user)
    url = reverse("networks:event_create", kwargs={"network_slug": network.slug})
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": title,
            "starts_at": "2031-05-01T10:00",
            "ends_at": "2031-05-01T12:00",
            "visibility": visibility,
            "registration_open": "on",
        },
    )
    assert response.status_code == 302


def test_events_are_found_as_the_pages_show_them(world, network):
    _create(world, network, "Leerklimaatwerkplaats voor iedereen", Visibility.PUBLIC)
    _create(world, network, "Leerklimaatoverleg kernteam", Visibility.NETWORK)
    assert _titles(ANONYMOUS, "leerklimaatwerkplaats") == ["Leerklimaatwerkplaats voor iedereen"]
    assert _titles(ANONYMOUS, "leerklimaatoverleg") == []
    assert _titles(viewer_for(world.outsider_b.user), "leerklimaatoverleg") == []
    assert _titles(viewer_for(world.employee_a.user), "leerklimaatoverleg") == [
        "Leerklimaatoverleg kernteam"
    ]
    # The network closes its home: its public event is no longer public in search either.
    manage = reverse("networks:manage", kwargs={"network_slug": network.slug})
    sign_in(Client(), world.admin_a.user).post(manage, {"profile": "1", "profile-about": "x"})
    assert _titles(ANONYMOUS, "leerklimaatwerkplaats") == []


def test_contributions_enter_search_when_published(world, network):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from zorgwijs.networks.access import network_access
    from zorgwijs.networks.models import Contribution
    from zorgwijs.networks.services.contributions import contribution_schedule

    piece = Contribution.objects.create(
        network=network,
        kind="column",
        title="Werkplekleren zonder omwegen",
        body="Over werkplekleren.",
        author=world.employee_a.user,
        status="approved",
    )
    editor = world.admin_a.user
    soon = timezone.now() + datetime.timedelta(minutes=5)
    contribution_schedule(
        actor=editor, access=network_access(editor, network), contribution=piece, publish_at=soon
    )
    assert _titles(ANONYMOUS, "werkplekleren") == []  # not yet
    Contribution.objects.filter(pk=piece.pk).update(publish_at=timezone.now())
    call_command("zorgwijs_networks_publish", stdout=StringIO())
    assert _titles(ANONYMOUS, "werkplekleren") == ["Werkplekleren zonder omwegen"]


def test_the_network_is_found_by_its_topics_and_actions_as_its_home_shows_them(world, network):
    client = sign_in(Client(), world.admin_a.user)
    topic = reverse("networks:topic_create", kwargs={"network_slug": network.slug})
    assert client.post(topic, {"title": "Werkplekleren in de ouderenzorg"}).status_code == 302
    hits = [(hit.kind, hit.title) for hit in search(viewer=ANONYMOUS, text="werkplekleren").hits]
    assert hits == [("network", "Leren is altijd")]
    # The network closes its home: outsiders no longer find it, its members' people still do.
    manage = reverse("networks:manage", kwargs={"network_slug": network.slug})
    client.post(manage, {"profile": "1", "profile-about": "x"})
    assert _titles(ANONYMOUS, "werkplekleren") == []
    assert _titles(viewer_for(world.outsider_b.user), "werkplekleren") == []
    assert _titles(viewer_for(world.employee_a.user), "werkplekleren") == ["Leren is altijd"]


def _poster(event, title, *, abstract="Studenten runnen samen een woongroep.", world=None):
    from django.core.files.base import ContentFile

    from zorgwijs.networks.models import Poster

    poster = Poster(
        event=event,
        title=title,
        organisation_name="Zorggroep Hunzedal",
        abstract=abstract,
        original_name="poster.pdf",
    )
    poster.file.save("poster.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    poster.save()
    return poster


def test_a_network_only_poster_is_found_by_the_networks_people_only(world, network):
    """Read as its page is: the member organisations' people and a participant who joined on
    their own find it; someone of another organisation and an anonymous visitor do not."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import UserFactory
    from tests.networks.factories import give_network_role, make_event
    from zorgwijs.networks.models import RoleKind

    closed = make_event(network, title="Besloten posterdag", poster_criteria="Relevantie")
    client = sign_in(Client(), world.employee_a.user)
    url = reverse("networks:posters", kwargs={"network_slug": network.slug, "event_id": closed.pk})
    submitted = client.post(
        url,
        {
            "poster": "1",
            "poster-title": "Leerafdeling in de wijkverpleging",
            "poster-organisation_name": "Zorggroep Hunzedal",
            "poster-abstract": "Studenten runnen samen een woongroep met snoezelkamer.",
            "poster-file": SimpleUploadedFile("poster.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert submitted.status_code == 302
    title = ["Leerafdeling in de wijkverpleging"]
    assert _titles(viewer_for(world.employee_a.user), "snoezelkamer") == title
    participant = UserFactory()
    assert _titles(viewer_for(participant), "snoezelkamer") == []
    give_network_role(network, participant, RoleKind.PARTICIPANT)
    assert _titles(viewer_for(participant), "snoezelkamer") == title  # at once, no re-indexing
    assert _titles(viewer_for(world.outsider_b.user), "snoezelkamer") == []
    assert _titles(ANONYMOUS, "snoezelkamer") == []
    assert _titles(ANONYMOUS, "leerafdeling") == []
    # The result card says what it is, and the type facet lists it.
    page = client.get("/zoeken/", {"q": "snoezelkamer"}).content.decode()
    assert "zw-search-kind--poster" in page and "Zorggroep Hunzedal · Besloten posterdag" in page
    types = search(viewer=viewer_for(world.employee_a.user), text="snoezelkamer").facets["type"]
    assert [(t.value, t.count) for t in types] == [("poster", 1)]
    assert '?q=snoezelkamer&amp;type=poster">Poster</a>' in page
    outsider_page = sign_in(Client(), world.outsider_b.user).get("/zoeken/", {"q": "snoezelkamer"})
    assert "Leerafdeling" not in outsider_page.content.decode()


def test_a_poster_in_search_follows_its_award_an_edit_its_event_and_a_delete(world, network):
    from tests.networks.factories import make_event
    from zorgwijs.networks.services.events import event_save
    from zorgwijs.networks.services.posters import poster_award

    conference = make_event(
        network, title="Werkconferentie", visibility=Visibility.PUBLIC, poster_criteria="Relevantie"
    )
    first = _poster(conference, "Valpreventie met beweegmaatjes")
    second = _poster(conference, "Mondzorg in het verpleeghuis")
    assert _titles(ANONYMOUS, "beweegmaatjes") == ["Valpreventie met beweegmaatjes"]
    # The award is part of its text, and leaves it when the award moves to another poster.
    admin = world.admin_a.user
    poster_award(actor=admin, poster=first, award="Innovatietrofee")
    assert _titles(ANONYMOUS, "innovatietrofee") == ["Valpreventie met beweegmaatjes"]
    poster_award(actor=admin, poster=second, award="Innovatietrofee")
    assert _titles(ANONYMOUS, "innovatietrofee") == ["Mondzorg in het verpleeghuis"]
    # An edit.
    first.title = "Valpreventie met dansles"
    first.save()
    assert _titles(ANONYMOUS, "beweegmaatjes") == []
    assert _titles(ANONYMOUS, "dansles") == ["Valpreventie met dansles"]
    # The event becomes network-only: its posters leave public search with it.
    event_save(actor=admin, network=network, event=conference, data={"visibility": "network"})
    assert _titles(ANONYMOUS, "dansles") == []
    assert _titles(viewer_for(world.employee_a.user), "dansles") == ["Valpreventie met dansles"]
    # A delete, and the event's removal takes the rest with it.
    first.delete()
    assert _titles(viewer_for(world.employee_a.user), "dansles") == []
    conference.delete()
    assert _titles(viewer_for(world.employee_a.user), "mondzorg") == []


def test_a_public_poster_leaves_public_search_when_the_network_closes_its_home(world, network):
    from tests.networks.factories import make_event

    conference = make_event(network, visibility=Visibility.PUBLIC, poster_criteria="Relevantie")
    _poster(conference, "Leefstijlcoaching op de afdeling")
    assert _titles(ANONYMOUS, "leefstijlcoaching") == ["Leefstijlcoaching op de afdeling"]
    manage = reverse("networks:manage", kwargs={"network_slug": network.slug})
    sign_in(Client(), world.admin_a.user).post(manage, {"profile": "1", "profile-about": "x"})
    assert _titles(ANONYMOUS, "leefstijlcoaching") == []
    assert _titles(viewer_for(world.outsider_b.user), "leefstijlcoaching") == []
    assert _titles(viewer_for(world.employee_a.user), "leefstijlcoaching") == [
        "Leefstijlcoaching op de afdeling"
    ]
