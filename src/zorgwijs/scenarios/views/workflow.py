"""The lifecycle of a scenario: runs, review, publication, comments and materials."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgwijs.core.access import login_view, public_view
from zorgwijs.lib.forms import save_form
from zorgwijs.lib.http import AuthenticatedRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.lib.uploads import stored_file_response
from zorgwijs.organisations.models import Visibility
from zorgwijs.search.viewer import viewer_of_request

from ..forms import CommentForm, MaterialForm, ReviewForm, ReviewRequestForm, RunForm
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


def _back(scenario, anchor: str) -> HttpResponse:
    return redirect(f"{scenario.get_absolute_url()}#{anchor}")


@login_view
@require_POST
@once_per_submission
def run_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    form = RunForm(request.POST, organisations=own_organisations(viewer))
    run = save_form(
        request,
        form,
        lambda data: run_record(actor=request.user, scenario=scenario, request=request, **data),
    )
    if run is None:
        return detail_page(request, scenario, status=400, run_form=form)
    messages.success(request, _("Dank je wel! De training staat bij het scenario."))
    return _back(scenario, "uitvoeringen")


@login_view
@require_POST
@once_per_submission
def review_request_view(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_editor(viewer=viewer, scenario_id=scenario_id)
    form = ReviewRequestForm(request.POST)
    done = save_form(
        request,
        form,
        lambda data: review_request(
            actor=request.user, scenario=scenario, reviewers=form.reviewers(), request=request
        ),
    )
    if done is None:
        return detail_page(request, scenario, status=400, request_form=form)
    messages.success(request, _("Het scenario is in review. De reviewers zien het in hun lijst."))
    return _back(scenario, "review")


@login_view
@require_POST
@once_per_submission
def review_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    assignment = open_assignment(viewer=viewer, scenario=scenario)
    form = ReviewForm(request.POST)
    if assignment is None:
        form.is_valid()
        form.add_error(None, _("Er staat geen review voor je klaar bij dit scenario."))
        return detail_page(request, scenario, status=400, review_form=form)
    review = save_form(
        request,
        form,
        lambda data: review_submit(
            actor=request.user,
            assignment=assignment,
            scores=form.scores(),
            remarks=data["remarks"],
            recommends_publication=data["recommends_publication"],
            request=request,
        ),
    )
    if review is None:
        return detail_page(request, scenario, status=400, review_form=form)
    messages.success(request, _("Dank je wel voor je review. De auteurs zien je scores."))
    return _back(scenario, "review")


@login_view
@require_POST
@once_per_submission
def publish(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_editor(viewer=viewer, scenario_id=scenario_id)
    try:
        version = scenario_publish(actor=request.user, scenario=scenario, request=request)
    except ValidationError as error:
        return detail_page(request, scenario, status=400, publish_error=" ".join(error.messages))
    messages.success(request, _("Versie %(n)s is gepubliceerd.") % {"n": version.number})
    return _back(scenario, "review")


@login_view
@require_POST
@once_per_submission
def comment_create(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    form = CommentForm(request.POST)
    comment = save_form(
        request,
        form,
        lambda data: comment_post(
            actor=request.user, scenario=scenario, text=data["text"], request=request
        ),
    )
    if comment is None:
        return detail_page(request, scenario, status=400, comment_form=form)
    messages.success(request, _("Je reactie staat bij het scenario."))
    return _back(scenario, "reacties")


@login_view
@require_POST
@once_per_submission
def material_upload(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_editor(viewer=viewer, scenario_id=scenario_id)
    form = MaterialForm(request.POST, request.FILES)
    material = save_form(
        request,
        form,
        lambda data: material_add(
            actor=request.user,
            scenario=scenario,
            upload=data["file"],
            title=data["title"],
            request=request,
        ),
    )
    if material is None:
        return detail_page(request, scenario, status=400, material_form=form)
    messages.success(request, _("Materiaal toegevoegd."))
    return _back(scenario, "materialen")


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
