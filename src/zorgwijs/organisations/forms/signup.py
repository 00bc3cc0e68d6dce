"""Forms of the sign-up of organisations: the public application and the admin's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import ModelForm, choice_field_of

from ..models import OrganisationApplication, OrganisationKind, Province
from ..services.applications import MAX_MOTIVATION

TEXT = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"


class ApplicationForm(ModelForm):
    class Meta:
        model = OrganisationApplication
        fields = [
            "name",
            "kind",
            "province",
            "region",
            "contact_name",
            "contact_email",
            "contact_phone",
            "motivation",
        ]
        help_texts = {
            "region": _("Bijvoorbeeld de ROAZ-regio of de gemeente."),
            "contact_email": _(
                "Wordt na goedkeuring de eerste beheerder van uw organisatie op Zorgwijs."
            ),
            "motivation": _("Wat wilt u met Zorgwijs doen, en met wie werkt u samen?"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"class": TEXT, "autocomplete": "organization"}),
            "kind": forms.Select(attrs={"class": SELECT}),
            "province": forms.Select(attrs={"class": SELECT}),
            "region": forms.TextInput(attrs={"class": TEXT}),
            "contact_name": forms.TextInput(attrs={"class": TEXT, "autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"class": TEXT, "autocomplete": "email"}),
            "contact_phone": forms.TextInput(
                attrs={"class": TEXT, "autocomplete": "tel", "inputmode": "tel"}
            ),
            "motivation": forms.Textarea(
                attrs={"class": "utrecht-textarea", "rows": 5, "maxlength": MAX_MOTIVATION}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's choices behind a "choose" prompt instead of Django's dashes.
        for name, choices in (("kind", OrganisationKind.choices), ("province", Province.choices)):
            choice_field_of(self, name).choices = [("", _("Kies …")), *choices]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
        help_text=_("De aanvrager krijgt deze reden per e-mail."),
    )
