"""The editorial workflow and the editorial space: who may do what at each step, the refusals
(own review, a moment in the past), e-mails, what readers see and the Atom feeds."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.networks.factories import give_network_role
from tests.signin import sign_in
from zorgwijs.networks.access import network_access
from zorgwijs.networks.models import Contribution, MonthlyTheme, RoleKind
from zorgwijs.networks.services.contributions import (
    contribution_review,
    contribution_save,
    contribution_schedule,
    contribution_submit,
)


@pytest.fixture
def immediate_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def theme(network):
    return MonthlyTheme.objects.create(
        network=network,
        month=datetime.date(2026, 11, 1),
        title="Leren van elkaar",
        quote="Wie leert, blijft.",
    )


def _draft(world, network, theme, author=None):
    author = author or world.employee_a.user
    return contribution_save(
        actor=author,
        access=network_access(author, network),
        data={
            "kind": "column",
            "title": "Leren in de nachtdienst",
            "body": "Tekst.",
            "theme": theme,
        },
    )


def test_the_workflow_from_draft_to_published(
    world, network, theme, participant, immediate_mail, django_capture_on_commit_callbacks
):
    editor = world.manager_a.user
    give_network_role(network, editor, RoleKind.EDITOR)
    # An invited author outside the member organisations writes too.
    piece = _draft(world, network, theme, author=participant)
    with django_capture_on_commit_callbacks(execute=True):
        contribution_submit(actor=participant, contribution=piece)
    assert {m.to[0] for m in mail.outbox} == {editor.email, world.admin_a.user.email}
    editor_access = network_access(editor, network)
    with pytest.raises(ValidationError):  # a comment without text says nothing
        contribution_review(
            actor=editor, access=editor_access, contribution=piece, decision="changes"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contribution_review(
            actor=editor,
            access=editor_access,
            contribution=piece,
            decision="changes",
            comment="Maak de eerste alinea korter.",
        )
    piece.refresh_from_db()
    assert piece.status == "changes_requested"
    assert [m.to[0] for m in mail.outbox] == [participant.email]
    assert "vraagt aanpassingen in je bijdrage" in mail.outbox[0].subject
    contribution_save(
        actor=participant,
        access=network_access(participant, network),
        data={"body": "Kortere tekst."},
        contribution=piece,
    )
    contribution_submit(actor=participant, contribution=piece)
    contribution_review(actor=editor, access=editor_access, contribution=piece, decision="approve")
    with pytest.raises(ValidationError, match="nog moet komen"):
        contribution_schedule(
            actor=editor,
            access=editor_access,
            contribution=piece,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
    piece.refresh_from_db()
    assert piece.status == "approved" and piece.publish_at is None
    later = timezone.now() + datetime.timedelta(days=2)
    contribution_schedule(actor=editor, access=editor_access, contribution=piece, publish_at=later)
    piece.refresh_from_db()
    assert piece.status == "scheduled" and not piece.is_published
    url = piece.get_absolute_url()
    assert Client().get(url).status_code == 404  # not yet
    Contribution.objects.filter(pk=piece.pk).update(publish_at=timezone.now())
    page = Client().get(url)
    assert page.status_code == 200 and "Kortere tekst." in page.content.decode()


def test_nobody_reviews_their_own_piece(world, network, theme):
    editor = world.admin_a.user  # the coordinator is on the editorial board
    piece = _draft(world, network, theme, author=editor)
    contribution_submit(actor=editor, contribution=piece)
    with pytest.raises(ValidationError, match="eigen bijdrage"):
        contribution_review(
            actor=editor,
            access=network_access(editor, network),
            contribution=piece,
            decision="approve",
        )
    # Nor does someone outside the editorial board.
    reader = world.colleague_a.user
    with pytest.raises(ValidationError, match="Alleen de redactie"):
        contribution_review(
            actor=reader,
            access=network_access(reader, network),
            contribution=piece,
            decision="approve",
        )
    piece.refresh_from_db()
    assert piece.status == "submitted" and not piece.reviews.exists()


def test_pages_show_drafts_only_to_author_and_board_and_refuse_bad_input(world, network, theme):
    piece = _draft(world, network, theme)
    url = piece.get_absolute_url()
    assert Client().get(url).status_code == 404
    assert sign_in(Client(), world.colleague_a.user).get(url).status_code == 404
    assert sign_in(Client(), world.employee_a.user).get(url).status_code == 200
    assert sign_in(Client(), world.admin_a.user).get(url).status_code == 200
    step = reverse(
        "networks:contribution_step",
        kwargs={"network_slug": network.slug, "contribution_id": piece.pk},
    )
    author = sign_in(Client(), world.employee_a.user)
    author.post(step, {"stap": "indienen"})
    board = sign_in(Client(), world.admin_a.user)
    response = board.post(
        step, {"stap": "beoordelen", "review-decision": "changes", "review-comment": ""}
    )
    assert (
        response.status_code == 400
        and "Schrijf wat de auteur moet weten" in response.content.decode()
    )
    board.post(step, {"stap": "beoordelen", "review-decision": "approve"})
    response = board.post(step, {"stap": "inplannen", "schedule-publish_at": "2020-01-01T10:00"})
    assert response.status_code == 400 and "nog moet komen" in response.content.decode()
    assert 'value="2020-01-01T10:00"' in response.content.decode()
    piece.refresh_from_db()
    assert piece.status == "approved"
    # The author cannot reach the edit form of a submitted piece, nor can others.
    edit = reverse(
        "networks:contribution_edit",
        kwargs={"network_slug": network.slug, "contribution_id": piece.pk},
    )
    assert board.get(edit).status_code == 404


def test_feeds_and_calendar(world, network, theme):
    piece = _draft(world, network, theme)
    Contribution.objects.filter(pk=piece.pk).update(
        status="scheduled", publish_at=timezone.now() - datetime.timedelta(hours=1)
    )
    feed = Client().get(
        reverse("networks:contributions_feed", kwargs={"network_slug": network.slug})
    )
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Leren in de nachtdienst" in feed.content.decode()
    theme_feed = Client().get(
        reverse("networks:theme_feed", kwargs={"network_slug": network.slug, "theme_id": theme.pk})
    )
    assert "Leren in de nachtdienst" in theme_feed.content.decode()
    calendar = reverse("networks:editorial", kwargs={"network_slug": network.slug})
    assert sign_in(Client(), world.employee_a.user).get(calendar).status_code == 404
    board = sign_in(Client(), world.admin_a.user)
    response = board.post(calendar, {"month": "2026-11-15", "title": "Nog een thema"})
    assert response.status_code == 400 and "al een thema" in response.content.decode()
    assert board.post(calendar, {"month": "2026-12-03", "title": "Werkplezier"}).status_code == 302
    assert MonthlyTheme.objects.filter(month=datetime.date(2026, 12, 1)).exists()


@pytest.mark.parametrize("size", [1, 10])
def test_contribution_page_queries_stay_flat(
    world, network, theme, size, django_assert_max_num_queries
):
    piece = _draft(world, network, theme)
    Contribution.objects.filter(pk=piece.pk).update(status="in_review")
    from zorgwijs.networks.models import ContributionReview

    for i in range(size):
        ContributionReview.objects.create(
            contribution=piece, reviewer=world.admin_a.user, decision="comment", comment=f"Punt {i}"
        )
    client = sign_in(Client(), world.employee_a.user)
    url = piece.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_reader_reactions_signed_in_or_anonymous_and_moderated(world, network, theme):
    from zorgwijs.networks.models import ContributionReaction, NetworkProfile

    piece = _draft(world, network, theme)
    Contribution.objects.filter(pk=piece.pk).update(
        status="scheduled", publish_at=timezone.now() - datetime.timedelta(hours=1)
    )
    url = piece.get_absolute_url()
    data = {"reactie-text": "Mooi geschreven, herkenbaar."}
    # Anonymous readers may not react until the network allows it.
    Client().post(url, data)
    assert not ContributionReaction.objects.exists()
    NetworkProfile.objects.filter(network=network).update(anonymous_reactions=True)
    assert Client().post(url, {"reactie-text": "  "}).status_code == 400
    assert Client().post(url, data).status_code == 302
    sign_in(Client(), world.colleague_a.user).post(url, {"reactie-text": "Ik ook!"})
    anonymous, signed = ContributionReaction.objects.order_by("pk")
    assert anonymous.author is None and signed.author == world.colleague_a.user
    assert "Mooi geschreven" not in Client().get(url).content.decode()  # waits for the board
    review = reverse(
        "networks:contribution_reaction_review",
        kwargs={"network_slug": network.slug, "contribution_reaction_id": anonymous.pk},
    )
    assert sign_in(Client(), world.colleague_a.user).post(review).status_code == 404
    sign_in(Client(), world.admin_a.user).post(review, {"besluit": "goedkeuren"})
    page = Client().get(url).content.decode()
    assert "Mooi geschreven" in page and "(Anoniem)" in page and "Ik ook!" not in page


def test_each_editorial_step_notifies_in_the_app_exactly_once(
    world, network, theme, participant, immediate_mail, django_capture_on_commit_callbacks
):
    """Submitted → the board; commented, returned, accepted, scheduled, published → the
    author: one notification each (and one e-mail, the notifications app's), also when the
    hourly publish run meets the piece again."""
    from django.core.management import call_command

    from zorgwijs.notifications.models import Notification

    editor = world.manager_a.user
    give_network_role(network, editor, RoleKind.EDITOR)
    editor_access = network_access(editor, network)
    piece = _draft(world, network, theme, author=participant)
    with django_capture_on_commit_callbacks(execute=True):
        contribution_submit(actor=participant, contribution=piece)
    board = Notification.objects.filter(kind="contribution.submitted", contribution=piece)
    assert set(board.values_list("recipient_id", flat=True)) == {editor.pk, world.admin_a.user_id}
    assert len(mail.outbox) == 2  # one e-mail each, not the app's and the network's
    for decision, comment in (("comment", "Mooi begin."), ("approve", "")):
        with django_capture_on_commit_callbacks(execute=True):
            contribution_review(
                actor=editor,
                access=editor_access,
                contribution=piece,
                decision=decision,
                comment=comment,
            )
    with django_capture_on_commit_callbacks(execute=True):
        contribution_schedule(
            actor=editor,
            access=editor_access,
            contribution=piece,
            publish_at=timezone.now() + datetime.timedelta(hours=1),
        )
    Contribution.objects.filter(pk=piece.pk).update(publish_at=timezone.now())
    for _ in range(2):  # the hourly run meets the piece twice
        with django_capture_on_commit_callbacks(execute=True):
            call_command("zorgwijs_networks_publish", stdout=StringIO())
    to_author = list(
        Notification.objects.filter(recipient=participant, contribution=piece)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert to_author == [
        "contribution.commented",
        "contribution.accepted",
        "contribution.scheduled",
        "contribution.published",
    ]
    # The author reads them in the app; someone else never sees them.
    inbox = sign_in(Client(), participant).get(reverse("notifications:list")).content.decode()
    assert "heeft je bijdrage" in inbox and "is gepubliceerd" in inbox
    other = sign_in(Client(), world.colleague_a.user).get(reverse("notifications:list"))
    assert "Leren in de nachtdienst" not in other.content.decode()
