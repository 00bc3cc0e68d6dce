"""The language switch, the way a signed-in person uses it: sign in through the form, press
"English", and keep browsing. Every page must answer in English, and the choice is remembered on
the profile (e-mails follow it)."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def test_signed_in_person_switches_to_english_and_every_page_answers_in_english(client, world):
    user = world.employee_a.user
    _sign_in(client, user)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    org = world.org_a.slug
    for path in ("/", f"/o/{org}/paspoort/", f"/o/{org}/kennis/", "/zoeken/", "/projecten/"):
        response = client.get(path)
        assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
        assert response["Content-Language"] == "en", path
        assert b'<html lang="en"' in response.content, path
    user.refresh_from_db()
    assert user.language == "en"


def test_switching_back_to_dutch_is_remembered_too(client, world):
    user = world.employee_a.user
    _sign_in(client, user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})

    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    user.refresh_from_db()
    assert user.language == "nl"
