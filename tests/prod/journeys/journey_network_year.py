"""A year of the Groningen network, run by its second coordinator (Zorggroep Hunzedal's
administrator, two factors) with a writer of a member organisation beside her:

- members: Ziekenhuis Lingestreek joins with its contact person for the core team (someone who
  is no administrator of the hospital first) and, at the end of the year, leaves again and is
  listed among the former members;
- a topic with an action (each without a title first);
- the monthly theme's contribution through the editorial board: the writer drafts one (no title
  first) and submits it; in English the coordinator asks for changes without saying which
  (refused), approves it and schedules it (yesterday first), so it appears at once;
- the working conference: the writer submits a poster (a file that is no PDF first) and the
  coordinator gives it the audience award (an award without a name first).

Every refusal is checked at its field; the good value is then typed into the refused form, as a
person corrects it, and the count after saving (one more, not two) shows that the refusal kept
nothing; the award's page is opened again. The coordinator's profile is left in Dutch and
Lingestreek outside the network, as the demo made them: the other journeys meet the demo's
network. Her account and the writer's are used by no other journey."""

from __future__ import annotations

import datetime
import time
from zoneinfo import ZoneInfo

NETWORK = "/netwerken/leren-is-altijd"
MANAGE = f"{NETWORK}/beheer/"
MEMBER = "Ziekenhuis Lingestreek"
MEMBER_ROWS = "main table tbody tr:has(select)"
TOPIC = "Samen opleiden in de wijk"
THEME = "Leren in het werk"  # the demo's theme of this month
EVENT = "main a[href*='/activiteiten/'][href$='/']:has-text('Werkconferentie')"
RUN = str(int(time.time()))[-6:]
PIECE = f"Wat ik leerde van mijn leerling ({RUN})"
POSTER = f"Samen leren in de wijk: leerling en wijkverpleegkundige ({RUN})"
# A minimal valid PDF, as the demo's posters.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def _server_minute() -> str:
    """The current minute on the server's clock (Europe/Amsterdam), as a datetime-local field
    takes it. A schedule may be up to a minute old, so near a minute's end wait for the next."""
    now = datetime.datetime.now(ZoneInfo("Europe/Amsterdam"))
    if now.second >= 55:
        time.sleep(61 - now.second)
        now = datetime.datetime.now(ZoneInfo("Europe/Amsterdam"))
    return now.strftime("%Y-%m-%dT%H:%M")


def test_a_network_coordinator_runs_a_year_of_the_network(visit, new_visit):
    coordinator, writer = visit, new_visit()
    coordinator.sign_in("network co-coordinator")
    coordinator.expect_language("nl")

    # Members: a contact person who is no administrator of the hospital is refused.
    before = coordinator.count(MANAGE, MEMBER_ROWS)
    add = "main form:has(select[name=organisation])"
    coordinator.go(f"{NETWORK}/beheer/leden/nieuw/")
    coordinator.page.select_option(f"{add} select[name=organisation]", label=MEMBER)
    coordinator.page.fill(f"{add} input[name=contact_email]", "jeroen@lingestreek.demo")
    coordinator.submit_refused(add, "contact_email")
    coordinator.page.fill(f"{add} input[name=contact_email]", "beheer@lingestreek.demo")
    coordinator.submit(add)
    assert coordinator.page.url.endswith(MANAGE), coordinator.page.url
    assert coordinator.page.locator(MEMBER_ROWS).count() == before + 1, "one member more"
    row = f"{MEMBER_ROWS}:has-text('{MEMBER}')"
    assert (
        "beheer@lingestreek.demo" in coordinator.page.locator(f"{row} option:checked").inner_text()
    )
    leave = coordinator.page.locator(f"{row} a[href$='/beeindigen/']").get_attribute("href")

    # A topic, then an action under it: neither without a title.
    topics = "main h3[id^='thema-']"
    before = coordinator.count(f"{NETWORK}/", topics)
    form = "main form:has(input[name=title])"
    coordinator.go(f"{NETWORK}/themas/nieuw/")
    description = "Leerlingen en wijkverpleegkundigen leren van elkaar, in elke wijk."
    coordinator.page.fill(f"{form} textarea[name=description]", description)
    coordinator.submit_refused(form, "title")
    coordinator.page.fill(f"{form} input[name=title]", TOPIC)
    coordinator.submit(form)
    assert coordinator.page.locator(topics).count() == before + 1, "one topic more, on the home"
    topic = coordinator.page.locator(f"{topics}:has-text('{TOPIC}')").last.get_attribute("id")
    topic_id = topic.removeprefix("thema-")
    actions = f"main .zw-net-topic:has(#{topic}) a[href*='/acties/']:not([href$='/nieuw/'])"
    coordinator.go(f"{NETWORK}/themas/{topic_id}/acties/nieuw/")
    coordinator.page.select_option(
        f"{form} select[name=owner_organisation]", label="Zorggroep Hunzedal"
    )
    coordinator.page.fill(f"{form} input[name=owner_name]", "Praktijkexperts")
    coordinator.submit_refused(form, "title")
    coordinator.page.fill(f"{form} input[name=title]", "Een leerling-maatje in elk wijkteam")
    coordinator.submit(form)
    assert coordinator.page.locator(actions).count() == 1, "one action, under its topic"

    # The writer drafts a piece for this month's theme (no title first) and submits it.
    writer.sign_in("network writer")
    writer.expect_language("nl")
    mine = "main li:has(> a[href*='/bijdragen/'])"
    before = writer.count(f"{NETWORK}/bijdragen/", mine)
    draft = "main form:has(textarea[name=body])"
    body = "Mijn leerling vroeg waarom we het zo doen. Ik wist het niet meteen; nu wel."
    writer.go(f"{NETWORK}/bijdragen/nieuw/")
    writer.page.select_option(f"{draft} select[name=kind]", "column")
    writer.page.select_option(f"{draft} select[name=theme]", label=THEME)
    writer.page.fill(f"{draft} textarea[name=body]", body)
    writer.submit_refused(draft, "title")
    writer.page.fill(f"{draft} input[name=title]", PIECE)
    writer.submit(draft)
    piece = writer.page.url.removeprefix(writer.base_url)
    assert piece.startswith(f"{NETWORK}/bijdragen/"), piece
    writer.submit("main form:has(button[value=indienen])")
    assert writer.page.locator("main form:has(button[value=indienen])").count() == 0, "submitted"

    # In English, the editorial board: changes asked without saying which are refused; the
    # piece is approved and scheduled (yesterday first) for now, so it appears at once.
    coordinator.switch_language("en")
    review = "main form:has(input[name='review-decision'])"
    reviews = "main ul.zw-net-list > li"
    coordinator.go(piece)
    coordinator.page.check(f"{review} input[name='review-decision'][value=changes]")
    coordinator.submit_refused(review, "review-comment")
    coordinator.page.check(f"{review} input[name='review-decision'][value=approve]")
    coordinator.page.fill(f"{review} textarea[name='review-comment']", "Mooi en herkenbaar.")
    coordinator.submit(review)
    assert coordinator.page.locator(reviews).count() == 1, "one review: the approval"
    schedule = "main form:has(input[name='schedule-publish_at'])"
    yesterday = datetime.datetime.now(ZoneInfo("Europe/Amsterdam")) - datetime.timedelta(days=1)
    coordinator.page.fill(
        f"{schedule} input[name='schedule-publish_at']", yesterday.strftime("%Y-%m-%dT%H:%M")
    )
    coordinator.submit_refused(schedule, "schedule-publish_at")
    # (Had yesterday been kept, the piece would be out already and this schedule refused.)
    coordinator.page.fill(f"{schedule} input[name='schedule-publish_at']", _server_minute())
    coordinator.submit(schedule)
    assert coordinator.page.locator("main #reacties").count() == 1, "published: readers react"
    coordinator.expect_language("en")
    writer.go(f"{NETWORK}/bijdragen/")
    published = f"main .zw-net-list a[href$='{piece}']"
    assert writer.page.locator(published).count() == 1, "the writer sees her piece appeared"
    assert writer.page.locator(mine).count() == before, "and no draft was left in the making"

    # The working conference: the writer's poster (a file that is no PDF first).
    writer.go(f"{NETWORK}/activiteiten/")
    posters = writer.page.locator(EVENT).first.get_attribute("href") + "posters/"
    listed = "main .zw-net-list > li"
    before = writer.count(posters, listed)
    submit = "main form:has(input[name='poster-title'])"
    abstract = "Een leerling loopt een jaar mee met een wijkverpleegkundige; ze leren allebei."

    writer.page.fill(f"{submit} input[name='poster-title']", POSTER)
    writer.page.select_option(
        f"{submit} select[name='poster-organisation']", label="Zorggroep Hunzedal"
    )
    writer.page.fill(f"{submit} textarea[name='poster-abstract']", abstract)
    no_pdf = _file("poster.pdf", b"Dit is geen pdf.")
    writer.page.set_input_files(f"{submit} input[name='poster-file']", no_pdf)
    writer.submit_refused(submit, "poster-file")
    writer.page.set_input_files(f"{submit} input[name='poster-file']", _file("poster.pdf", PDF))
    writer.submit(submit)
    assert writer.page.locator(listed).count() == before + 1, "one poster more"
    poster = writer.page.locator(f"{listed} a:has-text('{RUN}')").get_attribute("href")
    writer.expect_language("nl")

    # The audience award, in English: without a name it is refused.
    award = "main form[action$='/prijs/']"
    badge = "main .zw-net-badge--done"
    coordinator.go(poster)
    coordinator.page.fill(f"{award} input[name=award]", "")
    coordinator.submit_refused(award, "award")
    coordinator.go(poster)
    assert coordinator.page.locator(badge).count() == 0, "a refused award is not given"
    coordinator.page.fill(f"{award} input[name=award]", "Publieksprijs")
    coordinator.submit(award)
    assert "Publieksprijs" in coordinator.page.locator(badge).inner_text()

    # The year ends: Lingestreek leaves and is kept among the former members.
    coordinator.go(leave)
    coordinator.submit("main form:has([type=submit])")
    assert coordinator.page.url.endswith(MANAGE)
    assert coordinator.page.locator(row).count() == 0, "no longer a member"
    assert coordinator.page.locator(f"main li:has-text('{MEMBER}')").count() >= 1, "former"
    coordinator.switch_language("nl")
