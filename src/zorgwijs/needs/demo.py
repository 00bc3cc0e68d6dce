"""Demo knowledge needs: questions and bottlenecks of the demo organisations' people, with
"ik ook" from colleagues elsewhere and links to projects of the practice collection that answer
them, plus a few searches that found nothing. Idempotent by the need's external id."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Membership, Visibility
from zorgwijs.projects.models import Project, Theme

from .models import MeToo, Need, NeedAnswer, NeedKind, NeedStatus, UnansweredSearch
from .services import need_create
from .unanswered import searcher_of

Q, K = NeedKind.QUESTION, NeedKind.BOTTLENECK
PUBLIC, NETWORK, OWN = Visibility.PUBLIC, Visibility.NETWORK, Visibility.ORGANISATION

# external id, author, kind, visibility, status, themes, region, sector, title, description,
# "ik ook" by, answering projects (external ids)
NEEDS = (
    (
        "need-nacht-1",
        "marieke@hunzedal.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("personeelstekort", "e-health", "ouderenzorg"),
        "Groningen",
        "vvt",
        "Hoe houden we de nachtdienst in het verpleeghuis veilig met minder mensen?",
        "Op onze psychogeriatrische afdeling staan we 's nachts met twee collega's voor drie "
        "woongroepen. Wie heeft ervaring met zorg op afstand of slimme sensoren in de nacht, en "
        "wat deed dat met de werkdruk?",
        ("bram@hunzedal.demo", "ayse@eemland.demo", "leercoach@hunzedal.demo"),
        ("p089", "p082"),
    ),
    (
        "need-dementie-1",
        "leercoach@hunzedal.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("dementie", "opleiden-leerroutes"),
        "Groningen",
        "vvt",
        "Scholing voor omgaan met onbegrepen gedrag bij dementie in kleine teams",
        "We zoeken een korte, praktische scholing die in een dienst past. Klassikale dagen "
        "lukken niet meer met de bezetting.",
        ("marieke@hunzedal.demo", "beheer@eemland.demo", "ayse@eemland.demo"),
        (),
    ),
    (
        "need-dementie-2",
        "ayse@eemland.demo",
        K,
        PUBLIC,
        NeedStatus.OPEN,
        ("dementie", "regionale-samenwerking"),
        "Eemland",
        "thuiszorg",
        "Kennis over dementie thuis blijft hangen in losse wijkteams",
        "Elk wijkteam bedenkt zijn eigen aanpak voor thuiswonende mensen met dementie. Er is "
        "geen plek waar we van elkaar leren; goede voorbeelden blijven in één team.",
        ("bram@hunzedal.demo", "marieke@hunzedal.demo"),
        (),
    ),
    (
        "need-duurzaam-1",
        "yara@lingestreek.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("duurzame-zorg",),
        "Rivierenland",
        "ziekenhuis",
        "Hoe begin je met een groene afdeling buiten de OK?",
        "Over duurzame operatiekamers is veel te vinden, over verpleegafdelingen weinig. Wie "
        "heeft afval en wegwerpmaterialen op een gewone afdeling aangepakt?",
        ("lotte@lingestreek.demo", "daan@umc-zuidwest.demo", "emma@umc-zuidwest.demo"),
        ("p167",),
    ),
    (
        "need-kind-1",
        "daan@umc-zuidwest.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("kinderzorg", "medicatieveiligheid"),
        "Zuid-Holland West",
        "umc",
        "Dubbele controle bij high-risk medicatie voor kinderen: hoe doen anderen het?",
        "We twijfelen of de onafhankelijke dubbele controle bij elke toediening nodig is, of "
        "alleen bij bepaalde middelen. Welke afspraken werken in de praktijk?",
        ("noor@umc-zuidwest.demo",),
        ("p155",),
    ),
    (
        "need-ic-1",
        "jeroen@lingestreek.demo",
        Q,
        NETWORK,
        NeedStatus.OPEN,
        ("intensive-care", "opleiden-leerroutes", "regionale-samenwerking"),
        "Rivierenland",
        "ziekenhuis",
        "Samen IC-verpleegkundigen opleiden met het UMC in de regio",
        "Kunnen we leerplekken en praktijkbegeleiding delen met het UMC, zodat onze studenten "
        "ook complexe patiënten zien?",
        ("noor@umc-zuidwest.demo",),
        ("p033",),
    ),
    (
        "need-werkbeg-1",
        "sophie@umc-zuidwest.demo",
        K,
        PUBLIC,
        NeedStatus.ANSWERED,
        ("werkbegeleiding", "behoud-vitaliteit"),
        "Zuid-Holland West",
        "umc",
        "Werkbegeleiders hebben geen tijd om kennis over te dragen",
        "Begeleiden komt bovenop een volle dienst. Nieuwe collega's leren het vak daardoor "
        "vooral van wie er toevallig is.",
        ("lotte@lingestreek.demo", "leercoach@hunzedal.demo"),
        ("p028", "p030"),
    ),
    (
        "need-vallen-1",
        "bram@hunzedal.demo",
        Q,
        PUBLIC,
        NeedStatus.ANSWERED,
        ("valpreventie", "ouderenzorg"),
        "Groningen",
        "thuiszorg",
        "Valrisico signaleren tijdens het huisbezoek",
        "Welke korte screening werkt in de wijk, zonder extra formulier voor de cliënt?",
        ("ayse@eemland.demo",),
        ("p123", "p122"),
    ),
    (
        "need-ehealth-1",
        "beheer@eemland.demo",
        K,
        PUBLIC,
        NeedStatus.OPEN,
        ("e-health", "opleiden-leerroutes"),
        "Eemland",
        "thuiszorg",
        "Ervaringen met zorgtechnologie worden niet gedeeld tussen organisaties",
        "Iedere thuiszorgorganisatie test dezelfde apps en sensoren opnieuw. Uitkomsten en "
        "afgebroken pilots komen nergens terecht.",
        ("bram@hunzedal.demo", "marieke@hunzedal.demo"),
        ("p097",),
    ),
    (
        "need-crm-1",
        "emma@umc-zuidwest.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("crm-teamtraining", "acute-zorg"),
        "Zuid-Holland West",
        "umc",
        "Nabespreken na een reanimatie op de SEH: wat werkt?",
        "We willen een vaste korte nabespreking (hot debrief). Hoe houden anderen dat vol in "
        "drukke diensten?",
        ("jeroen@lingestreek.demo",),
        ("p074",),
    ),
    (
        "need-patpart-1",
        "student@zorgacademie.demo",
        Q,
        PUBLIC,
        NeedStatus.OPEN,
        ("patientenparticipatie", "opleiden-leerroutes"),
        "Midden-Nederland",
        "onderwijs",
        "Hoe betrek je cliënten bij het opleiden van studenten?",
        "Voor mijn afstudeeropdracht zoek ik voorbeelden waarin cliënten of naasten meebeslissen "
        "over wat studenten leren.",
        ("beheer@zorgacademie.demo",),
        (),
    ),
    (
        "need-rooster-intern",
        "lotte@lingestreek.demo",
        K,
        OWN,
        NeedStatus.OPEN,
        ("anders-werken",),
        "Rivierenland",
        "ziekenhuis",
        "Ruilen van diensten loopt vast in de app",
        "Intern: de roosterapp laat ruilen tussen afdelingen niet toe, waardoor de pilot "
        "zelfroosteren stokt.",
        ("yara@lingestreek.demo",),
        ("demo-lingestreek-1",),
    ),
    (
        "need-pompen-1",
        "mt@lingestreek.demo",
        Q,
        NETWORK,
        NeedStatus.CLOSED,
        ("medische-technologie",),
        "Rivierenland",
        "ziekenhuis",
        "Erkennen ziekenhuizen in het netwerk elkaars bekwaamheid voor infuuspompen?",
        "Gesloten: afgesproken in het netwerk, zie het project van UMC Zuidwest.",
        (),
        ("demo-umc-2",),
    ),
)

# Searches that found nothing in the demo: (days ago, query, people), each person on their own
# day (the first ``days`` ago, the next a day earlier, …), so the Kenniskaart shows the ones
# that meet its threshold of distinct people on distinct days.
SEARCHES = (
    (3, "nachtdienst zonder verpleegkundige", 4),
    (10, "nachtdienst zonder verpleegkundige", 2),
    (5, "mantelzorg leerroute", 3),
    (12, "ai triage huisartsenpost", 2),
    (20, "duurzaam verpleegafdeling", 5),
)


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def needs_demo_load() -> None:
    for spec in NEEDS:
        _load_need(*spec)
    today = timezone.localdate()
    for days, query, people in SEARCHES:
        for n in range(people):
            UnansweredSearch.objects.get_or_create(
                query=query,
                day=today - datetime.timedelta(days=days + n),
                searcher=searcher_of(query, f"demo-{days}-{n}"),
            )


def _load_need(
    external_id,
    author,
    kind,
    visibility,
    status,
    themes,
    region,
    sector,
    title,
    text,
    me_too,
    answers,
) -> None:
    if Need.objects.filter(external_id=external_id).exists():
        return
    user = _user(author)
    membership = Membership.objects.filter(user=user).order_by("pk").first() if user else None
    if membership is None:
        return
    membership_org = membership.organisation
    need = need_create(
        actor=user,
        organisation=membership_org,
        external_id=external_id,
        themes=Theme.objects.filter(slug__in=themes),
        data={
            "kind": kind,
            "visibility": visibility,
            "title": title,
            "description": text,
            "region": region,
            "sector": sector,
        },
    )
    Need.objects.filter(pk=need.pk).update(status=status)
    for email in me_too:
        other = _user(email)
        if other is not None and other != user:
            MeToo.objects.get_or_create(need=need, user=other)
    for project in Project.objects.filter(external_id__in=answers):
        NeedAnswer.objects.get_or_create(need=need, project=project, defaults={"linked_by": user})
