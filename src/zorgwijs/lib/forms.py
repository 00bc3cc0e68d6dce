from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

T = TypeVar("T")


# ``form.fields`` holds plain fields to the type checker; these name the kind a form's
# ``__init__`` narrows (its queryset, its choices) and fail loudly if the form changed.


def choice_field_of(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def label_choices(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Show ``label(row)`` for each of ``field``'s rows instead of ``str(row)``."""
    # Django documents overriding this method; per field instance is the same, made here once.
    field.label_from_instance = label  # type: ignore[method-assign,assignment]


def model_choice_field_of(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError next to the field it concerns (else above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict], T]) -> T | None:
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
    request: HttpRequest, template: str, form: forms.BaseForm, **context: Any
) -> HttpResponse:
    """A page with ``form``; 400 when submitted input was refused, so the refusal is visible to
    tests and tools (the page itself shows the errors at the fields)."""
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


# Fields every form uses for ids, dates and search texts: bad input becomes a message at the
# field, never a database error (a 500).

MAX_QUERY_LENGTH = 200  # a search or filter text; longer is no search but an attack
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


def _id_out_of_range(queryset: QuerySet, key: str | None, value: object) -> bool:
    """Whether ``value`` is a whole number the id column cannot hold. The database refuses
    such a number in a query (SQLite: OverflowError) instead of finding nothing."""
    model = queryset.model
    field = model._meta.pk if key in (None, "pk") else model._meta.get_field(key)
    if not isinstance(field, (models.IntegerField, models.AutoField)):
        return False
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False  # not a number at all: Django's own check refuses it
    low, high = connections[queryset.db].ops.integer_field_range(field.get_internal_type())
    return (low is not None and number < low) or (high is not None and number > high)


class ModelChoiceField(forms.ModelChoiceField):
    """A drop-down over a model whose submitted id is checked against the id column's range."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and self.queryset is not None
            and _id_out_of_range(self.queryset, self.to_field_name, value)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multi-select over a model whose submitted ids are checked against the id column's
    range before they reach the database."""

    def _check_values(self, value):
        for pk in value:
            if self.queryset is not None and _id_out_of_range(
                self.queryset, self.to_field_name, pk
            ):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        # Django's private hook that turns the submitted ids into rows; django-stubs omits it.
        return super()._check_values(value)  # type: ignore[misc]


class DateField(forms.DateField):
    """A date between 1900 and 2999: what a care record can mean, and far enough from the
    calendar's ends that adding a day or a time zone cannot overflow."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_date_in_range)


def _date_in_range(value: datetime.date) -> None:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": FIRST_DAY.strftime("%d-%m-%Y"), "last": LAST_DAY.strftime("%d-%m-%Y")},
            code="date_range",
        )


def model_formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    """``formfield_callback`` of every model form: ids and dates get the fields above."""
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    elif type(model_field) is models.DateField:
        kwargs.setdefault("form_class", DateField)
    return model_field.formfield(**kwargs)


class ModelForm(forms.ModelForm):
    """The project's model form: its generated fields are the bounded ones above. Django reads
    ``formfield_callback`` from the form's own ``Meta`` only, so each subclass's ``Meta`` gets
    it here (before Django builds the fields) unless it names one itself."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(model_formfield)


def int_or_none(value: object) -> int | None:
    """A whole number (an id) from a query or form value, or None; never an exception: a
    typed-in "32¿'\"(" or a superscript "²" (``isdigit`` says yes, ``int`` refuses) is no
    number, and neither is one longer than an id column holds."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def query_text(request: HttpRequest, name: str, *, max_length: int = MAX_QUERY_LENGTH) -> str:
    """A search or filter text from the query string, stripped and at most ``max_length``
    characters: the database never gets an unbounded pattern (SQLite refuses a LIKE pattern
    over 50,000 bytes; any database spends time on it)."""
    return request.GET.get(name, "").strip()[:max_length]


# The mixin goes on forms: to the type checker it is one.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object

# The NL Design System class of each kind of widget (checkbox lists style their own inputs).
WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.CheckboxSelectMultiple, ""),
    (forms.SelectMultiple, "utrecht-select utrecht-select--html-select zw-multiselect"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Widget, "utrecht-textbox utrecht-textbox--html-input"),
)


class UtrechtFormMixin(_FormBase):
    """Every widget gets its NL Design System classes, and a field with an error says so to
    assistive technology (``aria-invalid``, ``aria-describedby`` to the message), again after
    validation; templates render fields plainly. Styles through ``self.fields``, never bound
    fields: a bound field made in ``__init__`` would keep the label and help text from before a
    subclass changes them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self._style_widgets()

    def _style_widgets(self) -> None:
        # ``_errors``, not ``errors``: that would validate the form, and in ``__init__`` before
        # subclasses have scoped their querysets.
        errors = self._errors or {}  # type: ignore[attr-defined]  # private, not in the stubs
        for name, field in self.fields.items():
            widget = field.widget
            css = next(css for kind, css in WIDGET_CLASSES if isinstance(widget, kind))
            present = widget.attrs.get("class", "").split()
            missing = [c for c in css.split() if c not in present]
            if missing:
                widget.attrs["class"] = " ".join([*present, *missing])
            if name in errors:
                html_name = self.add_prefix(name)
                pattern = self.auto_id if isinstance(self.auto_id, str) else ""
                auto_id = pattern % html_name if "%s" in pattern else html_name
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{auto_id}-error"


class StyledForm(UtrechtFormMixin, forms.Form):
    """The project's plain form (``UtrechtFormMixin``)."""


class StyledModelForm(UtrechtFormMixin, ModelForm):
    """The project's model form (``UtrechtFormMixin``)."""
