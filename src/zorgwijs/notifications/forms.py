from __future__ import annotations

from django import forms

from .models import Category, Delivery, default_delivery


class PreferencesForm(forms.Form):
    """One choice per category: immediately, daily, weekly or no e-mail."""

    def __init__(self, *args, current: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Category.choices:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(value, default_delivery(value)),
                widget=forms.RadioSelect,
            )
