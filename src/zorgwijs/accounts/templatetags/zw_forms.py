"""Render Django form fields as NL Design System (Utrecht) form fields.

``{% zw_field form.email %}`` gives a label, the description, the error message right next to
the field (linked with aria-describedby) and the input with Utrecht classes.
"""

from __future__ import annotations

from django import forms, template

from zorgwijs.accounts.mfa_policy import mfa_required_for

register = template.Library()

_CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def _widget_class(widget: forms.Widget, invalid: bool) -> str:
    if isinstance(widget, forms.CheckboxInput):
        classes = ["utrecht-checkbox", "utrecht-checkbox--html-input"]
    elif isinstance(widget, forms.Select):
        classes = ["utrecht-select", "utrecht-select--html-select"]
    elif isinstance(widget, forms.Textarea):
        classes = ["utrecht-textarea", "utrecht-textarea--html-textarea"]
    else:
        classes = ["utrecht-textbox", "utrecht-textbox--html-input"]
    if invalid:
        classes.append(classes[0] + "--invalid")
    return " ".join(classes)


@register.inclusion_tag("accounts/_field.html")
def zw_field(
    field: forms.BoundField, autofocus: bool = False, show_help: bool = True
) -> dict[str, object]:
    widget = field.field.widget
    invalid = bool(field.errors)
    described = []
    show_help = show_help and bool(field.help_text)
    if show_help:
        described.append(f"{field.auto_id}_helptext")
    if invalid:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": _widget_class(widget, invalid)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if invalid:
        attrs["aria-invalid"] = "true"
    if autofocus:
        attrs["autofocus"] = True
    # The visible label says what to type; placeholders disappear while typing.
    widget.attrs.pop("placeholder", None)
    return {
        "field": field,
        "widget_html": field.as_widget(attrs=attrs),
        "is_check": isinstance(widget, _CHECKS),
        "invalid": invalid,
        "show_help": show_help,
    }


@register.inclusion_tag("accounts/_fields.html")
def zw_fields(form: forms.Form) -> dict[str, object]:
    return {"form": form}


@register.simple_tag(takes_context=True)
def zw_mfa_required(context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and mfa_required_for(user))
