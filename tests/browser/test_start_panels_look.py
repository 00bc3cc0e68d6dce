"""The new start-page panels in a browser, Dutch and English, laptop and a 360 px phone: the
visitor's upcoming public events and an editor's overdue knowledge pages."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.browser.conftest import SCREENSHOTS
from tests.browser.page_check import problems_on, watch
from tests.factories import NetworkFactory
from tests.knowledge.factories import make_page, make_space
from zorgwijs.knowledge.models import Page
from zorgwijs.networks.models import Event, NetworkProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _look(new_context, live_server, user, name: str, *, mfa: bool = False) -> list[str]:
    problems = []
    for language in ("nl", "en"):
        if user is not None:
            get_user_model().objects.filter(pk=user.pk).update(language=language)
        for viewport in ("laptop", "phone"):
            errors: list[str] = []
            context = new_context(user, viewport=viewport, mfa=mfa)
            if user is None:
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": live_server.url}]
                )
            watch(context, errors=errors)
            page = context.new_page()
            if viewport == "phone":
                page.set_viewport_size({"width": 360, "height": 780})
            page.goto(live_server.url + "/", wait_until="load")
            page.screenshot(
                path=str(SCREENSHOTS / f"{name}-{language}-{viewport}.png"), full_page=True
            )
            problems += [f"{language} {viewport}: {p}" for p in problems_on(page, errors)]
    return problems


def test_the_visitor_sees_public_events_and_the_editor_overdue_pages(
    new_context, live_server, world
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    start = timezone.now() + datetime.timedelta(days=12)
    with scopes_disabled():
        network = NetworkFactory(name="Leren is altijd", slug="leren-is-altijd")
        NetworkProfile.objects.create(network=network, public_home=True)
        Event.objects.create(
            network=network,
            kind="conference",
            title="Werkconferentie: behoud van nieuwe verpleegkundigen",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=4),
            visibility="public",
            location="Martiniplaza, Groningen",
        )
        space = make_space(world.org_a)
        page = make_page(space, world.admin_a.user, title="Infuuspomp ontluchten")
        Page.objects.filter(pk=page.pk).update(
            validated_revision=page.current_revision,
            review_due=timezone.localdate() - datetime.timedelta(days=9),
        )
    problems = _look(new_context, live_server, None, "start-visitor-events")
    problems += _look(
        new_context, live_server, world.admin_a.user, "start-editor-overdue", mfa=True
    )
    assert not problems, "\n".join(problems)
