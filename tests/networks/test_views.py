"""Network pages as people use them: what each kind of visitor sees, joining, registering,
organising, importing, the calendar feed and workshop reactions."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from tests.factories import UserFactory
from tests.isolation.urlwalk import people_in
from tests.networks.factories import make_event, make_network
from tests.signin import sign_in
from zorgwijs.audit.models import AuditEntry
from zorgwijs.networks.models import (
    CalendarImport,
    Event,
    NetworkRole,
    Registration,
    RoleKind,
    SessionReaction,
)
from zorgwijs.organisations.models import Visibility


def _home(network) -> str:
    return reverse("networks:home", kwargs={"network_slug": network.slug})


def _client(user=None) -> Client:
    client = Client()
    return sign_in(client, user) if user is not None else client


def test_public_home_shows_the_network_but_not_its_contacts(world, network):
    body = _client().get(_home(network)).content.decode()
    assert "Convenant Leren is altijd" in body and "9 juli 2018" in body
    assert "Leren in de praktijk" in body and world.org_a.name in body
    assert world.admin_a.user.email not in body and world.admin_a.user.full_name not in body


def test_people_of_member_organisations_see_the_contacts(world, network):
    body = _client(world.employee_a.user).get(_home(network)).content.decode()
    assert world.admin_a.user.email in body


def test_a_participant_sees_no_personal_data_of_any_organisation(
    world, network, event, participant
):
    """An individual participant reads the network and its events, but no organisation's
    people: not the contacts, not the coordinators, not who registered or reacted."""
    from zorgwijs.networks.services.registrations import registration_create

    registration_create(actor=world.employee_a.user, event=event)
    SessionReaction.objects.create(
        session=event.sessions.get(), author=world.employee_a.user, text="Goed!", status="approved"
    )
    client = _client(participant)
    session = event.sessions.get()
    everyone = [
        world.admin_a,
        world.manager_a,
        world.employee_a,
        world.colleague_a,
        world.outsider_b,
    ]
    urls = [
        _home(network),
        reverse("networks:events", kwargs={"network_slug": network.slug}),
        event.get_absolute_url(),
        reverse(
            "networks:session",
            kwargs={"network_slug": network.slug, "event_id": event.pk, "session_id": session.pk},
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert people_in(response.content.decode(), everyone) == [], url
    for url in (
        reverse("networks:attendance", kwargs={"network_slug": network.slug, "event_id": event.pk}),
        reverse("networks:manage", kwargs={"network_slug": network.slug}),
    ):
        assert client.get(url).status_code == 404


def test_a_closed_network_is_not_there_for_outsiders(world):
    closed = make_network(world.org_a, slug="besloten")
    url = _home(closed)
    assert _client().get(url).status_code == 404
    assert _client(world.outsider_b.user).get(url).status_code == 404
    assert _client(world.employee_a.user).get(url).status_code == 200
    index = _client(world.outsider_b.user).get(reverse("networks:index")).content.decode()
    assert closed.name not in index


def test_joining_needs_a_confirmed_address_and_the_terms(network):
    from allauth.account.models import EmailAddress

    person = UserFactory(email="nieuw@example.net")
    url = reverse("networks:join", kwargs={"network_slug": network.slug})
    client = _client(person)
    assert "deelnamevoorwaarden" in client.get(url).content.decode().lower()
    response = client.post(url, {"accept_terms": "on"})
    assert (
        response.status_code == 400 and "Bevestig eerst je e-mailadres" in response.content.decode()
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    response = client.post(url, {})
    assert response.status_code == 400 and 'id="id_accept_terms-error"' in response.content.decode()
    assert not NetworkRole.objects.filter(user=person).exists()
    assert client.post(url, {"accept_terms": "on"}).status_code == 302
    assert NetworkRole.objects.filter(user=person, role=RoleKind.PARTICIPANT).exists()
    # A participant registers for events.
    event = make_event(network)
    client.post(
        reverse("networks:register", kwargs={"network_slug": network.slug, "event_id": event.pk})
    )
    assert Registration.objects.get(user=person).status == "confirmed"


def test_register_double_and_full_and_cancel_through_the_pages(world, network, event):
    url = reverse("networks:register", kwargs={"network_slug": network.slug, "event_id": event.pk})
    eva = _client(world.employee_a.user)
    response = eva.post(url, follow=True)
    assert "Je bent aangemeld" in response.content.decode()
    response = eva.post(url, follow=True)
    assert "Je bent hier al voor aangemeld" in response.content.decode()
    assert Registration.objects.filter(user=world.employee_a.user).count() == 1
    _client(world.colleague_a.user).post(url)
    response = _client(world.manager_a.user).post(url, follow=True)
    assert "wachtlijst" in response.content.decode()
    # Someone outside the network cannot register, even for a public event.
    assert _client(world.outsider_b.user).post(url).status_code == 404
    mine = Registration.objects.get(user=world.employee_a.user)
    cancel = reverse(
        "networks:cancel",
        kwargs={"network_slug": network.slug, "event_id": event.pk, "registration_id": mine.pk},
    )
    # Nobody else can cancel Eva's place (except the organisers).
    assert _client(world.colleague_a.user).post(cancel).status_code == 404
    eva.post(cancel)
    assert (
        Registration.objects.get(user=world.manager_a.user, event=event, session=None).status
        == "confirmed"
    )


def test_attendance_list_for_organisers_only_and_audited(world, network, event):
    from zorgwijs.networks.services.registrations import registration_create

    registration_create(actor=world.employee_a.user, event=event)
    url = reverse(
        "networks:attendance", kwargs={"network_slug": network.slug, "event_id": event.pk}
    )
    assert _client(world.employee_a.user).get(url).status_code == 404
    response = _client(world.admin_a.user).get(url)
    assert response.status_code == 200 and world.employee_a.user.email in response.content.decode()
    entry = AuditEntry.objects.get(action="networks.attendance.viewed")
    assert (
        entry.subject_user_id == world.employee_a.user_id
        and entry.actor_id == world.admin_a.user_id
    )


def test_event_form_refuses_an_end_before_the_start_and_keeps_the_input(world, network):
    url = reverse("networks:event_create", kwargs={"network_slug": network.slug})
    client = _client(world.admin_a.user)
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": "Workshop Leerklimaat",
            "starts_at": "2031-03-01T14:00",
            "ends_at": "2031-03-01T12:00",
            "visibility": "network",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Het einde ligt voor het begin" in body
    assert 'value="Workshop Leerklimaat"' in body
    assert not Event.objects.exists()
    response = client.post(
        url,
        {
            "kind": "workshop",
            "title": "Workshop Leerklimaat",
            "starts_at": "2031-03-01T14:00",
            "ends_at": "2031-03-01T16:00",
            "visibility": "network",
            "capacity": "25",
            "registration_open": "on",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and event.capacity == 25
    assert list(event.organisers.all()) == [world.admin_a.user]
    assert _client(world.employee_a.user).get(url).status_code == 404


MALFORMED_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Kapot\r\n"
    b"DTSTART:2031-99-99\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
GOOD_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\n"
    b"BEGIN:VEVENT\r\nUID:rt-1@cmt\r\nSUMMARY:Rondetafel werkbegeleiding\r\n"
    b"DTSTART:20310410T130000Z\r\nDTEND:20310410T150000Z\r\nLOCATION:Assen\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_calendar_import_refuses_a_malformed_file_checks_each_event_and_applies_once(
    world, network
):
    url = reverse("networks:calendar_import", kwargs={"network_slug": network.slug})
    client = _client(world.admin_a.user)
    data = {"kind": "round_table", "visibility": "network"}
    for name, content, message in (
        ("leeg.ics", b"niets", "geen geldig iCalendar-bestand"),
        ("agenda.txt", GOOD_ICS, "Kies een .ics-bestand"),
        ("groot.ics", b" " * (1024 * 1024 + 1), "groter dan 1 MB"),
    ):
        response = client.post(url, {**data, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400 and message in response.content.decode(), name
        assert 'value="round_table" selected' in response.content.decode()
    assert not CalendarImport.objects.exists()  # refused at the field: nothing stored
    # A readable file with a bad event: the dry run names it, and nothing can be applied.
    response = client.post(url, {**data, "file": SimpleUploadedFile("kapot.ics", MALFORMED_ICS)})
    page = client.get(response["Location"]).content.decode()
    assert "Activiteit 1 (Kapot) heeft geen geldige begin- of eindtijd." in page
    assert client.post(response["Location"]).status_code == 400
    assert not Event.objects.exists()
    assert (
        "Toepassen</button>" not in page
        and '1</span> <span class="zw-figure__label">fouten' in page
    )
    for expected, new, updated in (("nieuw", 1, 0), ("bijgewerkt", 0, 1)):
        response = client.post(url, {**data, "file": SimpleUploadedFile("agenda.ics", GOOD_ICS)})
        job = response["Location"]
        page = client.get(job).content.decode()
        # The dry run's figures, its preview and the button to apply it.
        assert f'<td class="utrecht-table__cell">{expected}</td>' in page
        assert "Rondetafel werkbegeleiding" in page and "Toepassen</button>" in page
        for number, label in ((new, "nieuwe activiteiten"), (updated, "bijgewerkte activiteiten")):
            assert f'{number}</span> <span class="zw-figure__label">{label}' in page
        # Kept in the network's own folder until it is applied.
        stored = CalendarImport.objects.latest("pk").file.name
        assert stored.startswith(f"calendar_import/network-{network.pk}/"), stored
        assert client.post(job).status_code == 302
    event = Event.objects.get()  # imported twice: updated, not doubled
    assert event.title == "Rondetafel werkbegeleiding" and event.kind == "round_table"
    assert event.starts_at == datetime.datetime(2031, 4, 10, 13, tzinfo=datetime.UTC)
    assert "0 nieuw, 1 bijgewerkt" in client.get(job).content.decode()
    assert client.post(job).status_code == 400  # applied once
    assert "kapot.ics" in client.get(url).content.decode()  # the history
    assert _client(world.employee_a.user).get(job).status_code == 404


def test_calendar_feed_shows_what_the_caller_may_see_with_the_link_in_the_description(
    world, network
):
    public = make_event(
        network, visibility=Visibility.PUBLIC, title="Werkconferentie, 2031; deel 1"
    )
    make_event(network, title="Kernteamoverleg")
    url = reverse("networks:calendar", kwargs={"network_slug": network.slug})
    response = _client().get(url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert str(item["summary"]) == "Werkconferentie, 2031; deel 1"
    assert public.get_absolute_url() in str(item["description"])
    assert item.decoded("dtstart") == public.starts_at
    member_feed = Calendar.from_ical(_client(world.employee_a.user).get(url).content)
    assert len(member_feed.walk("VEVENT")) == 2


def test_a_feed_of_a_thousand_events_takes_a_few_queries_and_holds_them_all(
    world, network, django_assert_max_num_queries
):
    """The feed's figure (1,000 events in ≤ 200 ms) is the benchmark's
    (benchmarks/registrations.py); this keeps what makes it possible: the events are read in
    one query, whatever their number, and every one of them is in the feed."""
    from zorgwijs.networks.models import Event

    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    Event.objects.bulk_create(
        Event(
            network=network,
            kind="meeting",
            title=f"Kernteamoverleg {i}",
            starts_at=starts + datetime.timedelta(days=i),
            ends_at=starts + datetime.timedelta(days=i, hours=2),
            visibility=Visibility.PUBLIC,
        )
        for i in range(1000)
    )
    url = reverse("networks:calendar", kwargs={"network_slug": network.slug})
    client = _client()
    client.get(url)  # the session and caches, once
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1000


def test_after_the_workshop_the_organiser_writes_its_summary_and_golden_tips(world, network, event):
    session = event.sessions.get()
    kwargs = {"network_slug": network.slug, "event_id": event.pk, "session_id": session.pk}
    edit = reverse("networks:session_edit", kwargs=kwargs)
    page = reverse("networks:session", kwargs=kwargs)
    report = {
        "report": "1",
        "report-summary": "Twintig deelnemers oefenden met feedback op de werkvloer.",
        "report-golden_tips": "Plan het gesprek vooraf\n\n  Vraag door  \nSluit af met afspraken",
    }
    # Only an organiser writes it: a person of the network who does not organise cannot.
    assert _client(world.employee_a.user).post(edit, report).status_code == 404
    assert _client(world.admin_a.user).post(edit, report).status_code == 302
    html = _client().get(page).content.decode()  # the public event's workshop page
    assert "Twintig deelnemers oefenden" in html
    assert (
        '<ol class="zw-net-tips"><li>Plan het gesprek vooraf</li><li>Vraag door</li>'
        "<li>Sluit af met afspraken</li></ol>"
    ) in html
    assert AuditEntry.objects.filter(action="networks.session.reported").count() == 1


def test_reactions_wait_for_an_organiser(world, network, event):
    session = event.sessions.get()
    url = reverse(
        "networks:session",
        kwargs={"network_slug": network.slug, "event_id": event.pk, "session_id": session.pk},
    )
    eva = _client(world.employee_a.user)
    response = eva.post(url, {"text": ""})
    assert response.status_code == 400
    eva.post(url, {"text": "De gouden tips neem ik mee."})
    reaction = SessionReaction.objects.get()
    assert reaction.status == "pending"
    assert "De gouden tips" not in _client().get(url).content.decode()
    review = reverse(
        "networks:reaction_review",
        kwargs={
            "network_slug": network.slug,
            "event_id": event.pk,
            "session_reaction_id": reaction.pk,
        },
    )
    assert eva.post(review, {"besluit": "goedkeuren"}).status_code == 404
    _client(world.admin_a.user).post(review, {"besluit": "goedkeuren"})
    assert "De gouden tips" in _client().get(url).content.decode()


def test_convenant_document_must_be_a_pdf(world, network):
    url = reverse("networks:convenant", kwargs={"network_slug": network.slug})
    client = _client(world.admin_a.user)
    response = client.post(
        url,
        {
            "convenant-title": "Convenant Leren is altijd",
            "convenant-signed_on": "2018-07-09",
            "convenant-document": SimpleUploadedFile("convenant.exe", b"MZ..."),
            "convenant": "1",
        },
    )
    assert response.status_code == 400
    network.convenant.refresh_from_db()
    assert not network.convenant.document


def test_coordinator_gives_and_takes_roles_but_keeps_one_coordinator(world, network):
    url = reverse("networks:manage", kwargs={"network_slug": network.slug})
    client = _client(world.admin_a.user)
    response = client.post(
        url, {"role": "1", "role-email": "niemand@example.org", "role-role": "editor"}
    )
    assert response.status_code == 400 and "Er is geen account" in response.content.decode()
    client.post(
        url, {"role": "1", "role-email": world.employee_a.user.email, "role-role": "editor"}
    )
    assert NetworkRole.objects.filter(user=world.employee_a.user, role="editor").exists()
    own = NetworkRole.objects.get(user=world.admin_a.user, role="coordinator")
    response = client.post(
        reverse("networks:role_remove", kwargs={"network_slug": network.slug, "role_id": own.pk}),
        follow=True,
    )
    assert "minstens één coördinator" in response.content.decode()
    assert NetworkRole.objects.filter(pk=own.pk).exists()


def _closed_agenda(world, network, size: int) -> None:
    """A closed prioritisation round whose agenda lists ``size`` needs (the home shows five)."""
    from django.utils import timezone

    from zorgwijs.needs.models import Need
    from zorgwijs.networks.models import AgendaItem, PriorityRound

    priority_round = PriorityRound.objects.create(
        network=network, title="Kennisagenda", status="closed", closed_at=timezone.now()
    )
    for i in range(size):
        need = Need.objects.create(
            organisation=world.org_a, title=f"Behoefte {i}", visibility=Visibility.PUBLIC
        )
        AgendaItem.objects.create(round=priority_round, need=need, position=i + 1, score=size - i)


@pytest.mark.parametrize("size", [2, 12])
def test_queries_stay_flat(world, network, size, django_assert_max_num_queries):
    """Home, event page and workshop page: at most 20 queries, whatever the number of members,
    actions, sessions and reactions."""
    from tests.factories import OrganisationFactory
    from tests.networks.factories import make_session
    from zorgwijs.networks.models import Action, Topic
    from zorgwijs.organisations.models import NetworkMembership

    topic = Topic.objects.get(network=network)
    event = make_event(network, capacity=size * 10)
    for i in range(size):
        organisation = OrganisationFactory()
        NetworkMembership.objects.create(network=network, organisation=organisation)
        Topic.objects.create(network=network, number=10 + i, title=f"Thema {i}")
        Action.objects.create(topic=topic, title=f"Actie {i}", owner_organisation=organisation)
        session = make_session(event, title=f"Workshop {i}", capacity=5)
        SessionReaction.objects.create(
            session=session, author=world.employee_a.user, text=f"Reactie {i}", status="approved"
        )
    session = event.sessions.first()
    for i in range(size):
        SessionReaction.objects.create(
            session=session, author=UserFactory(), text=f"Meer {i}", status="approved"
        )
    _closed_agenda(world, network, size)
    client = _client(world.employee_a.user)
    for url in (
        _home(network),
        event.get_absolute_url(),
        reverse(
            "networks:session",
            kwargs={"network_slug": network.slug, "event_id": event.pk, "session_id": session.pk},
        ),
    ):
        client.get(url)  # warm the session and caches
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_function_profiles_page_shows_the_network_templates(client, world, network):
    from zorgwijs.competences.models import CompetenceItem, ProfileItem, RequirementProfile

    with scopes_disabled():
        item = CompetenceItem.objects.create(network=network, kind="training", name="Coachen")
        template = RequirementProfile.objects.create(network=network, name="Werkbegeleider")
        ProfileItem.objects.create(profile=template, item=item, level="required")
    url = f"/netwerken/{network.slug}/functieprofielen/"
    page = client.get(url).content.decode()
    assert "Werkbegeleider" in page and "Coachen" in page and "Overnemen bij" not in page
    sign_in(client, world.admin_a.user)
    assert "Overnemen bij" in client.get(url).content.decode()
    with scopes_disabled():
        network.profile.public_home = False
        network.profile.save()
    client.logout()
    assert client.get(url).status_code == 404
