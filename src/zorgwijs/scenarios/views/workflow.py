"""The lifecycle of a scenario: runs, review, publication, comments and materials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.uploads import stored_file_response
from zorgwijs.organisations.models import Visibility
from zorgwijs.organisations.visibility import Viewer, viewer_of_request

from ..forms import CommentForm, MaterialForm, ReviewForm, ReviewRequestForm, RunForm
from ..models import Scenario
from ..selectors import (
    get_material_for_viewer,
    get_scenario_for_editor,
    get_scenario_for_viewer,
    open_assignment,
    review_queue,
)
from ..services import (
    comment_post,
    material_add,
    review_request,
    review_submit,
    run_record,
    scenario_publish,
)
from .scenarios import detail_page, own_organisations

# Every lifecycle form on the scenario page (run, review request, review, publication,
# comment, material) is handled the same way: find the scenario (editors only for the
# authors' actions), bind the form, let the service save, and on a refusal show the scenario
# page again with the refused form (400); on success a message and back to the section.
# Each view below only says what differs.

Save = Callable[[dict], object]


def _lifecycle_step(
    request: AuthenticatedRequest,
    scenario_id: int,
    *,
    editors_only: bool,
    build: Callable[[Viewer, Scenario], tuple[forms.Form, Save]],
    refused_as: str,
    anchor: str,
    done: Callable[[Any], str],
) -> HttpResponse:
    """``build`` binds the form and names the service call; ``refused_as`` is the scenario
    page's context name for the refused form; ``done`` the success message for what was
    saved; ``anchor`` the page section to return to."""
    viewer = viewer_of_request(request)
    get = get_scenario_for_editor if editors_only else get_scenario_for_viewer
    scenario = get(viewer=viewer, scenario_id=scenario_id)
    form, save = build(viewer, scenario)
    saved = save_form(request, form, save)
    if saved is None:
        refused: dict[str, Any] = {refused_as: form}
        if refused_as == "publish_error":  # the publish button has no fields, only a message
            refused[refused_as] = " ".join(str(e) for e in form.non_field_errors())
        return detail_page(request, scenario, status=400, **refused)
    messages.success(request, done(saved))
    return redirect(f"{scenario.get_absolute_url()}#{anchor}")


@login_view
@require_POST
@once_per_submission
def run_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        form = RunForm(request.POST, organisations=own_organisations(viewer))
        return form, lambda data: run_record(
            actor=request.user, scenario=scenario, context=audit_context(request), **data
        )

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=False,
        build=build,
        refused_as="run_form",
        anchor="uitvoeringen",
        done=lambda _run: _("Dank je wel! De training staat bij het scenario."),
    )


@login_view
@require_POST
@once_per_submission
def review_request_view(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        form = ReviewRequestForm(request.POST)
        return form, lambda data: review_request(
            actor=request.user,
            scenario=scenario,
            reviewers=form.reviewers(),
            context=audit_context(request),
        )

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=True,
        build=build,
        refused_as="request_form",
        anchor="review",
        done=lambda _a: _("Het scenario is in review. De reviewers zien het in hun lijst."),
    )


@login_view
@require_POST
@once_per_submission
def review_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        assignment = open_assignment(viewer=viewer, scenario=scenario)
        form = ReviewForm(request.POST)
        if assignment is None:  # refused whatever the scores: nothing is saved
            form.is_valid()
            form.add_error(None, _("Er staat geen review voor je klaar bij dit scenario."))

        def save(data: dict) -> object:
            assert assignment is not None  # refused above: the form carries the error
            return review_submit(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                remarks=data["remarks"],
                recommends_publication=data["recommends_publication"],
                context=audit_context(request),
            )

        return form, save

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=False,
        build=build,
        refused_as="review_form",
        anchor="review",
        done=lambda _r: _("Dank je wel voor je review. De auteurs zien je scores."),
    )


@login_view
@require_POST
@once_per_submission
def publish(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        return forms.Form(request.POST), lambda data: scenario_publish(
            actor=request.user, scenario=scenario, context=audit_context(request)
        )

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=True,
        build=build,
        refused_as="publish_error",
        anchor="review",
        done=lambda version: _("Versie %(n)s is gepubliceerd.") % {"n": version.number},
    )


@login_view
@require_POST
@once_per_submission
def comment_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        form = CommentForm(request.POST)
        return form, lambda data: comment_post(
            actor=request.user, scenario=scenario, text=data["text"], context=audit_context(request)
        )

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=False,
        build=build,
        refused_as="comment_form",
        anchor="reacties",
        done=lambda _c: _("Je reactie staat bij het scenario."),
    )


@login_view
@require_POST
@once_per_submission
def material_upload(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    def build(viewer: Viewer, scenario: Scenario) -> tuple[forms.Form, Save]:
        form = MaterialForm(request.POST, request.FILES)
        return form, lambda data: material_add(
            actor=request.user,
            scenario=scenario,
            upload=data["file"],
            title=data["title"],
            context=audit_context(request),
        )

    return _lifecycle_step(
        request,
        scenario_id,
        editors_only=True,
        build=build,
        refused_as="material_form",
        anchor="materialen",
        done=lambda _m: _("Materiaal toegevoegd."),
    )


@public_view
def material_download(request: HttpRequest, material_id: int) -> FileResponse:
    """The file, for whoever may read the scenario (else 404, as the scenario itself)."""
    viewer = viewer_of_request(request)
    material = get_material_for_viewer(viewer=viewer, material_id=material_id)
    response = stored_file_response(material.file, filename=material.original_name)
    public = material.scenario.visibility == Visibility.PUBLIC
    response["Cache-Control"] = "private, max-age=300" if public else "private, no-store"
    return response


@login_view
def my_reviews(request: AuthenticatedRequest) -> HttpResponse:
    """The reviews waiting for the signed-in trainer."""
    viewer = viewer_of_request(request)
    return render(
        request, "scenarios/my_reviews.html", {"queue": list(review_queue(viewer=viewer))}
    )
