"""The passport's next step for a requirement that is a step of the person's active route:
"Routestap openen".

Registered in ``LearningConfig.ready`` (``competences/next_steps.py``). The learner opens the
step on their own route; a coordinator or praktijkopleider reading someone's passport opens
that step on the route page. The open steps of the person's active routes are read once per
page, whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.next_steps import NextStep, StepContext
from zorgwijs.competences.selectors import PassportRow

from .models import RouteState, RouteStep


def _open_steps(context: StepContext) -> dict[int, tuple[int, int]]:
    """Item id -> (route id, step id) of the first open step on it (the step's item, or one
    of its outcomes')."""

    def load() -> dict[int, tuple[int, int]]:
        steps: dict[int, tuple[int, int]] = {}
        rows = (
            RouteStep.objects.filter(
                Q(item__isnull=False) | Q(outcomes__item__isnull=False),
                organisation_id=context.membership.organisation_id,
                route__membership=context.membership,
                route__state=RouteState.ACTIVE,
                done_on__isnull=True,
            )
            .order_by("position", "pk")
            .values_list("item_id", "outcomes__item_id", "route_id", "pk")
        )
        for item_id, outcome_item_id, route_id, step_id in rows:
            for item in (item_id, outcome_item_id):
                if item is not None:
                    steps.setdefault(item, (route_id, step_id))
        return steps

    return context.once("learning.steps", load)


def route_step(context: StepContext, row: PassportRow) -> NextStep | None:
    if context.own:
        if not context.access.can("learning.view_own"):
            return None
    elif not context.access.can("learning.progress"):
        return None
    found = _open_steps(context).get(row.line.item_id)
    if found is None:
        return None
    route_id, step_id = found
    slug = context.org_slug
    if context.own:
        url = reverse("learning:my_step", kwargs={"org_slug": slug, "step_id": step_id})
    else:
        url = (
            reverse("learning:route", kwargs={"org_slug": slug, "route_id": route_id})
            + f"#stap-{step_id}"
        )
    return NextStep(_("Routestap openen"), url)
