"""The CRM network of seed 002 in the demo: its vocabulary and ten training scenarios in every
state of the lifecycle (drafts, tested, one in review by two reviewers, published ones with
runs and reviews, and a fork that sees a change upstream)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Network, NetworkMembership, Organisation, Visibility
from zorgwijs.vocabulary.demo import vocabulary_demo_load
from zorgwijs.vocabulary.models import Concept

from .demo_content import BASE, SCENARIOS
from .models import ReviewCriterion, Scenario
from .services import (
    comment_post,
    review_request,
    review_submit,
    run_record,
    scenario_create,
    scenario_fork,
    scenario_publish,
    scenario_update,
)

NETWORK = {
    "slug": "crm-in-de-zorg",
    "name": "Platform CRM in de zorg",
    "kind": Network.Kind.OTHER,
    "description": "Trainers en kernteams van ziekenhuizen die CRM-trainingen, scenario's en "
    "één begrippenkader delen.",
}
MEMBERS = ("umc-zuidwest", "ziekenhuis-lingestreek")
# Index in SCENARIOS → (owner e-mail, state). States: draft, tested, review, published.
PLAN = {
    0: ("sophie@umc-zuidwest.demo", "published"),
    1: ("sophie@umc-zuidwest.demo", "review"),
    2: ("noor@umc-zuidwest.demo", "published"),
    3: ("noor@umc-zuidwest.demo", "tested"),
    4: ("lotte@lingestreek.demo", "tested"),
    5: ("sophie@umc-zuidwest.demo", "draft"),
    6: ("jeroen@lingestreek.demo", "draft"),
    7: ("noor@umc-zuidwest.demo", "draft"),
    8: ("lotte@lingestreek.demo", "draft"),
    9: ("jeroen@lingestreek.demo", "tested"),
}
REVIEWERS = {
    "umc-zuidwest": ("lotte@lingestreek.demo", "jeroen@lingestreek.demo"),
    "ziekenhuis-lingestreek": ("sophie@umc-zuidwest.demo", "noor@umc-zuidwest.demo"),
}


def _network() -> Network:
    network, _created = Network.objects.get_or_create(
        slug=NETWORK["slug"],
        defaults={k: v for k, v in NETWORK.items() if k != "slug"},
    )
    for slug in MEMBERS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is not None:
            NetworkMembership.objects.get_or_create(network=network, organisation=organisation)
    return network


def _run(scenario: Scenario, user: User, days_ago: int, size: int, worked: str) -> None:
    run_record(
        actor=user,
        scenario=scenario,
        organisation=Organisation.objects.get(pk=sorted(_org_ids(user))[0]),
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        group_size=size,
        what_worked=worked,
        what_changed="Fase 2 eerder gestart; de groep was snel.",
        participant_evaluation="Gemiddeld 4,3 van 5. ‘Eindelijk oefenen met het eigen team.’",
    )


def _org_ids(user: User) -> list[int]:
    from zorgwijs.organisations.access import organisation_ids_of

    return organisation_ids_of(user)


def _review(scenario: Scenario, reviewer: User, score: int, remarks: str) -> None:
    assignment = scenario.assignments.get(reviewer=reviewer, review__isnull=True)
    review_submit(
        actor=reviewer,
        assignment=assignment,
        scores={c: score for c in ReviewCriterion.values},
        remarks=remarks,
        recommends_publication=True,
    )


def scenarios_demo_load() -> None:
    """Idempotent: does nothing once the network has scenarios, or without the hospitals."""
    users = {u.email: u for u in User.objects.filter(email__endswith=".demo")}
    if not all(Organisation.objects.filter(slug=s).exists() for s in MEMBERS):
        return
    network = _network()
    # Asked before the learning loop, which adds a scenario of its own.
    scenarios_loaded = Scenario.objects.filter(organisation__slug__in=MEMBERS).exists()
    vocabulary_demo_load(network, users["redactie@umc-zuidwest.demo"])
    _trainer_standard(network, users)
    _learning_loop(users)
    _starter_kit(network, users)
    if scenarios_loaded:
        return
    concepts = {c.pref_nl: c for c in Concept.objects.filter(network=network)}
    made: list[Scenario] = []
    for index, content in enumerate(SCENARIOS):
        email, state = PLAN[index]
        author = users[email]
        organisation = Organisation.objects.get(pk=sorted(_org_ids(author))[0])
        data = {**BASE, **content}
        data["concepts"] = [concepts[n] for n in content["concepts"] if n in concepts]
        if index == 7:
            data["visibility"] = Visibility.ORGANISATION
        elif index == 8:
            data["visibility"] = Visibility.PUBLIC
        scenario = scenario_create(actor=author, organisation=organisation, data=data)
        made.append(scenario)
        if state == "draft":
            continue
        _run(scenario, author, 40 - index, 6 + index % 4, "De rolkaarten en de korte briefing.")
        if state == "tested":
            continue
        first, second = (users[e] for e in REVIEWERS[organisation.slug])
        _run(scenario, first, 20 - index, 8, "Herkenbaar voor onze afdeling.")
        review_request(actor=author, scenario=scenario, reviewers=[first, second])
        _review(scenario, first, 4, "Heldere triggers. Voeg bij fase 2 een verwachte call-out toe.")
        if state == "review":
            continue
        _review(scenario, second, 5, "Sterke debriefingvragen die aansluiten op de leerdoelen.")
        scenario_publish(actor=author, scenario=scenario)
        comment_post(
            actor=users["yara@lingestreek.demo"] if "umc" in email else author,
            scenario=scenario,
            text="Gebruikt in onze teamtraining; de debriefingvragen werken goed.",
        )
    # Lingestreek copies the postpartum scenario to adapt it; the original changes afterwards.
    source = made[0]
    fork = scenario_fork(
        actor=users["jeroen@lingestreek.demo"],
        source=source,
        organisation=Organisation.objects.get(slug="ziekenhuis-lingestreek"),
    )
    scenario_update(
        actor=users["jeroen@lingestreek.demo"],
        scenario=fork,
        data={
            "title": "Postpartum hemorrhagie — versie Lingestreek",
            "setting": "Verloskamer van Ziekenhuis Lingestreek; gynaecoloog komt van huis.",
        },
        note="Aangepast aan onze nachtdienst",
    )
    scenario_update(
        actor=users["sophie@umc-zuidwest.demo"],
        scenario=source,
        data={"evaluation": BASE["evaluation"] + "\nNieuw: observatielijst per rol."},
        note="Observatielijst toegevoegd",
    )


# The trainer standard: who is a trainer, and how long ago they qualified (months) → status.
TRAINERS = (
    ("sophie@umc-zuidwest.demo", 8),  # valid
    ("noor@umc-zuidwest.demo", 23),  # expiring: the refresher is due within the warning window
    ("lotte@lingestreek.demo", 5),  # valid, but her profile is for her own organisation only
    ("jeroen@lingestreek.demo", 27),  # expired: not listed by "Trainer zoeken"
)
TRAINER_PROFILES = {
    "noor@umc-zuidwest.demo": "IC-verpleegkundige en CRM-trainer",
    "jeroen@lingestreek.demo": "Anesthesiemedewerker en CRM-trainer",
}


def _months_ago(months: float) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=int(months * 30.4))


def _trainer_standard(network: Network, users: dict[str, User]) -> None:
    """The network's CRM-trainer standard (a shared competence item), adopted by both hospitals
    and required of their trainers, who stand in every status. Idempotent."""
    from zorgwijs.competences.models import CompetenceItem, EvidenceKind, IndividualRequirement
    from zorgwijs.competences.network_catalogue import item_adopt
    from zorgwijs.competences.requirements import requirements_refresh
    from zorgwijs.competences.services import performance_log, qualification_register
    from zorgwijs.organisations.models import Membership

    from .models import TrainerStandard
    from .trainers import trainer_standard_set

    if TrainerStandard.objects.filter(network=network).exists():
        _trainer_profiles(network, users)  # a database from before the profiles: fill them in
        return
    editor = users["redactie@umc-zuidwest.demo"]
    template = CompetenceItem(
        network=network,
        kind="training",
        name="CRM-trainer",
        description=(
            "Wie CRM-trainingen geeft in een ziekenhuis van het platform: de train-de-trainer "
            "gevolgd (certificaat), door een collega-trainer geobserveerd bij een training "
            "(peer-observatie), ten minste vier trainingen per jaar gegeven, en elke twee jaar "
            "een opfrisdag."
        ),
        validity_months=24,
        warning_days=90,
        evidence_kinds=[EvidenceKind.CERTIFICATE, EvidenceKind.PRACTICAL],
        recency_count=4,
        recency_months=12,
    )
    template.full_clean()
    template.save()
    trainer_standard_set(actor=editor, network=network, item=template)
    adopted = {}
    for slug in MEMBERS:
        organisation = Organisation.objects.get(slug=slug)
        adopted[organisation.pk] = item_adopt(
            actor=editor, organisation=organisation, template=template
        )
    for email, months in TRAINERS:
        user = users[email]
        membership = Membership.objects.filter(user=user, organisation_id__in=list(adopted)).first()
        if membership is None:
            continue
        item = adopted[membership.organisation_id]
        IndividualRequirement.objects.create(
            organisation_id=membership.organisation_id,
            membership=membership,
            item=item,
            reason="CRM-trainer in het kernteam",
        )
        requirements_refresh(organisation=membership.organisation, memberships=[membership])
        qualification_register(
            actor=editor,
            membership=membership,
            item=item,
            occurred_on=_months_ago(months),
            evidence_kind=EvidenceKind.PRACTICAL,
            note="Peer-observatie na de train-de-trainer",
            backdate_reason="Overgenomen uit het trainersregister",
            source="demo",
        )
        if months < 24:  # trainings given in the last year, from the trainer's logbook
            for n in range(4):
                performance_log(
                    actor=editor,
                    membership=membership,
                    item=item,
                    occurred_on=_months_ago(1.5 + 2.5 * n),
                    backdate_reason="Overgenomen uit het trainersregister",
                )
    _trainer_profiles(network, users)


def _trainer_profiles(network: Network, users: dict[str, User]) -> None:
    """The trainers' expert profiles, showing their adopted standard. Idempotent."""
    from zorgwijs.competences.models import CompetenceItem
    from zorgwijs.experts.models import ExpertProfile, Reach
    from zorgwijs.organisations.models import Membership

    from .models import TrainerStandard

    standard = TrainerStandard.objects.get(network=network)
    for email, _months in TRAINERS:
        user = users[email]
        membership = Membership.objects.filter(user=user, organisation__slug__in=MEMBERS).first()
        if membership is None:
            continue
        item = CompetenceItem.objects.filter(
            adopted_from_id=standard.item_id, organisation_id=membership.organisation_id
        ).first()
        if item is None:
            continue
        profile = ExpertProfile.objects.filter(user=user).first()
        if profile is None:
            profile = ExpertProfile.objects.create(
                user=user,
                listed=True,
                reach=Reach.NETWORK,
                headline=TRAINER_PROFILES.get(email, "CRM-trainer"),
            )
        profile.shown_items.add(item)


LOOP_MEASURE = "Werkinstructie aangepast en besproken in het teamoverleg"
LOOP_SCENARIO = {
    "title": "Heparine loopt vrij na het wisselen van de infuuslijn",
    "summary": (
        "Tijdens een drukke avonddienst wisselt een verpleegkundige de infuuslijn van een "
        "patiënt met heparine. De rolklem gaat open voordat de lijn in de pomp zit."
    ),
    "goals_technical": "De volgorde bij het wisselen van een lijn: eerst in de pomp, dan open.",
    "goals_crm": "Hardop controleren (speak-up) en een collega om een dubbele controle vragen.",
    "phases": (
        "Fase 1: de lijn wordt gewisseld.\nTrigger: de rolklem gaat te vroeg open.\n"
        "Verwacht: een teamlid ziet het en zegt het."
    ),
    "crm_skills": ["communicatie", "situational_awareness"],
    "duration_minutes": 30,
}


def _learning_loop(users: dict[str, User]) -> None:
    """The incident of the free-flowing heparin: its measure changed the pump's work
    instruction (a page revision) and led to a new scenario. Idempotent."""
    from django_scopes import scopes_disabled

    from zorgwijs.incidents.models import IncidentMeasure
    from zorgwijs.knowledge.models import Page
    from zorgwijs.knowledge.services.pages import page_revise
    from zorgwijs.organisations.access import org_access_for

    from .loop import loop_link_add
    from .models import LoopLink

    with scopes_disabled():
        if LoopLink.objects.exists():
            return
        measure = IncidentMeasure.objects.filter(action=LOOP_MEASURE).first()
        page = Page.objects.filter(space__slug="infuuspomp-volumat-agilia").first()
        coordinator = users.get("opleiding@umc-zuidwest.demo")
        if measure is None or page is None or coordinator is None:
            return
        # The measure was done three weeks after the incident, so the coordinator's overview
        # has a "before" and an "after" to compare.
        done = min(
            timezone.localdate(),
            measure.incident.occurred_at.date() + datetime.timedelta(days=21),
        )
        IncidentMeasure.objects.filter(pk=measure.pk).update(done_on=done)
        current = page.current_revision
        assert current is not None
        page_revise(
            actor=coordinator,
            page=page,
            title=current.title,
            body=current.body
            + "\n\n## Een lijn wisselen\n\nEerst de lijn in de pomp, dan pas de rolklem open. "
            "Gebruik alleen lijnen met een anti-free-flow-klem.",
            base_revision_id=current.pk,
            note="Na de incidentanalyse: de volgorde bij het wisselen van een lijn",
        )
        page.refresh_from_db()
        organisation = Organisation.objects.get(slug="umc-zuidwest")
        from zorgwijs.competences.models import CompetenceItem

        pump = CompetenceItem.objects.filter(
            organisation=organisation, name="Infuuspomp Volumat Agilia"
        )
        scenario = scenario_create(
            actor=users["sophie@umc-zuidwest.demo"],
            organisation=organisation,
            data={**BASE, **LOOP_SCENARIO, "competence_items": list(pump)},
        )
    access = org_access_for(coordinator, "umc-zuidwest")
    with scopes_disabled():
        loop_link_add(
            access=access,
            measure=measure,
            kind="page",
            target=page,
            note="De werkinstructie noemt nu de volgorde.",
        )
        loop_link_add(
            access=access,
            measure=measure,
            kind="scenario",
            target=scenario,
            note="Geoefend in de teamtraining van de afdeling.",
        )


STARTER_KIT = "CRM starten in je organisatie"
STARTER_PAGES = (
    (
        "1. Een kernteam vormen",
        "Wie trekt CRM in je ziekenhuis? Een kernteam van een arts, een verpleegkundige, een "
        "opleider en iemand van kwaliteit en veiligheid. Leg vast wie eigenaar is.",
    ),
    (
        "2. Het begrippenkader kiezen",
        "Spreek af welk model en welke begrippen je gebruikt: sluit aan bij het begrippenkader "
        "van het platform, zodat trainers van verschillende ziekenhuizen hetzelfde bedoelen.",
    ),
    (
        "3. Trainers opleiden",
        "Laat trainers de train-de-trainer volgen en voldoen aan de standaard CRM-trainer van "
        "het netwerk: peer-observatie, vier trainingen per jaar, elke twee jaar opfrissen.",
    ),
    (
        "4. Scenario's kiezen en draaien",
        "Begin met gepubliceerde scenario's uit de bibliotheek. Leg elke uitvoering vast.",
    ),
    (
        "5. Toetsen en evalueren",
        "Toets kennis en vaardigheden; spreek af wat volgt als iemand de toets niet haalt. "
        "Evalueer na een jaar met incidentcijfers voor en na.",
    ),
)


def _starter_kit(network: Network, users: dict[str, User]) -> None:
    """The network's practice guide as a starter kit; Lingestreek copied it. Idempotent."""
    from zorgwijs.knowledge.models import Space, SpaceKind
    from zorgwijs.knowledge.services.pages import page_create

    from .models import StarterKit
    from .starter_kits import starter_kit_copy, starter_kit_mark

    if StarterKit.objects.filter(network=network).exists():
        return
    editor = users["redactie@umc-zuidwest.demo"]
    space = Space(
        network=network,
        name=STARTER_KIT,
        slug="crm-starten-in-je-organisatie",
        kind=SpaceKind.TOPIC,
        visibility=Visibility.NETWORK,
        description="Praktijkgids van het Platform CRM in de zorg, in vijf stappen.",
        created_by=editor,
    )
    space.full_clean()
    space.save()
    from zorgwijs.knowledge.models import SpaceMembership, SpaceRole

    SpaceMembership.objects.create(space=space, user=editor, role=SpaceRole.EDITOR)
    for position, (title, body) in enumerate(STARTER_PAGES):
        page = page_create(actor=editor, space=space, title=title, body=body)
        page.position = position
        page.save(update_fields=["position"])
    kit = starter_kit_mark(actor=editor, space=space)
    copier = users.get("beheer@lingestreek.demo")
    lingestreek = Organisation.objects.get(slug="ziekenhuis-lingestreek")
    from .starter_kits import copy_organisations

    if copier is not None and lingestreek in copy_organisations(copier, kit):
        starter_kit_copy(
            actor=copier,
            kit=kit,
            organisation=lingestreek,
            name="CRM starten in Ziekenhuis Lingestreek",
        )
