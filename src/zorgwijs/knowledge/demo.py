"""Demo knowledge spaces: an infusion pump, a ventilator and the cathlab at UMC Zuidwest, and
a space shared by the two hospitals of the CMT network. Called by the demo loader; does
nothing if the spaces exist already."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import User
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Network, Organisation, Visibility

from . import demo_content as text
from .models import Space, SpaceKind, SpaceMembership, SpaceRole
from .services.pages import page_create, page_revise, page_validate
from .services.questions import answer_accept, answer_post, answer_vote, question_ask
from .services.spaces import space_create
from .services.suggestions import suggestion_create

UMC = "umc-zuidwest"
EDITOR = "redactie@umc-zuidwest.demo"


def _u(email: str) -> User:
    return User.objects.get(email=email)


def _space(
    name,
    kind,
    items=(),
    *,
    owner=UMC,
    visibility=Visibility.ORGANISATION,
    network=None,
    description="",
):
    organisation = Organisation.objects.get(slug=owner)
    space = space_create(
        actor=_u(EDITOR),
        organisation=organisation,
        name=name,
        kind=kind,
        visibility=visibility,
        description=description,
        network=network,
        competence_items=CompetenceItem.objects.filter(organisation=organisation, name__in=items),
    )
    return space


def _validated(page, months: int = 12) -> None:
    due = timezone.localdate() + datetime.timedelta(days=30 * months)
    page_validate(actor=_u(EDITOR), page=page, revision=page.current_revision, review_due=due)


def _qa(space, asker, title, answers=(), *, page=None, accept=None, body=""):
    question = question_ask(actor=_u(asker), space=space, title=title, body=body, page=page)
    posted = [answer_post(actor=_u(who), question=question, body=reply) for who, reply in answers]
    if accept is not None:
        answer_accept(actor=_u(asker), question=question, answer=posted[accept])
    return posted


def _pump() -> None:
    space = _space(
        "Infuuspomp Volumat Agilia",
        SpaceKind.DEVICE,
        ["Infuuspomp Volumat Agilia"],
        description="Werkinstructies, alarmen en vragen over de infuuspomp.",
    )
    editor = _u(EDITOR)
    priming = page_create(
        actor=editor, space=space, title="Pomp voorbereiden en lijn vullen", body=text.PRIMING
    )
    _validated(priming)
    page_create(
        actor=editor,
        space=space,
        parent=priming,
        title="Luchtbellen voorkomen",
        body=text.PRIMING_BUBBLES,
    )
    alarms = page_create(
        actor=editor, space=space, title="Alarmen en wat je doet", body=text.ALARMS
    )
    _validated(alarms)
    page_revise(
        actor=_u("beheer@umc-zuidwest.demo"),
        page=alarms,
        title=alarms.title,
        body=text.ALARMS_DRAFT,
        base_revision_id=alarms.current_revision_id,
        note="Tip over hoog-risicomedicatie toegevoegd",
    )
    cleaning = page_create(
        actor=editor, space=space, title="Reinigen en desinfecteren", body=text.CLEANING
    )
    suggestion_create(
        actor=_u("daan@umc-zuidwest.demo"),
        page=cleaning,
        title=cleaning.title,
        body=text.CLEANING_SUGGESTION,
        reason="Isolatie ontbrak nog",
    )
    answers = _qa(
        space,
        "daan@umc-zuidwest.demo",
        "Wat doe ik bij 'Lucht in lijn' tijdens een noradrenaline-infuus?",
        [
            (
                EDITOR,
                "Zet eerst een tweede pomp met noradrenaline klaar, dan pas de lucht "
                "verwijderen. Zo voorkom je een onderbreking bij een instabiele "
                "patiënt.",
            ),
            ("noor@umc-zuidwest.demo", "Op de IC doen we dat ook zo, met een dubbele controle."),
        ],
        page=alarms,
        accept=0,
    )
    answer_vote(actor=_u("sophie@umc-zuidwest.demo"), answer=answers[0], value=1)
    _qa(
        space,
        "emma@umc-zuidwest.demo",
        "Mag ik de pomp met alcohol 70% reinigen?",
        [(EDITOR, "Ja, na eerst reinigen met water en zeep. Niet sprayen, met een doekje.")],
        page=cleaning,
    )
    _qa(space, "sophie@umc-zuidwest.demo", "Hoe stel ik een bolus in tijdens een lopend infuus?")


def _ventilator() -> None:
    space = _space(
        "Beademing Hamilton C6",
        SpaceKind.DEVICE,
        ["Beademingsapparaat Hamilton C6"],
        description="Beademingsmodi, alarmen en onderhoud op de IC.",
    )
    editor = _u(EDITOR)
    modes = page_create(actor=editor, space=space, title="Beademingsmodi", body=text.VENT_MODES)
    _validated(modes, months=6)
    page_create(actor=editor, space=space, title="Alarmen bij beademing", body=text.VENT_ALARMS)
    page_create(
        actor=editor, space=space, title="Circuit en filters wisselen", body=text.VENT_CIRCUIT
    )
    _qa(
        space,
        "noor@umc-zuidwest.demo",
        "Wanneer stap je over van ASV naar SPONT?",
        [
            (
                EDITOR,
                "Als de patiënt stabiel zelf triggert en de intensivist akkoord is; "
                "zie de pagina Beademingsmodi.",
            )
        ],
        page=modes,
        accept=0,
    )


def _cathlab() -> None:
    space = _space(
        "Cathlab Hartcentrum",
        SpaceKind.DEPARTMENT,
        ["Defibrillator LIFEPAK 20e", "Intra-aortale ballonpomp"],
        description="Procedures en afspraken van het cathlab.",
    )
    SpaceMembership.objects.create(
        space=space, user=_u("beoordelaar@umc-zuidwest.demo"), role=SpaceRole.EDITOR
    )
    editor = _u("beoordelaar@umc-zuidwest.demo")
    prep = page_create(actor=editor, space=space, title="Voorbereiding PCI", body=text.PCI_PREP)
    _validated(prep)
    page_create(
        actor=editor, space=space, title="Sheath verwijderen en drukverband", body=text.SHEATH
    )
    page_create(actor=editor, space=space, title="Stralingshygiëne", body=text.RADIATION)
    _qa(
        space,
        "sophie@umc-zuidwest.demo",
        "Hoe lang moet het radiaalbandje blijven zitten?",
        [
            (
                "beoordelaar@umc-zuidwest.demo",
                "Twee uur, daarna stapsgewijs ontluchten; zie Sheath verwijderen.",
            )
        ],
        accept=0,
    )


def _network() -> None:
    network = Network.objects.get(slug="cmt-zuidwest")
    space = _space(
        "CMT: veilige toepassing medische technologie",
        SpaceKind.TOPIC,
        visibility=Visibility.NETWORK,
        network=network,
        description="Gedeelde ruimte van het Netwerk Medische Technologie Zuidwest.",
    )
    SpaceMembership.objects.create(
        space=space, user=_u("mt@lingestreek.demo"), role=SpaceRole.EDITOR
    )
    editor = _u("mt@lingestreek.demo")
    about = page_create(actor=editor, space=space, title="Over deze ruimte", body=text.CMT_ABOUT)
    _validated(about)
    page_create(actor=editor, space=space, title="Gedeelde tips infuuspompen", body=text.CMT_TIPS)
    page_create(
        actor=_u("opleiding@umc-zuidwest.demo"),
        space=space,
        title="Risicoklassen volgens het convenant",
        body=text.CMT_RISK,
    )
    _qa(
        space,
        "jeroen@lingestreek.demo",
        "Hoe vaak herhalen jullie de praktijktoets voor de beademing?",
        [
            (
                "opleiding@umc-zuidwest.demo",
                "Bij ons jaarlijks, met een e-learning vooraf. "
                "Het convenant laat de termijn aan het ziekenhuis.",
            )
        ],
        accept=0,
    )
    _qa(space, "lotte@lingestreek.demo", "Wie heeft ervaring met het centraal beheren van DERS?")


def knowledge_demo_load() -> None:
    with scopes_disabled():
        if Space.objects.filter(slug="infuuspomp-volumat-agilia").exists():
            return
        _pump()
        _ventilator()
        _cathlab()
        _network()
