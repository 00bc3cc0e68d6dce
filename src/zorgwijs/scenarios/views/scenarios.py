"""Scenario pages: the library and a scenario outside ``/o/…``; create under the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import login_view, org_view, public_view
from zorgwijs.lib.concurrency import (
    EditConflict,
    conflict_form,
    conflict_rows,
    form_labels,
    version_of,
)
from zorgwijs.lib.forms import apply_service_errors, form_page, query_text, save_form
from zorgwijs.lib.http import AuthenticatedRequest, OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.models import Organisation
from zorgwijs.organisations.visibility import Viewer, viewer_of_request
from zorgwijs.vocabulary.annotate import annotate_texts

from ..diff import version_diff
from ..forms import (
    CommentForm,
    ForkForm,
    MaterialForm,
    ReviewForm,
    ReviewRequestForm,
    RunForm,
    ScenarioForm,
)
from ..loop import chain_for_scenario
from ..models import SECTIONS, Scenario, ScenarioStatus
from ..selectors import (
    assignments_of,
    can_edit,
    get_scenario_for_editor,
    get_scenario_for_viewer,
    get_version,
    review_of,
    runs_of,
    scenario_list,
    upstream,
)
from ..services import scenario_create, scenario_fork, scenario_update, snapshot
from ..trainers import trainer_networks


def own_organisations(viewer: Viewer):
    return Organisation.objects.filter(pk__in=viewer.org_ids).order_by("name")


@public_view
def scenario_index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenarios = scenario_list(viewer=viewer)
    status = request.GET.get("status", "")
    if status in ScenarioStatus.values:
        scenarios = scenarios.filter(status=status)
    text = query_text(request, "q")
    if text:
        scenarios = scenarios.filter(title__icontains=text)
    page = Paginator(scenarios.order_by("title", "id"), 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "scenarios/index.html",
        {
            "page": page,
            "statuses": ScenarioStatus.choices,
            "status": status,
            "q": text,
            "create_orgs": [m.organisation for m in getattr(request, "memberships", [])],
            "trainer_networks": trainer_networks(viewer) if viewer.is_authenticated else [],
        },
    )


def detail_page(
    request: HttpRequest, scenario: Scenario, status: int = 200, **forms
) -> HttpResponse:
    """The scenario page; ``forms`` carry refused input back to their fields."""
    viewer = viewer_of_request(request)
    editor = can_edit(viewer, scenario)
    runs = list(runs_of(scenario))
    # One query for the review round: the assignments with their reviews.
    assignments = list(assignments_of(scenario))
    done = [(a, review_of(a)) for a in assignments]
    every_review = sorted(
        (r for _a, r in done if r is not None), key=lambda r: (r.created_at, r.pk)
    )
    # Scores and remarks are for the authors; a reviewer sees their own.
    reviews = [r for r in every_review if editor or r.reviewer_id == viewer.user_id]
    waiting = [
        a
        for a, r in done
        if r is None and a.reviewer_id == viewer.user_id and viewer.user_id is not None
    ]
    mine = waiting[0] if waiting and scenario.status == ScenarioStatus.IN_REVIEW else None
    signed_in = viewer.is_authenticated
    memberships = getattr(request, "memberships", None)
    # One list for the run and fork forms, from the memberships the middleware read already.
    organisations = None
    if signed_in:
        organisations = (
            own_organisations(viewer)
            if memberships is None
            else sorted((m.organisation for m in memberships), key=lambda o: (o.name, o.pk))
        )
    shown = [(n, str(label)) for n, label in SECTIONS if getattr(scenario, n).strip()]
    texts, used = annotate_texts([getattr(scenario, n) for n, _label in shown])
    places = sorted({r.organisation.name for r in runs})
    trainers = sorted({r.trainer.full_name for r in runs if r.trainer})
    context = {
        "scenario": scenario,
        "sections": [(n, label, html) for (n, label), html in zip(shown, texts, strict=True)],
        "used_concepts": used,
        "trained_concepts": list(scenario.concepts.all()),
        "trained_items": list(scenario.competence_items.all()),
        "can_edit": editor,
        "runs": runs,
        "run_places": places,
        "trainers": trainers,
        "reviews": reviews,
        "assignments": assignments,
        "my_assignment": mine,
        "review_organisations": sorted({r.organisation.name for r in every_review}),
        "upstream": upstream(viewer=viewer, scenario=scenario),
        "comments": list(scenario.comments.select_related("author")),
        "materials": list(scenario.materials.all()),
        "run_form": forms.get("run_form")
        or (RunForm(organisations=organisations) if signed_in else None),
        "fork_form": forms.get("fork_form")
        or (ForkForm(organisations=organisations) if signed_in else None),
        "request_form": forms.get("request_form") or (ReviewRequestForm() if editor else None),
        "review_form": forms.get("review_form") or (ReviewForm() if mine else None),
        "comment_form": forms.get("comment_form")
        or (CommentForm() if signed_in and scenario.status == ScenarioStatus.PUBLISHED else None),
        "material_form": forms.get("material_form") or (MaterialForm() if editor else None),
        "publish_error": forms.get("publish_error", ""),
        # The learning loop costs queries only when the scenario has links.
        "loop_chain": chain_for_scenario(scenario, request.user, memberships)
        if getattr(scenario, "has_loop_links", True)
        else [],
        "statuses": ScenarioStatus,
    }
    return render(request, "scenarios/detail.html", context, status=status)


@public_view
def scenario_detail(request: HttpRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    return detail_page(request, get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id))


@org_view("scenarios.create")
@once_per_submission
def scenario_create_view(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = ScenarioForm(request.POST or None, creating=True, organisation=organisation)
    scenario = save_form(
        request,
        form,
        lambda data: scenario_create(
            actor=request.user,
            organisation=organisation,
            data=form.service_data(),
            context=audit_context(request),
        ),
    )
    if scenario is not None:
        messages.success(request, _("Het scenario is opgeslagen als versie 1."))
        return redirect(scenario.get_absolute_url())
    return form_page(request, "scenarios/form.html", form, scenario=None)


@login_view
def scenario_edit(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_editor(viewer=viewer, scenario_id=scenario_id)
    form = ScenarioForm(
        request.POST or None, instance=scenario, initial={"version": version_of(snapshot(scenario))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            scenario_update(
                actor=request.user,
                scenario=scenario,
                data=form.service_data(),
                note=form.cleaned_data.get("note", ""),
                base_version=form.cleaned_data["version"],
                context=audit_context(request),
            )
        except EditConflict as conflict:
            stored = Scenario.objects.get(pk=scenario.pk)
            again = conflict_form(ScenarioForm, request.POST, conflict.version, instance=stored)
            mine = {**snapshot(stored), **form.service_data()}
            mine["concepts"] = sorted(c.pref_nl for c in mine["concepts"])
            mine["competence_items"] = sorted(i.name for i in mine["competence_items"])
            context = {
                "form": again,
                "scenario": stored,
                "conflict": conflict_rows(
                    conflict.current, mine, form_labels(again, conflict.current)
                ),
                "in_conflict": True,
            }
            return render(request, "scenarios/form.html", context, status=409)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Opgeslagen als versie %(n)s.") % {"n": scenario.version_number},
            )
            return redirect(scenario.get_absolute_url())
        scenario.refresh_from_db()
    return form_page(request, "scenarios/form.html", form, scenario=scenario)


@public_view
def scenario_versions(request: HttpRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    versions = scenario.versions.select_related("author").defer("data")
    return render(
        request,
        "scenarios/versions.html",
        {
            "scenario": scenario,
            "versions": Paginator(versions, 50).get_page(request.GET.get("pagina")),
        },
    )


@public_view
def version_detail(request: HttpRequest, scenario_id: int, version_number: int) -> HttpResponse:
    """One version and what it changed against the one before."""
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    version = get_version(scenario=scenario, number=version_number)
    previous = scenario.versions.filter(number=version.number - 1).first()
    return render(
        request,
        "scenarios/version.html",
        {
            "scenario": scenario,
            "version": version,
            "previous": previous,
            "sections": version_diff(previous.data if previous else {}, version.data),
        },
    )


@public_view
def upstream_changes(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """What changed in the original since this scenario was forked from it."""
    viewer = viewer_of_request(request)
    scenario = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    newest = upstream(viewer=viewer, scenario=scenario)
    origin = scenario.forked_from
    sections = version_diff(origin.data, newest.data) if origin and newest else []
    return render(
        request,
        "scenarios/upstream.html",
        {"scenario": scenario, "origin": origin, "newest": newest, "sections": sections},
    )


@login_view
@once_per_submission
def scenario_fork_view(request: AuthenticatedRequest, scenario_id: int) -> HttpResponse:
    viewer = viewer_of_request(request)
    source = get_scenario_for_viewer(viewer=viewer, scenario_id=scenario_id)
    form = ForkForm(request.POST or None, organisations=own_organisations(viewer))
    fork = save_form(
        request,
        form,
        lambda data: scenario_fork(
            actor=request.user,
            source=source,
            organisation=data["organisation"],
            context=audit_context(request),
        ),
    )
    if fork is not None:
        messages.success(
            request, _("Je hebt een eigen kopie gemaakt. Pas die aan voor je organisatie.")
        )
        return redirect(fork.get_absolute_url())
    if request.method == "POST":
        return detail_page(request, source, status=400, fork_form=form)
    return form_page(request, "scenarios/fork.html", form, scenario=source)
