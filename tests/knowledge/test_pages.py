"""Pages: revisions, the concurrent-edit conflict, history, diff, restore, validation,
attachments."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.knowledge.factories import PDF
from tests.signin import sign_in
from zorgwijs.knowledge.models import PageRevision
from zorgwijs.knowledge.services.pages import page_revise
from zorgwijs.knowledge.signals import knowledge_event
from zorgwijs.organisations.models import Role

pytestmark = pytest.mark.django_db


def _url(name, page, **extra):
    return reverse(
        f"knowledge:{name}", kwargs={"space_slug": page.space.slug, "page_id": page.pk, **extra}
    )


def _edit(client, page, *, body, base, title=None):
    return client.post(
        _url("page_edit", page),
        {"title": title or page.title, "body": body, "base_revision": base, "note": ""},
    )


def test_every_save_is_a_revision_with_author(page, world, editor_client):
    base = page.current_revision_id
    response = _edit(editor_client, page, body="Stap 1: vullen.\nStap 2: ontluchten.", base=base)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_revision.number == 2
    assert page.current_revision.author == world.admin_a.user
    assert "<li>" not in page.current_revision.body_html  # Markdown rendered, sanitised
    assert PageRevision.objects.filter(page=page).count() == 2


def test_concurrent_edit_is_not_lost_and_shows_the_other_change(page, world):
    """Two editors open version 1; the first saves; the second gets a conflict screen with
    the first one's change and their own text, and nothing is stored until they merge."""
    from tests.factories import give_role

    give_role(world.manager_a, Role.EDITOR)
    first = sign_in(Client(), world.admin_a.user)
    second = sign_in(Client(), world.manager_a.user)
    base = page.current_revision_id
    assert _edit(first, page, body="Stap 1: vullen met NaCl 0,9%.", base=base).status_code == 302

    mine = "Stap 1: *vullen*.\n\nLet op: klem dicht <voor> het vullen."
    response = _edit(second, page, body=mine, base=base)
    assert response.status_code == 409
    html = response.content.decode()
    assert "NaCl 0,9%" in html  # the other person's change, in the diff
    assert "Let op: klem dicht &lt;voor&gt; het vullen." in html  # my text, back in the form
    assert PageRevision.objects.filter(page=page).count() == 2  # nothing stored silently
    newest = PageRevision.objects.filter(page=page).order_by("-number").first()
    assert f'name="base_revision" value="{newest.pk}"' in html

    merged = "Stap 1: vullen met NaCl 0,9%.\n\nLet op: klem dicht voor het vullen."
    assert _edit(second, page, body=merged, base=newest.pk).status_code == 302
    page.refresh_from_db()
    assert page.current_revision.number == 3
    assert page.current_revision.body == merged


def test_concurrent_save_in_the_service_raises_a_conflict(page, world):
    from zorgwijs.knowledge.services.pages import EditConflict

    base = page.current_revision_id
    page_revise(actor=world.admin_a.user, page=page, title="T", body="a", base_revision_id=base)
    with pytest.raises(EditConflict) as raised:
        page_revise(
            actor=world.manager_a.user, page=page, title="T", body="b", base_revision_id=base
        )
    assert raised.value.current.body == "a"
    assert raised.value.base.pk == base


def test_unchanged_text_or_missing_title_is_refused_at_the_field(page, editor_client):
    response = _edit(
        editor_client, page, body=page.current_revision.body, base=page.current_revision_id
    )
    assert response.status_code == 400
    assert "Er is niets veranderd" in response.content.decode()
    response = _edit(editor_client, page, body="x", title="   ", base=page.current_revision_id)
    assert response.status_code == 400
    assert PageRevision.objects.filter(page=page).count() == 1


def _many_revisions(page, user, count):
    PageRevision.objects.bulk_create(
        PageRevision(page=page, number=n, title=page.title, body=f"regel {n}", author=user)
        for n in range(2, count + 1)
    )
    newest = PageRevision.objects.get(page=page, number=count)
    type(page).objects.filter(pk=page.pk).update(current_revision=newest)


def test_history_of_500_revisions_is_paginated(
    page, world, editor_client, django_assert_max_num_queries
):
    _many_revisions(page, world.admin_a.user, 500)
    with django_assert_max_num_queries(20):
        response = editor_client.get(_url("page_history", page))
    html = response.content.decode()
    assert html.count('name="van"') == 50
    assert "Pagina 1 van 10" in html
    last = editor_client.get(_url("page_history", page) + "?pagina=10").content.decode()
    assert ">1</a>" in last  # version 1 is on the last page


def test_diff_between_any_two_revisions_is_escaped(page, world, editor_client):
    base = page.current_revision_id
    new = page_revise(
        actor=world.admin_a.user,
        page=page,
        title=page.title,
        body="Stap 1: <script>alert(1)</script> vullen.",
        base_revision_id=base,
    )
    response = editor_client.get(_url("page_diff", page) + f"?van={base}&naar={new.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt; vullen.</ins>" in html.replace("\n", "")


def test_diff_of_another_pages_revision_is_404(page, space, world, editor_client):
    from tests.knowledge.factories import make_page

    other = make_page(space, world.admin_a.user, title="Alarmen")
    url = _url("page_diff", page) + f"?van={other.current_revision_id}"
    assert editor_client.get(url).status_code == 404
    assert editor_client.get(_url("page_diff", page) + "?van=abc").status_code == 404


def test_restore_makes_an_old_version_the_newest(page, world, editor_client):
    first = page.current_revision
    page_revise(
        actor=world.admin_a.user, page=page, title="Nieuw", body="weg", base_revision_id=first.pk
    )
    response = editor_client.post(_url("revision_restore", page, revision_id=first.pk))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_revision.number == 3
    assert page.current_revision.body == first.body
    assert page.title == first.title


def test_readers_see_the_validated_version_with_a_note_about_a_newer_draft(
    page, world, editor_client, member_client
):
    first = page.current_revision
    due = timezone.localdate() + datetime.timedelta(days=180)
    editor_client.post(
        _url("revision_validate", page, revision_id=first.pk), {"review_due": due.isoformat()}
    )
    page_revise(
        actor=world.admin_a.user,
        page=page,
        title=page.title,
        body="Concept: nieuwe werkwijze",
        base_revision_id=first.pk,
    )
    html = member_client.get(_url("page", page)).content.decode()
    assert "Stap 1" in html and "Concept: nieuwe werkwijze" not in html
    assert "nieuwere versie die nog niet is gecontroleerd" in html
    latest = member_client.get(_url("page", page) + "?versie=nieuwste").content.decode()
    assert "Concept: nieuwe werkwijze" in latest


def test_validation_needs_a_future_review_date_and_an_editor(page, editor_client, member_client):
    url = _url("revision_validate", page, revision_id=page.current_revision_id)
    assert member_client.post(url, {"review_due": "2099-01-01"}).status_code == 403
    editor_client.post(url, {"review_due": "2000-01-01"})
    page.refresh_from_db()
    assert page.validated_revision_id is None


def test_attachments_are_checked_and_only_served_to_viewers(
    page, world, editor_client, outsider_client
):
    url = _url("attachment_upload", page)
    disguised = SimpleUploadedFile("handleiding.pdf", b"MZ\x90\x00 not a pdf")
    editor_client.post(url, {"file": disguised})
    wrong_type = SimpleUploadedFile("script.html", b"<script>alert(1)</script>")
    editor_client.post(url, {"file": wrong_type})
    assert page.attachments.count() == 0
    editor_client.post(url, {"file": SimpleUploadedFile("handleiding.pdf", PDF)})
    attachment = page.attachments.get()
    download = reverse(
        "knowledge:attachment",
        kwargs={"space_slug": page.space.slug, "attachment_id": attachment.pk},
    )
    response = editor_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert outsider_client.get(download).status_code == 404


def test_oversized_attachment_is_refused_with_a_message(page, editor_client, settings):
    from zorgwijs.knowledge.services import pages as services

    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (services.ATTACHMENT_MAX_MB * 1024 * 1024))
    response = editor_client.post(_url("attachment_upload", page), {"file": big}, follow=True)
    assert "te groot" in response.content.decode()
    assert page.attachments.count() == 0


def test_revising_sends_a_knowledge_event_after_commit(
    page, world, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, kind, obj, actor, **kwargs):
        received.append((kind, obj, actor))

    knowledge_event.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            revision = page_revise(
                actor=world.admin_a.user,
                page=page,
                title=page.title,
                body="nieuw",
                base_revision_id=page.current_revision_id,
            )
    finally:
        knowledge_event.disconnect(listener)
    assert received == [("page.revised", revision, world.admin_a.user)]


def test_members_without_edit_rights_cannot_upload_or_restore(page, member_client):
    upload = member_client.post(
        _url("attachment_upload", page), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert upload.status_code == 403
    restore = member_client.post(
        _url("revision_restore", page, revision_id=page.current_revision_id)
    )
    assert restore.status_code == 403
