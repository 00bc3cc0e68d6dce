from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.uploads import EVIDENCE_TYPES, validate_upload
from zorgwijs.organisations.forms import UtrechtFormMixin

from .models import CompetenceItem, EvidenceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(UtrechtFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class ItemChoiceMixin(StyledForm):
    item = forms.ModelChoiceField(label=_("Bekwaamheid"), queryset=CompetenceItem.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = CompetenceItem.objects.filter(
            organisation=organisation, is_active=True).order_by("kind", "name")


class RegisterForm(ItemChoiceMixin):
    occurred_on = forms.DateField(label=_("Behaald op"), widget=DATE)
    evidence_kind = forms.ChoiceField(label=_("Bewijs"), choices=EvidenceKind.choices)
    evidence_file = forms.FileField(
        label=_("Bewijsstuk"), required=False,
        help_text=_("PDF, PNG of JPEG, maximaal 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}))
    valid_until = forms.DateField(label=_("Geldig tot (alleen bij afwijking)"), required=False,
                                  widget=DATE)
    valid_until_reason = forms.CharField(label=_("Reden afwijkende geldigheid"), required=False,
                                         max_length=300)
    backdate_reason = forms.CharField(label=_("Reden terugdatering"), required=False,
                                      max_length=300,
                                      help_text=_("Nodig als de datum meer dan 14 dagen terug ligt."))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_upload(upload, extensions=EVIDENCE_TYPES, max_mb=10)
        return upload


class SignOffRequestForm(ItemChoiceMixin):
    performed_on = forms.DateField(label=_("Datum van de praktijktoets"), widget=DATE)
    note = forms.CharField(label=_("Toelichting voor de beoordelaar"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SignOffDecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect, choices=(
        ("approve", _("Aftekenen: bekwaam")), ("reject", _("Afwijzen: nog niet bekwaam"))))
    comment = forms.CharField(label=_("Opmerking"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
