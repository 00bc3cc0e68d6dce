"""The learning loop: link a measure of an incident analysis to what it changed, and read the
chain back from each end (docs/scenarios.md, "The learning loop").

Reporters stay out of every link: a chain shows the organisation, the measure (to the triage
roles of that organisation only), the incident's number (idem) and the lessons the viewer may
read. Nothing here reads ``Incident.reporter``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from zorgwijs.assessments.models import KnowledgeTest
from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record
from zorgwijs.competences.models import CompetenceItem, RequirementProfile
from zorgwijs.core.data_cache import held_locally
from zorgwijs.incidents.models import Incident, IncidentMeasure, Lesson
from zorgwijs.knowledge.models import Page
from zorgwijs.learning.models import Route, RouteStep
from zorgwijs.organisations.access import OrgAccess
from zorgwijs.organisations.capabilities import capabilities_for
from zorgwijs.organisations.models import Network, RoleAssignment
from zorgwijs.organisations.visibility import viewer_for

from .models import LoopLink, LoopTarget, Scenario

# Before/after window for "does the same kind of incident still occur".
WINDOW_DAYS = 180
LINK_RELATED = (
    "measure__incident",
    "organisation",
    "revision__page__space",
    "scenario_version__scenario",
    "item",
    "profile",
    "test",
    "step",
)


# --- What a coordinator may link to ------------------------------------------------------------


def linkable(access: OrgAccess) -> dict[str, object]:
    """Per kind, the things the actor may read and link a measure to."""
    user = access.membership.user
    organisation = access.organisation
    viewer = viewer_for(user)
    networks = Network.objects.filter(memberships__organisation=organisation)
    return {
        "page": Page.objects.visible_to(viewer)
        .filter(current_revision__isnull=False)
        .select_related("space")
        .order_by("title", "pk"),
        "scenario": Scenario.objects.visible_to(viewer).order_by("title", "pk"),
        "item": CompetenceItem.objects.filter(
            Q(organisation=organisation) | Q(network__in=networks), is_active=True
        ).order_by("name", "pk"),
        "profile": RequirementProfile.objects.filter(organisation=organisation).order_by(
            "name", "pk"
        ),
        "test": KnowledgeTest.objects.filter(organisation=organisation).order_by("title", "pk"),
        # Routes are people's learning: only who follows every route of the organisation
        # (learning.progress) links a step of one.
        "step": (
            RouteStep.objects.filter(organisation=organisation)
            if access.can("learning.progress")
            else RouteStep.objects.none()
        )
        .select_related("route")
        .order_by("route__name", "position", "pk"),
    }


@transaction.atomic
def loop_link_add(
    *,
    access: OrgAccess,
    measure: IncidentMeasure,
    kind: str,
    target,
    note: str = "",
    context: AuditContext | None = None,
) -> LoopLink:
    """Link ``measure`` to ``target`` (a Page, Scenario, CompetenceItem, RequirementProfile,
    KnowledgeTest or learning RouteStep). A page links its current revision, a scenario its
    newest version. Refused at the field: a measure of another organisation, a kind without its
    target, and a target the actor may not read."""
    if measure.organisation_id != access.organisation.pk:
        raise ValidationError({"measure": _("Kies een maatregel van je eigen organisatie.")})
    if kind not in LoopTarget.values:
        raise ValidationError({"kind": _("Kies wat de maatregel veranderde.")})
    if target is None:
        raise ValidationError({kind: _("Kies waar de maatregel toe leidde.")})
    allowed = linkable(access)[kind]
    if not allowed.filter(pk=target.pk).exists():  # type: ignore[attr-defined]
        raise ValidationError({kind: _("Dit kun je niet lezen; kies iets anders.")})
    fields: dict[str, object] = {}
    if kind == LoopTarget.PAGE:
        fields["revision"] = target.current_revision
    elif kind == LoopTarget.SCENARIO:
        fields["scenario_version"] = target.versions.get(number=target.version_number)
    else:
        fields[kind] = target
    link = LoopLink.objects.create(
        organisation=access.organisation,
        measure=measure,
        kind=kind,
        note=note.strip(),
        created_by=access.membership.user,
        **fields,
    )
    record(
        "scenarios.loop.linked",
        kind="change",
        actor=access.membership.user,
        organisation=access.organisation,
        obj=link,
        context=context,
        data={"measure": measure.pk, "incident": measure.incident_id, "kind": kind},
    )
    return link


# --- The chain, read from each end --------------------------------------------------------------


@dataclass
class ChainEntry:
    """One link as a viewer may see it."""

    link: LoopLink
    organisation: str
    target_label: str
    target_url: str
    lessons: list[Lesson] = field(default_factory=list)
    # Only for the triage roles of the link's organisation:
    measure: IncidentMeasure | None = None
    incident_id: int | None = None
    incident_url: str = ""


def _target(link: LoopLink, viewer_org_ids: set[int]) -> tuple[str, str]:
    """What the link points at, named for the viewer: shared content by its title, an
    organisation's catalogue entries only to its members."""
    from django.urls import reverse

    if link.kind == LoopTarget.PAGE and link.revision:
        page = link.revision.page
        url = reverse(
            "knowledge:revision",
            kwargs={
                "space_slug": page.space.slug,
                "page_id": page.pk,
                "revision_id": link.revision.pk,
            },
        )
        return _("%(title)s, versie %(n)s") % {
            "title": link.revision.title,
            "n": link.revision.number,
        }, url
    if link.kind == LoopTarget.SCENARIO and link.scenario_version:
        version = link.scenario_version
        url = reverse(
            "scenarios:version",
            kwargs={"scenario_id": version.scenario_id, "version_number": version.number},
        )
        return _("%(title)s, versie %(n)s") % {
            "title": version.scenario.title,
            "n": version.number,
        }, url
    target = link.target
    if target is None:
        return "", ""
    if link.organisation_id in viewer_org_ids or getattr(target, "network_id", None):
        name = getattr(target, "name", None) or getattr(target, "title", "")
        return f"{LoopTarget(link.kind).label}: {name}", ""
    return str(LoopTarget(link.kind).label), ""


def _triage_org_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    with scopes_disabled():
        roles = RoleAssignment.objects.filter(
            membership__user=user, membership__in=_active_membership_ids(user)
        ).values_list("organisation_id", "role")
    return {org for org, role in roles if "incidents.triage" in capabilities_for({role})}


def _active_membership_ids(user):
    from zorgwijs.organisations.models import Membership

    return Membership.objects.active().filter(user=user).values("pk")


def chain(links_filter: Q, user, memberships=None, *, key: str) -> list[ChainEntry]:
    """The links matching ``links_filter`` as ``user`` may see them: one query when there are
    none, else at most six (the links' ids, the links, lessons, the viewer's organisations
    unless ``memberships`` — the request's active memberships — are given, the organisations
    sharing a network with them, and triage roles only when a link is of one of them),
    whatever their number.

    ``key`` names what ``links_filter`` selects ("page:12"): the links' ids are kept under
    that name for the data generation, so a page without links costs no query at all."""
    with scopes_disabled():
        # Most pages have no links: ask for their ids first, so such a page never builds the
        # many-table query that reads a link with everything it names.
        link_ids = held_locally(
            f"loop:links:{key}",
            lambda: list(LoopLink.objects.filter(links_filter).values_list("pk", flat=True)),
        )
        if not link_ids:
            return []
        links = list(LoopLink.objects.filter(pk__in=link_ids).select_related(*LINK_RELATED))
        viewer = viewer_for(user, memberships)
        org_ids = set(viewer.org_ids)
        incident_ids = {link.measure.incident_id for link in links}
        lessons: dict[int, list[Lesson]] = {}
        readable = Lesson.objects.visible_to(viewer).filter(incident_id__in=incident_ids)
        for lesson in readable.order_by("-published_at"):
            lessons.setdefault(lesson.incident_id, []).append(lesson)
    # Only the link's own organisation's triage roles see more: skip the query for others.
    own_links = org_ids & {link.organisation_id for link in links}
    triage = _triage_org_ids(user) & own_links if own_links else set()
    entries = []
    for link in links:
        label, url = _target(link, org_ids)
        entry = ChainEntry(
            link=link,
            organisation=link.organisation.name,
            target_label=label,
            target_url=url,
            lessons=lessons.get(link.measure.incident_id, []),
        )
        if link.organisation_id in triage:
            from django.urls import reverse

            entry.measure = link.measure
            entry.incident_id = link.measure.incident_id
            entry.incident_url = reverse(
                "incidents:detail",
                kwargs={
                    "org_slug": link.organisation.slug,
                    "incident_id": link.measure.incident_id,
                },
            )
        entries.append(entry)
    return entries


def chain_for_scenario(scenario: Scenario, user, memberships=None) -> list[ChainEntry]:
    return chain(
        Q(scenario_version__scenario=scenario), user, memberships, key=f"scenario:{scenario.pk}"
    )


def chain_for_page(page: Page, user, memberships=None) -> list[ChainEntry]:
    return chain(Q(revision__page=page), user, memberships, key=f"page:{page.pk}")


def chain_for_item(item: CompetenceItem, user, memberships=None) -> list[ChainEntry]:
    """Links to the item, to adoptions of it (a template) and to its template (an adoption)."""
    condition = Q(item=item) | Q(item__adopted_from=item)
    if item.adopted_from_id:
        condition |= Q(item_id=item.adopted_from_id)
    return chain(condition, user, memberships, key=f"item:{item.pk}")


def chain_for_step(step: RouteStep, user, memberships=None) -> list[ChainEntry]:
    """Links to a learning route step. Only the route's pages show it, to who may read them;
    the chain names the step, never the learner."""
    return chain(Q(step=step), user, memberships, key=f"step:{step.pk}")


def chain_for_route(route: Route, user, memberships=None) -> list[ChainEntry]:
    """Links to any step of a route, each named by its step: the same queries for any number."""
    return chain(Q(step__route=route), user, memberships, key=f"route:{route.pk}")


def chain_for_profile(profile: RequirementProfile, user, memberships=None) -> list[ChainEntry]:
    """Links to a requirement profile: the passport change a measure caused."""
    return chain(Q(profile=profile), user, memberships, key=f"profile:{profile.pk}")


def chain_for_test(test: KnowledgeTest, user, memberships=None) -> list[ChainEntry]:
    return chain(Q(test=test), user, memberships, key=f"test:{test.pk}")


def chain_for_incident(incident: Incident, user, memberships=None) -> list[ChainEntry]:
    return chain(Q(measure__incident=incident), user, memberships, key=f"incident:{incident.pk}")


# --- The coordinator's view of the loop ---------------------------------------------------------


@dataclass
class MeasureRow:
    measure: IncidentMeasure
    links: list[LoopLink]
    kind_label: str  # "device X" or "department Y": what "the same kind of incident" means
    before: int | None = None
    after: int | None = None
    after_days: int = 0


def loop_overview(access: OrgAccess, today: datetime.date | None = None) -> list[MeasureRow]:
    """Every measure of the organisation with its links, and for done ones the number of
    incidents of the same device (or else department) in the ``WINDOW_DAYS`` before it was done
    and since (at most as many days). Four queries whatever the number of measures."""
    today = today or timezone.localdate()
    organisation = access.organisation
    measures = list(
        IncidentMeasure.objects.filter(organisation=organisation)
        .select_related("incident__device", "incident__department", "owner__user")
        .order_by("done_on", "due_on", "pk")
    )
    links: dict[int, list[LoopLink]] = {}
    for link in LoopLink.objects.filter(organisation=organisation).select_related(*LINK_RELATED):
        links.setdefault(link.measure_id, []).append(link)
    rows = []
    devices, departments, earliest = set(), set(), today
    for measure in measures:
        incident = measure.incident
        if incident.device_id:
            label = incident.device.name  # type: ignore[union-attr]
            devices.add(incident.device_id)
        elif incident.department_id:
            label = incident.department.name  # type: ignore[union-attr]
            departments.add(incident.department_id)
        else:
            label = ""
        if measure.done_on:
            earliest = min(earliest, measure.done_on - datetime.timedelta(days=WINDOW_DAYS))
        rows.append(MeasureRow(measure, links.get(measure.pk, []), label))
    happened = list(
        Incident.objects.filter(organisation=organisation, occurred_at__date__gte=earliest)
        .filter(Q(device_id__in=devices) | Q(department_id__in=departments, device__isnull=True))
        .values_list("occurred_at", "device_id", "department_id")
    )
    for row in rows:
        done, incident = row.measure.done_on, row.measure.incident
        if done is None or not row.kind_label:
            continue
        row.after_days = min((today - done).days, WINDOW_DAYS)
        start = done - datetime.timedelta(days=WINDOW_DAYS)
        end = done + datetime.timedelta(days=row.after_days)

        def same(device_id, department_id, incident=incident) -> bool:
            if incident.device_id:
                return device_id == incident.device_id
            return device_id is None and department_id == incident.department_id

        days = [timezone.localtime(at).date() for at, dev, dep in happened if same(dev, dep)]
        row.before = sum(1 for d in days if start <= d < done)
        row.after = sum(1 for d in days if done <= d <= end)
    return rows
