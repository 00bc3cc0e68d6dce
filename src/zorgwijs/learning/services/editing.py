"""The coordinator edits a route's steps: add one, remove one, move one up or down. A draft
and an active route may change; a completed one does not. Due dates are computed from the
order and hours (``schedule.py``), so every change moves the later dates with their reasons.

Refused, with nothing changed: removing a step that is done (what was achieved stays on the
route) or one with the learner's reflections or feedback on it, and a move that would put a
step before one of its own prerequisites (or a step that waits for it before it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext

from ..models import GUIDED_KINDS, Route, RouteState, RouteStep, StepKind
from .routes import _audit, _changeable, _complete_if_finished

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

# What the coordinator may add by hand: a step that proves a passport item comes from the
# blueprint (its evidence completes it); these are signed off or marked done in the route.
ADDABLE_KINDS = (
    StepKind.ELEARNING,
    StepKind.CLASSROOM,
    StepKind.INTERNSHIP,
    StepKind.KNOWLEDGE_TEST,
    StepKind.PRACTICAL,
)


def _locked(route: Route) -> Route:
    route = (
        Route.objects.select_for_update(of=("self",))
        .select_related("membership__user", "organisation")
        .get(pk=route.pk)
    )
    _changeable(route)
    return route


def _renumber(route: Route) -> None:
    steps = list(RouteStep.objects.filter(route=route).order_by("position", "id"))
    changed = []
    for index, step in enumerate(steps, start=1):
        if step.position != index:
            step.position = index
            changed.append(step)
    RouteStep.objects.bulk_update(changed, ["position"])


@transaction.atomic
def step_add(
    *,
    actor: User,
    route: Route,
    kind: str,
    title: str,
    hours: int,
    prerequisites: list[RouteStep] | None = None,
    description: str = "",
    context: AuditContext | None = None,
) -> RouteStep:
    """A step at the end of the route, after ``prerequisites`` (steps of the same route)."""
    route = _locked(route)
    prerequisites = list(prerequisites or [])
    errors: dict[str, str] = {}
    if kind not in ADDABLE_KINDS:
        errors["kind"] = _("Kies een soort stap.")
    if not title.strip():
        errors["title"] = _("Geef de stap een titel.")
    if hours < 1:
        errors["hours"] = _("Een stap kost minstens één uur.")
    if any(p.route_id != route.pk for p in prerequisites):
        errors["prerequisites"] = _("Kies stappen van deze route.")
    if kind in GUIDED_KINDS and route.mentor_id is None:
        errors["kind"] = _(
            "Deze route heeft geen werkbegeleider; geef die eerst, of kies een module of toets."
        )
    if errors:
        raise ValidationError(errors)
    last = RouteStep.objects.filter(route=route).aggregate(last=models.Max("position"))["last"]
    step = RouteStep.objects.create(
        organisation_id=route.organisation_id,
        route=route,
        position=(last or 0) + 1,
        kind=kind,
        title=title.strip()[:200],
        description=description.strip(),
        hours=hours,
        department_id=route.membership.primary_department_id if kind in GUIDED_KINDS else None,
    )
    step.prerequisites.set(prerequisites)
    _audit(
        "step_added",
        actor=actor,
        route=route,
        context=context,
        obj=step,
        step=step.title,
        hours=hours,
        after=[p.title for p in prerequisites],
    )
    return step


@transaction.atomic
def step_remove(*, actor: User, step: RouteStep, context: AuditContext | None = None) -> None:
    """Take an open step out. Steps that waited for it now wait for what it waited for, so the
    order of the rest stays as it was."""
    route = _locked(step.route)
    step = RouteStep.objects.get(pk=step.pk)
    if step.is_done:
        raise ValidationError(
            _("“%(step)s” is al afgerond; wat bereikt is blijft in de route.")
            % {"step": step.title}
        )
    if step.notes.exists():
        raise ValidationError(
            _(
                "Bij “%(step)s” staan reflecties of feedback; die blijven bewaard, dus de stap "
                "blijft. Zet de uren lager of geef hem een vaste deadline."
            )
            % {"step": step.title}
        )
    if not route.steps.exclude(pk=step.pk).exists():
        raise ValidationError(_("Een route houdt minstens één stap."))
    before = list(step.prerequisites.all())
    for waiting in RouteStep.objects.filter(route=route, prerequisites=step):
        waiting.prerequisites.remove(step)
        waiting.prerequisites.add(*before)
    title = step.title
    _audit("step_removed", actor=actor, route=route, context=context, step=title)
    step.delete()
    _renumber(route)
    if route.state == RouteState.ACTIVE:
        _complete_if_finished(route)


@transaction.atomic
def step_move(
    *, actor: User, step: RouteStep, direction: str, context: AuditContext | None = None
) -> RouteStep:
    """Swap ``step`` with its neighbour above (``up``) or below (``down``)."""
    route = _locked(step.route)
    _renumber(route)
    step = RouteStep.objects.get(pk=step.pk)
    if direction not in ("up", "down"):
        raise ValidationError(_("Kies omhoog of omlaag."))
    neighbour = RouteStep.objects.filter(
        route=route,
        position=step.position - 1 if direction == "up" else step.position + 1,
    ).first()
    if neighbour is None:
        raise ValidationError(
            _("“%(step)s” staat al bovenaan.") % {"step": step.title}
            if direction == "up"
            else _("“%(step)s” staat al onderaan.") % {"step": step.title}
        )
    first, second = (neighbour, step) if direction == "up" else (step, neighbour)
    # After the swap ``second`` comes before ``first``: refused when it waits for it.
    if second.prerequisites.filter(pk=first.pk).exists():
        raise ValidationError(
            _("“%(later)s” kan niet vóór “%(earlier)s”: het wacht op die stap.")
            % {"later": second.title, "earlier": first.title}
        )
    step.position, neighbour.position = neighbour.position, step.position
    RouteStep.objects.bulk_update([step, neighbour], ["position"])
    _audit(
        "step_moved",
        actor=actor,
        route=route,
        context=context,
        obj=step,
        step=step.title,
        direction=direction,
        position=step.position,
    )
    return step
