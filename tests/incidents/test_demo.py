"""The demo hospital has incidents in every status, an anonymous one and a network lesson."""

import pytest
from django_scopes import scopes_disabled

from zorgwijs.audit.models import AuditEntry
from zorgwijs.core.demo.loader import demo_load
from zorgwijs.incidents.demo import incidents_demo_load
from zorgwijs.incidents.models import Incident, IncidentCause, IncidentMeasure, Lesson, Status
from zorgwijs.incidents.selectors import get_lesson_for_viewer

pytestmark = pytest.mark.django_db


def test_demo_incidents(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load()
    with scopes_disabled():
        incidents = list(Incident.objects.filter(organisation__slug="umc-zuidwest"))
        assert {i.status for i in incidents} == set(Status.values)
        anonymous = [i for i in incidents if i.is_anonymous]
        assert anonymous and all(i.reporter_id is None for i in anonymous)
        assert IncidentCause.objects.count() >= 5
        assert IncidentMeasure.objects.filter(done_on__isnull=True).exists()
        [lesson] = Lesson.objects.all()
        assert lesson.visibility == "network" and lesson.device is not None
        from zorgwijs.accounts.models import User

        partner = User.objects.get(email="lotte@lingestreek.demo")
        assert get_lesson_for_viewer(partner, lesson.pk) == lesson
        # An anonymous report leaves nothing in the audit log (docs/incidents.md).
        about = AuditEntry.objects.filter(object_id__in=[str(i.pk) for i in anonymous])
        assert not about.filter(action="incidents.incident.reported").exists()
        count = Incident.objects.count()
    incidents_demo_load()
    with scopes_disabled():
        assert Incident.objects.count() == count
