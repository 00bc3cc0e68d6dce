"""Demo vindplaats: the themes, the imported practice collection (240 records), a few projects
of the demo organisations with each visibility (the search synonyms are the vocabulary demo's)."""

from __future__ import annotations

import json
from pathlib import Path

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import Organisation, Visibility
from zorgwijs.organisations.visibility import viewer_for

from .importing import PLATFORM_COLLECTION, project_import, themes_load
from .models import Project, ReactionKind, Theme
from .reactions import reaction_moderate, reaction_post
from .services import project_create

DATA = Path(__file__).parent / "demo_data"
COLLECTION = PLATFORM_COLLECTION

OWN_PROJECTS = (
    # external id, organisation, visibility, themes, title, summary
    (
        "demo-umc-1",
        "umc-zuidwest",
        Visibility.PUBLIC,
        ("simulatieonderwijs", "acute-zorg"),
        "Simulatietraining reanimatie op de SEH",
        "Elk kwartaal een korte in-situ simulatie van een reanimatie op de spoedeisende hulp, "
        "met een nabespreking volgens CRM-principes.",
    ),
    (
        "demo-umc-2",
        "umc-zuidwest",
        Visibility.NETWORK,
        ("medische-technologie",),
        "Bekwaamheidsregistratie infuuspompen in het netwerk",
        "Met de ziekenhuizen in ons netwerk één manier om bekwaamheid voor infuuspompen aan te "
        "tonen en elkaars registratie te erkennen.",
    ),
    (
        "demo-lingestreek-1",
        "ziekenhuis-lingestreek",
        Visibility.ORGANISATION,
        ("anders-werken",),
        "Zelfroosteren op de verpleegafdeling interne geneeskunde",
        "Interne pilot: verpleegkundigen plannen hun diensten zelf binnen spelregels; nog niet "
        "gedeeld buiten de organisatie.",
    ),
)


def projects_demo_load() -> None:
    themes_load(json.loads((DATA / "themes.json").read_text(encoding="utf-8")))
    rows = json.loads((DATA / "projects.json").read_text(encoding="utf-8"))
    project_import(actor=None, rows=rows, apply=True, collection=COLLECTION)
    for external_id, slug, visibility, themes, title, summary in OWN_PROJECTS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or Project.objects.filter(external_id=external_id).exists():
            continue
        project_create(
            actor=None,
            organisation=organisation,
            themes=Theme.objects.filter(slug__in=themes),
            data={
                "external_id": external_id,
                "visibility": visibility,
                "title": title,
                "summary": summary,
                "region": organisation.region,
                "sector": "umc" if "umc" in slug else "ziekenhuis",
            },
        )
    _demo_reactions()


# Visitors' contributions on the public UMC project: (kind, text, approved by an owner).
DEMO_REACTIONS = (
    (
        ReactionKind.TIP,
        "Plan de simulatie in de dienst zelf, niet erna: dan doet het hele team mee.",
        True,
    ),
    (
        ReactionKind.REACTION,
        "Wij doen dit sinds vorig jaar ook op de SEH; de nabespreking is het waardevolst.",
        True,
    ),
    (
        ReactionKind.REACTION,
        "Hoe lang duurt zo'n simulatie bij jullie, inclusief nabespreking?",
        False,
    ),
)


def _demo_reactions() -> None:
    """Reactions of people of another organisation on the public UMC project: two approved
    by the project's owner, one still waiting for them."""
    project = Project.objects.filter(external_id="demo-umc-1").first()
    if project is None or project.reactions.exists():
        return
    visitors = list(
        User.objects.filter(memberships__organisation__slug="ziekenhuis-lingestreek")
        .order_by("pk")
        .distinct()[:3]
    )
    owner = (
        User.objects.filter(memberships__organisation__slug="umc-zuidwest").order_by("pk").first()
    )
    if len(visitors) < len(DEMO_REACTIONS) or owner is None:
        return
    for visitor, (kind, text, approved) in zip(visitors, DEMO_REACTIONS, strict=True):
        reaction = reaction_post(
            actor=visitor, viewer=viewer_for(visitor), project=project, kind=kind, text=text
        )
        if approved:
            reaction_moderate(actor=owner, reaction=reaction, decision="approve")
