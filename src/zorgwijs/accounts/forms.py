from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import DateField


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_(
            "Waarvoor gebruik je dit token? Bijvoorbeeld: koppeling met het roosterpakket."
        ),
    )
    expires_on = DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Laat leeg voor een token zonder einddatum."),
    )

    def clean_expires_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Kies een datum vanaf vandaag."))
        return value

    def expires_at(self) -> datetime.datetime | None:
        value = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        end_of_day = datetime.datetime.combine(value, datetime.time.max)
        return timezone.make_aware(end_of_day)


class SSOStartForm(forms.Form):
    email = forms.EmailField(label=_("Werk-e-mailadres"))
    next = forms.CharField(required=False)
