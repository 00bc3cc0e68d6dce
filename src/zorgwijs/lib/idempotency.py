"""One submission, one object: form tokens and API ``Idempotency-Key``, one store.

A creating request claims its key by inserting a ``core.SubmissionClaim`` row in the same
transaction as its work. The unique digest makes the database refuse a second claim of the same
key: on PostgreSQL the second insert waits for the first transaction and then fails; on SQLite
(``BEGIN IMMEDIATE``) the second transaction waits for the write lock. Either way it works across
gunicorn workers and machines, with no lock in the process. The request that lost the race
answers what the winner answered:

- a form (``once_per_submission``) redirects to where the first submit went (the created
  object), with a message;
- an API POST with ``Idempotency-Key`` (``idempotent_api_view``) gets the first answer again,
  byte for byte, with ``Idempotent-Replayed: true``; the same key with another body is 409.

Only an answer that succeeded is kept (a redirect for a form, 2xx for the API). A refused one
(form errors, 400, 403 …) releases the claim, so the corrected request goes through. Claims are
kept one day (``KEEP_FOR``). See docs/api.md, "Double submits".
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgwijs.core.models import SubmissionClaim

# The hidden field of a form that ``{% submission_token %}`` renders.
TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field, not a secret)
HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces
KEEP_FOR = datetime.timedelta(days=1)
# Form fields that change between two renders of the same form without the person typing.
_NOT_CONTENT = frozenset({"csrfmiddlewaretoken", TOKEN_FIELD})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _sha256(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _claim(digest: str, fingerprint: str) -> SubmissionClaim | None:
    """Insert the claim inside the caller's transaction; ``None`` when it is already taken."""
    now = timezone.now()
    SubmissionClaim.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    try:
        with transaction.atomic():
            return SubmissionClaim.objects.create(
                digest=digest, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        return None


def once(
    *,
    caller_id: object,
    scope: str,
    key: str,
    fingerprint: str,
    run: Callable[[], HttpResponse],
    keep: Callable[[HttpResponse], dict | None],
    replay: Callable[[SubmissionClaim], HttpResponse],
) -> HttpResponse:
    """Run ``run()`` once per (caller, scope, key). ``keep(response)`` says what to store of a
    successful answer (``None``: not successful, release the claim); a later request with the
    same key gets ``replay(claim)`` instead of running again."""
    digest = _sha256(str(caller_id or ""), scope, key)
    with transaction.atomic():
        claim = _claim(digest, fingerprint)
        if claim is not None:
            response = run()
            stored = keep(response)
            if stored is None:
                claim.delete()
            else:
                claim.response = stored
                claim.save(update_fields=["response"])
            return response
    return replay(SubmissionClaim.objects.get(digest=digest))


# Forms ------------------------------------------------------------------------------------


def _form_fingerprint(request: HttpRequest) -> str:
    """What the person submitted: the same token with other content is another submission
    (back, change, send again), the same content is a double submit."""
    fields = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CONTENT
        for value in values
    )
    files = sorted((name, f.name, str(f.size)) for name, fs in request.FILES.lists() for f in fs)
    return _sha256(repr(fields), repr(files))


def _keep_redirect(response: HttpResponse) -> dict | None:
    if isinstance(response, HttpResponseRedirect):
        return {"location": response["Location"]}
    return None


def _replay_redirect(request: HttpRequest) -> Callable[[SubmissionClaim], HttpResponse]:
    def replay(claim: SubmissionClaim) -> HttpResponse:
        messages.info(request, _("Dit was al verstuurd; het is één keer opgeslagen."))
        return HttpResponseRedirect(claim.response["location"])

    return replay


def once_per_submission(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A creating form's view: a POST carrying the form's ``{% submission_token %}`` runs once;
    the same submission again (a double click, a resend after a timeout) redirects to where the
    first one went. Put it below the access decorator, so access is checked first."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not KEY_PATTERN.fullmatch(token):
            return view(request, *args, **kwargs)
        fingerprint = _form_fingerprint(request)
        return once(
            caller_id=request.user.pk,
            scope=f"form {request.path}",
            key=f"{token} {fingerprint}",
            fingerprint=fingerprint,
            run=lambda: view(request, *args, **kwargs),
            keep=_keep_redirect,
            replay=_replay_redirect(request),
        )

    return wrapped


# API --------------------------------------------------------------------------------------


def _keep_answer(response: HttpResponse) -> dict | None:
    if response.streaming or not 200 <= response.status_code < 300:
        return None
    return {
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "body": response.content.decode(response.charset or "utf-8"),
    }


def _replay_answer(fingerprint: str) -> Callable[[SubmissionClaim], HttpResponse]:
    def replay(claim: SubmissionClaim) -> HttpResponse:
        if claim.fingerprint != fingerprint:
            detail = "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
            return JsonResponse({"detail": detail}, status=409)
        stored = claim.response
        response = HttpResponse(
            stored["body"], status=stored["status"], content_type=stored["content_type"]
        )
        response["Idempotent-Replayed"] = "true"
        return response

    return replay


def idempotent_api_view(
    view: Callable[..., HttpResponse], caller: Callable[[HttpRequest], object]
) -> Callable[..., HttpResponse]:
    """An API view: a POST with an ``Idempotency-Key`` header runs once per caller, path and
    key. ``caller(request)`` names the caller; ``None`` when the caller would be refused (a bad
    token, a session without CSRF token): the view then runs and refuses the request itself,
    and nothing is ever replayed to such a caller."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.headers.get(HEADER) if request.method == "POST" else None
        if key is None:
            return view(request, *args, **kwargs)
        if not KEY_PATTERN.fullmatch(key):
            detail = "Een Idempotency-Key is 1 tot 255 tekens zonder spaties."
            return JsonResponse({"detail": detail}, status=400)
        try:
            body = request.body
        except RequestDataTooBig:
            return view(request, *args, **kwargs)  # the view answers it
        found = caller(request)
        if found is None:
            return view(request, *args, **kwargs)
        fingerprint = hashlib.sha256(f"{request.content_type}\0".encode() + body).hexdigest()
        return once(
            caller_id=found,
            scope=f"api {request.path}",
            key=key,
            fingerprint=fingerprint,
            run=lambda: view(request, *args, **kwargs),
            keep=_keep_answer,
            replay=_replay_answer(fingerprint),
        )

    return wrapped
