"""Synthetic but realistic HR rows for a Dutch hospital, for benchmarks and the demo.

Every department has a team leader who reports to the department's sector manager; everyone
else reports to their team leader. The same ``seed`` gives the same rows.
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

FIRST_NAMES = (
    "Anna",
    "Sanne",
    "Lotte",
    "Fleur",
    "Eva",
    "Sophie",
    "Lisa",
    "Emma",
    "Julia",
    "Noor",
    "Fenna",
    "Iris",
    "Maud",
    "Tess",
    "Femke",
    "Marieke",
    "Ingrid",
    "Karin",
    "Monique",
    "Petra",
    "Annemieke",
    "Yvonne",
    "Fatima",
    "Samira",
    "Nadia",
    "Priya",
    "Mei",
    "Esther",
    "Wilma",
    "Joke",
    "Daan",
    "Sem",
    "Lucas",
    "Bram",
    "Thijs",
    "Jesse",
    "Ruben",
    "Jeroen",
    "Maarten",
    "Sander",
    "Pieter",
    "Wouter",
    "Bas",
    "Erik",
    "Hans",
    "Kees",
    "Johan",
    "Mohammed",
    "Youssef",
    "Ahmet",
    "Rik",
    "Stijn",
    "Niels",
    "Koen",
    "Gijs",
    "Teun",
    "Floor",
    "Anouk",
    "Willemijn",
    "Merel",
)
LAST_NAMES = (
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "Kuipers",
    "Postma",
    "Yılmaz",
    "El Amrani",
    "Bouzid",
    "Nguyen",
    "Kaya",
    "Ramdin",
    "Tjon A Fong",
    "in 't Veld",
)
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Hartcentrum": ("Cathlab", "Cardiologie verpleegafdeling", "Hartbewaking", "Poli Cardiologie"),
    "Snijdende specialismen": ("OK-complex", "Chirurgie", "Orthopedie", "Dagbehandeling", "CSA"),
    "Acute zorg": ("Spoedeisende hulp", "Intensive care", "Medium care", "Ambulancezorg"),
    "Moeder en kind": ("Verloskunde", "Kraamafdeling", "Kinderafdeling", "Neonatologie"),
    "Interne geneeskunde": ("Interne", "Longziekten", "MDL", "Dialyse", "Oncologie"),
    "Neurocentrum": ("Neurologie", "Stroke unit", "Revalidatie"),
    "Diagnostiek": ("Radiologie", "Klinisch laboratorium", "Nucleaire geneeskunde", "Pathologie"),
    "Ondersteuning": ("Medische technologie", "Facilitair bedrijf", "ICT", "HR", "Opleidingen"),
}
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "care": (
        "Verpleegkundige",
        "Verpleegkundige",
        "Verpleegkundige",
        "Zorgassistent",
        "Verpleegkundig specialist",
        "Medisch specialist",
        "Arts-assistent",
        "Doktersassistent",
        "Secretaresse",
    ),
    "Cathlab": ("Cathlabverpleegkundige", "Radiodiagnostisch laborant", "Cardioloog"),
    "OK-complex": ("Operatieassistent", "Anesthesiemedewerker", "Anesthesioloog", "Chirurg"),
    "Intensive care": ("IC-verpleegkundige", "Intensivist"),
    "Spoedeisende hulp": ("SEH-verpleegkundige", "SEH-arts"),
    "Radiologie": ("Radiodiagnostisch laborant", "Radioloog"),
    "Klinisch laboratorium": ("Analist", "Klinisch chemicus"),
    "Dialyse": ("Dialyseverpleegkundige",),
    "Medische technologie": ("Medisch technicus", "Klinisch fysicus"),
    "Support": (
        "Medewerker facilitair",
        "Applicatiebeheerder",
        "HR-adviseur",
        "Opleidingsfunctionaris",
        "Secretaresse",
    ),
}
SUPPORT = {"Facilitair bedrijf", "ICT", "HR", "Opleidingen"}
HEADERS = (
    "personeelsnummer",
    "naam",
    "e-mail",
    "functie",
    "afdeling",
    "leidinggevende",
    "in dienst",
    "uit dienst",
)


def synthetic_rows(n: int, *, seed: int = 1, domain: str = "ziekenhuis.example") -> list[dict]:
    """``n`` rows keyed by the Dutch column names, with managers listed before their teams."""
    rng = random.Random(seed)
    departments = [(sector, f"{sector}/{d}", d) for sector, ds in DEPARTMENTS.items() for d in ds]
    rows: list[dict] = []
    sector_heads: dict[str, str] = {}
    team_leads: dict[str, str] = {}
    for sector in DEPARTMENTS:
        if len(rows) < n:
            sector_heads[sector] = _add(rows, rng, domain, "Sectormanager", sector, "")
    for sector, path, _name in departments:
        if len(rows) < n:
            team_leads[path] = _add(rows, rng, domain, "Teamleider", path, sector_heads[sector])
    while len(rows) < n:
        sector, path, name = rng.choice(departments)
        _add(rows, rng, domain, _function(rng, name), path, team_leads.get(path, ""))
    return rows


def _function(rng: random.Random, department: str) -> str:
    if department in SUPPORT:
        return rng.choice(FUNCTIONS["Support"])
    specific = FUNCTIONS.get(department)
    if specific and rng.random() < 0.6:
        return rng.choice(specific)
    return rng.choice(FUNCTIONS["care"])


def _add(
    rows: list[dict], rng: random.Random, domain: str, function: str, department: str, manager: str
) -> str:
    number = str(100001 + len(rows))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    name = f"{first} {last}"
    local = f"{first[0]}.{last.replace(' ', '').replace(chr(39), '').replace('ı', 'i')}".lower()
    start = datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(40 * 365))
    end = ""
    if rng.random() < 0.03:
        end = (start + datetime.timedelta(days=rng.randrange(30, 3000))).isoformat()
    rows.append(
        {
            "personeelsnummer": number,
            "naam": name,
            "e-mail": f"{local}.{number}@{domain}",
            "functie": function,
            "afdeling": department,
            "leidinggevende": manager,
            "in dienst": start.isoformat(),
            "uit dienst": end,
        }
    )
    return number


def write_csv(rows: list[dict], path: str | Path, *, delimiter: str = ";") -> Path:
    """Write rows as Excel does for Dutch users: UTF-8 with BOM, semicolons."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=list(rows[0]) if rows else list(HEADERS), delimiter=delimiter
        )
        writer.writeheader()
        writer.writerows(rows)
    return path
