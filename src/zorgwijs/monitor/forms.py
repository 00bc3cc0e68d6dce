"""Forms of the monitor: a period with its rows of figures, the upload, the network's rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgwijs.organisations.hr_import.forms import HrImportUploadForm

from . import disclosure
from .indicators import FIELD_LABELS, FIGURE_FIELDS, FunctionGroup, Sector
from .periods import parse_period
from .validation import clean_number, period_errors

MAX_ROWS = 40


class NumberField(forms.CharField):
    """A count or amount with the monitor's checks (comma or point, never negative)."""

    def __init__(self, name: str, **kwargs):
        self.figure = name
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(label=FIELD_LABELS[name], **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": 8})

    def clean(self, value):
        text = super().clean(value)
        number, message = clean_number(self.figure, text)
        if message:
            raise forms.ValidationError(message)
        return number


class PeriodFormField(forms.CharField):
    def clean(self, value) -> tuple[str, datetime.date]:
        text = super().clean(value)
        parsed = parse_period(text)
        if parsed is None:
            raise forms.ValidationError(
                _("Schrijf een kwartaal als 2025-K1 of een maand als 2025-03.")
            )
        message = period_errors(*parsed)
        if message:
            raise forms.ValidationError(message)
        return parsed


class SubmissionForm(forms.Form):
    period = PeriodFormField(
        label=gettext_lazy("Periode"),
        max_length=10,
        help_text=gettext_lazy("Een kwartaal (2025-K1) of een maand (2025-03)."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden van de correctie"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "Alleen nodig als je cijfers corrigeert die al gedeeld zijn; "
            "de vorige versie blijft bewaard."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RowForm(forms.Form):
    # A blank first choice: an extra row left alone posts its initial value and is skipped.
    sector = forms.ChoiceField(
        label=gettext_lazy("Sector"),
        choices=[("", gettext_lazy("Kies een sector"))] + list(Sector.choices),
    )
    function_group = forms.ChoiceField(
        label=gettext_lazy("Functiegroep"),
        choices=[("", gettext_lazy("Alle functiegroepen samen"))] + list(FunctionGroup.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIGURE_FIELDS:
            self.fields[name] = NumberField(name, required=name == "headcount")

    def figure_fields(self):
        return [self[name] for name in FIGURE_FIELDS]


RowFormSet = forms.formset_factory(
    RowForm, extra=1, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)


def rows_of(formset) -> list[dict]:
    """The filled-in rows (a blank extra row is left out)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class DeriveForm(forms.Form):
    period = PeriodFormField(
        label=gettext_lazy("Periode"),
        max_length=10,
        help_text=gettext_lazy("Een kwartaal (2025-K1) of een maand (2025-03)."),
    )


class FigureUploadForm(HrImportUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Bestand met HR-cijfers (CSV of XLSX)")


class SettingsForm(forms.Form):
    min_organisations = forms.IntegerField(
        label=gettext_lazy("Minimaal aantal organisaties in een cel"),
        min_value=disclosure.BOUNDS["min_organisations"][0],
        max_value=disclosure.BOUNDS["min_organisations"][1],
    )
    dominance_percent = forms.IntegerField(
        label=gettext_lazy("Maximaal aandeel van één organisatie (%)"),
        min_value=disclosure.BOUNDS["dominance_percent"][0],
        max_value=disclosure.BOUNDS["dominance_percent"][1],
    )
    min_denominator = forms.IntegerField(
        label=gettext_lazy("Minimaal aantal fte onder een percentage"),
        min_value=disclosure.BOUNDS["min_denominator"][0],
        max_value=disclosure.BOUNDS["min_denominator"][1],
    )
    rounding_base = forms.IntegerField(
        label=gettext_lazy("Aantallen afronden op een veelvoud van"),
        min_value=disclosure.BOUNDS["rounding_base"][0],
        max_value=disclosure.BOUNDS["rounding_base"][1],
    )


class LinksForm(forms.Form):
    """Per indicator the network's topics and actions that address it (checkboxes, grouped per
    topic)."""

    def __init__(self, *args, families, topics, initial_links=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_links = initial_links or {}
        choices: list = []
        for topic in topics:
            group = [(f"topic:{topic.pk}", _("Het hele thema"))]
            group += [(f"action:{a.pk}", a.title) for a in topic.actions.all()]
            choices.append((f"{topic.number}. {topic.title}", group))
        for family in families:
            self.fields[family.key] = forms.MultipleChoiceField(
                label=family.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=initial_links.get(family.key, []),
            )
