from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.forms import (
    DateField,
    ModelChoiceField,
    ModelForm,
    ModelMultipleChoiceField,
    StyledForm,
    UtrechtFormMixin,
    label_choices,
    model_choice_field_of,
)
from zorgwijs.lib.uploads import EVIDENCE_TYPES, validate_upload
from zorgwijs.organisations.models import Department, JobFunction, Network

from .models import (
    CompetenceItem,
    CompetenceRecord,
    EvidenceKind,
    RequirementLevel,
    RequirementProfile,
)
from .network_catalogue import template_levels

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def grouped_item_choices(
    items: list[CompetenceItem], *, first: list[int], first_label
) -> list[tuple[Any, Any]]:
    """Choices for an item picker: the ids in ``first`` (the person's or team's requirements,
    problems first) as their own group on top, then the rest of the catalogue grouped by kind
    (``<optgroup>``), so nobody scrolls through procedures nobody on their ward performs."""
    by_id = {item.pk: item for item in items}
    choices: list[tuple[Any, Any]] = [("", "---------")]
    top = [(pk, by_id[pk].name) for pk in first if pk in by_id]
    if top:
        choices.append((first_label, top))
    chosen = {pk for pk, _name in top}
    groups: dict[str, list[tuple[int, str]]] = {}
    for item in items:
        if item.pk not in chosen:
            groups.setdefault(str(item.get_kind_display()), []).append((item.pk, item.name))
    choices += list(groups.items())
    return choices


class ItemChoiceMixin(StyledForm):
    item = ModelChoiceField(label=_("Bekwaamheid"), queryset=CompetenceItem.objects.none())
    first_label = _("Vereisten van deze persoon")

    def __init__(self, *args, organisation, first: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = model_choice_field_of(self, "item")
        field.queryset = CompetenceItem.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("kind", "name")
        if first is not None:
            items = [i for i in field.queryset if self.offers(i)]
            field.choices = grouped_item_choices(items, first=first, first_label=self.first_label)
            if not self.is_bound and not self.initial.get("item") and first:
                self.initial["item"] = first[0]
        field.widget.attrs["data-searchable"] = "1"

    def offers(self, item: CompetenceItem) -> bool:
        return True


class RegisterForm(ItemChoiceMixin):
    occurred_on = DateField(label=_("Behaald op"), widget=DATE)
    evidence_kind = forms.ChoiceField(label=_("Bewijs"), choices=EvidenceKind.choices)
    evidence_file = forms.FileField(
        label=_("Bewijsstuk"),
        required=False,
        help_text=_("PDF, PNG of JPEG, maximaal 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}),
    )
    valid_until = DateField(
        label=_("Geldig tot (alleen bij afwijking)"), required=False, widget=DATE
    )
    valid_until_reason = forms.CharField(
        label=_("Reden afwijkende geldigheid"), required=False, max_length=300
    )
    backdate_reason = forms.CharField(
        label=_("Reden terugdatering"),
        required=False,
        max_length=300,
        help_text=_("Nodig als de datum meer dan 14 dagen terug ligt."),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_upload(upload, extensions=EVIDENCE_TYPES, max_mb=10)
        return upload


class PerformanceForm(StyledForm):
    occurred_on = DateField(label=_("Uitgevoerd op"), widget=DATE)
    backdate_reason = forms.CharField(
        label=_("Reden terugdatering"),
        required=False,
        max_length=300,
        help_text=_("Nodig als de datum meer dan 14 dagen terug ligt."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld de situatie of wie erbij was; geen patiëntgegevens."),
    )


class ShareForm(StyledForm):
    network = ModelChoiceField(
        label=_("Netwerk"), queryset=Network.objects.none(), empty_label=None
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "network").queryset = networks


class SignOffRequestForm(ItemChoiceMixin):
    first_label = _("Jouw vereisten")
    performed_on = DateField(label=_("Datum van de praktijktoets"), widget=DATE)

    def __init__(self, *args, pending: Collection[int] = (), **kwargs):
        self.pending = pending
        super().__init__(*args, **kwargs)

    def offers(self, item: CompetenceItem) -> bool:
        # Only what a practical assessment can prove and what is not asked for already
        # (sign_off_request refuses the rest).
        practical = not item.evidence_kinds or EvidenceKind.PRACTICAL in item.evidence_kinds
        return practical and item.pk not in self.pending

    note = forms.CharField(
        label=_("Toelichting voor de beoordelaar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssessorForm(StyledForm):
    membership = ModelChoiceField(
        label=_("Beoordelaar"),
        queryset=None,
        help_text=_("Iemand met de rol beoordelaar of opleidingsfunctionaris."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "membership").queryset = candidates
        label_choices(model_choice_field_of(self, "membership"), lambda m: m.user.full_name)


class SignOffWithdrawForm(StyledForm):
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De medewerker krijgt hiervan een melding."),
    )

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if not reason_required:
            self.fields["reason"].help_text = ""


class SignOffDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        widget=forms.RadioSelect,
        choices=(("approve", _("Aftekenen: bekwaam")), ("reject", _("Afwijzen: nog niet bekwaam"))),
    )
    comment = forms.CharField(
        label=_("Opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(UtrechtFormMixin, ModelForm):
    evidence_kinds = forms.MultipleChoiceField(
        label=_("Geldig bewijs"),
        choices=EvidenceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CompetenceItem
        fields = [
            "kind",
            "name",
            "description",
            "risk_profile",
            "manufacturer",
            "model_name",
            "device_code",
            "big_code",
            "validity_months",
            "warning_days",
            "evidence_kinds",
            "recency_count",
            "recency_months",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self._style_widgets()


class DepartmentTreeChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, department: Department) -> str:
        return "\u2003" * department.depth + department.name


class ProfileForm(UtrechtFormMixin, ModelForm):
    # Declared here, not derived: scoped querysets may only be evaluated per organisation.
    functions = ModelMultipleChoiceField(
        label=_("Functies"),
        queryset=JobFunction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departments = DepartmentTreeChoiceField(
        label=_("Afdelingen (met onderliggende afdelingen)"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Een profiel met functies én afdelingen geldt voor die functies binnen die afdelingen."
        ),
    )

    class Meta:
        model = RequirementProfile
        fields = ["name", "description", "functions", "departments", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        model_choice_field_of(self, "functions").queryset = JobFunction.objects.filter(
            organisation=organisation
        )
        model_choice_field_of(self, "departments").queryset = Department.objects.filter(
            organisation=organisation
        ).order_by("path")
        self.items = list(
            CompetenceItem.objects.filter(organisation=organisation, is_active=True).order_by(
                "kind", "name"
            )
        )
        current = (
            {pi.item_id: pi.level for pi in self.instance.profile_items.all()}
            if self.instance.pk
            else {}
        )
        # An adopted function profile: what the network's template asks of each item.
        self.template_levels = template_levels(self.instance) if self.instance.pk else {}
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.name,
                required=False,
                initial=current.get(item.pk, ""),
                choices=[("", _("Niet")), *RequirementLevel.choices],
                # One row of three choices per item, grouped by kind in the template: a table
                # to scan and to tab through, not a column of identical drop-downs.
                widget=forms.RadioSelect,
            )
        self._style_widgets()
        for item in self.items:
            self.fields[f"item_{item.pk}"].widget.attrs["class"] = (
                "utrecht-radio-button utrecht-radio-button--html-input"
            )

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def item_groups(self) -> list[tuple[str, list]]:
        """(kind label, [(item, bound field)]) in the catalogue's order: devices, reserved and
        risky procedures, mandatory training."""
        groups: dict[str, list] = {}
        levels = dict(RequirementLevel.choices)
        for item in self.items:
            asked = self.template_levels.get(item.pk)
            groups.setdefault(item.get_kind_display(), []).append(
                (item, self[f"item_{item.pk}"], levels.get(asked) if asked else None)
            )
        return list(groups.items())

    def profile_fields(self):
        return [self[name] for name in self.Meta.fields]

    def chosen_items(self) -> dict[int, str]:
        return {
            item.pk: self.cleaned_data[f"item_{item.pk}"]
            for item in self.items
            if self.cleaned_data.get(f"item_{item.pk}")
        }


class LineActionForm(StyledForm):
    """A coordinator's action on one person's item: exempt, suspend, reinstate, revoke, correct."""

    ACTIONS = (
        ("exempt", _("Vrijstelling geven")),
        ("suspend", _("Schorsen")),
        ("reinstate", _("Schorsing opheffen")),
        ("revoke", _("Bekwaamheid intrekken")),
        ("void", _("Registratie corrigeren (vervalt)")),
    )
    action = forms.ChoiceField(label=_("Actie"), choices=ACTIONS)
    reason = forms.CharField(label=_("Reden"), max_length=300)
    ends_on = DateField(label=_("Vrijstelling tot en met"), required=False, widget=DATE)
    record = ModelChoiceField(
        label=_("Welke registratie vervalt"),
        required=False,
        queryset=CompetenceRecord.objects.none(),
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "record").queryset = records
        label_choices(
            model_choice_field_of(self, "record"),
            lambda r: f"{r.occurred_on:%d-%m-%Y} · {r.get_kind_display()}",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "exempt" and not data.get("ends_on"):
            self.add_error("ends_on", _("Geef aan tot wanneer de vrijstelling geldt."))
        if data.get("action") == "void" and not data.get("record"):
            self.add_error("record", _("Kies de registratie die vervalt."))
        return data
