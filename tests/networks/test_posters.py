"""Posters: submitting (the file checked), the jury's scores, the public vote and the award."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.networks.factories import make_event
from tests.signin import sign_in
from zorgwijs.networks.models import Poster, PosterScore, PosterVote
from zorgwijs.networks.services.posters import poster_award, poster_score, poster_vote
from zorgwijs.organisations.models import Visibility

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def conference(network):
    return make_event(
        network,
        visibility=Visibility.PUBLIC,
        poster_criteria="Relevantie voor de praktijk\nVormgeving",
        public_vote=True,
    )


def _url(network, event):
    return reverse("networks:posters", kwargs={"network_slug": network.slug, "event_id": event.pk})


def _submit(client, network, event, name="poster.pdf", content=PDF, title="Leerafdeling"):
    return client.post(
        _url(network, event),
        {
            "poster": "1",
            "poster-title": title,
            "poster-organisation_name": "Zorggroep Hunzedal",
            "poster-abstract": "Studenten runnen samen een woongroep.",
            "poster-file": SimpleUploadedFile(name, content),
        },
    )


def test_a_poster_file_of_the_wrong_type_or_size_is_refused_and_the_text_kept(
    world, network, conference, settings
):
    client = sign_in(Client(), world.employee_a.user)
    response = _submit(client, network, conference, name="poster.exe", content=b"MZ")
    body = response.content.decode()
    assert response.status_code == 400 and "Kies een bestand van het type" in body
    assert 'value="Leerafdeling"' in body and "Studenten runnen samen" in body
    fake = _submit(client, network, conference, name="poster.pdf", content=b"not a pdf")
    assert fake.status_code == 400 and "past niet bij .pdf" in fake.content.decode()
    big = _submit(client, network, conference, content=PDF + b"0" * (16 * 1024 * 1024))
    assert big.status_code == 400 and "te groot" in big.content.decode()
    assert not Poster.objects.exists()
    assert _submit(client, network, conference).status_code == 302
    poster = Poster.objects.get()
    assert poster.submitted_by == world.employee_a.user and poster.organisation_name
    # Someone outside the network cannot submit (the public page only sends them back).
    outsider = sign_in(Client(), world.outsider_b.user)
    _submit(outsider, network, conference, title="Van buiten")
    assert not Poster.objects.filter(title="Van buiten").exists()


def test_jury_scores_votes_once_and_the_award_moves(world, network, conference):
    client = sign_in(Client(), world.employee_a.user)
    _submit(client, network, conference, title="Poster A")
    _submit(client, network, conference, title="Poster B")
    first, second = Poster.objects.order_by("title")
    juror = world.colleague_a.user
    with pytest.raises(ValidationError, match="Alleen de jury"):
        poster_score(actor=juror, poster=first, scores={"Vormgeving": 4})
    conference.jury.add(juror, world.employee_a.user)
    with pytest.raises(ValidationError, match="elk criterium"):
        poster_score(actor=juror, poster=first, scores={"Vormgeving": 4})
    with pytest.raises(ValidationError, match="eigen poster"):
        poster_score(
            actor=world.employee_a.user,
            poster=first,
            scores={"Relevantie voor de praktijk": 5, "Vormgeving": 5},
        )
    poster_score(
        actor=juror, poster=first, scores={"Relevantie voor de praktijk": 5, "Vormgeving": 3}
    )
    poster_score(
        actor=juror, poster=first, scores={"Relevantie voor de praktijk": 4, "Vormgeving": 3}
    )
    assert sorted(PosterScore.objects.values_list("score", flat=True)) == [3, 4]
    voter = UserFactory()
    poster_vote(actor=voter, poster=second)
    with pytest.raises(ValidationError, match="al gestemd"):
        poster_vote(actor=voter, poster=first)
    assert PosterVote.objects.count() == 1
    poster_award(actor=world.admin_a.user, poster=first, award="Posterprijs")
    poster_award(actor=world.admin_a.user, poster=second, award="Posterprijs")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.award, second.award) == ("", "Posterprijs")
    page = Client().get(_url(network, conference)).content.decode()
    assert "Posterprijs" in page and "Zorggroep Hunzedal" in page


def test_scoring_through_the_page(world, network, conference):
    client = sign_in(Client(), world.employee_a.user)
    _submit(client, network, conference)
    poster = Poster.objects.get()
    conference.jury.add(world.admin_a.user)
    url = reverse(
        "networks:poster",
        kwargs={"network_slug": network.slug, "event_id": conference.pk, "poster_id": poster.pk},
    )
    jury = sign_in(Client(), world.admin_a.user)
    assert jury.post(url, {"c0": "9", "c1": "3"}).status_code == 400
    assert jury.post(url, {"c0": "5", "c1": "3"}).status_code == 302
    assert PosterScore.objects.filter(juror=world.admin_a.user).count() == 2
    # A visitor's POST to the page scores nothing.
    assert client.post(url, {"c0": "1", "c1": "1"}).status_code == 302
    assert PosterScore.objects.count() == 2


def test_the_member_list_shows_awards_won_as_far_as_the_event_is_seen(world, network):
    """A winning poster's organisation carries its award on the network's member list; an
    award at a network-only event shows only to people of the network."""
    from django.core.files.base import ContentFile
    from django.test import Client

    from tests.networks.factories import make_event
    from tests.signin import sign_in
    from zorgwijs.networks.models import Poster
    from zorgwijs.organisations.models import Visibility

    home = f"/netwerken/{network.slug}/"
    closed = make_event(network, title="Besloten posterdag", visibility=Visibility.NETWORK)
    poster = Poster(
        event=closed,
        title="Leren aan bed",
        organisation=world.org_a,
        organisation_name=world.org_a.name,
        abstract="Samenvatting.",
        award="Posterprijs",
    )
    poster.file.save("poster.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    poster.save()
    assert "Posterprijs" not in Client().get(home).content.decode()
    inside = sign_in(Client(), world.employee_a.user).get(home).content.decode()
    assert "Posterprijs voor „Leren aan bed” (Besloten posterdag)" in inside
    assert "Posterprijs" not in sign_in(Client(), world.outsider_b.user).get(home).content.decode()
    open_day = make_event(network, title="Open posterdag", visibility=Visibility.PUBLIC, days=40)
    second = Poster.objects.create(
        event=open_day,
        title="Samen scholen",
        organisation=world.org_a,
        organisation_name=world.org_a.name,
        abstract="Samenvatting.",
        award="Publieksprijs",
        file=poster.file.name,
    )
    page = Client().get(home).content.decode()
    assert "Publieksprijs voor „Samen scholen” (Open posterdag)" in page
    assert "andere prijs" not in page  # the network-only award is not counted for outsiders
    inside = sign_in(Client(), world.employee_a.user).get(home).content.decode()
    assert "Publieksprijs" in inside and "en 1 andere prijs" in inside
    assert second.pk


def test_an_award_without_a_name_is_refused_at_the_field_and_changes_nothing(
    world, network, conference
):
    """The coordinator's award form on the poster's page: no name (or only spaces) answers 400
    with the message at the field and the poster page around it; no award moves. A name gives
    it, and a second poster with the same name takes it over."""
    client = sign_in(Client(), world.employee_a.user)
    _submit(client, network, conference, title="Poster A")
    _submit(client, network, conference, title="Poster B")
    first, second = Poster.objects.order_by("title")
    poster_award(actor=world.admin_a.user, poster=first, award="Posterprijs")

    def award_url(poster):
        kwargs = {"network_slug": network.slug, "event_id": conference.pk, "poster_id": poster.pk}
        return reverse("networks:poster_award", kwargs=kwargs)

    coordinator = sign_in(Client(), world.admin_a.user)
    for name in ("", "   "):
        refused = coordinator.post(award_url(second), {"award": name})
        body = refused.content.decode()
        assert refused.status_code == 400
        assert 'id="id_award-error"' in body and "Geef de prijs een naam." in body
        assert "Poster B" in body, "the poster's own page, so the coordinator can try again"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.award, second.award) == ("Posterprijs", "")

    assert coordinator.post(award_url(second), {"award": "Posterprijs"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.award, second.award) == ("", "Posterprijs")
    # Not an organiser: 404, whatever the form holds.
    assert client.post(award_url(first), {"award": ""}).status_code == 404
    assert client.post(award_url(first), {"award": "Eigen prijs"}).status_code == 404
    first.refresh_from_db()
    assert first.award == ""
