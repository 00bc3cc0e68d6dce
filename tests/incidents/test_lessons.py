"""Lessons: de-identified, written by the coordinator, readable by their visibility."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import NetworkFactory
from zorgwijs.incidents.models import Incident, Lesson, Status
from zorgwijs.organisations.models import NetworkMembership

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Pomp liep door na einde infuus op kamer 4."


@pytest.fixture
def incident(world, pump):
    with scopes_disabled():
        return Incident.objects.create(
            organisation=world.org_a,
            reporter=world.employee_a.user,
            occurred_at=timezone.now(),
            location="Kamer 4",
            department=world.cathlab,
            device=pump,
            category="device",
            outcome="no_harm",
            severity="none",
            what_happened=REPORT_TEXT,
            status=Status.MEASURES,
        )


def _lesson(world, visibility):
    with scopes_disabled():
        return Lesson.objects.create(
            organisation=world.org_a,
            title=f"Les {visibility}",
            summary="Een pomp liep door.",
            learned="Controleer het einde.",
            visibility=visibility,
        )


def _publish_url(world, incident):
    return reverse(
        "incidents:lesson_new", kwargs={"org_slug": world.org_a.slug, "incident_id": incident.pk}
    )


def _lesson_data(pump, **overrides):
    data = {
        "title": "Infuus loopt door na einde",
        "summary": "Een infuuspomp gaf bij het einde van het infuus geen alarm.",
        "learned": "Controleer de alarminstelling bij de start.",
        "measures": "Alarmtest in de startchecklist.",
        "device": pump.pk,
        "visibility": "network",
    }
    data.update(overrides)
    return data


def test_coordinator_publishes_a_lesson_without_reporter_or_report_text(
    world, as_, coordinator, incident, pump
):
    response = as_(coordinator).post(_publish_url(world, incident), _lesson_data(pump))
    assert response.status_code == 302
    with scopes_disabled():
        lesson = Lesson.objects.get()
    assert lesson.device == pump and lesson.visibility == "network"
    page = as_(world.colleague_a).get(response["Location"]).content.decode()
    assert "Alarmtest in de startchecklist." in page
    assert REPORT_TEXT not in page and "Eva Medewerker" not in page
    assert not {f.name for f in Lesson._meta.fields} & {"reporter", "what_happened"}


def test_patient_data_in_a_lesson_is_refused_and_kept_in_the_form(
    world, as_, coordinator, incident, pump
):
    data = _lesson_data(pump, summary="Bij dhr. Jansen (geb. 03-04-1951) liep de pomp door.")
    response = as_(coordinator).post(_publish_url(world, incident), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "naam van een patiënt" in body and "geboortedatum" in body
    assert "Alarmtest in de startchecklist." in body
    with scopes_disabled():
        assert not Lesson.objects.exists()


def test_no_lesson_before_the_measures_are_known(world, as_, coordinator, incident, pump):
    with scopes_disabled():
        Incident.objects.filter(pk=incident.pk).update(status=Status.IN_ANALYSIS)
    response = as_(coordinator).post(_publish_url(world, incident), _lesson_data(pump))
    assert response.status_code == 400
    with scopes_disabled():
        assert not Lesson.objects.exists()


def test_plain_employee_cannot_publish(world, as_, incident, pump):
    response = as_(world.employee_a).post(_publish_url(world, incident), _lesson_data(pump))
    assert response.status_code == 403


def _status(client, lesson):
    return client.get(reverse("lessons:detail", kwargs={"lesson_id": lesson.pk})).status_code


def test_visibility_organisation_network_public(world, as_):
    own, network, public = (_lesson(world, v) for v in ("organisation", "network", "public"))
    outsider = as_(world.outsider_b)
    anonymous = Client()
    assert [_status(as_(world.colleague_a), x) for x in (own, network, public)] == [200] * 3
    assert [_status(outsider, x) for x in (own, network, public)] == [404, 404, 200]
    assert [_status(anonymous, x) for x in (own, network, public)] == [404, 404, 200]
    with scopes_disabled():
        shared = NetworkFactory(name="Netwerk Zuid", slug="netwerk-zuid")
        NetworkMembership.objects.create(network=shared, organisation=world.org_a)
        NetworkMembership.objects.create(network=shared, organisation=world.org_b)
    assert [_status(outsider, x) for x in (own, network, public)] == [404, 200, 200]


def test_lessons_page_shows_own_and_network_partners_lessons(world, as_):
    _lesson(world, "organisation")
    _lesson(world, "network")
    url = reverse("incidents:lessons", kwargs={"org_slug": world.org_b.slug})
    page = as_(world.outsider_b).get(url).content.decode()
    assert "Les network" not in page
    with scopes_disabled():
        shared = NetworkFactory(name="Netwerk Zuid", slug="netwerk-zuid")
        NetworkMembership.objects.create(network=shared, organisation=world.org_a)
        NetworkMembership.objects.create(network=shared, organisation=world.org_b)
    page = as_(world.outsider_b).get(url).content.decode()
    assert "Les network" in page and "Les organisation" not in page


def test_lesson_published_to_a_space_is_listed_there_for_those_who_may_read_it(
    world, as_, coordinator, incident, pump
):
    from tests.knowledge.factories import make_space

    with scopes_disabled():
        space = make_space(world.org_a, visibility="organisation")
        public_space = make_space(world.org_a, slug="open", name="Open ruimte", visibility="public")
    data = _lesson_data(pump, space=space.pk, visibility="public")
    response = as_(coordinator).post(_publish_url(world, incident), data)
    assert response.status_code == 302
    space_url = reverse("knowledge:space", kwargs={"space_slug": space.slug})
    page = as_(world.colleague_a).get(space_url).content.decode()
    assert "Lessen uit kritische situaties" in page and "Infuus loopt door na einde" in page
    # The public lesson names its space only to those who may read the space.
    lesson_page = as_(world.outsider_b).get(response["Location"]).content.decode()
    assert "Infuus loopt door na einde" in lesson_page and space.name not in lesson_page
    assert space.name in as_(world.colleague_a).get(response["Location"]).content.decode()
    # An organisation-only lesson cannot go to a space the whole world reads.
    data = _lesson_data(pump, space=public_space.pk, visibility="organisation")
    response = as_(coordinator).post(_publish_url(world, incident), data)
    assert response.status_code == 400
    assert "breder gelezen dan de les" in response.content.decode()
    with scopes_disabled():
        assert Lesson.objects.count() == 1


def test_a_space_the_coordinator_cannot_read_is_refused(world, as_, coordinator, incident, pump):
    from tests.knowledge.factories import make_space

    with scopes_disabled():
        elsewhere = make_space(world.org_b, slug="elders", name="Ruimte elders")
    data = _lesson_data(pump, space=elsewhere.pk, visibility="public")
    response = as_(coordinator).post(_publish_url(world, incident), data)
    assert response.status_code == 400
    assert "Ruimte elders" not in response.content.decode()
    with scopes_disabled():
        assert not Lesson.objects.exists()
