"""Every API error as JSON ``{"detail": ...}`` with a Dutch message.

Services raise Django's ``ValidationError``; here it becomes 400, or 409 when every problem is
a conflict with existing data (a unique name, a person who is already a member).
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

CONFLICT_CODES = frozenset({"unique", "unique_together", "conflict"})

# Model field -> the name the API uses for it.
API_FIELD_NAMES = {
    "parent": "parent_id",
    "job_function": "job_function_id",
    "primary_department": "primary_department_id",
    "extra_departments": "extra_department_ids",
    "line_manager": "line_manager_id",
    "departments": "department_ids",
}


def _codes(exc: ValidationError) -> set[str | None]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            API_FIELD_NAMES.get(f, f): [str(m) for m in msgs]
            for f, msgs in exc.message_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def validation_error_response(api: NinjaAPI, request: HttpRequest, exc: ValidationError):
    status = 409 if _codes(exc) <= CONFLICT_CODES else 400
    errors = _field_errors(exc)
    detail = " ".join(m for msgs in errors.values() for m in msgs) or "De gegevens zijn ongeldig."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "Niet gevonden."}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if isinstance(exc, AuthenticationError):
            message = "Niet aangemeld: gebruik een geldig toegangstoken of meld je aan."
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return validation_error_response(api, request, exc)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE; say so in JSON, not HTML.
        detail = "Het verzoek is te groot."
        return api.create_response(request, {"detail": detail}, status=400)

    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # A race between two writers that both passed validation: the database said no.
        detail = "Dit botst met bestaande gegevens; probeer het opnieuw."
        return api.create_response(request, {"detail": detail}, status=409)
