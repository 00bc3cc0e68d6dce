"""Demo vindplaats: the themes, the imported practice collection (240 records), a few projects
of the demo organisations with each visibility, and the search glossary."""

from __future__ import annotations

import json
from pathlib import Path

from zorgwijs.organisations.models import Organisation, Visibility
from zorgwijs.search.glossary_seed import GLOSSARY
from zorgwijs.search.services import glossary_seed

from .importing import project_import, themes_load
from .models import Project, Theme
from .services import project_create

DATA = Path(__file__).parent / "demo_data"
COLLECTION = "Praktijkverzameling vindplaats"

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
    glossary_seed(GLOSSARY)
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
