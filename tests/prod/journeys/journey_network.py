"""A network editor of the regional network (seed 004): adds a monthly theme to the editorial
calendar (no theme first), then in English registers for the working conference, takes a
workshop seat and, for the full workshop, a place on the waiting list; the task worker mails
the confirmation with its calendar invitation."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .conftest import ROLES

NETWORK = "/netwerken/leren-is-altijd"
EVENT = "main a[href*='/activiteiten/'][href$='/']:has-text('Werkconferentie')"


def test_network_editor_theme_and_conference_registration(visit):
    visit.sign_in("network editor")
    visit.expect_language("nl")

    # A monthly theme: without a theme it is refused, the month typed is kept.
    calendar = f"{NETWORK}/redactie/"
    themes = "main a[href*='/thema-van-de-maand/']:not([href$='/bewerken/'])"
    before = visit.count(calendar, themes)
    form = "main form:has(input[name=title])"
    month = timezone.localdate().replace(day=1) + datetime.timedelta(days=62)
    visit.page.fill(f"{form} input[name=month]", month.isoformat())
    visit.page.fill(f"{form} textarea[name=quote]", "Wie leert, blijft (prod-check).")
    visit.submit_refused(form, "title")
    assert visit.count(calendar, themes) == before, "a refused theme is not kept"
    visit.page.fill(f"{form} input[name=month]", month.isoformat())
    visit.page.fill(f"{form} input[name=title]", "Leren met de cliënt")
    visit.submit(form)
    assert visit.count(calendar, themes) == before + 1, "the theme is on the calendar"

    # In English: the conference, a workshop with seats and the full one.
    visit.switch_language("en")
    visit.go(f"{NETWORK}/activiteiten/")
    event = visit.page.locator(EVENT).first.get_attribute("href")
    visit.go(event)
    register = "main #aanmelden ~ * form[action$='/aanmelden/'], main section:has(#aanmelden) form"
    visit.submit(register)
    assert visit.page.locator("main form[action*='/afmelden/']").count() >= 1, "registered"
    sessions = visit.page.locator("main form[action$='/aanmelden/']:has(input[name=session])")
    assert sessions.count() >= 2, "now the workshops take registrations"
    for _ in range(sessions.count()):
        visit.submit("main form[action$='/aanmelden/']:has(input[name=session])")
    cancels = visit.page.locator("main form[action*='/afmelden/']").count()
    assert cancels >= 3, "the event and each workshop (seat or waiting list) can be cancelled"
    assert visit.page.locator("main .zw-net-places").filter(has_text="waiting list").count() >= 1
    visit.expect_language("en")

    message = visit.wait_for_mail(ROLES["network editor"], "Werkconferentie")
    parts = [p.get_content_type() for p in message.walk()]
    assert "text/calendar" in parts, f"the confirmation brings the invitation: {parts}"
