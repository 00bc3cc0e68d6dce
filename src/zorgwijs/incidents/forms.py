from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.models import CompetenceItem, ItemKind
from zorgwijs.knowledge.models import Space
from zorgwijs.lib.forms import (
    DateField,
    ModelChoiceField,
    StyledForm,
    label_choices,
    model_choice_field_of,
)
from zorgwijs.organisations.models import Department, Membership, Visibility
from zorgwijs.organisations.visibility import viewer_for

from .models import (
    LONG_TEXT_MAX_LENGTH,
    AnalysisMethod,
    Category,
    CauseCode,
    Outcome,
    Severity,
    Status,
)
from .services import IncidentReport, LessonText

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = {"rows": 4}


def _devices(organisation):
    return CompetenceItem.objects.filter(
        organisation=organisation, kind=ItemKind.DEVICE, is_active=True
    ).order_by("name")


class DepartmentChoice(ModelChoiceField):
    def label_from_instance(self, obj: Department) -> str:
        return "\u2003" * obj.depth + obj.name  # indent by depth: the tree stays readable


class ReportForm(StyledForm):
    occurred_at = forms.DateTimeField(
        label=_("Wanneer gebeurde het?"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(
        label=_("Waar gebeurde het?"),
        max_length=200,
        help_text=_("Bijvoorbeeld: kamer 4, behandelkamer 2, gang."),
    )
    department = DepartmentChoice(
        label=_("Afdeling"), required=False, queryset=Department.objects.none()
    )
    category = forms.ChoiceField(label=_("Soort melding"), choices=Category.choices)
    device = ModelChoiceField(
        label=_("Betrokken apparaat"),
        required=False,
        queryset=CompetenceItem.objects.none(),
        help_text=_("Alleen als een medisch apparaat betrokken was."),
    )
    device_details = forms.CharField(
        label=_("Serienummer, lot of softwareversie"), max_length=200, required=False
    )
    what_happened = forms.CharField(
        label=_("Wat is er gebeurd?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("Feitelijk en in volgorde. Geen namen, geen geboortedata, geen BSN."),
    )
    outcome = forms.ChoiceField(label=_("Afloop"), choices=Outcome.choices)
    severity = forms.ChoiceField(label=_("Ernst van de schade"), choices=Severity.choices)
    immediate_action = forms.CharField(
        label=_("Wat is er direct gedaan?"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    prevention_idea = forms.CharField(
        label=_("Hoe kan dit volgens jou voorkomen worden?"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    anonymous = forms.BooleanField(
        label=_("Anoniem melden: mijn naam wordt niet opgeslagen"),
        required=False,
        help_text=_("Dan kun je de melding niet volgen in 'Mijn incidentmeldingen'."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "department").queryset = Department.objects.filter(
            organisation=organisation
        ).order_by("path")
        model_choice_field_of(self, "device").queryset = _devices(organisation)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def report(self) -> IncidentReport:
        data = self.cleaned_data
        department, device = data.get("department"), data.get("device")
        return IncidentReport(
            occurred_at=data["occurred_at"],
            location=data["location"],
            category=data["category"],
            outcome=data["outcome"],
            severity=data["severity"],
            what_happened=data["what_happened"],
            department_id=department.pk if department else None,
            device_id=device.pk if device else None,
            device_details=data["device_details"],
            immediate_action=data["immediate_action"],
            prevention_idea=data["prevention_idea"],
        )


class FilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + Status.choices
    )
    department = DepartmentChoice(
        label=_("Afdeling"),
        required=False,
        queryset=Department.objects.none(),
        empty_label=_("Alle"),
    )
    device = ModelChoiceField(
        label=_("Apparaat"),
        required=False,
        queryset=CompetenceItem.objects.none(),
        empty_label=_("Alle"),
    )
    severity = forms.ChoiceField(
        label=_("Ernst"), required=False, choices=[("", _("Alle"))] + Severity.choices
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "department").queryset = Department.objects.filter(
            organisation=organisation
        ).order_by("path")
        model_choice_field_of(self, "device").queryset = _devices(organisation)


class TriageStepForm(StyledForm):
    """A small form on the triage detail page whose fields are its service's arguments."""

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class AnalysisForm(TriageStepForm):
    method = forms.ChoiceField(label=_("Analysemethode"), choices=AnalysisMethod.choices)
    summary = forms.CharField(
        label=_("Samenvatting van de analyse"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
    )


class CauseForm(TriageStepForm):
    code = forms.ChoiceField(label=_("Eindhoven-classificatie"), choices=CauseCode.choices)
    description = forms.CharField(label=_("Oorzaak"), max_length=500)


class MeasureForm(TriageStepForm):
    action = forms.CharField(label=_("Maatregel"), max_length=500)
    owner = ModelChoiceField(label=_("Eigenaar"), queryset=Membership.objects.none())
    due_on = DateField(label=_("Uiterlijk klaar op"), widget=DATE)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "owner").queryset = (
            Membership.objects.active().filter(organisation=organisation).select_related("user")
        )
        label_choices(model_choice_field_of(self, "owner"), lambda m: m.user.full_name)

    def clean_due_on(self) -> datetime.date:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in het verleden."))
        return due_on

    def service_values(self) -> dict:
        values = super().service_values()
        values["owner_id"] = values.pop("owner").pk
        return values


class LessonForm(StyledForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Wat er gebeurde"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("Schrijf het opnieuw op, zonder namen, data of andere herleidbare details."),
    )
    learned = forms.CharField(
        label=_("Wat we hebben geleerd"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    measures = forms.CharField(
        label=_("Welke maatregelen we namen"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    device = ModelChoiceField(
        label=_("Apparaat"), required=False, queryset=CompetenceItem.objects.none()
    )
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"),
        choices=Visibility.choices,
        help_text=_(
            "Netwerk: ook de organisaties waarmee we in een "
            "netwerk samenwerken. Openbaar: iedereen."
        ),
    )

    space = ModelChoiceField(
        label=_("Kennisruimte"),
        required=False,
        queryset=Space.objects.none(),
        help_text=_("De les staat dan ook in deze ruimte, bijvoorbeeld die van het apparaat."),
    )

    def __init__(self, *args, organisation, actor, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "device").queryset = _devices(organisation)
        model_choice_field_of(self, "space").queryset = Space.objects.visible_to(
            viewer_for(actor)
        ).order_by("name")

    def text(self) -> LessonText:
        data = self.cleaned_data
        return LessonText(
            title=data["title"],
            summary=data["summary"],
            learned=data["learned"],
            measures=data["measures"],
            visibility=data["visibility"],
            device_id=data["device"].pk if data.get("device") else None,
            space_id=data["space"].pk if data.get("space") else None,
        )
