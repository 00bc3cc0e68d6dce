"""Demo people who opted in to be found: themes from the vindplaats vocabulary, the demo
organisations' projects they work on, and a few records of the practice collection they
"worked on" so that "Wie kan ik benaderen?" has answers for common descriptions."""

from __future__ import annotations

from zorgwijs.accounts.models import User
from zorgwijs.projects.models import Project, Theme

from .models import ExpertProfile, Reach
from .selectors import verified_items

DEMO_EXPERTS = (
    # e-mail, reach, thinks along, headline, themes, projects (external ids), languages
    (
        "opleiding@umc-zuidwest.demo",
        Reach.PUBLIC,
        True,
        "Medisch technicus; bekwaamheid voor medische hulpmiddelen en simulatieonderwijs",
        ("medische-technologie", "simulatieonderwijs", "opleiden-leerroutes"),
        ("demo-umc-1", "demo-umc-2", "p041", "p042"),
        ("nl", "en"),
    ),
    (
        "sophie@umc-zuidwest.demo",
        Reach.PUBLIC,
        False,
        "Verpleegkundige SEH, trainer in-situ simulatie",
        ("acute-zorg", "simulatieonderwijs", "crm-teamtraining"),
        ("demo-umc-1", "p062"),
        ("nl",),
    ),
    (
        "mt@lingestreek.demo",
        Reach.NETWORK,
        True,
        "Medische technologie en voorbehouden handelingen in een regionaal ziekenhuis",
        ("medische-technologie", "voorbehouden-handelingen", "patientveiligheid"),
        ("demo-umc-2",),
        ("nl", "de"),
    ),
    (
        "lotte@lingestreek.demo",
        Reach.ORGANISATION,
        True,
        "Verpleegkundige, trekker van de pilot zelfroosteren",
        ("anders-werken", "behoud-vitaliteit"),
        ("demo-lingestreek-1",),
        ("nl",),
    ),
    (
        "leercoach@hunzedal.demo",
        Reach.PUBLIC,
        True,
        "Leercoach in de ouderenzorg: werkbegeleiding en valpreventie",
        ("werkbegeleiding", "valpreventie", "ouderenzorg", "dementie"),
        ("p024", "p080"),
        ("nl",),
    ),
    (
        "marieke@hunzedal.demo",
        Reach.PUBLIC,
        False,
        "Specialist ouderengeneeskunde in opleiding, sensoren in het verpleeghuis",
        ("valpreventie", "dementie", "e-health"),
        ("p096",),
        ("nl", "en"),
    ),
    (
        "ayse@eemland.demo",
        Reach.PUBLIC,
        True,
        "Wijkverpleegkundige; beeldbellen en zorg op afstand",
        ("e-health", "juiste-zorg-juiste-plek"),
        ("p081",),
        ("nl", "tr"),
    ),
)


def experts_demo_load() -> None:
    """Idempotent: a person who already has a profile keeps it as it is."""
    for email, reach, thinks_along, headline, themes, projects, languages in DEMO_EXPERTS:
        user = User.objects.filter(email=email).first()
        if user is None or ExpertProfile.objects.filter(user=user).exists():
            continue
        profile = ExpertProfile.objects.create(
            user=user,
            listed=True,
            reach=reach,
            thinks_along=thinks_along,
            headline=headline,
            languages=list(languages),
        )
        profile.themes.set(Theme.objects.filter(slug__in=themes))
        profile.projects.set(Project.objects.filter(external_id__in=projects))
        profile.shown_items.set(list(verified_items(user)[:3]))
