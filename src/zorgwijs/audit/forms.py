"""Filters for the organisation's audit log."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import DateField

from .models import AuditEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class AuditFilterForm(forms.Form):
    persoon = forms.CharField(
        label=_("Over persoon"),
        required=False,
        max_length=200,
        help_text=_("Naam, e-mailadres of personeelsnummer"),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    door = forms.CharField(
        label=_("Door"),
        required=False,
        max_length=200,
        help_text=_("Naam, e-mailadres of personeelsnummer"),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    handeling = forms.CharField(
        label=_("Handeling"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld organisations.membership (begin van de naam)"),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *AuditEntry.Kind.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    van = DateField(label=_("Vanaf"), required=False, widget=DateInput(attrs=TEXTBOX))
    tot = DateField(label=_("Tot en met"), required=False, widget=DateInput(attrs=TEXTBOX))

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("van"), self.cleaned_data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return self.cleaned_data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def active_filters(self) -> dict[str, str]:
        """The filters in the form they are logged and put back into links."""
        if not self.is_bound or not self.is_valid():
            return {}
        result = {}
        for name, value in self.cleaned_data.items():
            if value in ("", None):
                continue
            result[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return result
