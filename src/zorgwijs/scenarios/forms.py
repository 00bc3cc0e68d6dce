from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from zorgwijs.accounts.models import User
from zorgwijs.competences.models import CompetenceItem
from zorgwijs.lib.concurrency import VersionField
from zorgwijs.lib.forms import DateField, ModelChoiceField, ModelForm
from zorgwijs.organisations.models import Organisation

from .models import SECTION_NAMES, CrmSkill, LoopTarget, ReviewCriterion, Scenario

MAX_TEXT = 20_000


def _trainable_items(organisation):
    """Items a scenario of ``organisation`` may train: its own catalogue and the shared
    items of its networks."""
    from django.db.models import Q

    from zorgwijs.competences.models import CompetenceItem

    if organisation is None:
        return CompetenceItem.objects.none()
    shared = CompetenceItem.objects.filter(network__memberships__organisation=organisation)
    return CompetenceItem.objects.filter(
        Q(organisation=organisation) | Q(pk__in=shared.values("pk")), is_active=True
    ).order_by("name", "pk")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
            continue
        if isinstance(widget, forms.Textarea):
            css = "utrecht-textarea"
        elif isinstance(widget, forms.Select):
            css = "utrecht-select utrecht-select--html-select"
        else:
            css = "utrecht-textbox utrecht-textbox--html-input"
        widget.attrs.setdefault("class", css)


class ScenarioForm(ModelForm):
    # The scenario as the editor loaded it (lib.concurrency); unused when creating.
    version = VersionField()
    crm_skills = forms.MultipleChoiceField(
        label=_("CRM-vaardigheden die het scenario traint"),
        choices=CrmSkill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Wat heb je veranderd?"),
        required=False,
        max_length=200,
        help_text=_("Komt bij de versie te staan."),
    )

    class Meta:
        model = Scenario
        fields = [
            "title",
            *SECTION_NAMES,
            "crm_skills",
            "concepts",
            "competence_items",
            "duration_minutes",
            "visibility",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 4}) for name in SECTION_NAMES},
            "concepts": forms.SelectMultiple(attrs={"size": 8}),
            "competence_items": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "roles": _("Per rol: de naam van de rol en wat die persoon vooraf hoort."),
            "phases": _(
                "Per fase: wat er gebeurt, de trigger om naar de volgende fase te gaan en de "
                "acties die je van het team verwacht."
            ),
            "concepts": _(
                "Uit het begrippenkader. Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen."
            ),
            "competence_items": _(
                "Uit de catalogus van je organisatie en de gedeelde afspraken van je netwerken."
            ),
            "visibility": _(
                "Organisatie: alleen je eigen collega's. Netwerk: ook de organisaties in je "
                "netwerken. Openbaar: iedereen."
            ),
        }

    def __init__(self, *args, creating: bool = False, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.fields["competence_items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        owner = organisation or getattr(self.instance, "organisation", None)
        items.queryset = _trainable_items(owner)
        for name in SECTION_NAMES:
            field = self.fields[name]
            assert isinstance(field, forms.CharField)
            field.max_length = MAX_TEXT
            field.validators.append(MaxLengthValidator(MAX_TEXT))
        if creating:
            del self.fields["note"]
        _style(self)

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "note"}}


class RunForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), empty_label=None
    )
    held_on = DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    group_size = forms.IntegerField(label=_("Aantal deelnemers"), min_value=1, max_value=500)
    what_worked = forms.CharField(
        label=_("Wat werkte"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_changed = forms.CharField(
        label=_("Wat we aanpasten"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    participant_evaluation = forms.CharField(
        label=_("Evaluatie door deelnemers"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_organisations(self, organisations)
        _style(self)


def _limit_organisations(form: forms.Form, organisations) -> None:
    """Offer ``organisations`` (a list of the caller's organisations, or a queryset) in the
    form's organisation field. From a list the options need no query, so the scenario page's
    run and fork forms do not each read the caller's organisations again; the submitted
    choice is still checked against the database."""
    field = form.fields["organisation"]
    assert isinstance(field, forms.ModelChoiceField)
    if organisations is None:
        field.queryset = Organisation.objects.none()
    elif isinstance(organisations, list):
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        field.choices = [*empty, *((o.pk, o.name) for o in organisations)]
    else:
        field.queryset = organisations


class ForkForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Kopiëren naar"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_organisations(self, organisations)
        _style(self)


class ReviewRequestForm(forms.Form):
    reviewer_1 = forms.EmailField(
        label=_("E-mailadres van de eerste reviewer"),
        help_text=_("Een trainer van een andere organisatie die het scenario kan lezen."),
    )
    reviewer_2 = forms.EmailField(label=_("E-mailadres van de tweede reviewer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def reviewers(self) -> list[User | None]:
        return [
            User.objects.filter(
                email__iexact=self.cleaned_data[f"reviewer_{i}"], is_active=True
            ).first()
            for i in (1, 2)
        ]


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class ReviewForm(forms.Form):
    remarks = forms.CharField(
        label=_("Opmerkingen voor de auteurs"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    recommends_publication = forms.BooleanField(
        label=_("Ik raad aan deze versie te publiceren"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scored = {
            f"score_{c.value}": forms.TypedChoiceField(
                label=c.label,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = onvoldoende, 5 = uitstekend"),
            )
            for c in ReviewCriterion
        }
        self.fields = {**scored, **self.fields}
        _style(self)

    def scores(self) -> dict[str, int]:
        return {c: self.cleaned_data[f"score_{c}"] for c in ReviewCriterion.values}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Je reactie"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, afbeelding of Office-bestand, hoogstens 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class LoopLinkForm(forms.Form):
    """Link a measure to what it changed: one kind, and the thing of that kind."""

    kind = forms.ChoiceField(
        label=_("Wat veranderde door deze maatregel?"),
        choices=LoopTarget.choices,
        widget=forms.RadioSelect,
    )
    page = ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Kennispagina"),
        help_text=_("Bewerk de pagina eerst; de koppeling wijst naar de versie van nu."),
    )
    scenario = ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Scenario"),
        help_text=_("De koppeling wijst naar de nieuwste versie."),
    )
    item = ModelChoiceField(queryset=None, required=False, label=_("Bekwaamheid"))
    profile = ModelChoiceField(queryset=None, required=False, label=_("Vereistenprofiel"))
    test = ModelChoiceField(queryset=None, required=False, label=_("Kennistoets"))
    step = ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Leerroutestap"),
        help_text=_("Een stap in een leerroute van je organisatie, bijvoorbeeld een extra module."),
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, choices: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["page"].label_from_instance = lambda p: f"{p.title} ({p.space.name})"  # type: ignore[attr-defined]
        self.fields["step"].label_from_instance = lambda s: f"{s.title} ({s.route.name})"  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and not data.get(kind):
            self.add_error(kind, _("Kies waar de maatregel toe leidde."))
        return data


class StarterKitCopyForm(forms.Form):
    organisation = ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Voor organisatie"), empty_label=None
    )
    name = forms.CharField(
        label=_("Naam van je eigen ruimte"),
        max_length=150,
        help_text=_("De kopie is eerst alleen zichtbaar voor je eigen organisatie."),
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class TrainerStandardForm(forms.Form):
    """Choose which of the network's shared items is a trainer standard."""

    item = ModelChoiceField(
        label=_("Gedeelde bekwaamheid van het netwerk"),
        queryset=CompetenceItem.objects.none(),
        empty_label=_("Kies een bekwaamheid"),
        help_text=_(
            "Een bekwaamheid die het netwerk deelt (Bekwaamheden → Gedeeld in je netwerken). "
            "Leg daarin vast wat een trainer moet: bewijs, aantal gegeven trainingen per periode "
            "en opfrissen."
        ),
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        _style(self)
