"""Reads of scenarios. Views fetch one scenario only through ``get_scenario_for_viewer``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django_scopes import scopes_disabled

from zorgwijs.organisations.visibility import Viewer

from .models import (
    LoopLink,
    ReviewAssignment,
    Scenario,
    ScenarioMaterial,
    ScenarioReview,
    ScenarioRun,
    ScenarioVersion,
)


def scenario_list(*, viewer: Viewer) -> QuerySet[Scenario]:
    return (
        Scenario.objects.visible_to(viewer)
        .select_related("organisation")
        .annotate(run_count=Count("runs", distinct=True))
    )


def get_scenario_for_viewer(*, viewer: Viewer, scenario_id: int) -> Scenario:
    """The scenario if ``viewer`` may read it, else 404 (never 403: do not reveal it)."""
    with scopes_disabled():  # only whether a learning-loop link exists, nothing of it
        linked = LoopLink.objects.filter(scenario_version__scenario=OuterRef("pk"))
    scenario = (
        Scenario.objects.visible_to(viewer)
        .annotate(has_loop_links=Exists(linked))
        .select_related(
            "organisation",
            "created_by",
            "published_version",
            "forked_from__scenario__organisation",
        )
        .filter(pk=scenario_id)
        .first()
    )
    if scenario is None:
        raise Http404
    return scenario


def can_edit(viewer: Viewer, scenario: Scenario) -> bool:
    """Members of the owning organisation edit, run reviews and publish."""
    return scenario.organisation_id in viewer.org_ids


def get_scenario_for_editor(*, viewer: Viewer, scenario_id: int) -> Scenario:
    """404 for what the viewer may not read, 403 for what they may read but not change."""
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    if not can_edit(viewer, scenario):
        raise PermissionDenied
    return scenario


def get_version(*, scenario: Scenario, number: int) -> ScenarioVersion:
    version = scenario.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise Http404
    return version


def latest_version(scenario: Scenario) -> ScenarioVersion:
    return get_version(scenario=scenario, number=scenario.version_number)


def upstream(*, viewer: Viewer, scenario: Scenario) -> ScenarioVersion | None:
    """The newest version of the scenario this one was forked from, when the viewer may still
    read it and it changed since the fork; else None."""
    origin = scenario.forked_from
    if origin is None:
        return None
    source = Scenario.objects.visible_to(viewer).filter(pk=origin.scenario_id).first()
    if source is None or source.version_number <= origin.number:
        return None
    return source.versions.filter(number=source.version_number).first()


def runs_of(scenario: Scenario) -> QuerySet[ScenarioRun]:
    return scenario.runs.select_related("organisation", "trainer", "version")


def reviews_of(scenario: Scenario) -> QuerySet[ScenarioReview]:
    return scenario.reviews.select_related("reviewer", "organisation", "version")


def assignments_of(scenario: Scenario) -> QuerySet[ReviewAssignment]:
    return scenario.assignments.select_related(
        "reviewer",
        "organisation",
        "version",
        "review__reviewer",
        "review__organisation",
        "review__version",
    ).order_by("-version__number", "created_at")


def review_of(assignment: ReviewAssignment) -> ScenarioReview | None:
    """The assignment's review, from what ``assignments_of`` fetched (no query)."""
    try:
        return assignment.review
    except ScenarioReview.DoesNotExist:
        return None


def open_assignment(*, viewer: Viewer, scenario: Scenario) -> ReviewAssignment | None:
    """The viewer's review assignment on the scenario's version under review, not yet done."""
    if viewer.user_id is None or scenario.status != "in_review":
        return None
    return (
        scenario.assignments.select_related("version")
        .filter(reviewer_id=viewer.user_id, review__isnull=True)
        .order_by("-version__number")
        .first()
    )


def get_material_for_viewer(*, viewer: Viewer, material_id: int) -> ScenarioMaterial:
    material = ScenarioMaterial.objects.select_related("scenario").filter(pk=material_id).first()
    if material is None:
        raise Http404
    get_scenario_for_viewer(viewer=viewer, scenario_id=material.scenario_id)
    return material


def review_queue(*, viewer: Viewer) -> QuerySet[ReviewAssignment]:
    """Reviews waiting for the viewer, on scenarios they may still read."""
    visible = Scenario.objects.visible_to(viewer).filter(status="in_review")
    return (
        ReviewAssignment.objects.filter(
            reviewer_id=viewer.user_id, review__isnull=True, scenario__in=visible
        )
        .select_related("scenario", "version")
        .order_by("created_at")
    )
