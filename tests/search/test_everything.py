"""One search over everything a person may read: knowledge spaces, validated pages, questions
with their accepted answer and published lessons next to projects, following every change."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.knowledge.factories import make_answer, make_page, make_question, make_space
from tests.signin import sign_in
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.incidents.models import Lesson
from zorgwijs.knowledge.models import MembershipStatus, SpaceMembership, SpaceRole
from zorgwijs.knowledge.services.pages import page_move, page_revise, page_validate
from zorgwijs.knowledge.services.questions import answer_accept, post_edit, post_hide, post_unhide
from zorgwijs.organisations.access import active_memberships_of
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import ANONYMOUS, viewer_for
from zorgwijs.search.query import MAX_QUERY_CHARS
from zorgwijs.search.selectors import search
from zorgwijs.search.spelling import search_forgiving


def _found(user, text: str, kind: str | None = None) -> list[str]:
    viewer = viewer_for(user) if user is not None else ANONYMOUS
    filters = {"type": [kind]} if kind else {}
    result = search(viewer=viewer, text=text, filters=filters, count_fruitless=False)
    return [h.title for h in result.hits]


def _validate(page, editor) -> None:
    page.refresh_from_db()
    page_validate(
        actor=editor,
        page=page,
        revision=page.current_revision,
        review_due=timezone.localdate() + datetime.timedelta(days=90),
    )


@pytest.fixture
def pump(world):
    """Organisation A's pump space, linked to its device, with one validated page."""
    with scopes_disabled():
        space = make_space(world.org_a, name="Infuuspomp")
        device = CompetenceItem.objects.create(
            organisation=world.org_a,
            kind="device",
            name="Infuuspomp",
            manufacturer="Fresenius",
            model_name="Volumat Agilia",
            device_code="VA2041",
        )
        space.competence_items.add(device)
        page = make_page(
            space,
            world.admin_a.user,
            title="Lijn vullen",
            body="Tik **luchtbellen** naar boven bij de Y-stukken.",
        )
        _validate(page, world.admin_a.user)
    return space, page


def test_a_validated_page_is_found_by_its_text_and_its_device(world, pump):
    member = world.employee_a.user
    assert "Lijn vullen" in _found(member, "luchtbellen")
    # The device's model and code find the space and its pages.
    assert {"Infuuspomp", "Lijn vullen"} <= set(_found(member, "Volumat"))
    assert "Lijn vullen" in _found(member, "VA2041")
    assert _found(member, "agilia", kind="space") == ["Infuuspomp"]


def test_drafts_are_never_indexed_only_the_validated_revision(world, pump):
    space, page = pump
    editor = world.admin_a.user
    with scopes_disabled():
        draft = make_page(space, editor, title="Nachtprotocol", body="Concepttekst zwaluwstaart.")
        assert _found(editor, "zwaluwstaart") == []  # never validated: not in the index
        page.refresh_from_db()
        page_revise(
            actor=editor,
            page=page,
            title="Lijn vullen",
            body="Nieuw: kolibriestand gebruiken.",
            base_revision_id=page.current_revision_id,
        )
    assert _found(editor, "kolibriestand") == []  # a newer draft stays out
    assert "Lijn vullen" in _found(editor, "luchtbellen")  # the validated text stays in
    with scopes_disabled():
        _validate(page, editor)
        _validate(draft, editor)
    assert _found(editor, "kolibriestand") == ["Lijn vullen"]
    assert _found(editor, "luchtbellen") == []
    assert _found(editor, "zwaluwstaart") == ["Nachtprotocol"]


def test_a_moved_page_stays_found_and_a_deleted_space_leaves(world, pump):
    space, page = pump
    editor = world.admin_a.user
    with scopes_disabled():
        top = make_page(space, editor, title="Overzicht", body="Alles over de pomp.")
        _validate(top, editor)
        page_move(actor=editor, page=page, parent=top)
    assert "Lijn vullen" in _found(editor, "luchtbellen")
    # Pages keep their revisions for good (they cannot be deleted); an empty space can.
    with scopes_disabled():
        empty = make_space(world.org_a, slug="leeg", name="Zuurstofconcentrator")
    assert _found(editor, "zuurstofconcentrator") == ["Zuurstofconcentrator"]
    with scopes_disabled():
        empty.delete()
    assert _found(editor, "zuurstofconcentrator") == []


def test_an_organisation_space_is_found_only_by_its_readers(world, pump):
    space, _ = pump
    assert _found(world.employee_a.user, "luchtbellen") == ["Lijn vullen"]
    assert _found(world.outsider_b.user, "luchtbellen") == []
    assert _found(None, "luchtbellen") == []
    # An invitation is a place to read from, as on the space's own pages.
    with scopes_disabled():
        SpaceMembership.objects.create(
            space=space,
            user=world.outsider_b.user,
            role=SpaceRole.MEMBER,
            status=MembershipStatus.ACTIVE,
        )
    assert _found(world.outsider_b.user, "luchtbellen") == ["Lijn vullen"]


def test_the_request_s_memberships_give_the_same_spaces_without_reading_them_again(world, pump):
    """A viewer built from the request's memberships gives the scope providers what they ask:
    the spaces are those of a viewer read fresh, and working them out is one query."""
    space, _ = pump
    with scopes_disabled():
        SpaceMembership.objects.create(
            space=space,
            user=world.outsider_b.user,
            role=SpaceRole.MEMBER,
            status=MembershipStatus.INVITED,
        )
    for person in (world.employee_a.user, world.outsider_b.user):
        viewer = viewer_for(person, active_memberships_of(person))
        with CaptureQueriesContext(connection) as queries:
            scopes = viewer.scopes
        # One query per provider (the spaces, the networks); not the memberships or roles again.
        assert len(queries) == 2
        assert scopes == viewer_for(person).scopes == (f"space:{space.pk}",)


def test_a_visibility_change_reaches_search_at_once(world, pump):
    space, _ = pump
    with scopes_disabled():
        space.visibility = Visibility.PUBLIC
        space.save()
    assert "Lijn vullen" in _found(None, "luchtbellen")
    with scopes_disabled():
        space.visibility = Visibility.ORGANISATION
        space.save()
    assert _found(None, "luchtbellen") == []
    assert _found(world.outsider_b.user, "luchtbellen") == []


def test_questions_follow_accept_edit_hide_and_delete(world, pump):
    space, _ = pump
    asker, editor = world.employee_a.user, world.admin_a.user
    with scopes_disabled():
        question = make_question(space, asker, title="Hoe ontlucht ik de lijn?")
        answer = make_answer(question, editor, body="Met de primeknop, drie seconden.")
    assert _found(asker, "ontlucht", kind="question") == ["Hoe ontlucht ik de lijn?"]
    assert _found(asker, "primeknop", kind="question") == []  # not accepted yet
    with scopes_disabled():
        answer_accept(actor=asker, question=question, answer=answer)
    assert _found(asker, "primeknop", kind="question") == ["Hoe ontlucht ik de lijn?"]
    with scopes_disabled():
        post_edit(actor=asker, post=question, title="Hoe ontlucht ik de infuuslijn?", body="")
    assert _found(asker, "infuuslijn", kind="question") == ["Hoe ontlucht ik de infuuslijn?"]
    with scopes_disabled():
        post_hide(actor=editor, post=answer, reason="Onjuist")
    assert _found(asker, "primeknop", kind="question") == []  # a hidden answer leaves
    with scopes_disabled():
        post_hide(actor=editor, post=question, reason="Dubbel")
    assert _found(asker, "infuuslijn", kind="question") == []
    with scopes_disabled():
        question.refresh_from_db()
        post_unhide(actor=editor, post=question)
    assert _found(asker, "infuuslijn", kind="question") == ["Hoe ontlucht ik de infuuslijn?"]
    assert _found(world.outsider_b.user, "infuuslijn") == []
    with scopes_disabled():
        question.delete()
    assert _found(asker, "infuuslijn") == []


def test_lessons_are_found_by_whom_they_are_shared_with(world):
    with scopes_disabled():
        lesson = Lesson.objects.create(
            organisation=world.org_a,
            title="Heparine liep vrij door",
            summary="De rolklem ging open voordat de lijn in de pomp zat.",
            learned="Eerst de lijn plaatsen, dan de klem openen.",
            visibility=Visibility.ORGANISATION,
        )
    assert _found(world.employee_a.user, "rolklem") == ["Heparine liep vrij door"]
    assert _found(world.outsider_b.user, "rolklem") == []
    with scopes_disabled():
        lesson.visibility = Visibility.PUBLIC
        lesson.save()
    assert _found(None, "rolklem", kind="lesson") == ["Heparine liep vrij door"]
    with scopes_disabled():
        lesson.delete()
    assert _found(None, "rolklem") == []


def test_nothing_private_is_counted_hinted_or_spelt_corrected(world, pump):
    space, _ = pump
    with scopes_disabled():
        secret = make_page(space, world.admin_a.user, title="Sluipwespprotocol", body="Intern.")
        _validate(secret, world.admin_a.user)
    outsider = viewer_for(world.outsider_b.user)
    result = search(viewer=outsider, text="sluipwespprotocol", count_fruitless=False)
    assert (result.total, result.hits, result.facets) == (0, [], {})
    # A typo of the private word is not corrected towards it.
    result, corrected = search_forgiving(viewer=outsider, text="sluipwesprotocol")
    assert (result.total, corrected) == (0, "")
    # The type facet of a common word counts only what the outsider may read.
    facets = search(viewer=outsider, text="pomp", count_fruitless=False).facets
    assert not any(v.value in ("page", "space") for v in facets.get("type", []))
    page = sign_in(Client(), world.outsider_b.user).get("/zoeken/", {"q": "sluipwesprotocol"})
    assert "Sluipwesp" not in page.content.decode()


def test_the_page_shows_a_card_per_type_and_the_type_facet(world, pump):
    client = sign_in(Client(), world.employee_a.user)
    html = client.get("/zoeken/", {"q": "Volumat"}).content.decode()
    assert "Kennispagina" in html and "Kennisruimte" in html
    assert "Lijn vullen" in html
    only_pages = client.get("/zoeken/", {"q": "Volumat", "type": "page"}).content.decode()
    assert "Lijn vullen" in only_pages
    assert 'zw-search-kind--space"' not in only_pages


TORTURE = [
    "",
    "   ",
    '"',
    "'",
    '"luchtbellen',
    "luchtbellen OR 1=1; DROP TABLE search_document; --",
    "NEAR(luchtbellen pomp) AND NOT *",
    "lucht* -pomp +lijn ^2 ~ :title",
    "title:luchtbellen",
    "' OR ''='",
    "%_%",
    "\\",
    "\x00",
    "(((((",
    "🩺💉 luchtbellen 🚑",
    "😀" * 500,
    "luchtbellen " * 1000,
    "a" * 10_000,
]


@pytest.mark.parametrize("kind", ["", "project", "space", "page", "question", "lesson"])
def test_the_torture_list_on_every_surface_and_type(world, pump, kind):
    client = sign_in(Client(), world.employee_a.user)
    for text in TORTURE:
        params = {"q": text, **({"type": kind} if kind else {})}
        page = client.get("/zoeken/", params)
        assert page.status_code == 200, text[:40]
        api = client.get("/api/v1/search", params)
        if len(text) > MAX_QUERY_CHARS:  # refused at the field, as the schema says
            assert api.status_code == 422, text[:40]
            assert "q" in json.dumps(api.json()), api.json()
            continue
        assert api.status_code == 200, text[:40]
        assert isinstance(api.json()["results"], list)
