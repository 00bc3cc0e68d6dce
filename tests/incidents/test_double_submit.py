"""A report sent twice (double click, resend after a timeout, two requests at once) is one
report: through the form's one-time token and through the API's Idempotency-Key."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.api.conftest import ApiClient, make_token
from tests.double_submit import at_once, token_in
from tests.incidents.conftest import report_data
from tests.incidents.test_api import _body, _path
from zorgwijs.incidents.models import Incident


def _count() -> int:
    with scopes_disabled():
        return Incident.objects.count()


def _report_url(world) -> str:
    return reverse("incidents:report", kwargs={"org_slug": world.org_a.slug})


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True])
def test_the_same_form_sent_twice_is_one_report(world, as_, pump, anonymous):
    client = as_(world.employee_a)
    data = report_data(world, pump, anonymous="on" if anonymous else "")
    data["submission_token"] = token_in(client.get(_report_url(world)))
    first = client.post(_report_url(world), data)
    second = client.post(_report_url(world), data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert _count() == 1
    assert "al verstuurd" in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_changed_content_with_the_same_token_is_a_new_report(world, as_, pump):
    # Back, change the text, send again: that is meant as a second report.
    client = as_(world.employee_a)
    token = token_in(client.get(_report_url(world)))
    client.post(_report_url(world), {**report_data(world, pump), "submission_token": token})
    changed = report_data(world, pump, location="Behandelkamer 3", submission_token=token)
    assert client.post(_report_url(world), changed).status_code == 302
    assert _count() == 2


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_with_its_token(world, as_, pump):
    client = as_(world.employee_a)
    token = token_in(client.get(_report_url(world)))
    refused = report_data(world, pump, what_happened="BSN 111222333", submission_token=token)
    assert client.post(_report_url(world), refused).status_code == 400
    fixed = report_data(world, pump, submission_token=token)
    assert client.post(_report_url(world), fixed).status_code == 302
    assert _count() == 1


@pytest.mark.django_db
def test_the_same_api_report_twice_is_one_report_with_the_same_answer(world, pump):
    client = ApiClient(make_token(world.employee_a.user))
    client.headers["Idempotency-Key"] = "2f0c7d1e-report-1"
    body = _body(world, pump, anonymous=True)
    first, second = client.post(_path(world), body), client.post(_path(world), body)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert _count() == 1
    # The same key for another body is a mistake of the client, not a replay.
    other = client.post(_path(world), {**body, "location": "Zaal 2"})
    assert other.status_code == 409
    assert _count() == 1
    # Without a key nothing changes: two posts, two reports.
    del client.headers["Idempotency-Key"]
    client.post(_path(world), _body(world, pump))
    client.post(_path(world), _body(world, pump))
    assert _count() == 3


@pytest.mark.django_db
def test_a_key_is_the_callers_own(world, pump):
    # Another person using the same key reports their own incident, and learns nothing.
    for membership in (world.employee_a, world.colleague_a):
        client = ApiClient(make_token(membership.user))
        client.headers["Idempotency-Key"] = "same-key"
        response = client.post(_path(world), _body(world, pump))
        assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert _count() == 2


@pytest.mark.django_db
def test_a_refused_api_report_is_not_replayed(world, pump):
    client = ApiClient(make_token(world.employee_a.user))
    client.headers["Idempotency-Key"] = "retry-me"
    bad = client.post(_path(world), _body(world, pump, what_happened="BSN 111222333"))
    assert bad.status_code == 400
    assert client.post(_path(world), _body(world, pump)).status_code == 201
    assert _count() == 1
    client.headers["Idempotency-Key"] = "x" * 256
    assert client.post(_path(world), _body(world, pump)).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_make_one_report(world, as_, pump):
    # Two tabs of one browser (one session), and two API clients with one token.
    browser = as_(world.employee_a)
    data = {
        **report_data(world, pump),
        "submission_token": token_in(browser.get(_report_url(world))),
    }
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.cookies.update(browser.cookies)
    answers = at_once(*[lambda tab=tab: tab.post(_report_url(world), data) for tab in tabs])
    assert [a.status_code for a in answers] == [302, 302]
    assert _count() == 1
    token, body = make_token(world.employee_a.user), _body(world, pump)
    clients = [ApiClient(token), ApiClient(token)]
    for client in clients:
        client.headers["Idempotency-Key"] = "at-once"
    answers = at_once(*[lambda c=c: c.post(_path(world), body) for c in clients])
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert _count() == 2
