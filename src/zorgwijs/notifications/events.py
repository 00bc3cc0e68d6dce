"""Which events notify whom: the knowledge and incident events mapped to the object they are
about, the category a person sets their e-mail for, and whether the actor starts following.

The receivers run after the change is committed and only enqueue ``deliver_event``: finding
followers, checking each one's access and writing notifications happens in the task worker,
so an edit never waits for its followers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_scopes import scopes_disabled
from django_tasks import task

from .models import Category


@dataclass(frozen=True)
class EventKind:
    target: str  # which object of the event it is about: space, page, question or incident
    category: str
    text: object  # the sentence, with %(actor)s and %(title)s
    follows: bool = False  # the actor starts following the object (an author, an answerer)
    # The same event can happen to the same object again (a new version each time): each one
    # notifies once, told apart by its moment, instead of once per object.
    repeats: bool = False


EVENTS: dict[str, EventKind] = {
    "space.created": EventKind(
        "space", Category.PAGES, _("%(actor)s heeft de kennisruimte %(title)s gemaakt"), True
    ),
    "space.lesson_published": EventKind(
        "space",
        Category.PAGES,
        _("%(actor)s heeft een les uit een kritische situatie gedeeld in %(title)s"),
    ),
    "page.created": EventKind(
        "page", Category.PAGES, _("%(actor)s heeft de pagina %(title)s gemaakt"), True
    ),
    "page.revised": EventKind(
        "page", Category.PAGES, _("%(actor)s heeft de pagina %(title)s bewerkt"), True
    ),
    "page.validated": EventKind(
        "page", Category.PAGES, _("%(actor)s heeft de pagina %(title)s gecontroleerd")
    ),
    "page.attachment_added": EventKind(
        "page", Category.PAGES, _("%(actor)s heeft een bijlage toegevoegd aan %(title)s"), True
    ),
    "question.asked": EventKind(
        "question", Category.QUESTIONS, _("%(actor)s heeft de vraag %(title)s gesteld"), True
    ),
    "question.answered": EventKind(
        "question", Category.QUESTIONS, _("%(actor)s heeft de vraag %(title)s beantwoord"), True
    ),
    "question.accepted": EventKind(
        "question",
        Category.QUESTIONS,
        _("%(actor)s heeft een antwoord op %(title)s geaccepteerd"),
    ),
    "question.commented": EventKind(
        "question", Category.QUESTIONS, _("%(actor)s heeft gereageerd op %(title)s"), True
    ),
    "suggestion.created": EventKind(
        "page",
        Category.SUGGESTIONS,
        _("%(actor)s heeft een wijziging voorgesteld voor %(title)s"),
        True,
    ),
    "suggestion.accepted": EventKind(
        "page", Category.SUGGESTIONS, _("%(actor)s heeft een voorstel voor %(title)s overgenomen")
    ),
    "suggestion.rejected": EventKind(
        "page", Category.SUGGESTIONS, _("%(actor)s heeft een voorstel voor %(title)s afgewezen")
    ),
    "suggestion.commented": EventKind(
        "page",
        Category.SUGGESTIONS,
        _("%(actor)s heeft gereageerd op een voorstel voor %(title)s"),
        True,
    ),
    "incident.status_changed": EventKind(
        "incident", Category.INCIDENTS, _("%(actor)s heeft de status van %(title)s gewijzigd"), True
    ),
    "incident.analysed": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft de analyse van %(title)s vastgelegd"),
        True,
    ),
    "incident.cause_added": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft een oorzaak toegevoegd aan %(title)s"),
        True,
    ),
    "incident.measure_added": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft een maatregel toegevoegd aan %(title)s"),
        True,
    ),
    "incident.measure_done": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft een maatregel van %(title)s afgerond"),
        True,
    ),
    "incident.measure_reopened": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft een maatregel van %(title)s heropend"),
        True,
    ),
    "incident.lesson_published": EventKind(
        "incident",
        Category.INCIDENTS,
        _("%(actor)s heeft een les uit %(title)s gepubliceerd"),
        True,
    ),
    # Addressed to people, not followers (``on_personal_event``).
    "sign_off.requested": EventKind(
        "sign_off", Category.COMPETENCES, _("%(actor)s vraagt je om %(title)s af te tekenen")
    ),
    "sign_off.approved": EventKind(
        "sign_off", Category.COMPETENCES, _("%(actor)s heeft je afgetekend voor %(title)s")
    ),
    "sign_off.rejected": EventKind(
        "sign_off",
        Category.COMPETENCES,
        _("%(actor)s heeft je aanvraag voor %(title)s afgewezen: lees wat er nog nodig is"),
    ),
    "sign_off.withdrawn": EventKind(
        "sign_off",
        Category.COMPETENCES,
        _("%(actor)s heeft je aanvraag om af te tekenen voor %(title)s ingetrokken"),
    ),
    "profile.requirements_added": EventKind(
        "profile",
        Category.COMPETENCES,
        _(
            "%(actor)s heeft het vereistenprofiel %(title)s gewijzigd: "
            "er zijn vereisten voor je bij"
        ),
    ),
    # To those who keep an organisation's profiles: the network's function profile it adopted
    # has a newer version (their own tightened copy stays as it is); every version tells them.
    "profile.template_revised": EventKind(
        "profile",
        Category.COMPETENCES,
        _(
            "%(actor)s heeft een nieuwere versie gedeeld van het functieprofiel %(title)s "
            "dat je organisatie overnam"
        ),
        repeats=True,
    ),
    # A colleague's learning route and knowledge tests (learning and assessments apps), for
    # their managers and coordinators.
    "route.completed": EventKind(
        "route",
        Category.COMPETENCES,
        _("De leerroute %(title)s is afgerond: klaar voor de nieuwe functie"),
    ),
    "attempt.failed": EventKind(
        "attempt", Category.COMPETENCES, _("%(actor)s heeft de kennistoets %(title)s niet gehaald")
    ),
    "attempt.interview": EventKind(
        "attempt",
        Category.COMPETENCES,
        _("%(actor)s heeft de kennistoets %(title)s opnieuw niet gehaald: plan een gesprek"),
    ),
    # A network's editorial workflow (networks/signals.py): to the board, then the author.
    "contribution.submitted": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("%(actor)s heeft de bijdrage %(title)s ingediend bij de redactie"),
    ),
    "contribution.commented": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("%(actor)s heeft commentaar gegeven op je bijdrage %(title)s"),
    ),
    "contribution.returned": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("%(actor)s vraagt aanpassingen in je bijdrage %(title)s"),
    ),
    "contribution.accepted": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("%(actor)s heeft je bijdrage %(title)s goedgekeurd"),
    ),
    "contribution.scheduled": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("%(actor)s heeft je bijdrage %(title)s ingepland"),
    ),
    "contribution.published": EventKind(
        "contribution",
        Category.CONTRIBUTIONS,
        _("Je bijdrage %(title)s is gepubliceerd"),
    ),
}


def sentence(kind: str, *, actor: str, title: str, count: int = 1) -> str:
    """The notification in the active language: "Eva heeft de pagina X bewerkt (3 keer)"."""
    event = EVENTS.get(kind)
    text = str(event.text) if event else "%(title)s"
    line = text % {"actor": actor or _("Iemand"), "title": f"„{title}”"}
    if count > 1:
        line += " " + ngettext("(%(count)d keer)", "(%(count)d keer)", count) % {"count": count}
    return line


def target_of(kind: str, obj):
    """The followed object an event is about: a revision's page, an answer's question, …"""
    from zorgwijs.knowledge.models import Page, Question, SuggestionComment

    wanted = EVENTS[kind].target
    if isinstance(obj, SuggestionComment):
        obj = obj.suggestion
    if wanted == "page" and not isinstance(obj, Page):
        return obj.page  # a revision, an attachment or a suggestion
    if wanted == "question" and not isinstance(obj, Question):
        return obj.question  # an answer or a comment
    return obj


def on_event(sender, *, kind: str, obj, actor, **_ignored) -> None:
    """Receiver of ``knowledge_event`` and ``incident_event`` (connected in apps.py)."""
    if kind not in EVENTS or EVENTS[kind].target in ("sign_off", "profile", "contribution"):
        return  # membership requests and the like concern editors, not followers
    target = target_of(kind, obj)
    deliver_event.enqueue(
        kind=kind,
        target=EVENTS[kind].target,
        target_id=target.pk,
        actor_id=actor.pk if actor is not None else None,
        at=timezone.now().isoformat(),
    )


@task()
def deliver_event(*, kind: str, target: str, target_id: int, actor_id: int | None, at: str) -> int:
    """Turn one event into notifications; returns how many people were notified."""
    from .services import notify
    from .targets import MODELS

    with scopes_disabled():
        obj = MODELS[target]._base_manager.filter(pk=target_id).first()
    if obj is None:
        return 0  # deleted before the worker came to it
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return notify(kind=kind, target=obj, actor=actor, at=datetime.datetime.fromisoformat(at))


def on_personal_event(sender, *, kind: str, obj, actor, recipient_ids, **_ignored) -> None:
    """Receiver of ``competence_event`` and ``network_event``: the sender names who it
    concerns (the assessors who may decide a request, the employee a decision is about, the
    people a profile gave new requirements, a contribution's editorial board or author); the
    worker checks each one's access again and notifies them once."""
    if kind not in EVENTS or not recipient_ids:
        return
    deliver_personal.enqueue(
        kind=kind,
        target=EVENTS[kind].target,
        target_id=obj.pk,
        actor_id=actor.pk if actor is not None else None,
        recipient_ids=sorted(set(recipient_ids)),
        at=timezone.now().isoformat(),
    )


@task()
def deliver_personal(
    *,
    kind: str,
    target: str,
    target_id: int,
    actor_id: int | None,
    recipient_ids: list[int],
    at: str,
) -> int:
    """Notify the named people of one event; returns how many were notified."""
    from .services import notify_people
    from .targets import NOTIFICATION_MODELS

    with scopes_disabled():
        obj = NOTIFICATION_MODELS[target]._base_manager.filter(pk=target_id).first()
    if obj is None:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return notify_people(
        kind=kind,
        target=obj,
        actor=actor,
        recipient_ids=recipient_ids,
        at=datetime.datetime.fromisoformat(at),
    )
