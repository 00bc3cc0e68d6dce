"""Writing scenarios through the API: create one for an organisation, save a new version.

The same form and service as the pages: the body is bound to ``forms.ScenarioForm`` (the
page's validation and messages: a required summary, a concept or competence item that is not
on offer, …) and saved with ``services.scenario_create`` / ``scenario_update``, which own the
version, the search entry and the audit entry. A refused field is 400 with the message at the
API's name of the field (``concept_ids`` for the form's ``concepts``).

Who may: creating is an organisation operation with the page's capability
(``scenarios.create``, every member). A new version is reached through the scenario like
recording a run — 404 for a scenario the caller may not read, 403 for a reader who is not a
member of the owning organisation (``selectors.can_edit``, the edit page's rule).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Status
from ninja.errors import HttpError

from zorgwijs.api.access import FORBIDDEN, PERSONAL_OPERATION, OrgAccess
from zorgwijs.api.operations import org_endpoint
from zorgwijs.api.schemas import (
    MAX_ID,
    WRITE_ERRORS,
    Id,
    InputSchema,
    choice_field,
    describe,
    name_field,
    responses,
    text_field,
)
from zorgwijs.audit.context import audit_context
from zorgwijs.lib.concurrency import EditConflict, version_of
from zorgwijs.lib.http import ApiRequest
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import viewer_for

from ..forms import MAX_TEXT, ScenarioForm
from ..models import SECTION_NAMES, CrmSkill, Scenario
from ..selectors import can_edit
from ..services import scenario_create, scenario_update, snapshot
from .scenarios import ScenarioOut, readable_scenario, router, scenario_out

# Multi-line text: line breaks and tabs are fine, other control characters are not.
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Section = Annotated[str, Field(max_length=MAX_TEXT, pattern=MULTILINE_PATTERN)]
# A CRM skill's value: a literal, so a list of them takes JSON text in the strict InputSchema.
if TYPE_CHECKING:
    SkillValue = str
else:
    SkillValue = Literal[tuple(CrmSkill.values)]
# The API's names of the form's fields that hold ids.
FORM_NAMES = {"concept_ids": "concepts", "competence_item_ids": "competence_items"}
API_NAMES = {form: api for api, form in FORM_NAMES.items()}


class ScenarioFieldsIn(InputSchema):
    """The template's fields; the texts are the keys of ``sections`` in ``ScenarioOut``. A
    field that is not sent stays as it is (a new scenario: empty); ``null`` is refused, except
    for ``duration_minutes``, where it clears the duration."""

    title: name_field(200) = None  # type: ignore[valid-type]
    summary: Section = Field(None, description="Verplicht: vat het scenario samen.")  # type: ignore[assignment]
    goals_technical: Section = None  # type: ignore[assignment]
    goals_crm: Section = None  # type: ignore[assignment]
    target_group: Section = None  # type: ignore[assignment]
    team_composition: Section = None  # type: ignore[assignment]
    setting: Section = None  # type: ignore[assignment]
    equipment: Section = None  # type: ignore[assignment]
    case_background: Section = None  # type: ignore[assignment]
    roles: Section = None  # type: ignore[assignment]
    phases: Section = None  # type: ignore[assignment]
    operator_script: Section = None  # type: ignore[assignment]
    debriefing_questions: Section = None  # type: ignore[assignment]
    debriefing_method: Section = None  # type: ignore[assignment]
    evaluation: Section = None  # type: ignore[assignment]
    crm_skills: list[SkillValue] = Field(
        None,  # type: ignore[arg-type]
        max_length=len(CrmSkill.values),
        description="De CRM-vaardigheden die het traint.",
    )
    concept_ids: list[Id] = Field(
        None,  # type: ignore[arg-type]
        max_length=200,
        description="Ids van begrippen uit het begrippenkader.",
    )
    competence_item_ids: list[Id] = Field(
        None,  # type: ignore[arg-type]
        max_length=200,
        description="Ids van bekwaamheden uit de catalogus van de organisatie of gedeeld in "
        "haar netwerken.",
    )
    duration_minutes: int | None = Field(None, ge=0, le=32767, description="Duur in minuten.")
    visibility: choice_field(Visibility) = Field(  # type: ignore[valid-type]
        None, description="organisation, network (de standaard voor een nieuw scenario) of public."
    )


class ScenarioIn(ScenarioFieldsIn):
    title: name_field(200)  # type: ignore[valid-type]


class ScenarioVersionIn(ScenarioFieldsIn):
    scenario_id: int = Field(..., ge=1, le=MAX_ID)
    base_version: int = Field(
        ...,
        ge=1,
        le=2**31 - 1,
        description="De versie (`version` van het scenario) waarop je wijziging is gebaseerd.",
    )
    note: text_field(200) = ""  # type: ignore[valid-type]


def _sent(payload: ScenarioFieldsIn, *, leave_out: Collection[str] = ()) -> dict[str, Any]:
    """The template fields the caller sent, under the form's names, as plain JSON values."""
    sent = payload.model_dump(exclude_unset=True, mode="json", exclude=set(leave_out))
    return {FORM_NAMES.get(name, name): value for name, value in sent.items()}


def _stored(scenario: Scenario) -> dict[str, Any]:
    """The scenario's fields as form data, for the fields a new version does not send."""
    data = {name: getattr(scenario, name) for name in ("title", *SECTION_NAMES)}
    return {
        **data,
        "crm_skills": list(scenario.crm_skills),
        "concepts": list(scenario.concepts.values_list("pk", flat=True)),
        "competence_items": list(scenario.competence_items.values_list("pk", flat=True)),
        "duration_minutes": scenario.duration_minutes,
        "visibility": scenario.visibility,
    }


EMPTY: dict[str, Any] = {
    **dict.fromkeys(("title", *SECTION_NAMES), ""),
    "crm_skills": [],
    "concepts": [],
    "competence_items": [],
    "duration_minutes": None,
    "visibility": Visibility.NETWORK,
}


def _checked(form: ScenarioForm, fields: Collection[str] | None = None) -> dict[str, Any]:
    """The service data of ``form``, limited to ``fields`` (the ones sent) when given. The
    form's refusals of those fields become the API's field errors (400)."""
    if not form.is_valid():
        errors = {
            API_NAMES.get(name, name): [str(message) for message in messages]
            for name, messages in form.errors.items()
            if fields is None or name in fields or name == NON_FIELD_ERRORS
        }
        if errors:
            raise ValidationError(errors)
    data = form.service_data()
    return data if fields is None else {k: v for k, v in data.items() if k in fields}


@org_endpoint(
    router,
    "POST",
    "/organisations/{org_slug}/scenarios",
    "scenarios.create",
    response=ScenarioOut,
    status=201,
    operation_id="scenarios_create",
    tags=["scenarios"],
    summary="Scenario aanmaken",
    description=(
        "Start een scenario voor de organisatie: versie 1, een concept. Dezelfde controles en "
        "meldingen als het formulier; een geweigerd veld is 400 met de melding bij dat veld "
        "(`summary`, `concept_ids`, …). Capability `scenarios.create` (elk lid)."
    ),
)
def scenario_create_api(request: ApiRequest, access: OrgAccess, payload: ScenarioIn):
    form = ScenarioForm(
        {**EMPTY, **_sent(payload)}, creating=True, organisation=access.organisation
    )
    scenario = scenario_create(
        actor=request.auth,
        organisation=access.organisation,
        data=_checked(form),
        context=audit_context(request),
    )
    viewer = viewer_for(request.auth)
    return Status(201, scenario_out(request, viewer, readable_scenario(viewer, scenario.pk)))


# Personal operations take no path parameters: the ids travel in the body.
@router.post(
    "/scenario-versions",
    response={200: ScenarioOut, **responses(201, ScenarioOut, WRITE_ERRORS)},
    operation_id="scenario_versions_create",
    openapi_extra=PERSONAL_OPERATION,
    summary="Nieuwe versie opslaan",
    description=describe(
        "Wijzig een scenario van een organisatie waar je werkt; elke wijziging is een nieuwe "
        "versie (201). Stuur alleen de velden die veranderen; wat je niet stuurt, blijft. "
        "Veranderde er niets, dan is het antwoord 200 zonder nieuwe versie. Stuur de versie "
        "waarop je wijziging is gebaseerd als `base_version`: heeft iemand intussen "
        "opgeslagen, dan is het antwoord **409** en wordt niets opgeslagen — haal de nieuwe "
        "versie op, voeg samen en stuur opnieuw. 404 voor een scenario dat je niet mag lezen, "
        "403 als je het mag lezen maar niet bij de eigenaar werkt.",
        WRITE_ERRORS,
    ),
)
def scenario_version_create(request: ApiRequest, body: ScenarioVersionIn):
    user = request.auth
    viewer = viewer_for(user)
    scenario = readable_scenario(viewer, body.scenario_id)
    if not can_edit(viewer, scenario):
        raise HttpError(403, FORBIDDEN)
    before = scenario.version_number
    if body.base_version != before:
        raise _conflict(before)
    # The service checks, under its lock, that nothing changed since this read.
    token = version_of(snapshot(scenario))
    sent = _sent(body, leave_out=("scenario_id", "base_version", "note"))
    form = ScenarioForm({**_stored(scenario), **sent}, instance=scenario)
    data = _checked(form, fields=sent)
    try:
        scenario_update(
            actor=user,
            scenario=scenario,
            data=data,
            note=body.note,
            base_version=token,
            context=audit_context(request),
        )
    except EditConflict:
        raise _conflict(Scenario.objects.get(pk=scenario.pk).version_number) from None
    saved = readable_scenario(viewer, scenario.pk)
    return Status(
        201 if saved.version_number != before else 200, scenario_out(request, viewer, saved)
    )


def _conflict(newest: int) -> HttpError:
    return HttpError(
        409,
        _(
            "Iemand anders heeft het scenario intussen opgeslagen (versie %(n)s). Haal die op, "
            "voeg samen en stuur opnieuw."
        )
        % {"n": newest},
    )
