"""A completed learning route as an Open Badges credential (both forms, see
docs/credentials.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.audit.context import AuditContext
from zorgwijs.competences.credentials.issuing import (
    Award,
    Target,
    achievement_urn,
    learning_award_issue,
)
from zorgwijs.competences.credentials.models import LEARNING_PROGRAM, IssuedCredential

from ..models import Blueprint, Level, Outcome, Route, RouteState, RouteStep

if TYPE_CHECKING:
    from zorgwijs.accounts.models import User

# Open Badges alignment types (extensions, ``ext:``) of the blueprint a route followed and of
# the network template it was adopted from.
BLUEPRINT, BLUEPRINT_TEMPLATE = "ext:Blueprint", "ext:BlueprintTemplate"


def origin(blueprint: Blueprint) -> Blueprint:
    """The blueprint whose outcomes an outcome is shared as: the network template an adoption
    came from, else the blueprint itself."""
    return blueprint.adopted_from or blueprint


def outcome_url(blueprint: Blueprint, code: str) -> str:
    """An outcome as every adopter of one network template names it, whatever version."""
    return achievement_urn(f"blueprint/{origin(blueprint).lineage}/outcome/{code}")


def _targets(route: Route) -> tuple[Target, ...]:
    """The blueprint (and its network template) and every outcome a done step of the route
    covered, with the level the blueprint required of it; the route's steps and people stay
    out."""
    blueprint = route.blueprint
    framework = f"{blueprint.name} (v{blueprint.version})"
    targets = [
        Target(
            name=blueprint.name,
            url=achievement_urn(f"blueprint/{blueprint.lineage}/v{blueprint.version}"),
            type=BLUEPRINT,
            code=f"v{blueprint.version}",
            framework=route.organisation.name,
        )
    ]
    template = blueprint.adopted_from
    if template is not None:
        targets.append(
            Target(
                name=template.name,
                url=achievement_urn(f"blueprint/{template.lineage}"),
                type=BLUEPRINT_TEMPLATE,
                framework=template.network.name if template.network else "",
            )
        )
    done = RouteStep.objects.filter(route=route, done_on__isnull=False).values("outcomes")
    outcomes = Outcome.objects.filter(blueprint=blueprint, pk__in=done).select_related("process")
    targets += [
        Target(
            name=outcome.title,
            url=outcome_url(blueprint, outcome.code),
            code=outcome.code,
            framework=framework,
            description=str(outcome.process),
            level=outcome.level,
            level_name=str(Level(outcome.level).label),
        )
        for outcome in outcomes
    ]
    return tuple(targets)


def route_award(route: Route) -> Award:
    """The route completed: the achievement is the blueprint's target role, with the route's
    start and completion as the activity dates, aligned to its blueprint and the outcomes it
    covered (each with its level as a result)."""
    blueprint = route.blueprint
    completed_on = timezone.localdate(route.completed_at) if route.completed_at else None
    end = completed_on or timezone.localdate()
    return Award(
        achievement_id=achievement_urn(f"blueprint/{blueprint.lineage}/target-role"),
        achievement_type=LEARNING_PROGRAM,
        name=blueprint.target_role,
        description=blueprint.description or blueprint.name,
        criteria=_(
            "Leerroute naar %(role)s bij %(org)s afgerond volgens de blauwdruk %(blueprint)s "
            "(versie %(version)s)."
        )
        % {
            "role": blueprint.target_role,
            "org": route.organisation.name,
            "blueprint": blueprint.name,
            "version": blueprint.version,
        },
        person_name=route.membership.user.full_name,
        valid_from=end,
        evidence=((_("Leerroute"), f"{route.name}: {route.start_date.isoformat()} – {end}"),),
        activity_start=route.start_date,
        activity_end=end,
        targets=_targets(route),
    )


@transaction.atomic
def route_credential(
    *, actor: User, route: Route, context: AuditContext | None = None
) -> IssuedCredential:
    """The learner's credential for his completed route: made once, then the same one again
    (unless revoked, when a new one is made)."""
    route = (
        Route.objects.select_for_update(of=("self",))
        .select_related("blueprint__adopted_from__network", "membership__user", "organisation")
        .get(pk=route.pk)
    )
    if route.state != RouteState.COMPLETED:
        raise ValidationError(_("Alleen een afgeronde leerroute kan als bewijs worden gedeeld."))
    return learning_award_issue(
        actor=actor,
        organisation=route.organisation,
        person=route.membership.user,
        award=lambda: route_award(route),
        achieved={"route": route},
        action="learning.credential.issued",
        data={"route": route.name},
        context=context,
    )
