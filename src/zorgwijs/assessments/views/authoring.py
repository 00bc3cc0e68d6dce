"""For authors (coordinators): tests, pools and questions, results and item analysis,
checklists, and the e-learning activities xAPI statements may name."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.forms import form_page, save_form
from zorgwijs.lib.http import OrgRequest
from zorgwijs.lib.idempotency import once_per_submission
from zorgwijs.organisations.models import Membership

from ..forms import ChecklistForm, GrantForm, PoolForm, QuestionForm, TestForm, XapiActivityForm
from ..models import (
    Attempt,
    Checklist,
    KnowledgeTest,
    Question,
    QuestionPool,
    XapiActivity,
)
from ..selectors import attempt_results_read, bank_counts, get_test, item_analysis
from ..services import attempt_grant
from ..services.authoring import (
    checklist_save,
    knowledge_test_save,
    pool_create,
    question_save,
    xapi_activity_create,
)


@org_view("assessments.author")
def manage(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    return render(
        request,
        "assessments/manage.html",
        {
            "tests": KnowledgeTest.objects.filter(organisation=organisation).select_related("item"),
            "checklists": Checklist.objects.filter(organisation=organisation).select_related(
                "item"
            ),
            "activities": XapiActivity.objects.filter(organisation=organisation).select_related(
                "item"
            ),
        },
    )


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
@once_per_submission
def test_create(request: OrgRequest, org_slug: str) -> HttpResponse:
    form = TestForm(request.POST or None, organisation=request.org_access.organisation)
    test = save_form(
        request, form, lambda data: knowledge_test_save(form, context=audit_context(request))
    )
    if test is not None:
        return redirect("assessments:test_edit", org_slug=org_slug, test_id=test.pk)
    return form_page(request, "assessments/test_form.html", form)


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
def test_edit(request: OrgRequest, org_slug: str, test_id: int) -> HttpResponse:
    access = request.org_access
    test = get_test(access, test_id, authoring=True)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = TestForm(
        request.POST if action == "settings" else None,
        instance=test,
        organisation=access.organisation,
    )
    pool_form = PoolForm(request.POST if action == "pool" else None)

    context = audit_context(request)

    def save_settings(data: dict) -> KnowledgeTest:
        return knowledge_test_save(form, context=context)

    def save_pool(data: dict) -> QuestionPool:
        return pool_create(pool_form, test=test, context=context)

    if action == "settings" and save_form(request, form, save_settings) is not None:
        messages.success(request, _("De toets is opgeslagen."))
        return redirect("assessments:test_edit", org_slug=org_slug, test_id=test.pk)
    if action == "pool" and save_form(request, pool_form, save_pool) is not None:
        messages.success(request, _("De vragenpool is toegevoegd."))
        return redirect("assessments:test_edit", org_slug=org_slug, test_id=test.pk)
    counts = bank_counts(test)
    pools = [(pool, counts.get(pool.pk, 0)) for pool in test.pools.all()]
    questions = (
        Question.objects.filter(pool__test=test).select_related("pool").order_by("-pk")[:200]
    )
    return render(
        request,
        "assessments/test_edit.html",
        {
            "test": test,
            "form": form,
            "pool_form": pool_form,
            "pools": pools,
            "questions": questions,
            "analysis": item_analysis(test),
        },
        status=400
        if (form.is_bound and form.errors) or (pool_form.is_bound and pool_form.errors)
        else 200,
    )


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
@once_per_submission
def question_edit(
    request: OrgRequest, org_slug: str, test_id: int, test_question_id: int | None = None
) -> HttpResponse:
    """A new question, or a change to one: past attempts keep the snapshot they drew."""
    access = request.org_access
    test = get_test(access, test_id, authoring=True)
    question = None
    if test_question_id is not None:
        question = Question.objects.filter(pool__test=test, pk=test_question_id).first()
        if question is None:
            raise Http404
    form = QuestionForm(request.POST or None, instance=question, test=test)
    if not test.pools.exists():
        messages.info(request, _("Maak eerst een vragenpool."))
        return redirect("assessments:test_edit", org_slug=org_slug, test_id=test.pk)

    def save(data: dict) -> Question:
        return question_save(form, test=test, context=audit_context(request))

    if save_form(request, form, save) is not None:
        messages.success(request, _("De vraag is opgeslagen."))
        return redirect("assessments:test_edit", org_slug=org_slug, test_id=test.pk)
    return form_page(request, "assessments/question_form.html", form, test=test, question=question)


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
@once_per_submission
def results(request: OrgRequest, org_slug: str, test_id: int) -> HttpResponse:
    """Everyone's submitted attempts (recorded as viewed), interviews due, and a new round."""
    access = request.org_access
    test = get_test(access, test_id, authoring=True)
    people = (
        Membership.objects.filter(pk__in=Attempt.objects.filter(test=test).values("membership_id"))
        .select_related("user")
        .order_by("user__full_name")
    )
    form = GrantForm(request.POST or None, memberships=people)
    grant = save_form(
        request,
        form,
        lambda data: attempt_grant(
            actor=request.user,
            test=test,
            membership=data["membership"],
            reason=data["reason"],
            context=audit_context(request),
        ),
    )
    if grant is not None:
        messages.success(request, _("Er is een nieuwe ronde pogingen geopend."))
        return redirect("assessments:results", org_slug=org_slug, test_id=test.pk)
    attempts = attempt_results_read(test, context=audit_context(request))
    return form_page(request, "assessments/results.html", form, test=test, attempts=attempts)


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
@once_per_submission
def checklist_edit(
    request: OrgRequest, org_slug: str, checklist_id: int | None = None
) -> HttpResponse:
    """A checklist; saving replaces its criteria (signed assessments keep their snapshot)."""
    organisation = request.org_access.organisation
    checklist = None
    if checklist_id is not None:
        checklist = Checklist.objects.filter(organisation=organisation, pk=checklist_id).first()
        if checklist is None:
            raise Http404
    form = ChecklistForm(request.POST or None, instance=checklist, organisation=organisation)

    def save(data: dict) -> Checklist:
        return checklist_save(
            form, criteria_lines=data["criteria_lines"], context=audit_context(request)
        )

    if save_form(request, form, save) is not None:
        messages.success(request, _("De checklist is opgeslagen."))
        return redirect("assessments:manage", org_slug=org_slug)
    return form_page(request, "assessments/checklist_form.html", form, checklist=checklist)


@org_view("assessments.author")
@require_http_methods(["GET", "POST"])
@once_per_submission
def xapi_activities(request: OrgRequest, org_slug: str) -> HttpResponse:
    organisation = request.org_access.organisation
    form = XapiActivityForm(request.POST or None, organisation=organisation)

    def save(data: dict) -> XapiActivity:
        return xapi_activity_create(form, context=audit_context(request))

    if save_form(request, form, save) is not None:
        messages.success(request, _("De activiteit is gekoppeld."))
        return redirect("assessments:xapi_activities", org_slug=org_slug)
    activities = XapiActivity.objects.filter(organisation=organisation).select_related("item")
    return form_page(request, "assessments/xapi.html", form, activities=activities)
