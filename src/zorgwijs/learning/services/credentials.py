"""A completed learning route as an Open Badges credential (both forms, see
docs/credentials.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.competences.credentials.issuing import (
    Award,
    achievement_urn,
    learning_award_issue,
)
from zorgwijs.competences.credentials.models import LEARNING_PROGRAM, IssuedCredential

from ..models import Route, RouteState


def route_award(route: Route) -> Award:
    """The route completed: the achievement is the blueprint's target role, with the route's
    start and completion as the activity dates."""
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
    )


@transaction.atomic
def route_credential(*, actor, route: Route, request=None) -> IssuedCredential:
    """The learner's credential for his completed route: made once, then the same one again
    (unless revoked, when a new one is made)."""
    route = (
        Route.objects.select_for_update(of=("self",))
        .select_related("blueprint", "membership__user", "organisation")
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
        request=request,
    )
