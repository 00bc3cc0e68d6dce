"""Learning load: the hours of required learning a year that the requirement profiles imply.

Seed 000 asks whether hospitals over-school their staff. Per required catalogue item: how
often it must be renewed a year (12 / its validity in months; an item without validity is
learned once), the hours of one renewal (its course and test in the organisation's published
blueprints, else what its route steps took, else its knowledge test's time limit), and the
risk it covers (a reserved procedure, or the organisation's risk profile of a device or risky
procedure). Summed per person over their required passport lines, and per function and
department over their people. A requirement that costs many hours a year with little risk
behind it is flagged, with what could replace the course (EVC, a practical sign-off) when the
item accepts that evidence.

A fixed number of queries, whatever the number of people: the people, their required lines,
the items, and one each for the three hour sources and the profiles that require an item.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.assessments.models import KnowledgeTest
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record_many
from zorgwijs.competences.models import (
    CompetenceItem,
    EvidenceKind,
    ItemKind,
    PassportLine,
    ProfileItem,
    RequirementLevel,
    RiskProfile,
)
from zorgwijs.organisations.models import MembershipQuerySet, Organisation

from .models import BlueprintState, Outcome, RouteStep

# A requirement costing at least this many hours a year per person, with low or no risk behind
# it, is flagged: a day's course every two years for something the organisation itself rates
# low risk is the "over-schooling" seed 000 asks about.
PILE_UP_HOURS = Decimal(4)
# Risk ranks: a reserved procedure and a high-risk device or procedure weigh the same.
HIGH, MEDIUM, LOW, NONE = 3, 2, 1, 0
_PROFILE_RANK = {RiskProfile.HIGH: HIGH, RiskProfile.MEDIUM: MEDIUM, RiskProfile.LOW: LOW}

SOURCE_BLUEPRINT = "blueprint"
SOURCE_ROUTE = "route"
SOURCE_TEST = "test"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Requirement:
    """One required item with what it costs a year and the risk it covers."""

    item: CompetenceItem
    risk_rank: int
    risk: str
    renewals_per_year: Decimal  # 0: learned once, no validity
    hours_per_renewal: Decimal | None  # None: no course, route step or test says
    hours_source: str  # SOURCE_* or ""
    performances_per_year: Decimal | None  # the recency rule, practice rather than learning
    profiles: list[str] = field(default_factory=list)
    people: int = 0

    @property
    def hours_per_year(self) -> Decimal:
        if self.hours_per_renewal is None:
            return Decimal(0)
        return _round(self.renewals_per_year * self.hours_per_renewal)

    @property
    def total_hours_per_year(self) -> Decimal:
        return _round(self.hours_per_year * self.people)

    @property
    def piles_up(self) -> bool:
        return self.hours_per_year >= PILE_UP_HOURS and self.risk_rank <= LOW

    @property
    def replacements(self) -> list[str]:
        """What could replace the course: evidence the item already accepts (none listed:
        any evidence). Only worth saying where there is a course to replace."""
        if not self.hours_per_year:
            return []
        accepted = set(self.item.evidence_kinds or EvidenceKind.values)
        found = []
        if EvidenceKind.PRIOR_LEARNING in accepted:
            found.append(_("Eerder verworven competenties (EVC)"))
        if EvidenceKind.PRACTICAL in accepted:
            found.append(_("Praktijkbeoordeling"))
        return found


@dataclass
class PersonLoad:
    """A person's hours a year, read as plain values: thousands of them build no model
    instances."""

    membership_id: int
    user_id: int
    name: str
    function: str  # "" without one
    department: str
    item_ids: list[int]
    hours_per_year: Decimal

    @property
    def pk(self) -> int:
        """The audit log's subject is the person (``record_many`` reads ``pk``)."""
        return self.user_id

    def __str__(self) -> str:
        return self.name


@dataclass
class GroupLoad:
    """A function or department: its people and their summed hours a year."""

    name: str
    people: int = 0
    hours_per_year: Decimal = Decimal(0)

    @property
    def hours_per_person(self) -> Decimal:
        return _round(self.hours_per_year / self.people) if self.people else Decimal(0)


@dataclass
class LearningLoad:
    on: datetime.date
    requirements: list[Requirement]
    people: list[PersonLoad]  # the most hours first
    functions: list[GroupLoad]
    departments: list[GroupLoad]
    # The people a reader is shown (and whose read is audited): a page of them, or everyone.
    listed: Sequence[PersonLoad] = ()
    people_page: Page | None = None

    @property
    def piling_up(self) -> list[Requirement]:
        return [r for r in self.requirements if r.piles_up]


def risk_of(item: CompetenceItem) -> tuple[int, str]:
    """The risk an item covers, as a rank and a text: from the catalogue, never guessed."""
    if item.kind == ItemKind.RESERVED:
        text = _("Voorbehouden handeling (Wet BIG art. 36)")
        return HIGH, f"{text}: {item.big_code}" if item.big_code else text
    if item.risk_profile:
        rank = _PROFILE_RANK[RiskProfile(item.risk_profile)]
        return rank, f"{item.get_kind_display()}, {item.get_risk_profile_display().lower()}"
    if item.kind == ItemKind.RISKY:
        return MEDIUM, _("Risicovolle handeling, geen risicoprofiel vastgelegd")
    if item.kind == ItemKind.DEVICE:
        return NONE, _("Medisch apparaat, geen risicoprofiel vastgelegd")
    return NONE, _("Geen risico vastgelegd")


def _hours_per_renewal(organisation: Organisation, item_ids: set[int]) -> dict:
    """item id -> (hours, source): one query per source, the first source that knows wins."""
    found: dict[int, tuple[Decimal, str]] = {}
    # Blueprints: the outcomes tied to the item, learned and assessed; per blueprint summed,
    # the largest blueprint taken (one role's full course, not the sum of all roles).
    per_blueprint: dict[tuple[int, int], int] = defaultdict(int)
    for bp_id, item_id, learn, assess in Outcome.objects.filter(
        blueprint__organisation=organisation,
        blueprint__state=BlueprintState.PUBLISHED,
        item_id__in=item_ids,
    ).values_list("blueprint_id", "item_id", "learn_hours", "assess_hours"):
        per_blueprint[(bp_id, item_id)] += learn + assess
    for (_bp, item_id), hours in per_blueprint.items():
        if item_id not in found or hours > found[item_id][0]:
            found[item_id] = (Decimal(hours), SOURCE_BLUEPRINT)
    # Routes: what the steps on the item took, averaged over the routes that had them.
    per_route: dict[tuple[int, int], int] = defaultdict(int)
    for route_id, item_id, hours in RouteStep.objects.filter(
        organisation=organisation, item_id__in=item_ids - set(found)
    ).values_list("route_id", "item_id", "hours"):
        per_route[(route_id, item_id)] += hours
    sums: dict[int, list[int]] = defaultdict(list)
    for (_route, item_id), hours in per_route.items():
        sums[item_id].append(hours)
    for item_id, all_hours in sums.items():
        found[item_id] = (_round(Decimal(sum(all_hours)) / len(all_hours)), SOURCE_ROUTE)
    # A knowledge test alone: its time limit.
    for item_id, minutes in KnowledgeTest.objects.filter(
        organisation=organisation,
        is_active=True,
        item_id__in=item_ids - set(found),
        time_limit_minutes__isnull=False,
    ).values_list("item_id", "time_limit_minutes"):
        test_hours = _round(Decimal(minutes or 0) / 60)
        if item_id not in found or test_hours > found[item_id][0]:
            found[item_id] = (test_hours, SOURCE_TEST)
    return found


def _requirement(item: CompetenceItem, hours: tuple[Decimal, str] | None) -> Requirement:
    rank, risk = risk_of(item)
    renewals = _round(Decimal(12) / item.validity_months) if item.validity_months else Decimal(0)
    performances = (
        _round(Decimal(item.recency_count * 12) / item.recency_months)
        if item.recency_count and item.recency_months
        else None
    )
    return Requirement(
        item=item,
        risk_rank=rank,
        risk=risk,
        renewals_per_year=renewals,
        hours_per_renewal=hours[0] if hours else None,
        hours_source=hours[1] if hours else "",
        performances_per_year=performances,
    )


def learning_load(
    organisation: Organisation,
    memberships: MembershipQuerySet,
    *,
    on: datetime.date | None = None,
) -> LearningLoad:
    """The learning load of ``memberships`` (already limited to whom the caller may see)."""
    on = on or timezone.localdate()
    active = memberships.active(on)
    people = active.values_list(
        "pk",
        "user_id",
        "user__full_name",
        "job_function_id",
        "job_function__name",
        "primary_department_id",
        "primary_department__name",
    )
    items_of: dict[int, list[int]] = defaultdict(list)
    for membership_id, item_id in PassportLine.objects.filter(
        organisation=organisation,
        membership_id__in=active.values("pk"),
        level=RequirementLevel.REQUIRED,
    ).values_list("membership_id", "item_id"):
        items_of[membership_id].append(item_id)
    item_ids = {i for ids in items_of.values() for i in ids}
    items = {i.pk: i for i in CompetenceItem.objects.filter(pk__in=item_ids)}
    hours = _hours_per_renewal(organisation, item_ids)
    requirements = {pk: _requirement(item, hours.get(pk)) for pk, item in items.items()}
    for item_id, profile_name in (
        ProfileItem.objects.filter(
            profile__organisation=organisation,
            profile__is_active=True,
            level=RequirementLevel.REQUIRED,
            item_id__in=item_ids,
        )
        .order_by("profile__name")
        .values_list("item_id", "profile__name")
    ):
        requirements[item_id].profiles.append(profile_name)

    # People without a function or department are a group of their own, said in words.
    no_function, no_department = _("geen functie"), _("geen afdeling")
    person_rows = []
    functions: dict[int | None, GroupLoad] = {}
    departments: dict[int | None, GroupLoad] = {}
    yearly = {pk: r.hours_per_year for pk, r in requirements.items()}
    for pk, user_id, name, function_id, function, department_id, department in people:
        ids = [i for i in items_of.get(pk, []) if i in requirements]
        for i in ids:
            requirements[i].people += 1
        total = sum((yearly[i] for i in ids), Decimal(0))
        person_rows.append(
            PersonLoad(pk, user_id, name, function or "", department or "", ids, total)
        )
        for groups, key, group_name, none in (
            (functions, function_id, function, no_function),
            (departments, department_id, department, no_department),
        ):
            group = groups.setdefault(key, GroupLoad(group_name or none))
            group.people += 1
            group.hours_per_year += total
    return LearningLoad(
        on=on,
        requirements=sorted(
            requirements.values(),
            key=lambda r: (not r.piles_up, -r.total_hours_per_year, r.item.name),
        ),
        people=sorted(person_rows, key=lambda p: (-p.hours_per_year, p.name, p.membership_id)),
        functions=sorted(functions.values(), key=lambda g: (-g.hours_per_person, g.name)),
        departments=sorted(departments.values(), key=lambda g: (-g.hours_per_person, g.name)),
    )


PEOPLE_PER_PAGE = 100


def learning_load_read(
    organisation: Organisation,
    memberships: MembershipQuerySet,
    *,
    context: AuditContext,
    page: str | int | None = None,
) -> LearningLoad:
    """The learning load as a coordinator reads it (page or API): it names people next to the
    hours their requirements cost them, so the read of everyone listed is audited. With
    ``page`` (the screen) one page of people is listed, the most hours first; else everyone."""
    result = learning_load(organisation, memberships)
    if page is None:
        result.listed = result.people
    else:
        result.people_page = Paginator(result.people, PEOPLE_PER_PAGE).get_page(page)
        result.listed = list(result.people_page.object_list)
    record_many(
        "learning.load.viewed",
        kind="view",
        context=context,
        organisation=organisation,
        subjects=result.listed,
    )
    return result
