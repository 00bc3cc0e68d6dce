"""Helpers that build knowledge content through the services (so revisions, counters and
rendered HTML are as in production)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from zorgwijs.knowledge.models import Space, SpaceKind
from zorgwijs.knowledge.services.pages import attachment_add, page_create
from zorgwijs.knowledge.services.questions import answer_post, question_ask
from zorgwijs.organisations.models import Visibility

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_space(
    organisation=None,
    *,
    slug="infuuspomp",
    visibility=Visibility.ORGANISATION,
    network=None,
    name="Infuuspomp Volumat",
) -> Space:
    return Space.objects.create(
        owner_organisation=organisation,
        network=network,
        name=name,
        slug=slug,
        kind=SpaceKind.DEVICE,
        visibility=visibility,
    )


def make_page(space, author, *, title="Pomp voorbereiden", body="Stap 1: *vullen*.", parent=None):
    return page_create(actor=author, space=space, title=title, body=body, parent=parent)


def make_question(space, author, *, title="Hoe ontlucht ik de lijn?", body=""):
    return question_ask(actor=author, space=space, title=title, body=body)


def make_answer(question, author, *, body="Met de primeknop, drie seconden."):
    return answer_post(actor=author, question=question, body=body)


def make_pdf_attachment(page, author, *, name="handleiding.pdf"):
    return attachment_add(
        actor=author,
        page=page,
        upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )
