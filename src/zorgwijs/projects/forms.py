from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.concurrency import VersionField
from zorgwijs.lib.forms import ModelForm, model_choice_field_of
from zorgwijs.lib.uploads import validate_upload
from zorgwijs.organisations.models import Organisation, Visibility

from .models import Project, ReactionKind, Theme
from .reactions import MAX_REASON, MAX_TEXT, Decision
from .services import EDITABLE_FIELDS

# The columns, with the themes beside the sector and the co-owners last.
_AFTER_SECTOR = EDITABLE_FIELDS.index("sector") + 1
FIELDS = [
    *EDITABLE_FIELDS[:_AFTER_SECTOR],
    "themes",
    *EDITABLE_FIELDS[_AFTER_SECTOR:],
    "co_owners",
]


def contacts_to_text(contacts: list[dict]) -> str:
    return "\n".join(
        " | ".join(c.get(k, "") for k in ("name", "role", "email")) for c in contacts or []
    )


def parse_contacts(text: str) -> list[dict]:
    contacts = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        name, role, email = parts[:3]
        if not name:
            raise ValidationError(_("Regel %(n)s: vul een naam in."), params={"n": number})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("Regel %(n)s: '%(email)s' is geen geldig e-mailadres."),
                    params={"n": number, "email": email},
                ) from None
        contacts.append({"name": name, "role": role, "email": email})
    return contacts


class ProjectForm(ModelForm):
    # The project as the editor loaded it (lib.concurrency); unused when creating.
    version = VersionField()
    contacts_text = forms.CharField(
        label=_("Contactpersonen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén per regel: naam | rol | e-mail. Alleen aangemelde bezoekers zien ze."),
    )

    class Meta:
        model = Project
        fields = FIELDS
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "problem",
                    "approach",
                    "collaboration",
                    "results",
                    "golden_tips",
                    "pitfalls",
                    "partner_names",
                    "target_group",
                    "costs",
                    "embedding",
                    "seeking_advice_on",
                    "can_help_with",
                )
            },
        }

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field_of(self, "themes").queryset = Theme.objects.all()
        others = Organisation.objects.all()
        if organisation is not None:
            others = others.exclude(pk=organisation.pk)
        model_choice_field_of(self, "co_owners").queryset = others
        self.fields["co_owners"].help_text = _(
            "Leden van mede-eigenaren mogen het project ook bewerken."
        )
        for field in self.fields.values():
            css = (
                "utrecht-textarea"
                if isinstance(field.widget, forms.Textarea)
                else (
                    "utrecht-select utrecht-select--html-select"
                    if isinstance(field.widget, forms.Select | forms.SelectMultiple)
                    and not isinstance(field.widget, forms.CheckboxSelectMultiple)
                    else "utrecht-textbox utrecht-textbox--html-input"
                )
            )
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", css)
        if self.instance.pk:
            self.initial["contacts_text"] = contacts_to_text(self.instance.contacts)

    def clean_contacts_text(self) -> list[dict]:
        return parse_contacts(self.cleaned_data.get("contacts_text", ""))

    def service_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in {"themes", "co_owners", "version"}
        }
        data["contacts"] = data.pop("contacts_text", [])
        return data


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wil je delen?"),
        choices=ReactionKind.choices,
        initial=ReactionKind.REACTION,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Je reactie of tip"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"}),
        help_text=_("Gewone tekst. Je naam staat erbij voor wie is ingelogd."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom hoort deze reactie hier niet?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "class": "utrecht-textarea"}),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (Decision.APPROVE, _("Goedkeuren (plaatsen of laten staan)")),
            (Decision.REJECT, _("Afwijzen")),
            (Decision.HIDE, _("Verbergen")),
        ],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"}),
        help_text=_("Nodig bij afwijzen en verbergen; de schrijver ziet de reden."),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
        help_text=_("Bijvoorbeeld ‘Eindrapport 2024’. Leeg: de bestandsnaam."),
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "PDF, afbeelding (PNG, JPG) of kantoordocument (Word, Excel, PowerPoint, "
            "OpenDocument), maximaal 20 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp"}
        ),
    )


IMPORT_MAX_MB = 10


class ProjectImportForm(forms.Form):
    """The upload of an import: the file, and for an organisation who may read the new
    projects (the platform's own collection is always public)."""

    file = forms.FileField(
        label=_("Bestand (JSON of CSV)"),
        help_text=_("Een .json- of .csv-bestand (UTF-8) van maximaal 10 MB."),
    )
    visibility = forms.ChoiceField(
        label=_("Wie mag de nieuwe projecten lezen?"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=_("Projecten die er al staan, houden hun zichtbaarheid."),
    )

    def __init__(self, *args, platform: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if platform:
            del self.fields["visibility"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, extensions=(".json", ".csv"), max_mb=IMPORT_MAX_MB)
        return upload
