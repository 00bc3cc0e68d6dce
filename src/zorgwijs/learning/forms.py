"""Forms of the learning pages. Plain forms: the services own validation against the data."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.lib.forms import (
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    StyledForm,
    choice_field_of,
    label_choices,
    model_choice_field_of,
)
from zorgwijs.lib.uploads import EVIDENCE_TYPES
from zorgwijs.organisations.models import Membership, Network, Visibility

from .models import (
    Blueprint,
    BlueprintState,
    Curriculum,
    LearnBy,
    Level,
    Outcome,
    PriorKind,
    ProofKind,
    RouteStep,
    RouteTemplate,
    WorkProcess,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD = forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)})


def _member_label(membership: Membership) -> str:
    return membership.user.full_name


class BlueprintForm(StyledForm):
    name = forms.CharField(label=_("Naam"), max_length=200)
    target_role = forms.CharField(label=_("Doelfunctie"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProcessForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Werkproces"), max_length=200)


class OutcomeForm(StyledForm):
    process = ModelChoiceField(label=_("Werkproces"), queryset=WorkProcess.objects.none())
    code = forms.CharField(label=_("Code"), max_length=30)
    title = forms.CharField(label=_("Leeruitkomst"), max_length=300)
    indicators = forms.CharField(
        label=_("Gedragsindicatoren"),
        help_text=_("Eén per regel."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proof = forms.ChoiceField(label=_("Bewijs"), choices=ProofKind.choices)
    level = forms.TypedChoiceField(
        label=_("Niveau"), choices=Level.choices, coerce=int, initial=Level.DOES
    )
    item = ModelChoiceField(
        label=_("Bekwaamheid uit de catalogus"),
        required=False,
        queryset=CompetenceItem.objects.none(),
    )
    learn_by = forms.ChoiceField(label=_("Leren via"), choices=LearnBy.choices)
    learn_hours = forms.IntegerField(label=_("Uren leren"), min_value=0, max_value=2000, initial=8)
    assess_hours = forms.IntegerField(
        label=_("Uren toetsen"), min_value=0, max_value=200, initial=2
    )
    prerequisites = ModelMultipleChoiceField(
        label=_("Eerst nodig"),
        required=False,
        queryset=Outcome.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, blueprint: Blueprint, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "process").queryset = blueprint.processes.all()
        model_choice_field_of(self, "item").queryset = CompetenceItem.objects.filter(
            organisation=blueprint.organisation,
            network=blueprint.network,
            is_active=True,
        )
        model_choice_field_of(self, "prerequisites").queryset = blueprint.outcomes.all()


class ShareForm(StyledForm):
    network = ModelChoiceField(label=_("Netwerk"), queryset=Network.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "network").queryset = Network.objects.filter(
            memberships__organisation=organisation
        )


class RouteNewForm(StyledForm):
    membership = ModelChoiceField(label=_("Medewerker"), queryset=Membership.objects.none())
    blueprint = ModelChoiceField(label=_("Blauwdruk"), queryset=Blueprint.objects.none())
    template = ModelChoiceField(
        label=_("Gebaand pad (sjabloon)"),
        required=False,
        queryset=RouteTemplate.objects.none(),
        help_text=_("Leeg: de route volgt uit de verschilanalyse."),
    )
    start_date = DateField(label=_("Startdatum"), widget=DATE)
    hours_per_week = forms.IntegerField(
        label=_("Leeruren per week"), min_value=1, max_value=40, initial=8
    )
    mentor = ModelChoiceField(
        label=_("Werkbegeleider"), required=False, queryset=Membership.objects.none()
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            access.visible_memberships("people.view_all")
            .active()
            .select_related("user")
            .order_by("user__full_name")
        )
        for name in ("membership", "mentor"):
            field = model_choice_field_of(self, name)
            field.queryset = members
            label_choices(field, _member_label)
        model_choice_field_of(self, "blueprint").queryset = Blueprint.objects.filter(
            organisation=access.organisation, state=BlueprintState.PUBLISHED
        )
        model_choice_field_of(self, "template").queryset = RouteTemplate.objects.filter(
            organisation=access.organisation
        )


class StepForm(StyledForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    hours = forms.IntegerField(label=_("Uren"), min_value=1, max_value=2000)
    fixed_due_day = forms.IntegerField(
        label=_("Vaste deadline (dag na start)"),
        required=False,
        min_value=1,
        max_value=2000,
        help_text=_("Leeg: de deadline volgt uit uren en volgorde."),
    )
    fixed_due_reason = forms.CharField(
        label=_("Reden vaste deadline"), required=False, max_length=300
    )
    supervisor = ModelChoiceField(
        label=_("Werkbegeleider van deze stap"), required=False, queryset=Membership.objects.none()
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        field = model_choice_field_of(self, "supervisor")
        field.queryset = (
            access.visible_memberships("people.view_all")
            .active()
            .select_related("user")
            .order_by("user__full_name")
        )
        label_choices(field, _member_label)


class StepAddForm(StyledForm):
    kind = forms.ChoiceField(label=_("Soort stap"))
    title = forms.CharField(label=_("Titel"), max_length=200)
    hours = forms.IntegerField(label=_("Uren"), min_value=1, max_value=2000)
    prerequisites = ModelMultipleChoiceField(
        label=_("Komt na"),
        required=False,
        queryset=RouteStep.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De stap begint als deze stappen klaar moeten zijn; hij komt achteraan."),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, route, **kwargs):
        from .services.editing import ADDABLE_KINDS

        super().__init__(*args, **kwargs)
        choice_field_of(self, "kind").choices = [(k.value, k.label) for k in ADDABLE_KINDS]
        field = model_choice_field_of(self, "prerequisites")
        field.queryset = RouteStep.objects.filter(route=route).order_by("position", "id")
        label_choices(field, lambda s: f"{s.position}. {s.title}")


class TemplateForm(StyledForm):
    name = forms.CharField(label=_("Naam van het sjabloon"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"),
        choices=[
            (Visibility.ORGANISATION, _("Mijn organisatie")),
            (Visibility.NETWORK, _("Ook de netwerken van mijn organisatie")),
        ],
    )


class NoteForm(StyledForm):
    text = forms.CharField(
        label=_("Reflectie"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("Portfolio-bestand"),
        required=False,
        help_text=_("PDF, PNG of JPEG, maximaal 10 MB."),
        widget=UPLOAD,
    )


class SignOffForm(StyledForm):
    comment = forms.CharField(
        label=_("Feedback"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(StyledForm):
    text = forms.CharField(
        label=_("Feedback"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CurriculumForm(StyledForm):
    programme = forms.CharField(label=_("Opleiding"), max_length=200)
    track = forms.CharField(label=_("Uitstroomrichting"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    visibility = forms.ChoiceField(
        label=_("Zichtbaar voor"),
        choices=[
            (Visibility.PUBLIC, _("Alle organisaties")),
            (Visibility.NETWORK, _("Organisaties in mijn netwerken")),
        ],
    )


class CurriculumOutcomeForm(StyledForm):
    code = forms.CharField(label=_("Code"), max_length=30)
    title = forms.CharField(label=_("Leeruitkomst"), max_length=300)
    level = forms.TypedChoiceField(label=_("Niveau"), choices=Level.choices, coerce=int)


class PriorForm(StyledForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=PriorKind.choices, widget=forms.RadioSelect)
    curriculum = ModelChoiceField(
        label=_("Opleiding (bij een diploma)"), required=False, queryset=Curriculum.objects.none()
    )
    achieved_on = DateField(label=_("Behaald op"), widget=DATE)
    codes = forms.CharField(
        label=_("Leeruitkomsten (bij EVC)"),
        required=False,
        max_length=500,
        help_text=_("Codes, gescheiden door komma's."),
    )
    level = forms.TypedChoiceField(
        label=_("Niveau (bij EVC)"),
        required=False,
        choices=[("", "—"), *Level.choices],
        coerce=int,
        empty_value=None,
    )
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(
        label=_("Portfolio (bij EVC)"),
        required=False,
        help_text=_("PDF, PNG of JPEG, maximaal 20 MB."),
        widget=UPLOAD,
    )

    def __init__(self, *args, curricula, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "curriculum").queryset = curricula

    def clean_codes(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["codes"].split(",") if c.strip()]


class MyPriorForm(StyledForm):
    """The learner's own EVC evidence for outcomes of their route's blueprint."""

    codes = forms.MultipleChoiceField(
        label=_("Leeruitkomsten die je bewijs laat zien"),
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.TypedChoiceField(
        label=_("Niveau dat je bewijs laat zien"), choices=Level.choices, coerce=int
    )
    achieved_on = DateField(label=_("Behaald op"), widget=DATE)
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waar en hoe je dit hebt geleerd, en wie het kan bevestigen."),
    )
    evidence_file = forms.FileField(
        label=_("Portfolio"), help_text=_("PDF, PNG of JPEG, maximaal 20 MB."), widget=UPLOAD
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field_of(self, "codes").choices = [(o.code, f"{o.code} {o.title}") for o in outcomes]


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("accept", _("Accepteren")), ("reject", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Opmerking"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
