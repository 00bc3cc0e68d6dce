"""Reads of the monitor: an organisation's own submissions and figures, a network's releases
(published cells only), and the vindplaats projects on each indicator's theme."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.networks.models import Action, NetworkRole, RoleKind, Topic
from zorgwijs.organisations.capabilities import roles_with
from zorgwijs.organisations.models import (
    Membership,
    Network,
    NetworkMembership,
    Organisation,
    RoleAssignment,
)
from zorgwijs.organisations.visibility import Viewer
from zorgwijs.projects.models import Project

from . import disclosure
from .indicators import FAMILIES, FIGURE_FIELDS, Family, atom_values
from .models import (
    FigureRow,
    IndicatorLink,
    MonitorSettings,
    PeriodKind,
    Release,
    Submission,
    SubmissionStatus,
    period_display,
)
from .periods import quarter_of
from .quarters import quarter_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zorgwijs.accounts.models import User


def submissions_of(organisation: Organisation) -> QuerySet[Submission]:
    return Submission.objects.filter(organisation=organisation).select_related(
        "created_by", "confirmed_by"
    )


def get_submission(organisation: Organisation, submission_id: int) -> Submission:
    found = submissions_of(organisation).filter(pk=submission_id).first()
    if found is None:
        raise Http404
    return found


def networks_of(organisation: Organisation) -> QuerySet[Network]:
    return Network.objects.filter(memberships__organisation=organisation).order_by("name")


def get_network_for_member(
    organisation: Organisation, network_slug: str, user: User | None = None
) -> Network:
    """A network the organisation belongs to; 404 for any other (existing or not). With its
    rules, and ``coordinated``: whether ``user`` coordinates it for the monitor: one of its
    member organisations' contact persons, or a network coordinator (networks' role)."""
    user_id: int = getattr(user, "pk", None) or 0  # 0: nobody
    found = (
        networks_of(organisation)
        .filter(slug=network_slug)
        .select_related("monitor_settings")
        .annotate(
            coordinated=Exists(
                NetworkMembership.objects.filter(network=OuterRef("pk"), contact_person_id=user_id)
            )
            | Exists(
                NetworkRole.objects.filter(
                    network=OuterRef("pk"), user_id=user_id, role=RoleKind.COORDINATOR
                )
            )
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def network_export_open(
    organisation: Organisation, network_slug: str, *, fmt: str, context: AuditContext
) -> Network:
    """The network whose published figures are about to be exported (CSV, XLSX, the annual
    report): looked up as for a member, and the export recorded."""
    network = get_network_for_member(organisation, network_slug)
    record(
        "monitor.network.exported",
        kind="export",
        context=context,
        organisation=organisation,
        data={"network": network.slug, "format": fmt},
    )
    return network


def network_aggregates_open(
    organisation: Organisation, network_slug: str, *, period: str, context: AuditContext
) -> Network:
    """The network whose published figures the API is about to return, the read recorded."""
    network = get_network_for_member(organisation, network_slug)
    record(
        "monitor.aggregates.read",
        kind="view",
        context=context,
        organisation=organisation,
        data={"network": network.slug, "period": period},
    )
    return network


def monitor_settings(network: Network) -> MonitorSettings:
    """The network's rules (the defaults until a coordinator changes them)."""
    try:
        return network.monitor_settings
    except MonitorSettings.DoesNotExist:
        return MonitorSettings(network=network)


@dataclass
class Series:
    """One line of a table: a label and a value (or None: suppressed) per quarter."""

    label: str
    values: list[float | None]
    key: str = ""
    hidden: list[bool] = field(default_factory=list)  # suppressed (not: absent) per quarter

    @property
    def cells(self) -> list[tuple[float | None, bool]]:
        hidden = self.hidden or [False] * len(self.values)
        return list(zip(self.values, hidden, strict=True))


@dataclass
class FamilyView:
    family: Family
    region: list[Series] = field(default_factory=list)  # the total and its parts
    sectors: list[Series] = field(default_factory=list)
    groups: list[Series] = field(default_factory=list)
    own: list[Series] = field(default_factory=list)  # the organisation against the region
    projects: list[Project] = field(default_factory=list)


@dataclass
class Monitor:
    network: Network
    quarters: list[datetime.date]
    labels: list[str]
    families: list[FamilyView]
    pending: int
    suppressed: int
    published: int
    by_month: bool = False
    has_months: bool = False  # some quarter has published months


def releases_of(network: Network, since: datetime.date | None = None) -> list[Release]:
    qs = (
        Release.objects.filter(network=network)
        .defer("snapshot", "month_snapshot")
        .order_by("quarter")
    )
    if since is not None:
        qs = qs.filter(quarter__gte=since)
    return list(qs)


def published_cells(
    releases: list[Release],
) -> dict[datetime.date, dict[tuple, disclosure.Published]]:
    return {
        r.quarter: {tuple(item[:4]): disclosure.Published.from_list(item) for item in r.cells}
        for r in releases
    }


def shows_a_figure(cells: Collection[Collection]) -> bool:
    """Whether a release's cells (or a month's) show at least one figure: a cell not
    suppressed (disclosure.Published.as_list: the value is the fifth item)."""
    return any(list(item)[4] is not None for item in cells)


def release_shows_a_figure(release: Release) -> bool:
    """Whether a release shows at least one figure, in its quarter or one of its months."""
    return shows_a_figure(release.cells) or any(
        shows_a_figure(cells) for cells in release.months.values()
    )


def years_with_figures(releases: list[Release]) -> list[int]:
    """The years of ``releases`` that show at least one figure, in a quarter or one of its
    months, newest first: those an annual report is offered for (a year of releases whose every
    cell is suppressed would be a report of x's only)."""
    years: set[int] = set()
    for release in releases:
        year = release.quarter.year
        if year not in years and release_shows_a_figure(release):
            years.add(year)
    return sorted(years, reverse=True)


def published_month_cells(
    releases: list[Release],
) -> dict[datetime.date, dict[tuple, disclosure.Published]]:
    """The published cells of every month that has them (quarters delivered by month)."""
    return {
        datetime.date.fromisoformat(month): {
            tuple(item[:4]): disclosure.Published.from_list(item) for item in cells
        }
        for r in releases
        for month, cells in sorted(r.months.items())
    }


def own_quarter_figures(
    organisation: Organisation, quarters: list[datetime.date], *, by_month: bool = False
) -> dict[datetime.date, dict[str, float]]:
    """The organisation's own exact figures per quarter, or per month (``by_month``: only the
    months it delivered as months), only ever shown to itself."""
    if not quarters:
        return {}
    submissions = list(
        Submission.objects.filter(
            organisation=organisation,
            status=SubmissionStatus.SHARED,
            period_start__gte=quarter_of(quarters[0]),
        )
    )
    rows: dict[int, list[FigureRow]] = defaultdict(list)
    for row in FigureRow.objects.filter(submission__in=[s.pk for s in submissions]):
        rows[row.submission_id].append(row)
    per_period: dict[tuple[int, datetime.date], list[dict]]
    if by_month:
        per_period = {
            (s.organisation_id, s.period_start): [_row_values(r) for r in rows.get(s.pk, [])]
            for s in submissions
            if s.period_kind == PeriodKind.MONTH
        }
    else:
        per_period = quarter_rows(submissions, rows)
    out: dict[datetime.date, dict[str, float]] = {}
    for (_org, period), found in per_period.items():
        totals: dict[str, float] = defaultdict(float)
        for values in found:
            for name, value in atom_values(values).items():
                totals[name] += value
        out[period] = dict(totals)
    return out


def _row_values(row: FigureRow) -> dict[str, float]:
    return {name: float(getattr(row, name)) for name in FIGURE_FIELDS}


def _own_value(family: Family, totals: dict[str, float] | None, part: str = "") -> float | None:
    if totals is None:
        return None
    if family.kind == "ratio":
        return round(100 * totals["absence_fte"] / totals["fte"], 1) if totals.get("fte") else None
    if part:
        return round(totals[part], 1)
    return round(sum(totals[p] for p in family.parts), 1)


def monitor_for(
    network: Network,
    organisation: Organisation,
    *,
    viewer: Viewer,
    since: datetime.date | None = None,
    with_projects: bool = True,
    releases: list[Release] | None = None,
    by_month: bool = False,
) -> Monitor:
    """Everything the monitor page shows, in a fixed number of queries whatever the size of
    the network: the releases, the organisation's own figures, the projects per theme."""
    from .indicators import PART_LABELS, FunctionGroup, Sector

    if releases is None:
        releases = releases_of(network, since)
    has_months = any(r.months for r in releases)
    by_month = by_month and has_months
    cells = published_month_cells(releases) if by_month else published_cells(releases)
    quarters = sorted(cells)
    own = own_quarter_figures(organisation, quarters, by_month=by_month)
    sector_labels = dict(Sector.choices)
    group_labels = {**dict(FunctionGroup.choices), disclosure.NO_GROUP: _("Niet opgegeven")}
    projects_by_theme: dict[str, list[Project]] = defaultdict(list)
    if with_projects:
        themes = {f.theme for f in FAMILIES}
        found = (
            Project.objects.visible_to(viewer)
            .filter(themes__slug__in=themes)
            .select_related("organisation")
            .prefetch_related("themes")
            .order_by("-updated_at")
            .distinct()[:60]
        )
        for project in found:
            for theme in project.themes.all():
                if theme.slug in themes and len(projects_by_theme[theme.slug]) < 3:
                    projects_by_theme[theme.slug].append(project)
    views: list[FamilyView] = []
    suppressed = published = 0
    for family in FAMILIES:
        view = FamilyView(family=family, projects=projects_by_theme.get(family.theme, []))

        def series(
            dimension: str, member: str, part: str, label: str, family: Family = family
        ) -> Series:
            values: list[float | None] = []
            hidden: list[bool] = []
            for q in quarters:
                cell = cells[q].get((family.key, dimension, member, part))
                values.append(cell.value if cell else None)
                hidden.append(cell is not None and cell.value is None)
            return Series(
                label=label, values=values, key=f"{dimension}:{member}:{part}", hidden=hidden
            )

        view.region.append(series(disclosure.TOTAL, "", "", str(family.label)))
        if len(family.parts) > 1:
            for part in family.parts:
                view.region.append(series(disclosure.TOTAL, "", part, str(PART_LABELS[part])))
        members = sorted(
            {
                k[2]
                for q in quarters
                for k in cells[q]
                if k[0] == family.key and k[1] == disclosure.SECTOR
            }
        )
        for member in members:
            view.sectors.append(
                series(disclosure.SECTOR, member, "", str(sector_labels.get(member, member)))
            )
        groups = sorted(
            {
                k[2]
                for q in quarters
                for k in cells[q]
                if k[0] == family.key and k[1] == disclosure.GROUP
            }
        )
        for member in groups:
            view.groups.append(
                series(disclosure.GROUP, member, "", str(group_labels.get(member, member)))
            )
        view.own.append(
            Series(
                label=str(organisation),
                values=[_own_value(family, own.get(q)) for q in quarters],
                key="own",
            )
        )
        view.own.append(
            Series(
                label="region",
                values=view.region[0].values,
                key="region",
                hidden=view.region[0].hidden,
            )
        )
        for line in view.region + view.sectors + view.groups:
            suppressed += sum(line.hidden)
            published += sum(1 for v in line.values if v is not None)
        views.append(view)
    return Monitor(
        network=network,
        quarters=quarters,
        labels=[
            period_display(PeriodKind.MONTH if by_month else PeriodKind.QUARTER, q)
            for q in quarters
        ],
        families=views,
        pending=sum(r.pending for r in releases),
        suppressed=suppressed,
        published=published,
        by_month=by_month,
        has_months=has_months,
    )


@dataclass
class Table:
    """Series as a table with a row per quarter (readable on a phone, however many years) and a
    column per series; each cell is (value, hidden)."""

    columns: list[str]
    rows: list[tuple[str, list[tuple[float | None, bool]]]]


def as_table(labels: list[str], series: list[Series]) -> Table:
    columns = [s.label for s in series]
    cells = [s.cells for s in series]
    rows = [(label, [column[i] for column in cells]) for i, label in enumerate(labels)]
    return Table(columns=columns, rows=rows)


def latest_quarter(today: datetime.date) -> datetime.date:
    return quarter_of(today)


# Links between indicators and the network's topics and actions


@dataclass
class TopicLink:
    """A topic that addresses an indicator, with the actions of it that do (none: the whole
    topic)."""

    topic: Topic
    actions: list[Action]


def links_of(network: Network) -> dict[str, list[TopicLink]]:
    """Per indicator key the topics (and their actions) that address it: two queries."""
    found = (
        IndicatorLink.objects.filter(network=network)
        .select_related("topic")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))
        .order_by("indicator", "topic__number")
    )
    out: dict[str, list[TopicLink]] = defaultdict(list)
    for link in found:
        out[link.indicator].append(TopicLink(topic=link.topic, actions=list(link.actions.all())))
    return dict(out)


def links_for_indicator(network: Network, key: str) -> list[TopicLink]:
    """The topics and actions that address one indicator, in one query (the monitor page)."""
    rows = (
        IndicatorLink.objects.filter(network=network, indicator=key)
        .order_by("topic__number", "actions__position", "actions__pk")
        .values_list(
            "topic__pk",
            "topic__number",
            "topic__title",
            "actions__pk",
            "actions__title",
            "actions__status",
        )
    )
    out: dict[int, TopicLink] = {}
    for topic_pk, number, title, action_pk, action_title, status in rows:
        link = out.setdefault(
            topic_pk,
            TopicLink(topic=Topic(pk=topic_pk, number=number, title=title), actions=[]),
        )
        if action_pk is not None:
            link.actions.append(Action(pk=action_pk, title=action_title, status=status))
    return list(out.values())


def topics_of(network: Network) -> list[Topic]:
    """The network's topics with their actions (read only; the networks app keeps them)."""
    return list(
        Topic.objects.filter(network=network).prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("position", "pk"))
        )
    )


def get_topic_of_network(network: Network, topic_id: int) -> Topic:
    found = (
        Topic.objects.filter(network=network, pk=topic_id)
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("position", "pk")))
        .first()
    )
    if found is None:
        raise Http404
    return found


def indicators_of_topic(topic: Topic) -> dict[str, list[Action]]:
    """Per indicator key linked to ``topic``: the topic's actions linked with it."""
    found = IndicatorLink.objects.filter(topic=topic).prefetch_related("actions")
    return {link.indicator: list(link.actions.all()) for link in found}


def region_series(releases: list[Release], keys: list[str]) -> tuple[list[str], dict[str, Series]]:
    """The region's total per quarter for each indicator in ``keys``, from published cells only
    (a hidden cell stays hidden)."""
    cells = published_cells(releases)
    quarters = [r.quarter for r in releases]
    out: dict[str, Series] = {}
    for key in keys:
        family = next(f for f in FAMILIES if f.key == key)
        values: list[float | None] = []
        hidden: list[bool] = []
        for q in quarters:
            cell = cells[q].get((key, disclosure.TOTAL, "", ""))
            values.append(cell.value if cell else None)
            hidden.append(cell is not None and cell.value is None)
        out[key] = Series(label=str(family.label), values=values, key=key, hidden=hidden)
    return [period_display(PeriodKind.QUARTER, q) for q in quarters], out


@dataclass
class TopicIndicators:
    """Per topic of a network the monitor's indicators linked to it, and the organisation
    through which the person reads the monitor (the links on the network's home page lead
    into that organisation's monitor)."""

    org_slug: str
    by_topic: list[tuple[int, list[Family]]]


def topic_indicators_for(
    user: User | AnonymousUser, network: Network, organisation_ids: Collection[int]
) -> TopicIndicators | None:
    """For the network's home page: None unless ``user`` may read the monitor (``monitor.view``)
    at one of ``organisation_ids``, the member organisations it works at; the monitor is theirs
    alone. One query: the links, each with the first such organisation (none: no rows)."""
    if not organisation_ids or not getattr(user, "is_authenticated", False):
        return None
    with scopes_disabled():
        reader_at = (
            RoleAssignment.objects.filter(
                membership__in=Membership.objects.active().filter(
                    # Signed in (checked above), which the type checker cannot follow.
                    user=cast("User", user),
                    organisation_id__in=list(organisation_ids),
                ),
                role__in=roles_with("monitor.view"),
            )
            .order_by("organisation__name", "organisation_id")
            .values("organisation__slug")[:1]
        )
        rows = list(
            IndicatorLink.objects.filter(network=network)
            .annotate(reader_at=Subquery(reader_at))
            .filter(reader_at__isnull=False)
            .values_list("topic_id", "indicator", "reader_at")
        )
    if not rows:
        return None
    by_topic: dict[int, set[str]] = defaultdict(set)
    for topic_id, key, _slug in rows:
        by_topic[topic_id].add(key)
    return TopicIndicators(
        org_slug=rows[0][2],
        by_topic=[
            (topic_id, [f for f in FAMILIES if f.key in keys])
            for topic_id, keys in by_topic.items()
        ],
    )
