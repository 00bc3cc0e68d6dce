"""Taking a knowledge test: my tests, a test's page (start), the attempt (answer, result)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zorgwijs.audit.context import audit_context
from zorgwijs.core.access import org_view
from zorgwijs.lib.http import OrgRequest

from ..models import Attempt, AttemptState
from ..selectors import (
    attempt_open,
    get_attempt_for_viewer,
    get_test,
    is_overdue,
    my_attempts,
    standing_of,
    tests_for_taking,
    to_sign,
)
from ..services import attempt_start, attempt_submit
from ..services.credentials import attempt_credential


@org_view("assessments.take")
def mine(request: OrgRequest, org_slug: str) -> HttpResponse:
    access = request.org_access
    rows = [(test, standing_of(test, access.membership)) for test in tests_for_taking(access)]
    return render(
        request,
        "assessments/mine.html",
        {"rows": rows, "to_sign": list(to_sign(access)[:20])},
    )


@org_view("assessments.take")
@require_http_methods(["GET", "POST"])
def test_detail(request: OrgRequest, org_slug: str, test_id: int) -> HttpResponse:
    access = request.org_access
    test = get_test(access, test_id)
    error = ""
    if request.method == "POST":
        try:
            attempt = attempt_start(
                test=test, membership=access.membership, context=audit_context(request)
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return redirect("assessments:attempt", org_slug=org_slug, attempt_id=attempt.pk)
    standing = standing_of(test, access.membership)
    return render(
        request,
        "assessments/test_detail.html",
        {
            "test": test,
            "standing": standing,
            "attempts": my_attempts(access, test),
            "error": error,
        },
        status=409 if error else 200,
    )


def _given(request: OrgRequest, positions: list[int]) -> dict[int, list[str]]:
    return {p: [v[:40] for v in request.POST.getlist(f"q{p}")[:20]] for p in positions}


@org_view("assessments.take")
@require_http_methods(["GET", "POST"])
def attempt_page(request: OrgRequest, org_slug: str, attempt_id: int) -> HttpResponse:
    """The questions (no right answers in the page) while open; the scored result after."""
    access = request.org_access
    if request.method == "POST":
        attempt = get_attempt_for_viewer(access, attempt_id)
        if attempt.membership_id != access.membership.pk:
            raise Http404
    else:
        attempt = attempt_open(access, attempt_id, context=audit_context(request))
    own = attempt.membership_id == access.membership.pk
    answers = list(attempt.answers.all())
    given = {a.position: a.given for a in answers}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        given = _given(request, [a.position for a in answers])
        try:
            attempt_submit(attempt=attempt, given=given, context=audit_context(request))
        except ValidationError as refused:
            status = 409 if getattr(refused, "code", None) == "conflict" else 400
            if hasattr(refused, "error_dict"):
                errors = {k: [str(m) for m in v[0].messages] for k, v in refused.error_dict.items()}
            else:
                errors = {"__all__": list(refused.messages)}
            attempt.refresh_from_db()
        else:
            messages.success(request, _("Je antwoorden zijn ingeleverd."))
            return redirect("assessments:attempt", org_slug=org_slug, attempt_id=attempt.pk)
    overdue = is_overdue(attempt, timezone.now())
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "test": attempt.test,
            "open": own and attempt.state == AttemptState.OPEN and not overdue,
            "own": own,
            "overdue": overdue,
            "questions": [
                {
                    "answer": a,
                    "given": given.get(a.position, []),
                    "error": " ".join(errors.get(f"q{a.position}", [])),
                }
                for a in answers
            ],
            "form_errors": errors.get("__all__", []),
            "has_errors": bool(errors),
            "draft_key": f"attempt-{attempt.pk}",
        },
        status=status,
    )


@org_view("assessments.take")
@require_POST
def attempt_credential_view(
    request: OrgRequest, org_slug: str, passed_attempt_id: int
) -> HttpResponse:
    """Share one's own passed attempt as a verifiable credential (Open Badges): made once, then
    downloaded from the credential's page. Someone else's attempt is 404."""
    access = request.org_access
    attempt = Attempt.objects.filter(
        organisation=access.organisation, membership=access.membership, pk=passed_attempt_id
    ).first()
    if attempt is None:
        raise Http404
    try:
        credential = attempt_credential(
            actor=request.user, attempt=attempt, context=audit_context(request)
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("assessments:attempt", org_slug=org_slug, attempt_id=attempt.pk)
    return redirect("competences:credential_detail", org_slug=org_slug, credential_id=credential.pk)
