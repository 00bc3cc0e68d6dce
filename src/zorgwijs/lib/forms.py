from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

T = TypeVar("T")


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the field it concerns (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(request: HttpRequest, form: forms.Form, save: Callable[[dict], T]) -> T | None:
    """On a POST with a valid ``form``, return ``save(form.cleaned_data)``: the service's saved
    object. ``None`` for a GET or invalid input, and when the service refuses: its
    ValidationError then stands on the form, next to the field it concerns."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


def form_page(
    request: HttpRequest, template: str, form: forms.Form, **context: Any
) -> HttpResponse:
    """A page with ``form``; 400 when submitted input was refused, so the refusal is visible to
    tests and tools (the page itself shows the errors at the fields)."""
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
