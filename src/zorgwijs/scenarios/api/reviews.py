"""Submitting a review through the API: the reviewer's scores on the stated criteria
(``ReviewCriterion``) and remarks, with ``services.review_submit`` like the scenario page.

Reached through the scenario (404 for one the caller may not read). Refused with 400 and a
message, nothing stored: a scenario that is not in review, a caller who is one of its authors
or works at the owning organisation, a caller who was not asked or already reviewed this
version, and remarks without text.
"""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Status

from zorgwijs.api.access import PERSONAL_OPERATION
from zorgwijs.api.schemas import MAX_ID, WRITE_ERRORS, InputSchema, describe, responses
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.visibility import Viewer, viewer_for

from ..models import Scenario, ScenarioStatus
from ..selectors import can_edit, open_assignment
from ..services import review_submit
from .authoring import MULTILINE_PATTERN
from .scenarios import ReviewOut, readable_scenario, review_out, router

# A score from 1 (onvoldoende) to 5 (uitstekend).
Score = Annotated[int, Field(ge=1, le=5)]


class ReviewScoresIn(InputSchema):
    """A score from 1 (onvoldoende) to 5 (uitstekend) on each criterion (``ReviewCriterion``)."""

    leerdoelen: Score = Field(description="Leerdoelen zijn helder en toetsbaar.")
    crm: Score = Field(description="CRM-vaardigheden komen echt aan bod.")
    realisme: Score = Field(description="De casus is realistisch.")
    uitvoerbaar: Score = Field(description="Uitvoerbaar met de genoemde middelen.")
    debriefing: Score = Field(description="De debriefing sluit aan op de leerdoelen.")


class ReviewIn(InputSchema):
    scenario_id: int = Field(..., ge=1, le=MAX_ID)
    scores: ReviewScoresIn
    remarks: str = Field(
        ...,
        max_length=20_000,
        pattern=MULTILINE_PATTERN,
        description="Wat de auteurs kunnen verbeteren (verplicht).",
    )
    recommends_publication: bool = Field(
        True, description="Of je aanraadt deze versie te publiceren."
    )


def _refusal(viewer: Viewer, scenario: Scenario) -> str:
    """Why ``viewer`` has no review to submit on ``scenario``: the scenario page's refusals,
    each in its own words."""
    if scenario.status != ScenarioStatus.IN_REVIEW:
        return _("Dit scenario is niet (meer) in review.")
    authors = set(scenario.versions.exclude(author=None).values_list("author_id", flat=True))
    if viewer.user_id in authors or viewer.user_id == scenario.created_by_id:
        return _("Een auteur kan het eigen scenario niet beoordelen.")
    if can_edit(viewer, scenario):
        return _(
            "Je werkt bij de organisatie van de auteurs: een review komt van iemand van een "
            "andere organisatie."
        )
    rounds = scenario.assignments.order_by("-version__number")
    newest = rounds.values_list("version_id", flat=True).first()
    if rounds.filter(version_id=newest, reviewer_id=viewer.user_id).exists():
        return _("Je hebt deze versie al beoordeeld.")
    return _("Er staat geen review voor je klaar bij dit scenario.")


# Personal operations take no path parameters: the ids travel in the body.
@router.post(
    "/scenario-reviews",
    response=responses(201, ReviewOut, WRITE_ERRORS),
    operation_id="scenario_reviews_create",
    openapi_extra=PERSONAL_OPERATION,
    summary="Review indienen",
    description=describe(
        "Beoordeel de versie in review waarvoor je als reviewer bent gevraagd: een score van "
        "1 tot 5 op elk criterium en je opmerkingen. De auteurs zien je scores. Geweigerd "
        "(400, er wordt niets opgeslagen): een scenario dat niet in review is, een auteur of "
        "iemand van de organisatie van de auteurs, wie niet gevraagd is of deze versie al "
        "beoordeelde, en opmerkingen zonder tekst.",
        WRITE_ERRORS,
    ),
)
def scenario_review_create(request: ApiRequest, body: ReviewIn):
    user = request.auth
    viewer = viewer_for(user)
    scenario = readable_scenario(viewer, body.scenario_id)
    assignment = open_assignment(viewer=viewer, scenario=scenario)
    if assignment is None:
        raise ValidationError(_refusal(viewer, scenario))
    review = review_submit(
        actor=user,
        assignment=assignment,
        scores=body.scores.model_dump(),
        remarks=body.remarks,
        recommends_publication=body.recommends_publication,
        context=audit_context(request),
    )
    return Status(201, review_out(review))
