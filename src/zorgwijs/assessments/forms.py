from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.lib.forms import (
    DateField,
    ModelChoiceField,
    ModelForm,
    UtrechtFormMixin,
    label_choices,
)
from zorgwijs.organisations.models import Organisation

from .models import Checklist, KnowledgeTest, Question, QuestionKind, QuestionPool, XapiActivity
from .selectors import accepts_theory
from .services.checklists import accepts_practical

OPTION_LINES = 12


class ConstraintsChecked:
    """The unique constraints include the organisation, which is no form field, so Django's
    form validation skips them: check them here, so a duplicate is a message at the field and
    never a database error."""

    unique_field = "title"
    unique_message = _("Deze titel bestaat al.")

    def validate_unique(self) -> None:
        super().validate_unique()  # type: ignore[misc]
        try:
            self.instance.validate_constraints()  # type: ignore[attr-defined]
        except ValidationError as error:
            # Only a duplicate is this field's message; a check constraint (item or module)
            # is the form's own ``clean``'s.
            found = error.error_dict if hasattr(error, "error_dict") else {"": error.error_list}
            codes = {e.code for errors in found.values() for e in errors}
            if codes & {"unique", "unique_together"}:
                self.add_error(self.unique_field, self.unique_message)  # type: ignore[attr-defined]


def _items(organisation: Organisation):
    return CompetenceItem.objects.filter(organisation=organisation, is_active=True).order_by("name")


class TestForm(ConstraintsChecked, UtrechtFormMixin, ModelForm):
    # Declared here, not derived: scoped querysets may only be evaluated per organisation.
    item = ModelChoiceField(
        label=_("Bekwaamheid"), queryset=CompetenceItem.objects.none(), required=False
    )

    class Meta:
        model = KnowledgeTest
        fields = [
            "item",
            "module",
            "title",
            "instructions",
            "pass_percent",
            "time_limit_minutes",
            "max_attempts",
            "wait_hours",
            "notify_on_fail",
            "interview_after_fails",
            "remedial_module",
            "is_active",
        ]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = _items(organisation)
        self._style_widgets()

    def clean_item(self):
        item = self.cleaned_data["item"]
        if item is not None and not accepts_theory(item):
            raise ValidationError(_("Voor deze bekwaamheid telt een theorietoets niet als bewijs."))
        return item

    def clean_module(self):
        return " ".join(self.cleaned_data["module"].split())

    def clean(self):
        cleaned = super().clean() or {}
        if "item" in cleaned and not cleaned.get("item") and not cleaned.get("module"):
            self.add_error(
                "item", _("Kies de bekwaamheid of noem de module die deze toets afsluit.")
            )
        return cleaned

    def clean_pass_percent(self):
        value = self.cleaned_data["pass_percent"]
        if not 1 <= value <= 100:
            raise ValidationError(_("Kies een percentage van 1 tot en met 100."))
        return value


class PoolForm(UtrechtFormMixin, ModelForm):
    class Meta:
        model = QuestionPool
        fields = ["name", "draw_count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean_draw_count(self):
        value = self.cleaned_data["draw_count"]
        if value < 1:
            raise ValidationError(_("Trek minstens één vraag."))
        return value


class QuestionForm(UtrechtFormMixin, ModelForm):
    """Options as lines; a ``*`` before a line marks a right answer (single and multiple)."""

    pool = ModelChoiceField(label=_("Vragenpool"), queryset=QuestionPool.objects.none())

    option_lines = forms.CharField(
        label=_("Antwoorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén antwoord per regel. Zet een * voor elk goed antwoord."),
    )
    true_false = forms.ChoiceField(
        label=_("Goed antwoord (waar of niet waar)"),
        required=False,
        choices=[("", "—"), ("true", _("Waar")), ("false", _("Niet waar"))],
    )

    class Meta:
        model = Question
        fields = [
            "pool",
            "kind",
            "text",
            "option_lines",
            "true_false",
            "answer_value",
            "tolerance",
            "unit",
            "explanation",
            "is_active",
        ]
        localized_fields = ["answer_value", "tolerance"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, test: KnowledgeTest, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation_id = test.organisation_id
        pool = self.fields["pool"]
        assert isinstance(pool, forms.ModelChoiceField)
        pool.queryset = QuestionPool.objects.filter(test=test)
        self._style_widgets()
        question = self.instance
        if question.pk and not self.is_bound:
            if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                self.initial["option_lines"] = "\n".join(
                    ("*" if o["key"] in question.correct else "") + o["text"]
                    for o in question.options
                )
            if question.kind == QuestionKind.TRUE_FALSE:
                self.initial["true_false"] = (question.correct or [""])[0]

    def clean(self) -> dict:
        data: dict = super().clean() or self.cleaned_data
        kind = data.get("kind")
        options, correct = [], []
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            lines = [ln.strip() for ln in data.get("option_lines", "").splitlines() if ln.strip()]
            if not 2 <= len(lines) <= OPTION_LINES:
                self.add_error(
                    "option_lines", _("Geef 2 tot %(n)s antwoorden.") % {"n": OPTION_LINES}
                )
            for index, line in enumerate(lines, start=1):
                key = str(index)
                text = line.lstrip("*").strip()
                if not text:
                    self.add_error("option_lines", _("Een antwoord is leeg."))
                options.append({"key": key, "text": text[:300]})
                if line.startswith("*"):
                    correct.append(key)
            if kind == QuestionKind.SINGLE and len(correct) != 1:
                self.add_error("option_lines", _("Markeer precies één goed antwoord met een *."))
            if kind == QuestionKind.MULTIPLE and not correct:
                self.add_error("option_lines", _("Markeer minstens één goed antwoord met een *."))
        elif kind == QuestionKind.TRUE_FALSE:
            options = [
                {"key": "true", "text": str(_("Waar"))},
                {"key": "false", "text": str(_("Niet waar"))},
            ]
            if data.get("true_false") not in ("true", "false"):
                self.add_error("true_false", _("Kies waar of niet waar."))
            correct = [data.get("true_false", "")]
        elif kind == QuestionKind.NUMERIC:
            if data.get("answer_value") is None:
                self.add_error("answer_value", _("Geef het goede antwoord als getal."))
            tolerance = data.get("tolerance")
            if tolerance is not None and tolerance < Decimal(0):
                self.add_error("tolerance", _("De marge is nul of meer."))
        if kind != QuestionKind.NUMERIC:
            data["answer_value"], data["tolerance"], data["unit"] = None, None, ""
            self.instance.answer_value, self.instance.tolerance, self.instance.unit = None, None, ""
        self.instance.options, self.instance.correct = options, correct
        return data


class GrantForm(UtrechtFormMixin, forms.Form):
    membership = ModelChoiceField(label=_("Medewerker"), queryset=None)
    reason = forms.CharField(label=_("Reden"), max_length=300)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = memberships
        label_choices(field, lambda m: m.user.full_name)
        self._style_widgets()


class ChecklistForm(ConstraintsChecked, UtrechtFormMixin, ModelForm):
    """Criteria as lines; a ``!`` before a line marks a critical criterion."""

    # Declared here, not derived: scoped querysets may only be evaluated per organisation.
    item = ModelChoiceField(label=_("Bekwaamheid"), queryset=CompetenceItem.objects.none())

    criteria_lines = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Eén waarneming per regel. Zet een ! voor een kritiek criterium: dat moet altijd "
            "voldaan zijn."
        ),
    )

    class Meta:
        model = Checklist
        fields = ["item", "title", "instructions", "criteria_lines", "pass_percent", "is_active"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = _items(organisation)
        self._style_widgets()
        if self.instance.pk and not self.is_bound:
            self.initial["criteria_lines"] = "\n".join(
                ("!" if c.critical else "") + c.text for c in self.instance.criteria.all()
            )

    def clean_item(self):
        item = self.cleaned_data["item"]
        if not accepts_practical(item):
            raise ValidationError(
                _("Voor deze bekwaamheid telt een praktijktoets niet als bewijs.")
            )
        return item

    def clean_criteria_lines(self) -> list[tuple[str, bool]]:
        lines = [
            ln.strip() for ln in self.cleaned_data["criteria_lines"].splitlines() if ln.strip()
        ]
        criteria = [(ln.lstrip("!").strip()[:300], ln.startswith("!")) for ln in lines]
        if not criteria or any(not text for text, _critical in criteria):
            raise ValidationError(
                _("Geef minstens één criterium, zonder lege regels met alleen een !.")
            )
        if len(criteria) > 60:
            raise ValidationError(_("Een checklist heeft hoogstens 60 criteria."))
        return criteria


class XapiActivityForm(ConstraintsChecked, UtrechtFormMixin, ModelForm):
    unique_field = "iri"
    unique_message = _("Deze activiteit is al gekoppeld.")
    # Declared here, not derived: scoped querysets may only be evaluated per organisation.
    item = ModelChoiceField(
        label=_("Bekwaamheid"), queryset=CompetenceItem.objects.none(), required=False
    )

    class Meta:
        model = XapiActivity
        fields = ["iri", "item", "module", "min_scaled_score"]
        localized_fields = ["min_scaled_score"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = _items(organisation)
        self._style_widgets()

    def clean_module(self):
        return " ".join(self.cleaned_data["module"].split())

    def clean(self):
        cleaned = super().clean() or {}
        if "item" in cleaned and bool(cleaned.get("item")) == bool(cleaned.get("module")):
            self.add_error(
                "item", _("Kies de bekwaamheid óf noem de module die deze activiteit afrondt.")
            )
        return cleaned

    def clean_min_scaled_score(self):
        value = self.cleaned_data["min_scaled_score"]
        if value is not None and not Decimal(0) <= value <= Decimal(1):
            raise ValidationError(_("Een score tussen 0 en 1, zoals 0,8."))
        return value


class AssessmentHeadForm(UtrechtFormMixin, forms.Form):
    performed_on = DateField(label=_("Datum van de praktijktoets"))
    comment = forms.CharField(
        label=_("Algemene opmerking"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signed = forms.BooleanField(
        label=_("Ik heb dit zelf waargenomen en onderteken deze beoordeling."),
        error_messages={"required": _("Onderteken de beoordeling om hem te versturen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class SignForm(UtrechtFormMixin, forms.Form):
    signed = forms.BooleanField(
        label=_("Ik heb de beoordeling gezien en onderteken hem."),
        error_messages={"required": _("Vink aan dat je ondertekent.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
