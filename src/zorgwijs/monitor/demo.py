"""Demo: five years of quarterly HR figures for the organisations of the Groningen network.

The network gets 26 members of several sectors; organisations that do not exist yet are made
without people (only their figures). Figures are generated from a seeded random generator, so
every load gives the same numbers. Youth care has two organisations, so its cells are always
suppressed, and one mental-health organisation dominates its sector."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from zorgwijs.accounts.models import User
from zorgwijs.organisations.models import (
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
)

from .indicators import FIGURE_FIELDS, OUTFLOW_FIELDS, FunctionGroup, Sector
from .models import FigureRow, PeriodKind, Source, Submission, SubmissionStatus
from .periods import add_months, period_end
from .services import last_due_quarter, releases_refresh

NETWORK = "leren-is-altijd"
QUARTERS = 20
SEED = 20260115
HR_ADVISER = ("hr@hunzedal.demo", "Ineke Bakker")


@dataclass(frozen=True)
class DemoMember:
    slug: str
    name: str
    kind: str
    sector: str
    size: int  # headcount at the start
    split: bool = False  # reports per function group


MEMBERS: tuple[DemoMember, ...] = (
    DemoMember("zorggroep-hunzedal", "Zorggroep Hunzedal", OrganisationKind.VVT, Sector.VVT, 1450),
    DemoMember(
        "thuiszorg-eemland", "Thuiszorg Eemland", OrganisationKind.HOME_CARE, Sector.VVT, 380
    ),
    DemoMember(
        "ziekenhuis-reitdiep",
        "Ziekenhuis Reitdiep",
        OrganisationKind.HOSPITAL,
        Sector.HOSPITAL,
        2300,
        split=True,
    ),
    DemoMember(
        "ommelander-zorgcentrum",
        "Ommelander Zorgcentrum",
        OrganisationKind.HOSPITAL,
        Sector.HOSPITAL,
        1650,
        split=True,
    ),
    DemoMember(
        "ziekenhuis-oostermoer",
        "Ziekenhuis Oostermoer",
        OrganisationKind.HOSPITAL,
        Sector.HOSPITAL,
        1200,
        split=True,
    ),
    DemoMember("woonzorg-wadden", "Woonzorg Wadden", OrganisationKind.VVT, Sector.VVT, 640),
    DemoMember(
        "zorggroep-fivelboezem", "Zorggroep Fivelboezem", OrganisationKind.VVT, Sector.VVT, 910
    ),
    DemoMember("het-maarhuis", "Zorgcentrum Het Maarhuis", OrganisationKind.VVT, Sector.VVT, 220),
    DemoMember(
        "stichting-eemsmond-zorg", "Stichting Eemsmond Zorg", OrganisationKind.VVT, Sector.VVT, 530
    ),
    DemoMember("zorg-westerkwartier", "Zorg Westerkwartier", OrganisationKind.VVT, Sector.VVT, 760),
    DemoMember("de-zonnehof-oldambt", "De Zonnehof Oldambt", OrganisationKind.VVT, Sector.VVT, 310),
    DemoMember(
        "wijkzorg-stad", "Wijkzorg Stad Groningen", OrganisationKind.HOME_CARE, Sector.VVT, 450
    ),
    DemoMember(
        "thuiszorg-hogeland", "Thuiszorg Het Hogeland", OrganisationKind.HOME_CARE, Sector.VVT, 260
    ),
    DemoMember(
        "stichting-borgerhof",
        "Stichting Borgerhof",
        OrganisationKind.DISABILITY,
        Sector.DISABILITY,
        1100,
    ),
    DemoMember(
        "de-dijkhof",
        "Zorgorganisatie De Dijkhof",
        OrganisationKind.DISABILITY,
        Sector.DISABILITY,
        680,
    ),
    DemoMember(
        "wierde-wonen",
        "Wierde Wonen en Werken",
        OrganisationKind.DISABILITY,
        Sector.DISABILITY,
        420,
    ),
    DemoMember(
        "begeleiding-noord",
        "Begeleiding Noord",
        OrganisationKind.DISABILITY,
        Sector.DISABILITY,
        240,
    ),
    DemoMember(
        "ggz-lauwersland",
        "GGZ Lauwersland",
        OrganisationKind.MENTAL_HEALTH,
        Sector.MENTAL_HEALTH,
        1200,
    ),
    DemoMember(
        "psychologenpraktijk-noord",
        "Psychologenpraktijk Noord",
        OrganisationKind.MENTAL_HEALTH,
        Sector.MENTAL_HEALTH,
        90,
    ),
    DemoMember(
        "ggz-kwartier", "GGZ Kwartier", OrganisationKind.MENTAL_HEALTH, Sector.MENTAL_HEALTH, 450
    ),
    DemoMember(
        "jeugdhulp-ommeland", "Jeugdhulp Ommeland", OrganisationKind.OTHER, Sector.YOUTH, 350
    ),
    DemoMember(
        "jeugdzorg-de-horst", "Jeugdzorg De Horst", OrganisationKind.OTHER, Sector.YOUTH, 180
    ),
    DemoMember("huisartsen-eemsdelta", "Huisartsen Eemsdelta", OrganisationKind.GP, Sector.GP, 140),
    DemoMember(
        "gezondheidscentrum-vinkhuizen",
        "Gezondheidscentrum Vinkhuizen",
        OrganisationKind.GP,
        Sector.GP,
        70,
    ),
    DemoMember(
        "huisartsenpost-groningen", "Huisartsenpost Groningen", OrganisationKind.GP, Sector.GP, 120
    ),
)
# The 26th member is Zorgacademie Midden (education): it trains, it reports no HR figures.

ABSENCE: dict[str, float] = {
    Sector.HOSPITAL: 6.1,
    Sector.VVT: 7.9,
    Sector.DISABILITY: 7.2,
    Sector.MENTAL_HEALTH: 7.0,
    Sector.YOUTH: 7.6,
    Sector.GP: 4.4,
    Sector.OTHER: 5.5,
}
GROUP_SHARES = (
    (FunctionGroup.NURSING, 0.52),
    (FunctionGroup.MEDICAL, 0.12),
    (FunctionGroup.TREATMENT, 0.08),
    (FunctionGroup.SUPPORT, 0.18),
    (FunctionGroup.MANAGEMENT, 0.10),
)
OUTFLOW_SHARES = (0.15, 0.35, 0.25, 0.15, 0.10)


def _split(total: int, shares, rnd: random.Random) -> list[int]:
    """``total`` over the shares, whole numbers that add up to it."""
    out = [int(total * s) for s in shares]
    for _ in range(total - sum(out)):
        out[rnd.randrange(len(out))] += 1
    return out


def _row(rnd: random.Random, sector: str, headcount: int, quarter: datetime.date) -> dict:
    winter = quarter.month in (1, 10)
    fte = Decimal(str(round(headcount * rnd.uniform(0.58, 0.78), 1)))
    absence = max(1.0, ABSENCE[sector] + (0.8 if winter else -0.3) + rnd.gauss(0, 0.6))
    outflow = max(0, round(headcount * rnd.uniform(0.018, 0.04)))
    vacancies = max(0, round(headcount * rnd.uniform(0.015, 0.045)))
    row: dict = {name: 0 for name in FIGURE_FIELDS}
    row.update(
        sector=sector,
        headcount=headcount,
        fte=fte,
        absence_percent=Decimal(str(round(min(absence, 30.0), 2))),
        absence_short=round(headcount * rnd.uniform(0.15, 0.3) * (1.3 if winter else 1.0)),
        absence_medium=round(headcount * rnd.uniform(0.03, 0.07)),
        absence_long=round(headcount * rnd.uniform(0.01, 0.025)),
        inflow=max(0, round(headcount * rnd.uniform(0.02, 0.045))),
        vacancies=vacancies,
        vacancies_hard=round(vacancies * rnd.uniform(0.25, 0.6)),
        students=round(headcount * rnd.uniform(0.02, 0.07)),
        temp_hours=Decimal(round(headcount * rnd.uniform(1.5, 9.0))),
    )
    for name, amount in zip(OUTFLOW_FIELDS, _split(outflow, OUTFLOW_SHARES, rnd), strict=True):
        row[name] = amount
    return row


def _rows(
    member: DemoMember, rnd: random.Random, headcount: int, quarter: datetime.date
) -> list[dict]:
    if not member.split:
        return [{**_row(rnd, member.sector, headcount, quarter), "function_group": ""}]
    rows = []
    for (group, _share), part in zip(
        GROUP_SHARES, _split(headcount, [s for _g, s in GROUP_SHARES], rnd), strict=True
    ):
        rows.append({**_row(rnd, member.sector, part, quarter), "function_group": group})
    return rows


def monitor_demo_load() -> None:
    """Idempotent: organisations, memberships and figures that exist are left alone."""
    with scopes_disabled():
        network = Network.objects.filter(slug=NETWORK).first()
        if network is None:
            return
        for member in MEMBERS:
            organisation = Organisation.objects.filter(slug=member.slug).first()
            if organisation is None:
                organisation = Organisation.objects.create(
                    slug=member.slug,
                    name=member.name,
                    kind=member.kind,
                    province="groningen",
                    region="Groningen",
                )
            NetworkMembership.objects.get_or_create(network=network, organisation=organisation)
        _hr_adviser()
        if Submission.objects.filter(organisation__slug=MEMBERS[0].slug).exists():
            return
        # Five years of published figures: the newest quarter is the last whose window closed.
        last = last_due_quarter(timezone.localdate())
        quarters = [add_months(last, -3 * i) for i in reversed(range(QUARTERS))]
        rnd = random.Random(SEED)
        submissions, rows = [], []
        organisations = {
            o.slug: o for o in Organisation.objects.filter(slug__in=[m.slug for m in MEMBERS])
        }
        for member in MEMBERS:
            organisation = organisations[member.slug]
            headcount = member.size
            growth = rnd.uniform(-0.01, 0.012)
            for quarter in quarters:
                headcount = max(20, round(headcount * (1 + growth + rnd.gauss(0, 0.008))))
                submission = Submission(
                    organisation=organisation,
                    period_kind=PeriodKind.QUARTER,
                    period_start=quarter,
                    version=1,
                    status=SubmissionStatus.SHARED,
                    source=Source.UPLOAD,
                    confirmed_at=timezone.make_aware(
                        datetime.datetime.combine(
                            period_end(PeriodKind.QUARTER, quarter), datetime.time(12)
                        )
                    ),
                )
                submissions.append(submission)
                rows.append((submission, _rows(member, rnd, headcount, quarter)))
        Submission.objects.bulk_create(submissions)
        FigureRow.objects.bulk_create(
            FigureRow(organisation_id=submission.organisation_id, submission=submission, **row)
            for submission, found in rows
            for row in found
        )
        releases_refresh(network)


def _hr_adviser() -> None:
    """The HR adviser of Zorggroep Hunzedal, who brings its figures in."""
    organisation = Organisation.objects.filter(slug="zorggroep-hunzedal").first()
    if organisation is None:
        return
    email, name = HR_ADVISER
    user = User.objects.filter(email=email).first()
    if user is None:
        from zorgwijs.core.demo.loader import DEMO_PASSWORD

        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"start_date": datetime.date(2019, 3, 1)}
    )
    RoleAssignment.objects.get_or_create(
        organisation=organisation, membership=membership, role=Role.HR_ADVISER
    )
